/**
 * A department's own conditions of a quarter (seed 000 II.3.b: "Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý";
 * III.2.c: "không có bài viết đăng … của phòng không xếp loại"), from the head's stored answers (pure). Why here:
 * the results, the department lists, the score sheet and the honour board read one status per department.
 */
import type { DepartmentCondition, Rubric } from '../scoring/rubric-schema.js';
import { applyDepartmentConditions, departmentConditionsMet, type DepartmentConditionsResult } from '../scoring/score.js';
import type { ScoreResult } from '../scoring/types.js';
import type { AnswerValue } from '../scoring/types.js';
import type { DepartmentArticleRule, UnitSettings } from '../scoring/unit-settings.js';
import type { DepartmentConditionAnswer } from '../store/department-conditions.js';
import type { PersonQuarterResult } from './person-result.js';

/** One department's conditions: met (true), unmet (false) or not answered yet (null), with the stored answers. */
export interface DepartmentConditionStatus extends DepartmentConditionsResult {
  answers: DepartmentConditionAnswer[];
}

/** The status of a department that answered nothing (or of a rubric without department conditions). */
export function departmentConditionStatus(rubric: Rubric, answers: readonly DepartmentConditionAnswer[]): DepartmentConditionStatus {
  const values: Record<string, AnswerValue> = {};
  for (const a of answers) {
    const condition = rubric.departmentConditions.find((c) => c.id === a.conditionId);
    if (!condition) continue;
    values[a.conditionId] = condition.test.type === 'pass-fail' ? (a.value > 0 ? 'pass' : 'fail') : a.value;
  }
  return { ...departmentConditionsMet(rubric, values), answers: answers.filter((a) => rubric.departmentConditions.some((c) => c.id === a.conditionId)) };
}

/** Every department's status for the period, keyed by department id (departments without answers are absent). */
export function departmentConditionStatuses(
  rubric: Rubric,
  answers: readonly DepartmentConditionAnswer[],
): Map<number, DepartmentConditionStatus> {
  const byDepartment = new Map<number, DepartmentConditionAnswer[]>();
  for (const a of answers) byDepartment.set(a.departmentId, [...(byDepartment.get(a.departmentId) ?? []), a]);
  return new Map([...byDepartment].map(([id, list]) => [id, departmentConditionStatus(rubric, list)]));
}

/** A department's status from the map, or "not answered" when it answered nothing. */
export function statusOf(
  rubric: Rubric,
  statuses: ReadonlyMap<number, DepartmentConditionStatus>,
  departmentId: number,
): DepartmentConditionStatus {
  return statuses.get(departmentId) ?? departmentConditionStatus(rubric, []);
}

/** The answer of one condition in Vietnamese: "2 bài (link)", "không có bài", "chưa khai báo". */
export function conditionAnswerText(condition: DepartmentCondition, answer: DepartmentConditionAnswer | undefined): string {
  if (!answer) return 'chưa khai báo';
  const evidence = answer.evidence ? ` (${answer.evidence})` : '';
  if (condition.test.type === 'pass-fail') return `${answer.value > 0 ? 'Đạt' : 'Chưa đạt'}${evidence}`;
  return answer.value === 0 ? `không có ${condition.test.unit}` : `${answer.value} ${condition.test.unit}${evidence}`;
}

/**
 * One line per condition of the rubric for a department ("Tin, bài của phòng trong Quý: 2 bài (link)"), with what
 * an unmet condition means under the unit's setting. Empty when the rubric has no department condition.
 */
export function departmentConditionLines(rubric: Rubric, status: DepartmentConditionStatus, rule: DepartmentArticleRule): string[] {
  return rubric.departmentConditions.map((condition) => {
    const answer = status.answers.find((a) => a.conditionId === condition.id);
    const unmet = status.unmet.some((u) => u.id === condition.id);
    const consequence = unmet ? ` — ${unmetConsequence(rule)}` : '';
    return `${condition.title}: ${conditionAnswerText(condition, answer)}${consequence}`;
  });
}

/** A department's article of the quarter as the dashboard shows it: "Bài viết của phòng: có / không / chưa khai báo". */
export interface DepartmentArticleSummary {
  /** met: answered with enough articles; unmet: answered without; unanswered: the head has not answered yet. */
  state: 'met' | 'unmet' | 'unanswered';
  /** "có", "không" or "chưa khai báo". */
  label: string;
  /** The answer as recorded ("2 bài (link)", "không có bài"); null when not answered. */
  detail: string | null;
  /** What an unmet article costs under the unit's setting (`unmetConsequence`); null otherwise. */
  consequence: string | null;
}

