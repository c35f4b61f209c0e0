/**
 * The index of a year from its stored answers (pure over an {@link OrgYear}): the value that counts for each
 * indicator (the lead office's adjusted value, else the official's), the indicators marked "không đánh giá",
 * the score, the band on the exact percentage, and the initiative bonus shown apart (seed 004).
 */
import { frameTotal, type FrameTotal } from '../scoring/frame.js';
import { scoreAnswers } from '../scoring/score.js';
import type { AnswerValue, ScoreResult } from '../scoring/types.js';
import type { UnitSettings, UnitSettingsInput } from '../scoring/unit-settings.js';
import type { OrgAnswerRecord } from '../store/org-index.js';
import type { OrgYear } from './org-year.js';

export interface OrgResult {
  score: ScoreResult;
  /** With the initiative bonus, for rubrics that define one (seed 004); null otherwise. */
  withBonus: FrameTotal | null;
}

/** The value that counts: the adjusted value after an adjustment, the official's otherwise; none when returned. */
export function countedValue(answer: OrgAnswerRecord): AnswerValue | undefined {
  if (answer.status === 'not-applicable' || answer.status === 'returned') return undefined;
  const value = answer.status === 'adjusted' ? answer.reviewedValue : answer.value;
  return isAnswerValue(value) ? value : undefined;
}

export function orgResult(year: Pick<OrgYear, 'rubric' | 'answers'>, settings: UnitSettings | UnitSettingsInput | null, initiatives: number): OrgResult {
  const answers: Record<string, AnswerValue> = {};
  const notApplicable: string[] = [];
  for (const a of year.answers.values()) {
    if (a.status === 'not-applicable') notApplicable.push(a.criterionId);
    const value = countedValue(a);
    if (value !== undefined) answers[a.criterionId] = value;
  }
  const score = scoreAnswers(year.rubric, answers, { role: 'office', notApplicable }, settings);
  const withBonus = year.rubric.frame?.initiativeBonus ? frameTotal(year.rubric, score, initiatives, settings) : null;
  return { score, withBonus };
}

function isAnswerValue(v: unknown): v is AnswerValue {
  return (
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v)) ||
    (Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}
