/**
 * What the review workflow (approval chain) reads and writes beyond the self-assessment's own data: the reviewer's
 * side of submissions and answers, department lists, who holds which role, and the audit entries the workflow
 * reads back (the answers as last returned, the office's report, a person's history).
 *
 * Why a repository of its own: the rules (who may review, which transition is allowed, what a list contains) live
 * in `src/approval/`, the rows here; the scheduler reads lists and holders through the same interface.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';
import type { PeriodStatus, SubmissionStatus } from './assessment.js';

/** A department of a unit. */
export interface DepartmentRecord {
  id: number;
  unitId: string;
  name: string;
  leaderInChargeId: number | null;
}

/** A person with what the workflow needs to authorise and address them (never logged: contains a name). */
export interface MemberRecord {
  id: number;
  unitId: string;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  roles: Role[];
  active: boolean;
  /** Epoch ms the person was added to the directory (a finalised quarter's score sheet lists only earlier people). */
  createdAt: number;
}

/** A submission with its review columns. */
export interface ReviewSubmission {
  id: number;
  periodId: number;
  personId: number;
  status: SubmissionStatus;
  selfTotal: number | null;
  reviewedTotal: number | null;
  band: string | null;
  classified: boolean | null;
  submittedAt: number | null;
  submittedLate: boolean;
  reviewedById: number | null;
  reviewedAt: number | null;
  reviewedLate: boolean;
  returnReason: string | null;
  revision: number;
}

/** The reviewer's change to a submission; `revision` is bumped by one, `updated_at` set. */
export interface ReviewPatch {
  status?: SubmissionStatus;
  reviewedTotal?: number | null;
  band?: string | null;
  classified?: boolean | null;
  reviewedById?: number;
  reviewedAt?: number;
  reviewedLate?: boolean;
  returnReason?: string | null;
}

/** One answer with its review. `reviewedValue` null means "not adjusted". */
export interface ReviewedAnswer {
  id: number;
  criterionId: string;
  value: AnswerValue;
  selfPoints: number | null;
  reviewedValue: AnswerValue | null;
  reviewedPoints: number | null;
  reviewReason: string | null;
}

/** The reviewer's columns of one answer. `reviewedValue`/`reviewReason` are left alone when undefined. */
export interface AnswerReviewPatch {
  reviewedPoints: number | null;
  reviewedValue?: AnswerValue | null;
  reviewReason?: string | null;
}

export interface EvidenceRecord {
  criterionId: string;
  kind: 'link' | 'file';
  url: string | null;
  filePath: string | null;
  originalName: string | null;
}

export const LIST_STATUSES = ['sent', 'accepted', 'returned'] as const;
export type StoredListStatus = (typeof LIST_STATUSES)[number];

/** A department's list for a period. `snapshot` is the JSON the workflow froze (parsed by the workflow with zod). */
export interface ListRecord {
  id: number;
  periodId: number;
  departmentId: number;
  status: StoredListStatus;
  sentById: number | null;
  sentAt: number | null;
  sentLate: boolean;
  leaderComment: string | null;
  leaderCommentById: number | null;
  acceptedById: number | null;
  acceptedAt: number | null;
  returnReason: string | null;
  snapshot: unknown;
}

export type ListPatch = Partial<Omit<ListRecord, 'id' | 'periodId' | 'departmentId'>>;

