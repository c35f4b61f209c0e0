/**
 * A read-only snapshot of one unit's period for the reminder jobs: who is active with which roles, each person's
 * submission state (and how many criteria are still unanswered), and each department's list. Loaded in a few
 * queries so the target rules in `targets.ts` stay pure.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { answers, departmentLists, departments, people, personRoles, submissions } from '../../../db/schema.js';
import { answerValueSchema } from '../../approval/approval-repo.js';
import { selfAssessmentRole } from '../../directory/self-assessing.js';
import type { Db } from '../../persistence/open-db.js';
import { rubricOfVersion, type PeriodRecord } from '../../persistence/periods-repo.js';
import type { Role } from '../../scoring/rubric-schema.js';
import { scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue } from '../../scoring/types.js';

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
}

export interface PeriodState {
  period: PeriodRecord;
  people: PersonState[];
  departments: DepartmentState[];
}

/** Loads the snapshot of `period` (active people of its unit only). */
export function loadPeriodState(db: Db, period: PeriodRecord): PeriodState {
  const rows = db
    .select({ id: people.id, fullName: people.fullName, departmentId: people.departmentId, role: personRoles.role })
    .from(people)
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .where(and(eq(people.unitId, period.unitId), eq(people.active, true)))
    .all();
  const byId = new Map<number, { id: number; fullName: string; departmentId: number | null; roles: Set<Role> }>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, fullName: r.fullName, departmentId: r.departmentId, roles: new Set<Role>() };
    if (r.role) p.roles.add(r.role);
    byId.set(r.id, p);
  }
  const subs = db.select().from(submissions).where(eq(submissions.periodId, period.id)).all();
  const subByPerson = new Map(subs.map((s) => [s.personId, s]));
  const openIds = subs.filter((s) => s.status === 'draft' || s.status === 'returned').map((s) => s.id);
  const answered = new Map<number, Record<string, AnswerValue>>();
  if (openIds.length > 0) {
    for (const a of db.select().from(answers).where(inArray(answers.submissionId, openIds)).all()) {
      const value = answerValueSchema.safeParse(a.reviewedValue ?? a.value);
      if (!value.success) continue;
      const map = answered.get(a.submissionId) ?? {};
      map[a.criterionId] = value.data;
      answered.set(a.submissionId, map);
    }
  }
  const depts = db.select().from(departments).where(eq(departments.unitId, period.unitId)).all();
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const lists = new Map(
    db.select().from(departmentLists).where(eq(departmentLists.periodId, period.id)).all().map((l) => [l.departmentId, l]),
  );
  let rubric: ReturnType<typeof rubricOfVersion> | null = null;
  try {
    rubric = rubricOfVersion(db, period.rubricVersionId);
  } catch {
    rubric = null;
  }
  const peopleState: PersonState[] = [...byId.values()].map((p) => {
    const sub = subByPerson.get(p.id);
    const role = rubric ? selfAssessmentRole(rubric, p.roles) : null;
    const selfAssesses = rubric ? role !== null : [...p.roles].some((r) => r !== 'admin');
    let missing: number | null = null;
    if (sub && (sub.status === 'draft' || sub.status === 'returned') && rubric && role) {
      try {
        missing = scoreAnswers(rubric, answered.get(sub.id) ?? {}, {
          role,
          departmentName: p.departmentId === null ? null : (deptName.get(p.departmentId) ?? null),
        }).missing.length;
      } catch {
        missing = null;
      }
    }
    return {
      ...p,
      selfAssesses,
      submission: sub?.status ?? 'none',
      returnReason: sub?.returnReason ?? null,
      missingCriteria: missing,
    };
  });
  return {
    period,
    people: peopleState.sort((a, b) => a.id - b.id),
    departments: depts
      .map((d): DepartmentState => {
        const list = lists.get(d.id);
        return {
          id: d.id,
          name: d.name,
          leaderInChargeId: d.leaderInChargeId,
          list: list?.status ?? 'none',
          leaderCommented: Boolean(list?.leaderComment),
        };
      })
      .sort((a, b) => a.id - b.id),
  };
}
