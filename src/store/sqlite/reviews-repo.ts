/**
 * The review workflow's rows ({@link ReviewRepository}) over drizzle's query builder (cold paths: one reviewer's
 * action at a time). JSON columns are parsed with zod here, so the workflow never handles raw database values.
 */
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { z } from 'zod';
import * as schema from '../../../db/schema.js';
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import { SUBMISSION_STATUSES } from '../statuses.js';
import { int, intOrNull, num, numOrNull, oneOf, rowArray, str, strOrNull } from '../shared/row-check.js';
import { toApprovedScores, toProgressCounts, toProgressMembers } from '../shared/progress-rows.js';
import type { AnswerValue } from '../../scoring/types.js';
import type {
  AuditRecord,
  DepartmentRecord,
  ListRecord,
  MemberRecord,
  ReviewRepository,
  ReviewSubmission,
} from '../reviews.js';

const { answers, auditLog, departmentLists, departments, evidence, people, periods, personRoles, submissions } = schema;

const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

function toValue(value: unknown): AnswerValue {
  return answerValueSchema.parse(value);
}

function toSubmission(row: typeof submissions.$inferSelect): ReviewSubmission {
  return {
    id: row.id,
    periodId: row.periodId,
    personId: row.personId,
    status: row.status,
    selfTotal: row.selfTotal,
    reviewedTotal: row.reviewedTotal,
    band: row.band,
    classified: row.classified,
    submittedAt: row.submittedAt,
    submittedLate: row.submittedLate,
    reviewedById: row.reviewedById,
    reviewedAt: row.reviewedAt,
    reviewedLate: row.reviewedLate,
    returnReason: row.returnReason,
    revision: row.revision,
  };
}

function toList(row: typeof departmentLists.$inferSelect): ListRecord {
  return { ...row };
}

function toDepartment(row: typeof departments.$inferSelect): DepartmentRecord {
  return { id: row.id, unitId: row.unitId, name: row.name, leaderInChargeId: row.leaderInChargeId };
}

function toAudit(row: typeof auditLog.$inferSelect): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actorPersonId: row.actorPersonId,
    channel: row.channel,
    action: row.action,
    subjectPersonId: row.subjectPersonId,
    periodId: row.periodId,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
  };
}

