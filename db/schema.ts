/**
 * The whole data model of Thi Đua Số (SQLite through drizzle-orm).
 *
 * Conventions:
 * - times are integers, milliseconds since the epoch (UTC); calendar dates of a period are `YYYY-MM-DD` text in
 *   the unit's time zone (Asia/Ho_Chi_Minh), because deadlines are local calendar days;
 * - JSON columns hold values that are parsed with zod on read (never trusted as typed);
 * - one deployment serves many units (a province), so almost every row hangs off a unit.
 *
 * Migrations are generated from this file by `npm run db:generate` and committed under db/migrations.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

import { ACCOUNT_STATUSES, PERIOD_STATUSES, SUBMISSION_STATUSES } from '../src/store/statuses.js';

/** Row states (lifecycle of a period, reachability of a chat account, review state of a submission) are defined
 *  with the store's interfaces; the columns below use the same tuples. */
export { ACCOUNT_STATUSES, PERIOD_STATUSES, SUBMISSION_STATUSES };

const createdAt = () => integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** A government unit (Sở, UBND xã…) running its own emulation movement. */
export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Asia/Ho_Chi_Minh'),
  /** Per-unit settings (reminder schedule overrides, default rubric…), validated by zod on read. */
  settings: text('settings', { mode: 'json' }).$type<unknown>().notNull().default(sql`'{}'`),
  createdAt: createdAt(),
});

/** A department (phòng / trung tâm). The leader in charge reviews the head's own self-assessment. */
export const departments = sqliteTable(
  'departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    name: text('name').notNull(),
    leaderInChargeId: integer('leader_in_charge_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('departments_unit_name').on(t.unitId, t.name)],
);

/** A person from the staff directory. Phone is stored normalised (`0912345678`). */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    departmentId: integer('department_id').references(() => departments.id),
    fullName: text('full_name').notNull(),
    phone: text('phone'),
    email: text('email'),
    position: text('position'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The person asked not to be mentioned by handle in group chats (still honoured, per seed 000). */
    noGroupMention: integer('no_group_mention', { mode: 'boolean' }).notNull().default(false),
    /** The day the person joined the unit (`YYYY-MM-DD`), null when not recorded; the year's `mean-of-present`. */
    joinedOn: text('joined_on'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex('people_unit_phone').on(t.unitId, t.phone),
    // Linking by a shared phone looks the number up across units (findPeopleByPhone).
    index('people_phone').on(t.phone),
    index('people_department').on(t.departmentId),
  ],
);

/** Roles a person holds; a person may hold several (a head is also staff). */
export const personRoles = sqliteTable(
  'person_roles',
  {
    personId: integer('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: ['staff', 'laborer', 'head', 'leader', 'office', 'director', 'admin'],
    }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] }), index('person_roles_role').on(t.role)],
);

/** A chat account (Telegram user, Zalo follower, web login) linked to a person. */
export const chatAccounts = sqliteTable(
  'chat_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id').notNull().references(() => people.id),
    channel: text('channel', { enum: ['telegram', 'zalo', 'web'] }).notNull(),
    /** The platform's user id (Telegram user id, Zalo user_id by OA, web session owner). */
    externalUserId: text('external_user_id').notNull(),
    /** Where to send private messages (Telegram private chat id; Zalo user id). */
    chatId: text('chat_id').notNull(),
    status: text('status', { enum: ACCOUNT_STATUSES }).notNull().default('active'),
    statusReason: text('status_reason'),
    lastInteractionAt: integer('last_interaction_at'),
    linkedAt: integer('linked_at').notNull(),
    linkedVia: text('linked_via', { enum: ['phone', 'code', 'demo'] }).notNull(),
  },
  (t) => [
    uniqueIndex('chat_accounts_channel_user').on(t.channel, t.externalUserId),
    index('chat_accounts_person').on(t.personId),
  ],
);

/** One-time linking codes the office issues (`thidua invite`). Only the sha256 of the code is stored. */
export const inviteCodes = sqliteTable('invite_codes', {
  codeHash: text('code_hash').primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  createdAt: createdAt(),
});

