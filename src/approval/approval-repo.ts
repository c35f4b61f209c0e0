/**
 * Reads the review workflow needs (people, departments, periods, submissions, answers, evidence, lists), as plain
 * typed records. JSON columns are parsed with zod here, so the service never handles raw database values.
 */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  answers,
  departmentLists,
  departments,
  evidence,
  people,
  periods,
  personRoles,
  submissions,
} from '../../db/schema.js';
import type { Db } from '../persistence/open-db.js';
import { roleSchema, type Role } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';
import type { SubjectFacts } from './authorize.js';

export const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** A person with what the workflow needs to authorise and address them. */
export interface PersonFacts {
  id: number;
  unitId: string;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  roles: Role[];
  active: boolean;
}

export interface DepartmentRecord {
  id: number;
  unitId: string;
  name: string;
  leaderInChargeId: number | null;
}

export type PeriodRow = typeof periods.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
export type ListRow = typeof departmentLists.$inferSelect;

/** One answer with its review. `reviewedValue` null means "not adjusted". */
export interface AnswerRecord {
  id: number;
  criterionId: string;
  value: AnswerValue;
  selfPoints: number | null;
  reviewedValue: AnswerValue | null;
  reviewedPoints: number | null;
  reviewReason: string | null;
}

export interface EvidenceRecord {
  criterionId: string;
  kind: 'link' | 'file';
  url: string | null;
  filePath: string | null;
  originalName: string | null;
}

/**
 * People with their department name and roles in ONE query (roles gathered with `group_concat`, as the directory
 * port reads people): lists, progress and reminders walk every member, and every action loads its actor.
 */
function personFactsQuery(db: Db) {
  return db
    .select({
      id: people.id,
      unitId: people.unitId,
      fullName: people.fullName,
      departmentId: people.departmentId,
      departmentName: departments.name,
      active: people.active,
      roles: sql<string | null>`(SELECT group_concat(${personRoles.role}) FROM ${personRoles} WHERE ${personRoles.personId} = ${people.id})`,
    })
    .from(people)
    .leftJoin(departments, eq(departments.id, people.departmentId));
}

function toPersonFacts({ roles, ...row }: { roles: string | null } & Omit<PersonFacts, 'roles'>): PersonFacts {
  return { ...row, roles: roles ? roles.split(',').map((r) => roleSchema.parse(r)) : [] };
}

export function loadPerson(db: Db, id: number): PersonFacts | null {
  const row = personFactsQuery(db).where(eq(people.id, id)).get();
  return row ? toPersonFacts(row) : null;
}

export function loadDepartment(db: Db, id: number): DepartmentRecord | null {
  return db.select().from(departments).where(eq(departments.id, id)).get() ?? null;
}

export function departmentsOfUnit(db: Db, unitId: string): DepartmentRecord[] {
  return db.select().from(departments).where(eq(departments.unitId, unitId)).orderBy(asc(departments.id)).all();
}

/** Active people of a unit holding `role` (optionally only in one department). */
export function holdersOf(db: Db, unitId: string, role: Role, departmentId?: number): number[] {
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
}

/** Active members of a department, in directory order (one query: see personFactsQuery). */
export function membersOf(db: Db, departmentId: number): PersonFacts[] {
  return personFactsQuery(db)
    .where(and(eq(people.departmentId, departmentId), eq(people.active, true)))
    .orderBy(asc(people.id))
    .all()
    .map(toPersonFacts);
}

/** Who is responsible for `person`'s self-assessment (see `authorize.ts`). */
export function subjectFactsOf(db: Db, person: PersonFacts): SubjectFacts {
  const dept = person.departmentId === null ? null : loadDepartment(db, person.departmentId);
  return {
    personId: person.id,
    unitId: person.unitId,
    roles: person.roles,
    departmentId: person.departmentId,
    departmentHeadIds: dept ? holdersOf(db, person.unitId, 'head', dept.id) : [],
    leaderInChargeId: dept?.leaderInChargeId ?? null,
    directorIds: holdersOf(db, person.unitId, 'director'),
  };
}

