/**
 * Results (seed 001; issue 15 item 6): each candidate's theory, practical and total with percent, ranking per level,
 * the collective prizes per the contest file, and the 50% rule recorded as award blockers for the year (`tx.awardBlockers`, source `contest`, ref
 * `<contestId>#<candidateNumber>`, in the candidate's own unit; read by the honour lists and nominations). Publishing
 * replaces the contest's earlier results and lifts the earlier blockers of candidates no longer below the threshold
 * (a corrected mark, then publish again).
 */
import { syncContestBlockers } from '../awards/blockers.js';
import { awardBlockers, type AwardBlocker } from '../contest/award-blockers.js';
import { computeResults, type CandidateOutcome, type CandidateResult } from '../contest/candidate-results.js';
import { ContestNotSettledError, practicalSettings } from '../contest/open-values.js';
import { collectivePrizes, rankLevel, type LevelPrizes } from '../contest/ranking.js';
import { scoreTheory, type TheoryScore } from '../contest/theory-score.js';
import type { CandidateRecord, ContestResultRecord, PracticalMarkRecord } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { contestOf, refuse, type ContestCatalogue, type ContestOutcome } from './catalogue.js';
import { canOrganise, type ContestActor } from './contest-permissions.js';
import { DrawnTests } from './drawn-tests.js';
import { practicalOf } from './practical-service.js';

export interface PublishedResults {
  candidates: CandidateRecord[];
  results: ContestResultRecord[];
  prizes: LevelPrizes[];
  blockers: AwardBlocker[];
}

/** Computes and publishes the results; refused while an attempt runs, a practical score is missing or a rule is open. */
export async function publishResults(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; actor: ContestActor | null; channel: string; now: number; tests?: DrawnTests },
): Promise<ContestOutcome<PublishedResults>> {
  const contest = contestOf(catalogue, input.contestId);
  if ('ok' in contest) return contest;
  const run = await tx.contest.getRun(contest.id);
  if (!run || run.status !== 'closed') return refuse('Cuộc thi chưa khoá sổ đăng ký; chưa có kết quả.');
  if (input.actor) {
    const denied = canOrganise(input.actor, run);
    if (denied) return refuse(denied);
  }
  const tests = input.tests ?? new DrawnTests(catalogue);
  const candidates = await tx.contest.candidates(contest.id);
  const attempts = new Map((await tx.contest.attemptsOf(contest.id)).map((a) => [a.candidateNumber, a]));
  const running = [...attempts.values()].filter((a) => a.submittedAt === null && input.now < a.deadlineAt);
  if (running.length > 0) return refuse(`Còn ${running.length} thí sinh đang làm bài lý thuyết (${running.map((a) => a.candidateNumber).join(', ')}); chờ hết giờ rồi công bố.`);
  const marks = new Map<string, PracticalMarkRecord[]>();
  for (const m of await tx.contest.marks(contest.id)) marks.set(m.candidateNumber, [...(marks.get(m.candidateNumber) ?? []), m]);

  let outcomes: CandidateOutcome[];
  let computed;
  let prizes: LevelPrizes[];
  let blockers: AwardBlocker[];
  const theoryOf = new Map<string, TheoryScore>();
  try {
    const settings = practicalSettings(contest);
    outcomes = [];
    for (const c of candidates) {
      const ref = { candidateNumber: c.candidateNumber, personId: String(c.personId), fullName: c.fullName, unitId: c.unitId, level: c.level };
      const attempt = attempts.get(c.candidateNumber);
      const own = marks.get(c.candidateNumber) ?? [];
      if (!attempt && own.length === 0) {
        outcomes.push({ ...ref, attendance: 'absent' });
        continue;
      }
      let theory: TheoryScore;
      if (attempt) {
        const answers = Object.fromEntries((await tx.contest.answers(attempt.id)).map((a) => [a.questionNumber, a.label]));
        theory = scoreTheory(tests.of(attempt), answers);
      } else {
        const n = Object.values(contest.theory.topicQuotas.value ?? {}).reduce((x, y) => x + y, 0);
        theory = { questionCount: n, correct: 0, wrong: 0, unanswered: n };
      }
      theoryOf.set(c.candidateNumber, theory);
      outcomes.push({ ...ref, attendance: 'present', theory, practical: practicalOf(settings, own) });
    }
    computed = computeResults(contest, outcomes);
    if (computed.pending.length > 0) {
      return refuse(`Chưa công bố được: ${computed.pending.length} thí sinh chưa có điểm thực hành chính thức — ${computed.pending.map((p) => `${p.candidateNumber}: ${p.message}`).join('; ')}`);
    }
    const units = run.units.map((u) => ({ id: u.id, name: u.name, level: u.level }));
    prizes = collectivePrizes(contest, computed, units);
    blockers = awardBlockers(contest, computed.results);
  } catch (error) {
    if (error instanceof ContestNotSettledError) return refuse(error.message);
    throw error;
  }
  const ranks = new Map<string, number>();
  for (const level of contest.levels) for (const r of rankLevel(computed.results, level.id)) ranks.set(r.result.candidateNumber, r.rank);
  const byNumber = new Map<string, CandidateResult>(computed.results.map((r) => [r.candidateNumber, r]));
  const rows: ContestResultRecord[] = candidates.map((c) => {
    const r = byNumber.get(c.candidateNumber);
    const theory = theoryOf.get(c.candidateNumber);
    const present = r?.attendance === 'present' ? r : null;
    return {
      contestId: contest.id,
      candidateNumber: c.candidateNumber,
      personId: c.personId,
      unitId: c.unitId,
      level: c.level,
      attendance: present ? 'present' : 'absent',
      figures: present && theory ? { ...present.shown, correct: theory.correct, questionCount: theory.questionCount } : null,
      belowThreshold: present?.belowThreshold ?? false,
      rank: ranks.get(c.candidateNumber) ?? null,
      computedAt: input.now,
    };
  });
  await tx.contest.replaceResults(contest.id, rows);
  const recorded = await syncContestBlockers(
    tx,
    input.actor?.personId ?? null,
    { contestId: contest.id, year: contest.awardRule.year, blockers, personIds: candidates.map((c) => c.personId) },
    { now: input.now, channel: input.channel },
  );
  await tx.audit.record({
    at: input.now,
    actorPersonId: input.actor?.personId ?? null,
    channel: input.channel,
    action: 'contest_publish_results',
    entityType: 'contest',
    entityId: contest.id,
    after: { candidates: rows.length, blockers: blockers.length, blockersLifted: recorded.lifted, prizes: prizes.flatMap((l) => l.standings.filter((s) => s.prize !== null).map((s) => `${l.level}:${s.unitId}:${s.prize ?? ''}`)) },
  });
  return { ok: true, candidates, results: rows, prizes, blockers };
}