/** Web chat sessions (cookie token hashed). */
export const webSessions = sqliteTable('web_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  expiresAt: integer('expires_at').notNull(),
  createdAt: createdAt(),
});

/**
 * Failed login-code attempts (web, Telegram, Zalo), one row per failure and key (`ip:<addr>`, `code:<sha256>`,
 * `telegram:<userId>`, `zalo:<userId>`): the limits survive a restart and hold across instances. Purged by age.
 */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_attempts_key_at').on(t.key, t.at)],
);

/** Every rubric version ever used, so old periods keep scoring with the rubric they were opened with. */
export const rubricVersions = sqliteTable(
  'rubric_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rubricId: text('rubric_id').notNull(),
    version: text('version').notNull(),
    sha256: text('sha256').notNull(),
    definition: text('definition', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rubric_versions_id_version').on(t.rubricId, t.version)],
);

/** An assessment period (a quarter) of a unit, with the seed 000 deadlines (local dates). */
export const periods = sqliteTable(
  'periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    rubricVersionId: integer('rubric_version_id').notNull().references(() => rubricVersions.id),
    /** `2026-Q4` */
    code: text('code').notNull(),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** Self-assessment due (before the 10th of the quarter's last month). */
    selfDeadline: text('self_deadline').notNull(),
    /** Department list due (before the 20th; Q4 before 10 December). */
    departmentDeadline: text('department_deadline').notNull(),
    /** Office compilation due (before the 25th). */
    officeDeadline: text('office_deadline').notNull(),
    status: text('status', { enum: PERIOD_STATUSES })
      .notNull()
      .default('open'),
    finalisedAt: integer('finalised_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('periods_unit_code').on(t.unitId, t.code)],
);

/** A person's self-assessment for a period, and its review state. */
export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id').notNull().references(() => periods.id),
    personId: integer('person_id').notNull().references(() => people.id),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('draft'),
    /** Total from the person's own answers. */
    selfTotal: real('self_total'),
    /** Total after the reviewer's adjustments (the agreed score). */
    reviewedTotal: real('reviewed_total'),
    band: text('band'),
    classified: integer('classified', { mode: 'boolean' }),
    submittedAt: integer('submitted_at'),
    submittedLate: integer('submitted_late', { mode: 'boolean' }).notNull().default(false),
    reviewedById: integer('reviewed_by_id').references(() => people.id),
    reviewedAt: integer('reviewed_at'),
    reviewedLate: integer('reviewed_late', { mode: 'boolean' }).notNull().default(false),
    returnReason: text('return_reason'),
    /** Snapshot of the answers at the last submission, to show the reviewer what changed. */
    lastSubmittedAnswers: text('last_submitted_answers', { mode: 'json' }).$type<unknown>(),
    /** Optimistic-concurrency counter, bumped on every change. */
    revision: integer('revision').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('submissions_period_person').on(t.periodId, t.personId),
    index('submissions_status').on(t.periodId, t.status),
  ],
);

/** One answer per criterion: the person's value and points, and the reviewer's adjustment. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    submissionId: integer('submission_id').notNull().references(() => submissions.id, { onDelete: 'cascade' }),
    criterionId: text('criterion_id').notNull(),
    value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
    selfPoints: real('self_points'),
    reviewedValue: text('reviewed_value', { mode: 'json' }).$type<unknown>(),
    reviewedPoints: real('reviewed_points'),
    reviewReason: text('review_reason'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('answers_submission_criterion').on(t.submissionId, t.criterionId),
    // Covering index: a submission's answer values are read from the index alone (re-scoring a whole quarter
    // reads a million answers; measured by `npm run bench:score`).
    index('answers_submission_values').on(t.submissionId, t.criterionId, t.value, t.reviewedValue),
  ],
);

/** Evidence: a normalised link, or a file stored under the data folder by sha256. */
export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    submissionId: integer('submission_id').notNull().references(() => submissions.id, { onDelete: 'cascade' }),
    criterionId: text('criterion_id').notNull(),
    kind: text('kind', { enum: ['link', 'file'] }).notNull(),
    url: text('url'),
    filePath: text('file_path'),
    sha256: text('sha256'),
    size: integer('size'),
    mime: text('mime'),
    originalName: text('original_name'),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_submission').on(t.submissionId, t.criterionId)],
);

