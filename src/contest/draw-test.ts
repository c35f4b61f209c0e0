/**
 * A candidate's theory test, drawn from the bank by topic quotas and rebuilt exactly from the 32-bit seed stored
 * with the attempt. Why not store the test: the seed, the bank id and the bank's fingerprint are enough to rebuild
 * it after a crash or for a complaint, and the fingerprint shows if the bank changed since.
 *
 * The draw (one mulberry32 stream from the seed, consumed in this order):
 * 1. for each topic in the plan's order, the topic's questions in bank order are shuffled (Fisher–Yates) and the
 *    first `count` kept;
 * 2. the kept questions are shuffled together (topics mixed), then numbered 1…n;
 * 3. each question's options are shuffled (unless `keepOrder`) and labelled A, B, C… in display order.
 * The correct option's display label is recorded in `correctLabel` — server-side only (see `candidate-view.ts`).
 */
import type { Contest } from './contest-schema.js';
import { drawQuotas } from './open-values.js';
import { fnv1a32, isSeed, mulberry32, shuffled, type Seed } from './prng.js';
import { answerIndex, type QuestionBank } from './question-bank-schema.js';

/** Display labels of options. */
export const DISPLAY_LABELS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type DisplayLabel = (typeof DISPLAY_LABELS)[number];

/** One question as drawn for a candidate, with the key (server-side). */
export interface DrawnQuestion {
  /** 1-based position in the candidate's test; answers are keyed by it. */
  number: number;
  questionId: string;
  topic: string;
  text: string;
  options: Array<{ label: DisplayLabel; text: string }>;
  correctLabel: DisplayLabel;
}

/**
 * A candidate's drawn test, answer key included. Server-side only: hand the candidate `candidateView(test)`.
 * `seed`, `bankId` and `bankFingerprint` are what the attempt stores.
 */
export interface DrawnTest {
  bankId: string;
  bankFingerprint: number;
  seed: Seed;
  questions: DrawnQuestion[];
}

/** A 32-bit fingerprint of the bank's content (FNV-1a over its canonical JSON). */
export function bankFingerprint(bank: QuestionBank): number {
  return fnv1a32(JSON.stringify(bank));
}

/** Draws with explicit quotas (for practice rounds or tests); see {@link drawTest} for the contest's quotas. */
export function drawFromBank(
  bank: QuestionBank,
  quotas: ReadonlyArray<{ topic: string; count: number }>,
  seed: Seed,
): DrawnTest {
  if (!isSeed(seed)) throw new RangeError(`hạt giống phải là số nguyên 32 bit không âm, nhận được ${String(seed)}`);
  const random = mulberry32(seed);
  const picked = quotas.flatMap(({ topic, count }) => {
    const pool = bank.questions.filter((q) => q.topic === topic);
    if (pool.length < count) {
      throw new RangeError(`chủ đề ${topic}: cần ${count} câu nhưng ngân hàng ${bank.id} chỉ có ${pool.length} câu`);
    }
    return shuffled(pool, random).slice(0, count);
  });
  const questions = shuffled(picked, random).map((q, i): DrawnQuestion => {
    const authored = q.options.map((text, index) => ({ text, index }));
    const order = q.keepOrder ? authored : shuffled(authored, random);
    const correct = answerIndex(q);
    const options = order.map((o, k) => ({ label: DISPLAY_LABELS[k] as DisplayLabel, text: o.text }));
    const position = order.findIndex((o) => o.index === correct);
    return {
      number: i + 1,
      questionId: q.id,
      topic: q.topic,
      text: q.text,
      options,
      correctLabel: DISPLAY_LABELS[position] as DisplayLabel,
    };
  });
  return { bankId: bank.id, bankFingerprint: bankFingerprint(bank), seed, questions };
}

/** Draws a candidate's test by the contest's topic quotas (refuses while the organiser has not set them). */
export function drawTest(contest: Contest, bank: QuestionBank, seed: Seed): DrawnTest {
  return drawFromBank(bank, drawQuotas(contest), seed);
}

/**
 * Rebuilds an attempt's test from what it stored; refuses when the bank changed since (a different fingerprint),
 * because the same seed would then give a different test.
 */
export function redrawTest(
  contest: Contest,
  bank: QuestionBank,
  stored: { seed: Seed; bankId: string; bankFingerprint: number },
): DrawnTest {
  if (stored.bankId !== bank.id || stored.bankFingerprint !== bankFingerprint(bank)) {
    throw new Error(`Ngân hàng câu hỏi đã thay đổi kể từ khi tạo bài thi (${stored.bankId}); không thể dựng lại đúng đề của thí sinh.`);
  }
  return drawTest(contest, bank, stored.seed);
}
