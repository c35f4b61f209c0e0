/**
 * The ports the conversation engine needs from the outside world.
 *
 * They are deliberately SYNCHRONOUS (except the file store): better-sqlite3 is synchronous, so handling one event
 * is one immediate transaction — dedupe, load state, step, save answers and state — and a crash can never leave
 * half of a step written. Implementations live in `src/persistence/` (SQLite) and in tests (fakes).
 */
import type { Rubric, Role } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';
import type { ConversationState } from './state.js';
import type { ChannelName } from './types.js';

/**
 * Runs a step atomically. Why: one inbound event must be applied entirely or not at all.
 * `fn` runs synchronously inside a transaction (or a savepoint of a group commit shared with other chats' steps);
 * the promise settles only once the result is durable (committed), or rejects when `fn` threw (rolled back).
 */
export interface Transactor {
  /** With `recover`, a failure (of `fn` or of the commit) settles the promise with `recover(error)` instead. */
  run<T>(fn: () => T, recover?: (error: unknown) => T): Promise<T>;
  /**
   * The same for work given as one object. Why: under load thousands of engine steps wait in line at once, and
   * one job object per step holds less than closures over the event plus a `.catch` promise (everything held while
   * waiting outlives the young generation of the garbage collector).
   */
  submit<T>(job: TransactorJob<T>): Promise<T>;
}

/** Work for {@link Transactor.submit}: `run` inside the transaction; `recover` answers a failure (else it rejects). */
export interface TransactorJob<T> {
  run(): T;
  recover?(error: unknown): T;
}

/** A conversation document as stored; `state` is raw JSON, parsed (and migrated) by the engine on every read. */
export interface StoredConversation {
  schemaVersion: number;
  state: string;
  revision: number;
  /**
   * The engine's own parsed form of `state`, when the store hands back a document the engine itself saved in this
   * process (write-through cache): re-parsing what was just serialised is wasted work on every event. Never set
   * for a document read from the database; frozen, because a cached document is shared by later events.
   */
  readonly parsed?: ConversationState;
}

/** Versioned per-chat state storage. Why a port: the engine must not know the table, only "load/save by chat key". */
export interface ConversationStore {
  load(chatKey: string): StoredConversation | null;
  /** Upserts the document; `revision` is the new revision (previous + 1). */
  save(chatKey: string, doc: StoredConversation & { personId: number | null }, now: number): void;
}

/** Idempotency log of platform events. Why: webhooks are redelivered; a repeated event id must change nothing. */
export interface EventLog {
  /** Records `(channel, eventId)`; returns false when it was already recorded (the event is a duplicate). */
  markProcessed(channel: ChannelName, eventId: string, at: number): boolean;
}

/** A directory entry as the conversation needs it (never logged: contains a name). */
export interface PersonView {
  id: number;
  unitId: string;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The department's leader in charge (reviews the head's own self-assessment). */
  leaderInChargeId: number | null;
  roles: readonly Role[];
  active: boolean;
}

/** A linked chat account. */
export interface AccountView {
  id: number;
  personId: number;
  status: 'active' | 'blocked' | 'unfollowed';
}