/** A department's agreed list for a period, sent by the head to the office. */
export const departmentLists = sqliteTable(
  'department_lists',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id').notNull().references(() => periods.id),
    departmentId: integer('department_id').notNull().references(() => departments.id),
    status: text('status', { enum: ['sent', 'accepted', 'returned'] }).notNull(),
    sentById: integer('sent_by_id').references(() => people.id),
    sentAt: integer('sent_at'),
    sentLate: integer('sent_late', { mode: 'boolean' }).notNull().default(false),
    leaderComment: text('leader_comment'),
    leaderCommentById: integer('leader_comment_by_id').references(() => people.id),
    acceptedById: integer('accepted_by_id').references(() => people.id),
    acceptedAt: integer('accepted_at'),
    returnReason: text('return_reason'),
    /** The agreed scores as sent (person id → total/band/classified), frozen for the office. */
    snapshot: text('snapshot', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [uniqueIndex('department_lists_period_dept').on(t.periodId, t.departmentId)],
);

/**
 * A department's own condition of a period (seed 000: its article of the quarter, "Ít nhất 1 bài/Quý"), answered by
 * the head (or recorded by the office): one row per period, department and rubric condition, the latest answer.
 */
export const departmentConditions = sqliteTable(
  'department_conditions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    periodId: integer('period_id').notNull().references(() => periods.id),
    departmentId: integer('department_id').notNull().references(() => departments.id),
    /** The rubric's `departmentConditions[].id` (`dkp.bai-viet`). */
    conditionId: text('condition_id').notNull(),
    /** The count answered (articles); a pass/fail condition stores 1 or 0. */
    value: integer('value').notNull(),
    /** A link or a short description of the evidence. */
    evidence: text('evidence'),
    answeredById: integer('answered_by_id').notNull().references(() => people.id),
    answeredAt: integer('answered_at').notNull(),
  },
  (t) => [uniqueIndex('department_conditions_period_dept').on(t.periodId, t.departmentId, t.conditionId)],
);

/**
 * Append-only audit log: every state change and every point change.
 * UPDATE and DELETE are refused by triggers (see the custom migration).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    unitId: text('unit_id'),
    actorPersonId: integer('actor_person_id'),
    channel: text('channel'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** The person the entry is about (for `thidua audit --person` and a person's own history). */
    subjectPersonId: integer('subject_person_id'),
    periodId: integer('period_id'),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
    reason: text('reason'),
  },
  (t) => [
    index('audit_subject').on(t.subjectPersonId),
    index('audit_period').on(t.periodId),
    // The dashboard's audit search: one unit's entries newest first, keyset-paged on id; and "what did this person do".
    index('audit_unit_id').on(t.unitId, t.id),
    index('audit_actor').on(t.actorPersonId),
  ],
);

