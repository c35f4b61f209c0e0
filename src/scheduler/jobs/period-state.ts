/**
 * A read-only snapshot of one unit's period for the reminder jobs: who is active with which roles, each person's
 * submission state (and how many criteria are still unanswered), and each department's list. Read through the
 * store in one call (`tx.jobs.reminderSnapshot`), then shaped by the pure `periodStateOf`, so the target rules in
 * `targets.ts` stay pure.
 */
import { DEFAULT_UNIT_SETTINGS } from '../../scoring/unit-settings.js';
import { chainSchema, loadUnitRules, type UnitRules } from '../../settings/unit-rules.js';
import { selfAssessmentRole } from '../../directory/self-assessing.js';
import type { Role, Rubric } from '../../scoring/rubric-schema.js';
import { scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { ReminderSnapshot } from '../../store/jobs.js';
import type { PeriodRecord } from '../../store/periods.js';
import type { Tx } from '../../store/store.js';

export interface PersonState {
  id: number;
  fullName: string;
  departmentId: number | null;
  roles: ReadonlySet<Role>;
  /**
   * Whether the period's rubric asks this person to self-assess (see `directory/self-assessing.ts`); when the
   * rubric cannot be read, everyone holding a role other than admin is assumed to.
   */
  selfAssesses: boolean;
  /** `none` when the person has not started. */
  submission: 'none' | 'draft' | 'submitted' | 'returned' | 'approved';
  returnReason: string | null;
  /** Criteria still unanswered in a draft or returned self-assessment (null when unknown). */
  missingCriteria: number | null;
}

export interface DepartmentState {
  id: number;
  name: string;
  leaderInChargeId: number | null;
  /** `none` when the head has not sent it. */
  list: 'none' | 'sent' | 'accepted' | 'returned';
  leaderCommented: boolean;
  /**
   * Whether the head answered the department's own article of the quarter (seed 000 II.3.b, `/baiphong`); null when
   * the period's rubric has no department condition.
   */
  articleAnswered: boolean | null;
}

export interface PeriodState {
  period: PeriodRecord;
  /** The unit's rules for the period (scoring readings; who reviews the director). */
  rules: UnitRules;
  people: PersonState[];
  departments: DepartmentState[];
}

/** Loads the snapshot of `period` (active people of its unit only) in `tx`. */
export async function loadPeriodState(tx: Tx, period: PeriodRecord): Promise<PeriodState> {
  const snapshot = await tx.jobs.reminderSnapshot(period.unitId, period.id);
  let rubric: Rubric | null = null;
  try {
    rubric = await tx.assessment.getRubric(period.rubricVersionId);
  } catch {
    rubric = null;
  }
  const answered =
    rubric && rubric.departmentConditions.length > 0 ? new Set((await tx.departmentConditions.forPeriod(period.id)).map((a) => a.departmentId)) : null;
  return periodStateOf(period, snapshot, rubric, await loadUnitRules(tx, period.unitId, period.code), answered);
}

/** Pure: the period's state from its snapshot and rubric (null when the rubric cannot be read). */
export function periodStateOf(
  period: PeriodRecord,
  snapshot: ReminderSnapshot,
  rubric: Rubric | null,
  rules: UnitRules = { scoring: DEFAULT_UNIT_SETTINGS, chain: chainSchema.parse({}) },
  /** Departments that answered their own article of the quarter; null when the rubric has no such condition. */
  articleAnswered: ReadonlySet<number> | null = null,
): PeriodState {
  const subByPerson = new Map(snapshot.submissions.map((s) => [s.personId, s]));
  const answered = new Map<number, Record<string, AnswerValue>>();
  for (const a of snapshot.openAnswers) {
    const map = answered.get(a.submissionId) ?? {};
    map[a.criterionId] = a.value;
    answered.set(a.submissionId, map);
  }
  const deptName = new Map(snapshot.departments.map((d) => [d.id, d.name]));
  const lists = new Map(snapshot.lists.map((l) => [l.departmentId, l]));
  const people: PersonState[] = snapshot.people.map((p) => {
    const roles = new Set<Role>(p.roles);
    const sub = subByPerson.get(p.id);
    const role = rubric ? selfAssessmentRole(rubric, roles) : null;
    const selfAssesses = rubric ? role !== null : [...roles].some((r) => r !== 'admin');
    let missing: number | null = null;
    if (sub && (sub.status === 'draft' || sub.status === 'returned') && rubric && role) {
      try {
        missing = scoreAnswers(rubric, answered.get(sub.id) ?? {}, {
          role,
          departmentName: p.departmentId === null ? null : (deptName.get(p.departmentId) ?? null),
          settings: rules.scoring,
        }).missing.length;
      } catch {
        missing = null;
      }
    }
    return {
      id: p.id,
      fullName: p.fullName,
      departmentId: p.departmentId,
      roles,
      selfAssesses,
      submission: sub?.status ?? 'none',
      returnReason: sub?.returnReason ?? null,
      missingCriteria: missing,
    };
  });
  return {
    period,
    rules,
    people: people.sort((a, b) => a.id - b.id),
    departments: snapshot.departments
      .map((d): DepartmentState => {
        const list = lists.get(d.id);
        return {
          id: d.id,
          name: d.name,
          leaderInChargeId: d.leaderInChargeId,
          list: list?.status ?? 'none',
          leaderCommented: list?.leaderCommented ?? false,
          articleAnswered: articleAnswered ? articleAnswered.has(d.id) : null,
        };
      })
      .sort((a, b) => a.id - b.id),
  };
}
