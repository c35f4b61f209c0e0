/**
 * The theory score: a candidate's answers against the drawn test's key. Every question weighs the same, so the
 * score is the share of correct answers (correct / questions), later multiplied by the theory part's weight.
 */
import { DISPLAY_LABELS, type DisplayLabel, type DrawnTest } from './draw-test.js';

/** A candidate's answers by question number: the chosen display label, or null/absent when unanswered. */
export type TheoryAnswers = Readonly<Record<number, string | null | undefined>>;

/** The counts a theory result is made of (why counts: the total is computed exactly from them). */
export interface TheoryScore {
  questionCount: number;
  correct: number;
  wrong: number;
  unanswered: number;
}

/** Whether `label` is one of the question's display labels. */
export function isDisplayLabel(label: unknown): label is DisplayLabel {
  return typeof label === 'string' && (DISPLAY_LABELS as readonly string[]).includes(label);
}

/** Scores the answers; an answer that is not one of the question's labels counts as wrong. */
export function scoreTheory(test: DrawnTest, answers: TheoryAnswers): TheoryScore {
  let correct = 0;
  let wrong = 0;
  let unanswered = 0;
  for (const q of test.questions) {
    const given = answers[q.number];
    if (given === null || given === undefined || given === '') unanswered += 1;
    else if (given === q.correctLabel) correct += 1;
    else wrong += 1;
  }
  return { questionCount: test.questions.length, correct, wrong, unanswered };
}