/**
 * Inbound platform events, for idempotency and durable processing: a webhook stores the event here before
 * answering 200, then it is processed; a repeated event id is ignored.
 */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    channel: text('channel').notNull(),
    eventId: text('event_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>(),
    status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull().default('done'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: integer('received_at').notNull(),
    processedAt: integer('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.eventId] }),
    // Only the Zalo processor queries by status, and only for `pending` rows (oldest first): a partial index keeps
    // that query indexed while the engine's `done` rows (almost all of them) cost no index write
    // (measured by `npm run bench:engine`).
    index('inbound_events_pending').on(t.channel, t.receivedAt).where(sql`status = 'pending'`),
  ],
);

/** Conversation state per chat, a versioned JSON document parsed with zod on every read. */
export const conversations = sqliteTable('conversations', {
  chatKey: text('chat_key').primaryKey(),
  personId: integer('person_id').references(() => people.id),
  schemaVersion: integer('schema_version').notNull(),
  state: text('state').notNull(),
  revision: integer('revision').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Durable outbox for messages that must not be lost (reminders, approval prompts, announcements).
 * `dedupeKey` makes enqueueing idempotent; a restart resends what is still pending, once.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dedupeKey: text('dedupe_key').notNull(),
    channel: text('channel', { enum: ['telegram', 'zalo', 'web'] }).notNull(),
    chatId: text('chat_id').notNull(),
    personId: integer('person_id'),
    purpose: text('purpose').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    /** `sending` = handed to the platform and not yet confirmed (retried after a crash: at-least-once). */
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'unreachable'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at'),
    /** The instance whose worker claimed the row (`sending`); marks are fenced by it and by `attempts`. */
    claimedBy: text('claimed_by'),
    /** A `sending` row whose lease has passed is claimable again (its claimer died or stalled). */
    leaseUntil: integer('lease_until'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
    index('outbox_pending').on(t.status, t.channel, t.nextAttemptAt),
    /** A chat's unfinished items, oldest first: only the oldest is claimable (a chat's messages stay in order). */
    index('outbox_chat_order').on(t.channel, t.chatId, t.status),
  ],
);

/** Scheduled-job slots: one row per (job, unit, slot), inserted before work starts, so a slot runs once. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    jobName: text('job_name').notNull(),
    unitId: text('unit_id').notNull(),
    /** The slot's scheduled time (ms, UTC). */
    slot: integer('slot').notNull(),
    status: text('status', { enum: ['running', 'done', 'skipped', 'failed'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    detail: text('detail', { mode: 'json' }).$type<unknown>(),
    /** The instance running the slot; a `running` slot is resumed by another only once its heartbeat is stale. */
    claimedBy: text('claimed_by'),
    heartbeatAt: integer('heartbeat_at'),
  },
  (t) => [primaryKey({ columns: [t.jobName, t.unitId, t.slot] })],
);

/** Per-recipient record of a reminder slot, so a restart never reminds anyone twice. */
export const reminderDeliveries = sqliteTable(
  'reminder_deliveries',
  {
    jobName: text('job_name').notNull(),
    unitId: text('unit_id').notNull(),
    slot: integer('slot').notNull(),
    personId: integer('person_id').notNull().references(() => people.id),
    /** sent | not_linked | blocked | outside_window | failed | queued */
    outcome: text('outcome').notNull(),
    channel: text('channel'),
    outboxId: integer('outbox_id'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobName, t.unitId, t.slot, t.personId] })],
);

/** Group chats registered as a unit's announcement targets (Telegram group, Zalo GMF group). */
export const announcementTargets = sqliteTable(
  'announcement_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    channel: text('channel', { enum: ['telegram', 'zalo'] }).notNull(),
    chatId: text('chat_id').notNull(),
    title: text('title'),
    registeredById: integer('registered_by_id').references(() => people.id),
    registeredAt: integer('registered_at').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('announcement_targets_channel_chat').on(t.channel, t.chatId)],
);

/** Honour lists posted (quarterly top 5, yearly), so each is posted once. */
export const honourPosts = sqliteTable(
  'honour_posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    /** `2026-Q4` or `2026` */
    periodCode: text('period_code').notNull(),
    kind: text('kind', { enum: ['quarter', 'year'] }).notNull(),
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    postedAt: integer('posted_at').notNull(),
    postedById: integer('posted_by_id'),
  },
  (t) => [uniqueIndex('honour_posts_unit_period').on(t.unitId, t.periodCode, t.kind)],
);