export function loadPeriod(db: Db, id: number): PeriodRow | null {
  return db.select().from(periods).where(eq(periods.id, id)).get() ?? null;
}

/** The newest period of a unit that is not finalised (the one being reviewed), or null. */
export function activePeriod(db: Db, unitId: string): PeriodRow | null {
  return (
    db
      .select()
      .from(periods)
      .where(and(eq(periods.unitId, unitId), ne(periods.status, 'finalised')))
      .orderBy(desc(periods.year), desc(periods.quarter))
      .get() ?? null
  );
}

/** The period actions without an explicit period apply to: the active one, else the newest finalised one. */
export function currentPeriod(db: Db, unitId: string): PeriodRow | null {
  return activePeriod(db, unitId) ?? findPeriodFor(db, unitId, null, ['finalised']);
}

/** The unit's period by code, or (without a code) the newest period in `statuses`. */
export function findPeriodFor(db: Db, unitId: string, code: string | null, statuses: PeriodRow['status'][]): PeriodRow | null {
  const where = code
    ? and(eq(periods.unitId, unitId), eq(periods.code, code.trim().toUpperCase()))
    : and(eq(periods.unitId, unitId), inArray(periods.status, statuses));
  return db.select().from(periods).where(where).orderBy(desc(periods.year), desc(periods.quarter)).get() ?? null;
}

export function loadSubmission(db: Db, id: number): SubmissionRow | null {
  return db.select().from(submissions).where(eq(submissions.id, id)).get() ?? null;
}

export function submissionsOfPeriod(db: Db, periodId: number): SubmissionRow[] {
  return db.select().from(submissions).where(eq(submissions.periodId, periodId)).all();
}

export function listAnswers(db: Db, submissionId: number): AnswerRecord[] {
  return db
    .select()
    .from(answers)
    .where(eq(answers.submissionId, submissionId))
    .orderBy(asc(answers.id))
    .all()
    .map((a) => ({
      id: a.id,
      criterionId: a.criterionId,
      value: answerValueSchema.parse(a.value),
      selfPoints: a.selfPoints,
      reviewedValue: a.reviewedValue === null ? null : answerValueSchema.parse(a.reviewedValue),
      reviewedPoints: a.reviewedPoints,
      reviewReason: a.reviewReason,
    }));
}

export function listEvidence(db: Db, submissionId: number): EvidenceRecord[] {
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
}

export function listOf(db: Db, periodId: number, departmentId: number): ListRow | null {
  return (
    db
      .select()
      .from(departmentLists)
      .where(and(eq(departmentLists.periodId, periodId), eq(departmentLists.departmentId, departmentId)))
      .get() ?? null
  );
}

export function loadList(db: Db, id: number): ListRow | null {
  return db.select().from(departmentLists).where(eq(departmentLists.id, id)).get() ?? null;
}

export function listsOfPeriod(db: Db, periodId: number): ListRow[] {
  return db.select().from(departmentLists).where(eq(departmentLists.periodId, periodId)).all();
}

/** Departments of the unit that have at least one active member (only those must send a list); one query. */
export function departmentsWithMembers(db: Db, unitId: string): DepartmentRecord[] {
  const withActiveMember = db.select({ id: people.departmentId }).from(people).where(eq(people.active, true));
  return db
    .select()
    .from(departments)
    .where(and(eq(departments.unitId, unitId), inArray(departments.id, withActiveMember)))
    .orderBy(asc(departments.id))
    .all();
}

/** The effective answers (reviewed value where adjusted) as a scoring input. */
export function effectiveAnswers(rows: readonly AnswerRecord[]): Record<string, AnswerValue> {
  return Object.fromEntries(rows.map((r) => [r.criterionId, r.reviewedValue ?? r.value]));
}

/** The person's own answers as a scoring input. */
export function ownAnswers(rows: readonly AnswerRecord[]): Record<string, AnswerValue> {
  return Object.fromEntries(rows.map((r) => [r.criterionId, r.value]));
}
