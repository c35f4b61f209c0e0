/**
 * What a candidate's page may receive. Why a separate type built field by field: the answer key must never reach
 * the exam room's computer before the attempt ends. The view carries no key, no bank question id, no authored
 * option index or letter and no seed; options keep only their display labels (A, B, C…) in the shuffled order, so
 * neither the ids nor the order say which option is right.
 */
import type { DisplayLabel, DrawnTest } from './draw-test.js';

/** A question as the candidate sees it. */
export interface CandidateQuestion {
  number: number;
  text: string;
  options: Array<{ label: DisplayLabel; text: string }>;
}

/** A test as the candidate sees it: the questions only. */
export interface CandidateTest {
  questionCount: number;
  questions: CandidateQuestion[];
}

/** Strips the key (and everything that could lead to it) from a drawn test. */
export function candidateView(test: DrawnTest): CandidateTest {
  return {
    questionCount: test.questions.length,
    questions: test.questions.map((q) => ({
      number: q.number,
      text: q.text,
      options: q.options.map((o) => ({ label: o.label, text: o.text })),
    })),
  };
}
