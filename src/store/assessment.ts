/**
 * Periods, rubric versions, submissions, answers and evidence: what the self-assessment reads and writes on every
 * step. Why a repository: the workflow decides, the database stores.
 */
import type { Rubric } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';

export const PERIOD_STATUSES = ['open', 'submitted_to_director', 'finalised'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface PeriodView {
  id: number;
  unitId: string;
  code: string;
  year: number;
  quarter: number;
  rubricVersionId: number;
  status: PeriodStatus;
  /** Local `YYYY-MM-DD`; submitting after this day is marked late. */
  selfDeadline: string;
}

export interface SubmissionView {
  id: number;
  periodId: number;
  personId: number;
  status: SubmissionStatus;
  selfTotal: number | null;
  reviewedTotal: number | null;
  band: string | null;
  submittedAt: number | null;
  reviewedAt: number | null;
  returnReason: string | null;
  revision: number;
}

export interface AnswerView {
  criterionId: string;
  value: AnswerValue;
  selfPoints: number | null;
}

export type NewEvidence =
  | { kind: 'link'; url: string }
  | { kind: 'file'; filePath: string; sha256: string; size: number; mime: string; originalName: string | null };

export type EvidenceView = NewEvidence & { id: number; criterionId: string };

/** Fields a step changes on a submission; the implementation bumps `revision` and `updated_at`. */
export interface SubmissionPatch {
  status?: SubmissionStatus;
  selfTotal?: number | null;
  band?: string | null;
  classified?: boolean | null;
  submittedAt?: number;
  submittedLate?: boolean;
  lastSubmittedAnswers?: Record<string, AnswerValue>;
}

/** One quarter in `/diem`. */
export interface ScoreRow {
  periodId: number;
  code: string;
  quarter: number;
  status: SubmissionStatus;
  selfTotal: number | null;
  reviewedTotal: number | null;
  band: string | null;
  /** The period's state: only an approved submission of a `finalised` period is an official result. */
  periodStatus: PeriodStatus;
  rubricVersionId: number;
  /** The answers, with the reviewer's value where adjusted (the pass/fail result of laborers is computed from them). */
  answers: Record<string, AnswerValue>;
}

/** Per department counts by submission status. */
export interface DepartmentProgress {
  departmentId: number | null;
  departmentName: string | null;
  members: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
}

/** A submission read with everything the self-assessment chat shows of it. */
export interface LoadedSubmission {
  submission: SubmissionView;
  answers: AnswerView[];
  evidence: EvidenceView[];
}

/** What the chat needs to open a person's self-assessment: the unit's raw settings, its open period, the submission. */
export interface OpenSessionRows {
  /** The unit's raw settings JSON (read with `settings/unit-rules.ts`); null when the unit does not exist. */
  unitSettings: unknown;
  period: PeriodView | null;
  /** The person's submission of that period with its answers and evidence, as `loadSubmission` reads it. */
  loaded: LoadedSubmission | null;
}

export interface AssessmentRepository {
  /**
   * `settings.getUnit(unitId).settings`, `openPeriodFor(unitId)` and, when a period is open,
   * `loadSubmission(period.id, personId)`. Why one method: the chat opens the session on nearly every event, and on
   * PostgreSQL this is one round trip instead of three.
   */
  loadOpenSession(unitId: string, personId: number): Promise<OpenSessionRows>;
  /** The open period of a unit (the newest one when several are open). */
  openPeriodFor(unitId: string): Promise<PeriodView | null>;
  /** The parsed rubric of a version (implementations may cache by id: rubric versions never change). */
  getRubric(rubricVersionId: number): Promise<Rubric>;
  findSubmission(periodId: number, personId: number): Promise<SubmissionView | null>;
  /**
   * The person's submission of the period with its answers and evidence (each in the order of `listAnswers` /
   * `listEvidence`), or null. Why one method: the chat opens this on nearly every event, and on PostgreSQL it is
   * one round trip instead of three.
   */
  loadSubmission(periodId: number, personId: number): Promise<LoadedSubmission | null>;
  getSubmission(submissionId: number): Promise<SubmissionView | null>;
  /** Finds or creates the person's draft for the period. */
  ensureSubmission(periodId: number, personId: number, now: number): Promise<SubmissionView>;
  /** The submission's answers in the order they were first given. */
  listAnswers(submissionId: number): Promise<AnswerView[]>;
  /** Upserts one answer (its place in the order is kept on an update). */
  saveAnswer(submissionId: number, answer: AnswerView, now: number): Promise<void>;
  addEvidence(submissionId: number, criterionId: string, evidence: NewEvidence, now: number): Promise<EvidenceView>;
  /** The submission's evidence in the order it was added. */
  listEvidence(submissionId: number): Promise<EvidenceView[]>;
  updateSubmission(submissionId: number, patch: SubmissionPatch, now: number): Promise<SubmissionView>;
  /** The person's submissions of a year, by quarter. */
  scoresOf(personId: number, year: number): Promise<ScoreRow[]>;
  progressByDepartment(periodId: number): Promise<DepartmentProgress[]>;
}
