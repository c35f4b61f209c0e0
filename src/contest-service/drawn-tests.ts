/**
 * The drawn theory tests of the exam room, rebuilt from each attempt's seed and kept in memory (bounded). Why apart:
 * the exam (src/contest-service/exam-service.ts) and the marking (results-service.ts) both read the test an attempt
 * was given; it is derived data, so a restart loses nothing.
 */
import { redrawTest, type DrawnTest } from '../contest/draw-test.js';
import type { AttemptRecord } from '../store/contest.js';
import type { ContestCatalogue } from './catalogue.js';

/** Rebuilt tests by attempt id (bounded; rebuilt from the seed when evicted). */
export class DrawnTests {
  private readonly byAttempt = new Map<number, DrawnTest>();
  constructor(
    private readonly catalogue: ContestCatalogue,
    private readonly max = 5000,
  ) {}

  /** The attempt's test, rebuilt from its seed (throws when the bank changed since the attempt began). */
  of(attempt: AttemptRecord): DrawnTest {
    const cached = this.byAttempt.get(attempt.id);
    if (cached) return cached;
    const contest = this.catalogue.contests.get(attempt.contestId);
    const bank = this.catalogue.banks.get(attempt.bankId);
    if (!contest || !bank) throw new Error(`contest ${attempt.contestId} or bank ${attempt.bankId} is not loaded`);
    const test = redrawTest(contest, bank, { seed: attempt.seed, bankId: attempt.bankId, bankFingerprint: attempt.bankFingerprint });
    if (this.byAttempt.size >= this.max) {
      const oldest = this.byAttempt.keys().next();
      if (!oldest.done) this.byAttempt.delete(oldest.value);
    }
    this.byAttempt.set(attempt.id, test);
    return test;
  }
}