/** The Zalo OA token pair (refresh tokens are single-use, so the newest pair must survive restarts). */
export const zaloTokens = sqliteTable('zalo_tokens', {
  id: integer('id').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: integer('access_expires_at').notNull(),
  refreshExpiresAt: integer('refresh_expires_at'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Per Telegram chat: the message carrying the chat's current question keyboard, and its text. Kept in SQLite so
 * that after a restart a typed answer can still edit that message to show the answer, and a newer question can
 * still remove its buttons (no stale keyboards). Null columns: no question with buttons is showing.
 */
export const telegramChatState = sqliteTable('telegram_chat_state', {
  chatId: text('chat_id').primaryKey(),
  questionMessageId: integer('question_message_id'),
  /** The question's text as sent (the edit shows it above the chosen answer). */
  questionText: text('question_text'),
  updatedAt: integer('updated_at').notNull(),
});

/* ─── The leaders' contest (seed 001, issue 15; docs/contest.md) ─────────────────────────────────────────────── */

/**
 * One run of a contest file (`flows/contests/<id>.yaml`): registration open or closed, the question bank in use,
 * the units invited (with their level and kind), the boards' members (excluded from taking part) and the exam rooms
 * with the sha256 of each room's code (given to candidates by the proctor) and of each proctor's code.
 */
export const contestRuns = sqliteTable('contest_runs', {
  contestId: text('contest_id').primaryKey(),
  status: text('status', { enum: ['registration', 'closed'] }).notNull(),
  bankId: text('bank_id'),
  units: text('units', { mode: 'json' }).$type<unknown>().notNull(),
  boardMembers: text('board_members', { mode: 'json' }).$type<unknown>().notNull(),
  rooms: text('rooms', { mode: 'json' }).$type<unknown>().notNull(),
  openedAt: integer('opened_at').notNull(),
  closedAt: integer('closed_at'),
});

/** A unit's registered candidate (accepted lists only); one row per person per contest. */
export const contestRegistrations = sqliteTable(
  'contest_registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: text('contest_id').notNull(),
    unitId: text('unit_id').notNull(),
    personId: integer('person_id').notNull(),
    fullName: text('full_name').notNull(),
    positionId: text('position_id').notNull(),
    submittedById: integer('submitted_by_id'),
    channel: text('channel').notNull(),
    submittedAt: integer('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('contest_registrations_person').on(t.contestId, t.personId), index('contest_registrations_unit').on(t.contestId, t.unitId)],
);

/** A candidate with their unique candidate number (số báo danh), room and seat, given when registration closes. */
export const contestCandidates = sqliteTable(
  'contest_candidates',
  {
    contestId: text('contest_id').notNull(),
    candidateNumber: text('candidate_number').notNull(),
    personId: integer('person_id').notNull(),
    fullName: text('full_name').notNull(),
    unitId: text('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    level: text('level').notNull(),
    positionId: text('position_id').notNull(),
    roomId: text('room_id').notNull(),
    seat: integer('seat').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.candidateNumber] }), uniqueIndex('contest_candidates_person').on(t.contestId, t.personId)],
);

/**
 * A candidate's one theory attempt: the 32-bit seed the test is drawn from (with the bank's id and fingerprint),
 * the server's clock (start, duration, deadline including proctors' additions) and how it ended. `session_hash` is
 * the sha256 of the exam page's current session token (a new sign-in replaces it).
 */
export const contestAttempts = sqliteTable(
  'contest_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: text('contest_id').notNull(),
    candidateNumber: text('candidate_number').notNull(),
    seed: integer('seed').notNull(),
    bankId: text('bank_id').notNull(),
    bankFingerprint: integer('bank_fingerprint').notNull(),
    startedAt: integer('started_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    deadlineAt: integer('deadline_at').notNull(),
    submittedAt: integer('submitted_at'),
    submittedBy: text('submitted_by', { enum: ['candidate', 'timeout'] }),
    sessionHash: text('session_hash'),
    lastSeenAt: integer('last_seen_at'),
  },
  (t) => [uniqueIndex('contest_attempts_candidate').on(t.contestId, t.candidateNumber), index('contest_attempts_deadline').on(t.submittedAt, t.deadlineAt)],
);

/** An attempt's answers, saved as clicked: the chosen display label per question number (the last click wins). */
export const contestAnswers = sqliteTable(
  'contest_answers',
  {
    attemptId: integer('attempt_id').notNull().references(() => contestAttempts.id),
    questionNumber: integer('question_number').notNull(),
    label: text('label').notNull(),
    answeredAt: integer('answered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionNumber] })],
);

/** Time a proctor (Ban Coi thi) added to an attempt for an incident, with the reason (also in the audit log). */
export const contestTimeExtensions = sqliteTable(
  'contest_time_extensions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    attemptId: integer('attempt_id').notNull().references(() => contestAttempts.id),
    minutes: integer('minutes').notNull(),
    reason: text('reason').notNull(),
    byPersonId: integer('by_person_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('contest_time_extensions_attempt').on(t.attemptId)],
);

/** Practical marks: each examiner's mark (`mark`), and the jury head's decision on a flagged paper (`decision`). */
export const contestPracticalMarks = sqliteTable(
  'contest_practical_marks',
  {
    contestId: text('contest_id').notNull(),
    candidateNumber: text('candidate_number').notNull(),
    kind: text('kind', { enum: ['mark', 'decision'] }).notNull(),
    byPersonId: integer('by_person_id').notNull(),
    points: real('points').notNull(),
    reason: text('reason'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.candidateNumber, t.kind, t.byPersonId] })],
);

/** A candidate's published result: attendance, the figures as shown, the 50% rule and the rank in the level. */
export const contestResults = sqliteTable(
  'contest_results',
  {
    contestId: text('contest_id').notNull(),
    candidateNumber: text('candidate_number').notNull(),
    personId: integer('person_id').notNull(),
    unitId: text('unit_id').notNull(),
    level: text('level').notNull(),
    attendance: text('attendance', { enum: ['present', 'absent'] }).notNull(),
    /** `{ theory, practical, total, totalMax, percent, correct, questionCount }` as shown (Vietnamese decimals). */
    figures: text('figures', { mode: 'json' }).$type<unknown>(),
    belowThreshold: integer('below_threshold', { mode: 'boolean' }).notNull(),
    rank: integer('rank'),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.candidateNumber] })],
);