export function createReviewRepository(c: Database.Database): ReviewRepository {
  const db = drizzle({ client: c, schema });

  // The member reads are the hot path of /tiendo and the dashboard's progress page (a department at a time, up to
  // 50,000 people per unit): prepared statements, people and their roles in two queries per call.
  const MEMBER_SELECT =
    'SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name, p.active, p.created_at FROM people p LEFT JOIN departments d ON d.id = p.department_id';
  const memberById = c.prepare(`${MEMBER_SELECT} WHERE p.id = ?`).raw();
  const rolesById = c.prepare('SELECT person_id, role FROM person_roles WHERE person_id = ?').raw();
  const membersByDepartment = c.prepare(`${MEMBER_SELECT} WHERE p.department_id = ? AND p.active = 1 ORDER BY p.id`).raw();
  const rolesByDepartment = c.prepare(
    'SELECT r.person_id, r.role FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.department_id = ? AND p.active = 1',
  ).raw();
  const membersWithoutDepartment = c.prepare(`${MEMBER_SELECT} WHERE p.unit_id = ? AND p.department_id IS NULL AND p.active = 1 ORDER BY p.id`).raw();
  const rolesWithoutDepartment = c.prepare(
    'SELECT r.person_id, r.role FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.unit_id = ? AND p.department_id IS NULL AND p.active = 1',
  ).raw();

  // Every submission of a period (the progress views and the list snapshots read them all at once).
  const periodSubmissions = c.prepare(
    'SELECT id, period_id, person_id, status, self_total, reviewed_total, band, classified, submitted_at, submitted_late, reviewed_by_id, reviewed_at, reviewed_late, return_reason, revision FROM submissions WHERE period_id = ? ORDER BY id',
  ).raw();

  // The progress and calibration pages' grouped reads (issue 16): one statement for a whole unit.
  const PROGRESS_SELECT = `SELECT p.id, p.full_name, p.department_id,
       (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles,
       s.status, s.submitted_late, s.reviewed_late
     FROM people p LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = ?
     WHERE p.unit_id = ? AND p.active = 1`;
  const progressOfUnit = c.prepare(`${PROGRESS_SELECT} ORDER BY p.id`);
  const progressOfDepartments = c.prepare(`${PROGRESS_SELECT} AND p.department_id IN (SELECT value FROM json_each(?)) ORDER BY p.id`);
  const progressCounts = c.prepare(
    `SELECT p.department_id,
       (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles,
       s.status, count(*) AS n
     FROM people p LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = ?
     WHERE p.unit_id = ? AND p.active = 1
     GROUP BY p.department_id, roles, s.status`,
  );
  const approvedScores = c.prepare(
    `SELECT p.id, p.full_name, p.department_id, s.reviewed_total, s.self_total
     FROM submissions s JOIN people p ON p.id = s.person_id
     WHERE s.period_id = ? AND p.unit_id = ? AND p.active = 1 AND p.department_id IS NOT NULL
       AND s.status = 'approved' AND s.reviewed_total IS NOT NULL
     ORDER BY p.department_id, p.id`,
  );

  /** People rows with their roles (row shapes checked by zod). */
  function members(rows: unknown[], roleRows: unknown[]): MemberRecord[] {
    if (rows.length === 0) return [];
    const roles = new Map<number, Role[]>();
    for (const raw of roleRows) {
      const r = rowArray(raw, 'person_roles', 2);
      const personId = int(r[0], 'person_roles.person_id');
      const role = oneOf(r[1], ROLES, 'person_roles.role');
      const list = roles.get(personId);
      if (list) list.push(role);
      else roles.set(personId, [role]);
    }
    return rows.map((raw) => {
      const r = rowArray(raw, 'people', 7);
      const id = int(r[0], 'people.id');
      return {
        id,
        unitId: str(r[1], 'people.unit_id'),
        fullName: str(r[2], 'people.full_name'),
        departmentId: intOrNull(r[3], 'people.department_id'),
        departmentName: strOrNull(r[4], 'departments.name'),
        active: int(r[5], 'people.active') === 1,
        createdAt: num(r[6], 'people.created_at'),
        roles: roles.get(id) ?? [],
      };
    });
  }

  return {
    async member(personId) {
      return members(memberById.all(personId), rolesById.all(personId))[0] ?? null;
    },
    async membersOf(departmentId) {
      return members(membersByDepartment.all(departmentId), rolesByDepartment.all(departmentId));
    },
    async membersWithoutDepartment(unitId) {
      return members(membersWithoutDepartment.all(unitId), rolesWithoutDepartment.all(unitId));
    },
    async holdersOf(unitId, role, departmentId) {
      const conditions = [eq(people.unitId, unitId), eq(people.active, true), eq(personRoles.role, role)];
      if (departmentId !== undefined) conditions.push(eq(people.departmentId, departmentId));
      return db
        .select({ id: people.id })
        .from(people)
        .innerJoin(personRoles, eq(personRoles.personId, people.id))
        .where(and(...conditions))
        .orderBy(asc(people.id))
        .all()
        .map((r) => r.id);
    },
    async department(departmentId) {
      const row = db.select().from(departments).where(eq(departments.id, departmentId)).get();
      return row ? toDepartment(row) : null;
    },
    async departmentsOf(unitId) {
      return db.select().from(departments).where(eq(departments.unitId, unitId)).orderBy(asc(departments.id)).all().map(toDepartment);
    },
    async departmentsWithMembers(unitId) {
      const withActiveMember = db.select({ id: people.departmentId }).from(people).where(eq(people.active, true));
      return db
        .select()
        .from(departments)
        .where(and(eq(departments.unitId, unitId), inArray(departments.id, withActiveMember)))
        .orderBy(asc(departments.id))
        .all()
        .map(toDepartment);
    },

    async progressMembers(unitId, periodId, departmentIds) {
      if (departmentIds === undefined) return toProgressMembers(progressOfUnit.all(periodId, unitId));
      if (departmentIds.length === 0) return [];
      return toProgressMembers(progressOfDepartments.all(periodId, unitId, JSON.stringify(departmentIds)));
    },
    async progressCounts(unitId, periodId) {
      return toProgressCounts(progressCounts.all(periodId, unitId));
    },
    async approvedScores(unitId, periodId) {
      return toApprovedScores(approvedScores.all(periodId, unitId));
    },

    async submission(submissionId) {
      const row = db.select().from(submissions).where(eq(submissions.id, submissionId)).get();
      return row ? toSubmission(row) : null;
    },
    async submissionsOfPeriod(periodId) {
      return periodSubmissions.all(periodId).map((raw): ReviewSubmission => {
        const r = rowArray(raw, 'submissions', 15);
        const classified = intOrNull(r[7], 'submissions.classified');
        return {
          id: int(r[0], 'submissions.id'),
          periodId: int(r[1], 'submissions.period_id'),
          personId: int(r[2], 'submissions.person_id'),
          status: oneOf(r[3], SUBMISSION_STATUSES, 'submissions.status'),
          selfTotal: numOrNull(r[4], 'submissions.self_total'),
          reviewedTotal: numOrNull(r[5], 'submissions.reviewed_total'),
          band: strOrNull(r[6], 'submissions.band'),
          classified: classified === null ? null : classified === 1,
          submittedAt: numOrNull(r[8], 'submissions.submitted_at'),
          submittedLate: int(r[9], 'submissions.submitted_late') === 1,
          reviewedById: intOrNull(r[10], 'submissions.reviewed_by_id'),
          reviewedAt: numOrNull(r[11], 'submissions.reviewed_at'),
          reviewedLate: int(r[12], 'submissions.reviewed_late') === 1,
          returnReason: strOrNull(r[13], 'submissions.return_reason'),
          revision: int(r[14], 'submissions.revision'),
        };
      });
    },
    async waitingSubmissions(unitId, periodStatuses) {
      if (periodStatuses.length === 0) return [];
      return db
        .select({ id: submissions.id, personId: submissions.personId })
        .from(submissions)
        .innerJoin(periods, eq(periods.id, submissions.periodId))
        .where(and(eq(periods.unitId, unitId), inArray(periods.status, [...periodStatuses]), eq(submissions.status, 'submitted')))
        .orderBy(asc(submissions.submittedAt), asc(submissions.id))
        .all();
    },
    async updateReview(submissionId, patch, now) {
      const current = db.select({ revision: submissions.revision }).from(submissions).where(eq(submissions.id, submissionId)).get();
      if (!current) throw new Error(`submissions: no submission #${submissionId}`);
      const row = db
        .update(submissions)
        .set({ ...patch, revision: current.revision + 1, updatedAt: now })
        .where(eq(submissions.id, submissionId))
        .returning()
        .get();
      return toSubmission(row);
    },
    async newestPeriodIdOf(personId) {
      const row = db
        .select({ id: periods.id })
        .from(submissions)
        .innerJoin(periods, eq(periods.id, submissions.periodId))
        .where(eq(submissions.personId, personId))
        .orderBy(desc(periods.year), desc(periods.quarter))
        .get();
      return row?.id ?? null;
    },
    async finalResultsOf(personId) {
      return db
        .select({
          periodId: periods.id,
          code: periods.code,
          year: periods.year,
          quarter: periods.quarter,
          rubricVersionId: periods.rubricVersionId,
          reviewedTotal: submissions.reviewedTotal,
          band: submissions.band,
          classified: submissions.classified,
        })
        .from(submissions)
        .innerJoin(periods, eq(periods.id, submissions.periodId))
        .where(and(eq(submissions.personId, personId), eq(periods.status, 'finalised'), eq(submissions.status, 'approved')))
        .orderBy(asc(periods.year), asc(periods.quarter))
        .all();
    },

    async answers(submissionId) {
      return db
        .select()
        .from(answers)
        .where(eq(answers.submissionId, submissionId))
        .orderBy(asc(answers.id))
        .all()
        .map((a) => ({
          id: a.id,
          criterionId: a.criterionId,
          value: toValue(a.value),
          selfPoints: a.selfPoints,
          reviewedValue: a.reviewedValue === null ? null : toValue(a.reviewedValue),
          reviewedPoints: a.reviewedPoints,
          reviewReason: a.reviewReason,
        }));
    },
    async updateAnswerReview(answerId, patch, now) {
      const set: Partial<typeof answers.$inferInsert> = { reviewedPoints: patch.reviewedPoints, updatedAt: now };
      if (patch.reviewedValue !== undefined) set.reviewedValue = patch.reviewedValue;
      if (patch.reviewReason !== undefined) set.reviewReason = patch.reviewReason;
      db.update(answers).set(set).where(eq(answers.id, answerId)).run();
    },
    async evidence(submissionId) {
      return db
        .select({
          criterionId: evidence.criterionId,
          kind: evidence.kind,
          url: evidence.url,
          filePath: evidence.filePath,
          originalName: evidence.originalName,
        })
        .from(evidence)
        .where(eq(evidence.submissionId, submissionId))
        .orderBy(asc(evidence.id))
        .all();
    },

    async list(listId) {
      const row = db.select().from(departmentLists).where(eq(departmentLists.id, listId)).get();
      return row ? toList(row) : null;
    },
    async listOf(periodId, departmentId) {
      const row = db
        .select()
        .from(departmentLists)
        .where(and(eq(departmentLists.periodId, periodId), eq(departmentLists.departmentId, departmentId)))
        .get();
      return row ? toList(row) : null;
    },
    async listsOfPeriod(periodId) {
      return db.select().from(departmentLists).where(eq(departmentLists.periodId, periodId)).orderBy(asc(departmentLists.id)).all().map(toList);
    },
    async insertList(list) {
      return toList(db.insert(departmentLists).values(list).returning().get());
    },
    async updateList(listId, patch) {
      const row = db.update(departmentLists).set(patch).where(eq(departmentLists.id, listId)).returning().get();
      if (!row) throw new Error(`department_lists: no list #${listId}`);
      return toList(row);
    },

    async lastAudit(filter) {
      const conditions = [eq(auditLog.action, filter.action)];
      if (filter.periodId !== undefined) conditions.push(eq(auditLog.periodId, filter.periodId));
      if (filter.entityType !== undefined) conditions.push(eq(auditLog.entityType, filter.entityType));
      if (filter.entityId !== undefined) conditions.push(eq(auditLog.entityId, filter.entityId));
      const row = db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).get();
      return row ? toAudit(row) : null;
    },
    async historyOf(personId, periodId, periodActions) {
      const own = and(eq(auditLog.subjectPersonId, personId), eq(auditLog.periodId, periodId));
      const where = periodActions.length === 0 ? own : or(own, and(eq(auditLog.periodId, periodId), inArray(auditLog.action, [...periodActions])));
      return db.select().from(auditLog).where(where).orderBy(asc(auditLog.id)).all().map(toAudit);
    },
  };
}