/** Outcome of redeeming a one-time code. */
export type InviteRedeemResult = { ok: true; personId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** The staff directory and chat-account links. Why a port: linking rules live in the engine, rows in SQLite. */
export interface DirectoryPort {
  findAccount(channel: ChannelName, externalUserId: string): AccountView | null;
  getPerson(personId: number): PersonView | null;
  /** Active people whose stored (normalised) phone equals `phone`, across units. */
  findPeopleByPhone(phone: string): PersonView[];
  /** Marks the code (given as its sha256 hex) used, if it exists, is unused and not expired. */
  redeemInvite(codeHash: string, now: number): InviteRedeemResult;
  /** Links (or re-links) a chat account to a person; idempotent by (channel, externalUserId). */
  linkAccount(link: {
    personId: number;
    channel: ChannelName;
    externalUserId: string;
    chatId: string;
    via: 'phone' | 'code' | 'demo';
    now: number;
  }): AccountView;
  /** Records the last interaction time (reminders and delivery prefer recently used accounts). */
  touchAccount(accountId: number, now: number): void;
  /** The head(s) of a department, for notifications. */
  headsOf(departmentId: number): number[];
  /** Whether the person asked not to be mentioned by handle in group chats (`/nhacten`; seed 000 still names
   *  them in plain text on the honour list). */
  noGroupMention(personId: number): boolean;
  /** Sets that preference; returns the previous value (for the audit entry). */
  setNoGroupMention(personId: number, value: boolean, now: number): boolean;
}

export interface PeriodView {
  id: number;
  unitId: string;
  code: string;
  year: number;
  quarter: number;
  rubricVersionId: number;
  status: 'open' | 'submitted_to_director' | 'finalised';
  /** Local `YYYY-MM-DD`; submitting after this day is marked late. */
  selfDeadline: string;
}

export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';

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

/** Fields the engine changes on a submission; the implementation bumps `revision` and `updated_at`. */
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
  periodStatus: PeriodView['status'];
  rubricVersionId: number;
  /** The answers, with the reviewer's value where adjusted: the pass/fail result of people not ranked by points
   *  (laborers) is computed from them, as no total carries it. */
  answers: Record<string, AnswerValue>;
}

/** `/tiendo`: per department counts by submission status. */
export interface DepartmentProgress {
  departmentId: number | null;
  departmentName: string | null;
  members: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
}

/** Periods, rubrics, submissions, answers and evidence. Why a port: the engine decides, SQLite stores. */
export interface AssessmentPort {
  /** The open period of a unit (the newest one when several are open). */
  openPeriodFor(unitId: string): PeriodView | null;
  /** The parsed rubric of a version (implementations cache by id: rubric versions never change). */
  getRubric(rubricVersionId: number): Rubric;
  findSubmission(periodId: number, personId: number): SubmissionView | null;
  /** Finds or creates the person's draft for the period. */
  ensureSubmission(periodId: number, personId: number, now: number): SubmissionView;
  /** The submission's answers in the order they were first given (shared, read-only: copy before changing). */
  listAnswers(submissionId: number): readonly AnswerView[];
  /**
   * Upserts one answer; returns the previous one (for the audit log) or null. A caller that already read the
   * stored answer in this transaction passes it as `previous` (null = none) and saves a read.
   */
  saveAnswer(submissionId: number, answer: AnswerView, now: number, previous?: AnswerView | null): AnswerView | null;
  addEvidence(submissionId: number, criterionId: string, evidence: NewEvidence, now: number): EvidenceView;
  /** The submission's evidence in the order it was added (shared, read-only). */
  listEvidence(submissionId: number): readonly EvidenceView[];
  updateSubmission(submissionId: number, patch: SubmissionPatch, now: number): SubmissionView;
  /** The person's submissions of a year, by quarter. */
  scoresOf(personId: number, year: number): ScoreRow[];
  progressByDepartment(periodId: number): DepartmentProgress[];
}

/** Stores evidence bytes by content. Async (disk I/O) and called BEFORE the transaction; idempotent by sha256. */
export interface FileStore {
  put(data: Uint8Array, mime: string, originalName: string): Promise<StoredFile>;
}

export interface StoredFile {
  /** Path relative to the data folder: `evidence/ab/abcdef….pdf`. */
  path: string;
  sha256: string;
  size: number;
  mime: string;
}

/** One audit entry (append-only). Why: every link and every point change must be traceable. */
export interface AuditEntry {
  at: number;
  unitId?: string | null;
  actorPersonId?: number | null;
  channel?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  subjectPersonId?: number | null;
  periodId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditPort {
  record(entry: AuditEntry): void;
}

/** Injected time, so tests can pause a week or cross a deadline. */
export interface Clock {
  now(): Date;
}

/**
 * The logging the engine uses (pino satisfies it). Only ids and counts go in: never names, phones or scores.
 */
export interface EngineLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): EngineLogger;
}

/** Everything the engine reads and writes through. Built for SQLite by `createEnginePorts(db, { dataDir })`. */
export interface EnginePorts {
  transactor: Transactor;
  conversations: ConversationStore;
  events: EventLog;
  directory: DirectoryPort;
  assessment: AssessmentPort;
  files: FileStore;
  audit: AuditPort;
}