/**
 * Issue 14 — the initiatives register ("sáng kiến"): staff register their own in chat, the office records the
 * recognition (level, body, decision number and date). Seeds 000 ("Sáng kiến đổi mới"), 002 (the individual rule)
 * and 004 (+10/+30 bonus) read the recognised ones of a year (the year of the decision date).
 */
export const initiatives = sqliteTable(
  'initiatives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    title: text('title').notNull(),
    /** sang-kien | sang-kien-kinh-nghiem | mo-hinh | giai-phap */
    kind: text('kind').notNull(),
    /** chuyen-doi-so | chinh-quyen-so | kinh-te-so | xa-hoi-so */
    topic: text('topic').notNull(),
    /** Author person ids (JSON array), in the order given. */
    authorIds: text('author_ids', { mode: 'json' }).$type<unknown>().notNull(),
    /** A collective author's name ("Tập thể Phòng …"), or null. */
    collective: text('collective'),
    /** The owning department, or null (the whole unit). */
    departmentId: integer('department_id'),
    summary: text('summary'),
    /** Evidence files and links (JSON array). */
    evidence: text('evidence', { mode: 'json' }).$type<unknown>().notNull(),
    registeredById: integer('registered_by_id'),
    /** co-so | tinh | toan-quoc; null until recognised. */
    level: text('level'),
    body: text('body'),
    decisionNumber: text('decision_number'),
    /** `YYYY-MM-DD` (local). */
    decisionDate: text('decision_date'),
    recognisedById: integer('recognised_by_id'),
    recognisedAt: integer('recognised_at'),
    createdAt: createdAt(),
  },
  (t) => [index('initiatives_unit_decision').on(t.unitId, t.decisionDate)],
);

/** Issue 14 — award blockers: a person not considered for a year's awards, with the source and the reason. */
export const awardBlockers = sqliteTable(
  'award_blockers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    personId: integer('person_id').notNull(),
    year: integer('year').notNull(),
    /** contest | duty | discipline */
    source: text('source').notNull(),
    /** What in the source: a contest id and candidate number, a quarter code, an office note number. */
    sourceRef: text('source_ref').notNull(),
    reason: text('reason').notNull(),
    detail: text('detail'),
    recordedById: integer('recorded_by_id'),
    recordedAt: integer('recorded_at').notNull(),
    liftedAt: integer('lifted_at'),
    liftedById: integer('lifted_by_id'),
    liftReason: text('lift_reason'),
  },
  (t) => [uniqueIndex('award_blockers_key').on(t.unitId, t.personId, t.year, t.source, t.sourceRef)],
);