/** The dashboard's line of a department's article (pure): the state, the recorded answer and what it implies. */
export function departmentArticleSummary(rubric: Rubric, status: DepartmentConditionStatus, rule: DepartmentArticleRule): DepartmentArticleSummary {
  const state = status.met === true ? 'met' : status.met === false ? 'unmet' : 'unanswered';
  const answered = rubric.departmentConditions.flatMap((c) => {
    const answer = status.answers.find((a) => a.conditionId === c.id);
    return answer ? [conditionAnswerText(c, answer)] : [];
  });
  return {
    state,
    label: state === 'met' ? 'có' : state === 'unmet' ? 'không' : 'chưa khai báo',
    detail: answered.length > 0 ? answered.join('; ') : null,
    consequence: state === 'unmet' ? unmetConsequence(rule) : null,
  };
}

/** What an unmet department condition costs under the setting (seed 000 II.3.b, III.2.c). */
export function unmetConsequence(rule: DepartmentArticleRule): string {
  return rule === 'members-too'
    ? 'phòng không được xét tập thể dẫn đầu, thành viên không được xếp loại'
    : 'phòng không được xét tập thể dẫn đầu';
}

/** The rule printed under the board and in the settings: what a department without its article loses. */
export function departmentArticleRuleText(rule: DepartmentArticleRule): string {
  return rule === 'members-too'
    ? 'Phòng không có tin, bài đăng trong Quý (ít nhất 1 bài/Quý) không được xét tập thể dẫn đầu và thành viên của phòng không được xếp loại.'
    : 'Phòng không có tin, bài đăng trong Quý (ít nhất 1 bài/Quý) không được xét tập thể dẫn đầu.';
}

/**
 * The department status that leaves this member unclassified, or null (seed 000 III.2.c): only under
 * `departmentArticle: members-too`, only for a person ranked by points in a department whose condition is answered
 * and unmet. The one reading of the rule: the results, `/diem` and the score sheet all ask this.
 */
export function memberDepartmentConditionUnmet(
  member: { ranked: boolean; departmentId: number | null },
  rubric: Rubric,
  statuses: ReadonlyMap<number, DepartmentConditionStatus> | undefined,
  settings: Pick<UnitSettings, 'departmentArticle'>,
): DepartmentConditionStatus | null {
  if (settings.departmentArticle !== 'members-too' || !statuses || rubric.departmentConditions.length === 0) return null;
  if (!member.ranked || member.departmentId === null) return null;
  const status = statusOf(rubric, statuses, member.departmentId);
  return status.met === false ? status : null;
}

/**
 * A person's quarter result once the department's own conditions are known (seed 000 III.2.c): unchanged under the
 * default `best-department-only`; under `members-too` a ranked member of a department whose article is missing is
 * not classified (the quarter then counts 0 in the year, and the year is not classified either).
 */
export function withDepartmentConditions(
  result: PersonQuarterResult,
  rubric: Rubric,
  statuses: ReadonlyMap<number, DepartmentConditionStatus> | undefined,
  settings: UnitSettings,
): PersonQuarterResult {
  if (!memberDepartmentConditionUnmet(result, rubric, statuses, settings)) return result;
  return { ...result, classified: false, band: null, bandLabel: null, departmentConditionUnmet: true, classifiedWithoutDepartment: result.classified };
}

/** A member's score under the department rule, and why it is not classified because of the department (or null). */
export interface MemberScore {
  score: ScoreResult;
  /** "Không xếp loại: phòng chưa đạt “Tin, bài của phòng trong Quý” (không có bài)"; null when the rule did not apply. */
  departmentReason: string | null;
}

/**
 * A member's score (their `/diem`, their column of the score sheet) under the same rule: not classified, duty not
 * completed, with the department's unmet condition among the reasons (`applyDepartmentConditions`).
 */
export function scoreWithDepartmentConditions(
  score: ScoreResult,
  member: { ranked: boolean; departmentId: number | null },
  rubric: Rubric,
  statuses: ReadonlyMap<number, DepartmentConditionStatus> | undefined,
  settings: UnitSettings,
): MemberScore {
  const status = memberDepartmentConditionUnmet(member, rubric, statuses, settings);
  if (!status) return { score, departmentReason: null };
  return { score: applyDepartmentConditions(score, status, settings), departmentReason: memberDepartmentReason(rubric, status) };
}

/** Why a member of a department whose condition is unmet is not classified (Vietnamese), naming the department's answer. */
export function memberDepartmentReason(rubric: Rubric, status: DepartmentConditionStatus): string {
  const parts = status.unmet.map((u) => {
    const condition = rubric.departmentConditions.find((c) => c.id === u.id);
    return condition ? `“${condition.title}” (${conditionAnswerText(condition, status.answers.find((a) => a.conditionId === u.id))})` : u.message;
  });
  return `Không xếp loại: phòng chưa đạt ${parts.join(', ')}`;
}