/** An audit entry as read back (before/after parsed from JSON, else null). */
export interface AuditRecord {
  id: number;
  at: number;
  actorPersonId: number | null;
  channel: string | null;
  action: string;
  subjectPersonId: number | null;
  periodId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** One finalised, approved quarter of a person (what /diem shows as official). */
export interface FinalResultRow {
  periodId: number;
  code: string;
  year: number;
  quarter: number;
  rubricVersionId: number;
  reviewedTotal: number | null;
  band: string | null;
  classified: boolean | null;
}

/**
 * One active person as the progress views need them: their department, their roles (the period's rubric decides in
 * code whether they self-assess, `selfAssesses`) and the state of their submission in the period (null: none yet).
 * Never logged: contains a name.
 */
export interface ProgressMember {
  personId: number;
  fullName: string;
  departmentId: number | null;
  roles: Role[];
  status: SubmissionStatus | null;
  submittedLate: boolean;
  reviewedLate: boolean;
}

/**
 * How many active people of a department (null: the unit's leadership, in no department) share one set of roles and
 * one submission state in the period. Why grouped by roles too: who counts is decided by the period's rubric in
 * code (`selfAssesses`), so the database counts and the caller keeps the groups that self-assess.
 */
export interface ProgressCount {
  departmentId: number | null;
  roles: Role[];
  status: SubmissionStatus | null;
  count: number;
}

/** An approved submission's agreed total next to the self-assessed one (the calibration page). */
export interface ApprovedScore {
  personId: number;
  fullName: string;
  departmentId: number;
  reviewedTotal: number;
  selfTotal: number | null;
}

export interface ReviewRepository {
  /** A person with roles and department name (inactive ones too), or null. */
  member(personId: number): Promise<MemberRecord | null>;
  /** Active members of a department, in directory order (by id). */
  membersOf(departmentId: number): Promise<MemberRecord[]>;
  /**
   * Active people of a unit in no department (the director, the deputy directors), by id. Why its own query: the
   * leadership group of /tiendo, the dashboard and the score sheet is a handful of people in a unit of up to tens of
   * thousands, so it must not be found by loading everyone (issue 16's 50,000-person progress page).
   */
  membersWithoutDepartment(unitId: string): Promise<MemberRecord[]>;
  /** Active people of a unit holding `role` (optionally only in one department), by id. */
  holdersOf(unitId: string, role: Role, departmentId?: number): Promise<number[]>;
  department(departmentId: number): Promise<DepartmentRecord | null>;
  /** Every department of the unit, by id. */
  departmentsOf(unitId: string): Promise<DepartmentRecord[]>;
  /** Departments of the unit with at least one active member (only those send a list), by id. */
  departmentsWithMembers(unitId: string): Promise<DepartmentRecord[]>;

  /**
   * Active people of the unit with their roles and their submission in the period, by id: in the given departments,
   * or everyone (people in no department too) when `departmentIds` is omitted. One query however many departments:
   * issue 16's 50,000-person progress page read each department on its own (~1,000 statements a request).
   */
  progressMembers(unitId: string, periodId: number, departmentIds?: readonly number[]): Promise<ProgressMember[]>;
  /**
   * The same people counted by the database, by department, role set and submission state, in no particular order.
   * A role set's roles come in any order, so one set may come in more than one row: callers add the rows up.
   */
  progressCounts(unitId: string, periodId: number): Promise<ProgressCount[]>;
  /** Approved submissions with an agreed total of the unit's active people in a department, by department then id. */
  approvedScores(unitId: string, periodId: number): Promise<ApprovedScore[]>;

  submission(submissionId: number): Promise<ReviewSubmission | null>;
  submissionsOfPeriod(periodId: number): Promise<ReviewSubmission[]>;
  /** `submitted` submissions of the unit's periods in `statuses`, oldest submission first. */
  waitingSubmissions(unitId: string, periodStatuses: readonly PeriodStatus[]): Promise<{ id: number; personId: number }[]>;
  /** Writes the reviewer's patch and bumps `revision`; returns the updated submission. */
  updateReview(submissionId: number, patch: ReviewPatch, now: number): Promise<ReviewSubmission>;
  /** The newest period (by year, quarter) in which the person has a submission, or null. */
  newestPeriodIdOf(personId: number): Promise<number | null>;
  /** The person's approved submissions of finalised periods, oldest first. */
  finalResultsOf(personId: number): Promise<FinalResultRow[]>;

  /** The submission's answers with their review, in the order they were first given. */
  answers(submissionId: number): Promise<ReviewedAnswer[]>;
  updateAnswerReview(answerId: number, patch: AnswerReviewPatch, now: number): Promise<void>;
  evidence(submissionId: number): Promise<EvidenceRecord[]>;

  list(listId: number): Promise<ListRecord | null>;
  listOf(periodId: number, departmentId: number): Promise<ListRecord | null>;
  listsOfPeriod(periodId: number): Promise<ListRecord[]>;
  /** Inserts the department's list for the period (unique per period and department). */
  insertList(list: Omit<ListRecord, 'id'>): Promise<ListRecord>;
  updateList(listId: number, patch: ListPatch): Promise<ListRecord>;

  /** The newest audit entry matching every given field, or null. */
  lastAudit(filter: { action: string; periodId?: number; entityType?: string; entityId?: string }): Promise<AuditRecord | null>;
  /**
   * A person's audit entries in a period, plus the period's own entries with one of `periodActions`, oldest first
   * (what /lichsu shows).
   */
  historyOf(personId: number, periodId: number, periodActions: readonly string[]): Promise<AuditRecord[]>;
}