/** Issue 14 — the emulation registration at the start of the year (đăng ký thi đua), per person or department. */
export const emulationRegistrations = sqliteTable(
  'emulation_registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    year: integer('year').notNull(),
    /** person | department */
    subjectKind: text('subject_kind').notNull(),
    subjectId: integer('subject_id').notNull(),
    /** The titles aimed for (JSON array of text). */
    titles: text('titles', { mode: 'json' }).$type<unknown>().notNull(),
    registeredById: integer('registered_by_id'),
    registeredAt: integer('registered_at').notNull(),
  },
  (t) => [uniqueIndex('emulation_registrations_key').on(t.unitId, t.year, t.subjectKind, t.subjectId)],
);

/** Issue 14 — each unit's registration deadline for a year (`YYYY-MM-DD`, inclusive). */
export const emulationDeadlines = sqliteTable(
  'emulation_deadlines',
  {
    unitId: text('unit_id').notNull().references(() => units.id),
    year: integer('year').notNull(),
    deadline: text('deadline').notNull(),
    setById: integer('set_by_id'),
    setAt: integer('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year] })],
);

/** Issue 14 — nominations for an award of a scheme, with the checklist, the file and the council's decision. */
export const nominations = sqliteTable(
  'nominations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    year: integer('year').notNull(),
    /** The rule set: tt-002 | kh-004 | cbs-000 */
    scheme: text('scheme').notNull(),
    award: text('award').notNull(),
    /** person | department | enterprise | initiative */
    nomineeKind: text('nominee_kind').notNull(),
    personId: integer('person_id'),
    departmentId: integer('department_id'),
    initiativeId: integer('initiative_id'),
    nomineeName: text('nominee_name').notNull(),
    proposedById: integer('proposed_by_id'),
    /** The qualitative criteria answered with evidence (JSON array). */
    checklist: text('checklist', { mode: 'json' }).$type<unknown>().notNull(),
    /** The signed file sent (JSON: name, sha256, size, sentOn, signed), or null. */
    file: text('file', { mode: 'json' }).$type<unknown>(),
    councilId: integer('council_id'),
    approved: integer('approved', { mode: 'boolean' }),
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    decisionNote: text('decision_note'),
    decidedAt: integer('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('nominations_unit_year').on(t.unitId, t.year)],
);

/** Issue 14 — a meeting of the Hội đồng thi đua – khen thưởng (members, date, minutes' number). */
export const councils = sqliteTable(
  'councils',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    year: integer('year').notNull(),
    /** `YYYY-MM-DD` (local). */
    meetingDate: text('meeting_date').notNull(),
    /** Members: JSON array of { personId, name, role }. */
    members: text('members', { mode: 'json' }).$type<unknown>().notNull(),
    /** Số/ký hiệu of the minutes (biên bản), e.g. `05/BB-HĐTĐKT`. */
    minutesNumber: text('minutes_number'),
    createdById: integer('created_by_id'),
    createdAt: createdAt(),
    closedAt: integer('closed_at'),
  },
  (t) => [index('councils_unit_year').on(t.unitId, t.year)],
);

// ───────────── Organisation index (seed 003/004, issue 13) ─────────────
// A unit answers an index as a whole: its officials answer the indicators assigned to them, the lead office
// reviews, the steering committee verifies, the chair approves. These rows hang off `org_periods`, not off the
// person-unique `submissions`.

/** An organisation index year of a unit, with its own calendar (data window, entry deadline, completion dates). */
export const orgPeriods = sqliteTable(
  'org_periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id').notNull().references(() => units.id),
    rubricVersionId: integer('rubric_version_id').notNull().references(() => rubricVersions.id),
    year: integer('year').notNull(),
    /** `open` → `submitted` (lead office sent it for verification) → `verified` (steering committee) → `approved`. */
    status: text('status', { enum: ['open', 'submitted', 'verified', 'approved'] }).notNull().default('open'),
    /** The resolved calendar (rubric defaults with the unit's overrides), JSON checked with zod on read. */
    calendar: text('calendar', { mode: 'json' }).$type<unknown>().notNull(),
    /** Initiatives recognised by the council, entered by the office (seed 004 bonus) until a register exists. */
    initiativeCount: integer('initiative_count'),
    submittedById: integer('submitted_by_id').references(() => people.id),
    submittedAt: integer('submitted_at'),
    verifiedById: integer('verified_by_id').references(() => people.id),
    verifiedAt: integer('verified_at'),
    approvedById: integer('approved_by_id').references(() => people.id),
    approvedAt: integer('approved_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('org_periods_unit_year').on(t.unitId, t.year)],
);

/** Who holds which official role (rubric `officialRoles` codes) or duty (`steering`, `chair`) in a unit. */
export const orgOfficials = sqliteTable(
  'org_officials',
  {
    unitId: text('unit_id').notNull().references(() => units.id),
    personId: integer('person_id').notNull().references(() => people.id),
    code: text('code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.personId, t.code] })],
);

/** Who answers an indicator in an index year (several people may share one indicator). */
export const orgAssignments = sqliteTable(
  'org_assignments',
  {
    periodId: integer('period_id').notNull().references(() => orgPeriods.id),
    criterionId: text('criterion_id').notNull(),
    personId: integer('person_id').notNull().references(() => people.id),
    assignedById: integer('assigned_by_id'),
    assignedAt: integer('assigned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.criterionId, t.personId] }), index('org_assignments_person').on(t.personId)],
);

/** The unit's answer to one indicator and the lead office's review of it. */
export const orgAnswers = sqliteTable(
  'org_answers',
  {
    periodId: integer('period_id').notNull().references(() => orgPeriods.id),
    criterionId: text('criterion_id').notNull(),
    /** The assignee's value (JSON); null when the indicator is only marked not applicable. */
    value: text('value', { mode: 'json' }).$type<unknown>(),
    /** Month-by-month details (seed 003 dti.8: articles per month), JSON. */
    detail: text('detail', { mode: 'json' }).$type<unknown>(),
    answeredById: integer('answered_by_id').references(() => people.id),
    answeredAt: integer('answered_at'),
    /** `answered`, `accepted`, `adjusted`, `returned`, `not-applicable`. */
    status: text('status', { enum: ['answered', 'accepted', 'adjusted', 'returned', 'not-applicable'] }).notNull(),
    reviewedValue: text('reviewed_value', { mode: 'json' }).$type<unknown>(),
    reviewReason: text('review_reason'),
    reviewedById: integer('reviewed_by_id').references(() => people.id),
    reviewedAt: integer('reviewed_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.criterionId] })],
);

/** Evidence of an indicator: a link, or a file stored by content and named by the indicator's number. */
export const orgEvidence = sqliteTable(
  'org_evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id').notNull().references(() => orgPeriods.id),
    criterionId: text('criterion_id').notNull(),
    kind: text('kind', { enum: ['link', 'file'] }).notNull(),
    url: text('url'),
    filePath: text('file_path'),
    sha256: text('sha256'),
    size: integer('size'),
    mime: text('mime'),
    /** `dti.6 - <original name>`: the seed wants files named by the indicator's number. */
    fileName: text('file_name'),
    /** A PDF with a signature dictionary (true), a PDF without (false), not a PDF or not checked (null). */
    signed: integer('signed', { mode: 'boolean' }),
    addedById: integer('added_by_id').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index('org_evidence_period').on(t.periodId, t.criterionId)],
);

/**
 * Leadership leases: one row per role that only one app instance may play at a time (the scheduler, each channel's
 * sender, Telegram long polling). The holder renews before `expires_at`; anyone may take an expired row. Every change
 * of hands (or a lapse) bumps `generation`, so a renewal or release by a holder that lost the row changes nothing.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  generation: integer('generation').notNull(),
  acquiredAt: integer('acquired_at').notNull(),
  renewedAt: integer('renewed_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
