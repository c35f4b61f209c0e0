/**
 * Every repository over one PostgreSQL connection (the unit of work's pooled client, or a read-only one).
 *
 * The queries mirror `src/store/sqlite/*-repo.ts`: SQL over the `pg` driver with `$n` parameters, as named prepared
 * statements where the text is fixed (prepared once per connection). Differences from SQLite, on purpose:
 * booleans are `boolean`; JSON columns are `jsonb` (written as JSON text parameters, read back parsed); int8 comes
 * back as a number (the parser installed by open-postgres.ts); NULLs sort first explicitly and text sorts with
 * `COLLATE "C"` where the SQLite order (binary, NULLs first) is part of the result.
 *
 * Repositories not written for PostgreSQL yet are {@link notYet} stand-ins: any call fails with an error naming
 * the repository and method (see {@link POSTGRES_PENDING}).
 */
import type pg from 'pg';
import { z } from 'zod';
import { CHANNELS } from '../../conversation/types.js';
import { selfAssesses } from '../../directory/self-assessing.js';
import { ROLES, rubricSchema, type Role, type Rubric } from '../../scoring/rubric-schema.js';
import type { PeriodDates } from '../../scoring/period-calendar.js';
import type { AnswerValue } from '../../scoring/types.js';
import type {
  AnswerView,
  AssessmentRepository,
  DepartmentProgress,
  EvidenceView,
  PeriodView,
  SubmissionPatch,
  SubmissionView,
} from '../assessment.js';
import type { AuditRecord, AuditRepository } from '../audit.js';
import type { ConversationRepository } from '../conversations.js';
import type { DeliveryAccount, DeliveryRepository } from '../delivery.js';
import type { AccountView, DirectoryRepository, PersonView } from '../directory.js';
import type { InboundEventRepository } from '../inbound-events.js';
import type { InboundQueueRepository } from '../inbound-queue.js';
import type { InviteRepository } from '../invites.js';
import { waitFromRecent, type LoginAttemptRepository } from '../login-attempts.js';
import type { NewPeriod, PeriodRecord, PeriodRepository } from '../periods.js';
import type { Repositories } from '../repositories.js';
import type { SettingsRepository, UnitView } from '../settings.js';
import type { StaffDepartment, StaffPerson, StaffPersonFields, StaffRepository } from '../staff.js';
import { ACCOUNT_STATUSES, PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';
import { RowShapeError } from '../sqlite/row-check.js';

/** Parsed rubrics by version id, shared by the store's units of work (rubric versions never change). */
export type RubricCache = Map<number, Rubric>;

/** Repositories not implemented on PostgreSQL yet (calls fail with {@link PostgresNotImplementedError}). */
export const POSTGRES_PENDING = [
  'results',
  'reviews',
  'jobs',
  'honours',
  'groups',
  'webSessions',
  'telegramChats',
  'outbox',
  'zaloTokens',
] as const satisfies readonly (keyof Repositories)[];

export class PostgresNotImplementedError extends Error {
  override name = 'PostgresNotImplementedError';
}

/** A stand-in whose every method rejects, naming what is missing. */
function notYet<T extends object>(repository: string): T {
  return new Proxy({} as T, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return () =>
        Promise.reject(new PostgresNotImplementedError(`tx.${repository}.${method} is not implemented on PostgreSQL yet`));
    },
  });
}

type Client = pg.ClientBase;

/** Runs a named prepared statement (fixed text) and returns its rows. */
async function rows(c: Client, name: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await c.query<Record<string, unknown>>({ name: `thidua_${name}`, text, values });
  return result.rows;
}

/** Runs a statement whose text varies (not prepared) and returns the result. */
async function run(c: Client, text: string, values: unknown[] = []): Promise<pg.QueryResult<Record<string, unknown>>> {
  return c.query<Record<string, unknown>>(text, values);
}

export function createPostgresRepositories(c: Client, rubrics: RubricCache = new Map()): Repositories {
  return {
    conversations: conversationRepository(c),
    inboundEvents: inboundEventRepository(c),
    directory: directoryRepository(c),
    assessment: assessmentRepository(c, rubrics),
    audit: auditRepository(c),
    periods: periodRepository(c),
    staff: staffRepository(c),
    settings: settingsRepository(c),
    invites: inviteRepository(c),
    inboundQueue: inboundQueueRepository(c),
    results: notYet('results'),
    reviews: notYet('reviews'),
    jobs: notYet('jobs'),
    honours: notYet('honours'),
    groups: notYet('groups'),
    webSessions: notYet('webSessions'),
    telegramChats: notYet('telegramChats'),
    outbox: notYet('outbox'),
    delivery: deliveryRepository(c),
    zaloTokens: notYet('zaloTokens'),
    loginAttempts: loginAttemptRepository(c),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// conversations
// ---------------------------------------------------------------------------------------------------------------

const conversationRow = z.object({ schema_version: z.number().int(), state: z.string(), revision: z.number().int() });

function conversationRepository(c: Client): ConversationRepository {
  return {
    async load(chatKey) {
      const [row] = await rows(c, 'conv_load', 'SELECT schema_version, state, revision FROM conversations WHERE chat_key = $1', [chatKey]);
      if (!row) return null;
      const r = conversationRow.parse(row);
      return { schemaVersion: r.schema_version, state: r.state, revision: r.revision };
    },
    async save(chatKey, doc, now) {
      // One round trip; the upsert sets person_id too (its foreign-key check is cheap next to a second statement).
      await rows(
        c,
        'conv_save',
        `INSERT INTO conversations (chat_key, person_id, schema_version, state, revision, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (chat_key) DO UPDATE SET person_id = excluded.person_id, schema_version = excluded.schema_version,
           state = excluded.state, revision = excluded.revision, updated_at = excluded.updated_at`,
        [chatKey, doc.personId, doc.schemaVersion, doc.state, doc.revision, now],
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// inbound events and the inbound queue (one table)
// ---------------------------------------------------------------------------------------------------------------

function inboundEventRepository(c: Client): InboundEventRepository {
  return {
    async markProcessed(channel, eventId, at) {
      const result = await c.query({
        name: 'thidua_inbound_mark',
        text: `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at)
               VALUES ($1, $2, 'done', 1, $3, $3)
               ON CONFLICT (channel, event_id) DO UPDATE SET status = 'done', attempts = inbound_events.attempts + 1,
                 processed_at = excluded.processed_at, last_error = NULL
               WHERE inbound_events.status <> 'done'`,
        values: [channel, eventId, at],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async purgeProcessed(before) {
      const result = await c.query({
        name: 'thidua_inbound_purge',
        text: `DELETE FROM inbound_events WHERE status = 'done' AND processed_at < $1`,
        values: [before],
      });
      return result.rowCount ?? 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// login attempts
// ---------------------------------------------------------------------------------------------------------------

function loginAttemptRepository(c: Client): LoginAttemptRepository {
  return {
    async recordFailure(keys, at) {
      for (const key of keys) await rows(c, 'login_attempt_add', 'INSERT INTO login_attempts (key, at) VALUES ($1, $2)', [key, at]);
    },
    async retryAfter(key, now, limit) {
      const found = await rows(c, 'login_attempt_recent', 'SELECT at FROM login_attempts WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT $3', [
        key,
        now - limit.windowMs,
        limit.maxFailures,
      ]);
      return waitFromRecent(found.map((r) => z.number().parse(r.at)), now, limit);
    },
    async purge(before) {
      const result = await c.query({ name: 'thidua_login_attempt_purge', text: 'DELETE FROM login_attempts WHERE at < $1', values: [before] });
      return result.rowCount ?? 0;
    },
  };
}

const pendingRow = z.object({ event_id: z.string(), payload: z.string().nullable(), received_at: z.number(), attempts: z.number().int() });

function inboundQueueRepository(c: Client): InboundQueueRepository {
  return {
    async enqueue(channel, eventId, payload, receivedAt) {
      const result = await c.query({
        name: 'thidua_queue_enqueue',
        text: `INSERT INTO inbound_events (channel, event_id, payload, status, attempts, received_at)
               VALUES ($1, $2, $3, 'pending', 0, $4) ON CONFLICT DO NOTHING`,
        values: [channel, eventId, payload, receivedAt],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async pending(channel, limit) {
      // Oldest first; ties by event id (SQLite breaks them by insertion order, which PostgreSQL does not keep).
      const found = await rows(
        c,
        'queue_pending',
        `SELECT event_id, payload, received_at, attempts FROM inbound_events WHERE channel = $1 AND status = 'pending'
         ORDER BY received_at, event_id LIMIT $2`,
        [channel, limit],
      );
      return found.map((raw) => {
        const r = pendingRow.parse(raw);
        return { eventId: r.event_id, payload: r.payload ?? 'null', receivedAt: r.received_at, attempts: r.attempts };
      });
    },
    async recordFailure(channel, eventId, error) {
      const [row] = await rows(
        c,
        'queue_failure',
        `UPDATE inbound_events SET attempts = attempts + 1, last_error = $1
         WHERE channel = $2 AND event_id = $3 AND status = 'pending' RETURNING attempts`,
        [error.slice(0, 500), channel, eventId],
      );
      return typeof row?.attempts === 'number' ? row.attempts : Number.MAX_SAFE_INTEGER;
    },
    async markFailed(channel, eventId, error, at) {
      await rows(
        c,
        'queue_failed',
        `UPDATE inbound_events SET status = 'failed', last_error = $1, processed_at = $2
         WHERE channel = $3 AND event_id = $4 AND status = 'pending'`,
        [error.slice(0, 500), at, channel, eventId],
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// directory
// ---------------------------------------------------------------------------------------------------------------

const PERSON_SQL = `SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name,
    d.leader_in_charge_id, p.active, ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
  FROM people p LEFT JOIN departments d ON d.id = p.department_id`;

const personViewRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  full_name: z.string(),
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  leader_in_charge_id: z.number().int().nullable(),
  active: z.boolean(),
  roles: z.array(z.enum(ROLES)),
});
const accountRow = z.object({ id: z.number().int(), person_id: z.number().int(), status: z.enum(ACCOUNT_STATUSES) });
const inviteRow = z.object({ person_id: z.number().int(), expires_at: z.number(), used_at: z.number().nullable() });

function toPersonView(raw: unknown): PersonView {
  const r = personViewRow.parse(raw);
  return {
    id: r.id,
    unitId: r.unit_id,
    fullName: r.full_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    leaderInChargeId: r.leader_in_charge_id,
    roles: r.roles,
    active: r.active,
  };
}

function toAccount(raw: unknown): AccountView {
  const r = accountRow.parse(raw);
  return { id: r.id, personId: r.person_id, status: r.status };
}

function directoryRepository(c: Client): DirectoryRepository {
  return {
    async findAccount(channel, externalUserId) {
      const [row] = await rows(
        c,
        'dir_account',
        'SELECT id, person_id, status FROM chat_accounts WHERE channel = $1 AND external_user_id = $2',
        [channel, externalUserId],
      );
      return row ? toAccount(row) : null;
    },
    async getPerson(personId) {
      const [row] = await rows(c, 'dir_person', `${PERSON_SQL} WHERE p.id = $1`, [personId]);
      return row ? toPersonView(row) : null;
    },
    async findPeopleByPhone(phone) {
      const found = await rows(c, 'dir_by_phone', `${PERSON_SQL} WHERE p.phone = $1 AND p.active ORDER BY p.id`, [phone]);
      return found.map(toPersonView);
    },
    async redeemInvite(codeHash, now) {
      const [row] = await rows(c, 'dir_invite', 'SELECT person_id, expires_at, used_at FROM invite_codes WHERE code_hash = $1', [codeHash]);
      if (!row) return { ok: false, reason: 'unknown' };
      const code = inviteRow.parse(row);
      if (code.used_at !== null) return { ok: false, reason: 'used' };
      if (code.expires_at <= now) return { ok: false, reason: 'expired' };
      // Concurrent redeems: the second UPDATE waits for the first's row lock, then finds used_at set.
      const used = await c.query({
        name: 'thidua_dir_use_invite',
        text: 'UPDATE invite_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL',
        values: [now, codeHash],
      });
      if ((used.rowCount ?? 0) === 0) return { ok: false, reason: 'used' };
      return { ok: true, personId: code.person_id };
    },
    async linkAccount(l) {
      const [row] = await rows(
        c,
        'dir_link',
        `INSERT INTO chat_accounts (person_id, channel, external_user_id, chat_id, status, linked_at, linked_via)
         VALUES ($1, $2, $3, $4, 'active', $5, $6)
         ON CONFLICT (channel, external_user_id) DO UPDATE SET person_id = excluded.person_id, chat_id = excluded.chat_id,
           status = 'active', status_reason = NULL, linked_at = excluded.linked_at, linked_via = excluded.linked_via
         RETURNING id, person_id, status`,
        [l.personId, l.channel, l.externalUserId, l.chatId, l.now, l.via],
      );
      return toAccount(row);
    },
    async touchAccount(accountId, now) {
      // A message from the person proves the account is reachable again (unblocked / re-followed).
      await rows(
        c,
        'dir_touch',
        `UPDATE chat_accounts SET last_interaction_at = $1, status = 'active', status_reason = NULL WHERE id = $2`,
        [now, accountId],
      );
    },
    async headsOf(departmentId) {
      const found = await rows(
        c,
        'dir_heads',
        `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'head'
         WHERE p.department_id = $1 AND p.active ORDER BY p.id`,
        [departmentId],
      );
      return found.map((r) => z.number().int().parse(r.id));
    },
    async noGroupMention(personId) {
      const [row] = await rows(c, 'dir_no_mention', 'SELECT no_group_mention FROM people WHERE id = $1', [personId]);
      return row?.no_group_mention === true;
    },
    async setNoGroupMention(personId, value, now) {
      const [row] = await rows(c, 'dir_no_mention_lock', 'SELECT no_group_mention FROM people WHERE id = $1 FOR UPDATE', [personId]);
      const before = row?.no_group_mention === true;
      if (row && before !== value) {
        await rows(c, 'dir_set_no_mention', 'UPDATE people SET no_group_mention = $1, updated_at = $2 WHERE id = $3', [value, now, personId]);
      }
      return before;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// assessment
// ---------------------------------------------------------------------------------------------------------------

const SUBMISSION_COLUMNS =
  'id, period_id, person_id, status, self_total, reviewed_total, band, submitted_at, reviewed_at, return_reason, revision';

const periodViewRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  status: z.enum(PERIOD_STATUSES),
  self_deadline: z.string(),
});
const submissionRow = z.object({
  id: z.number().int(),
  period_id: z.number().int(),
  person_id: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  submitted_at: z.number().nullable(),
  reviewed_at: z.number().nullable(),
  return_reason: z.string().nullable(),
  revision: z.number().int(),
});
const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const answerRow = z.object({ criterion_id: z.string(), value: answerValueSchema, self_points: z.number().nullable() });
const evidenceRow = z.object({
  id: z.number().int(),
  criterion_id: z.string(),
  kind: z.enum(['link', 'file']),
  url: z.string().nullable(),
  file_path: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  mime: z.string().nullable(),
  original_name: z.string().nullable(),
});
const scoreRow = z.object({
  period_id: z.number().int(),
  code: z.string(),
  quarter: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  period_status: z.enum(PERIOD_STATUSES),
  rubric_version_id: z.number().int(),
  answers: z.record(z.string(), answerValueSchema),
});
const memberRow = z.object({
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(SUBMISSION_STATUSES).nullable(),
});
const insertedId = z.object({ id: z.number().int() });

/** Column names of the patchable submission fields. */
const PATCH_COLUMNS: Record<keyof SubmissionPatch, string> = {
  status: 'status',
  selfTotal: 'self_total',
  band: 'band',
  classified: 'classified',
  submittedAt: 'submitted_at',
  submittedLate: 'submitted_late',
  lastSubmittedAnswers: 'last_submitted_answers',
};

function toPeriodView(raw: unknown): PeriodView {
  const r = periodViewRow.parse(raw);
  return {
    id: r.id,
    unitId: r.unit_id,
    code: r.code,
    year: r.year,
    quarter: r.quarter,
    rubricVersionId: r.rubric_version_id,
    status: r.status,
    selfDeadline: r.self_deadline,
  };
}

function toSubmission(raw: unknown): SubmissionView {
  const r = submissionRow.parse(raw);
  return {
    id: r.id,
    periodId: r.period_id,
    personId: r.person_id,
    status: r.status,
    selfTotal: r.self_total,
    reviewedTotal: r.reviewed_total,
    band: r.band,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    returnReason: r.return_reason,
    revision: r.revision,
  };
}

function toEvidence(raw: unknown): EvidenceView {
  const r = evidenceRow.parse(raw);
  if (r.kind === 'link') return { kind: 'link', url: r.url ?? '', id: r.id, criterionId: r.criterion_id };
  return {
    kind: 'file',
    id: r.id,
    criterionId: r.criterion_id,
    filePath: r.file_path ?? '',
    sha256: r.sha256 ?? '',
    size: r.size ?? 0,
    mime: r.mime ?? 'application/octet-stream',
    originalName: r.original_name,
  };
}

/** A patch value as a query parameter (JSON text for the jsonb snapshot). */
function patchParam(key: keyof SubmissionPatch, value: SubmissionPatch[keyof SubmissionPatch]): unknown {
  if (value === undefined || value === null) return null;
  return key === 'lastSubmittedAnswers' ? JSON.stringify(value) : value;
}

function noProgress(departmentId: number | null, departmentName: string | null): DepartmentProgress {
  return { departmentId, departmentName, members: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
}

async function rubricOf(c: Client, cache: RubricCache, rubricVersionId: number): Promise<Rubric> {
  const cached = cache.get(rubricVersionId);
  if (cached) return cached;
  const [row] = await rows(c, 'rubric_definition', 'SELECT definition FROM rubric_versions WHERE id = $1', [rubricVersionId]);
  if (!row) throw new Error(`rubric_versions: no version #${rubricVersionId}`);
  const rubric = rubricSchema.parse(row.definition);
  cache.set(rubricVersionId, rubric);
  return rubric;
}

function assessmentRepository(c: Client, rubrics: RubricCache): AssessmentRepository {
  const findSubmission = async (periodId: number, personId: number) => {
    const [row] = await rows(
      c,
      'sub_find',
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE period_id = $1 AND person_id = $2`,
      [periodId, personId],
    );
    return row ? toSubmission(row) : null;
  };
  const getSubmission = async (submissionId: number) => {
    const [row] = await rows(c, 'sub_get', `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [submissionId]);
    return row ? toSubmission(row) : null;
  };
  return {
    async openPeriodFor(unitId) {
      const [row] = await rows(
        c,
        'period_open',
        `SELECT id, unit_id, code, year, quarter, rubric_version_id, status, self_deadline FROM periods
         WHERE unit_id = $1 AND status = 'open' ORDER BY year DESC, quarter DESC LIMIT 1`,
        [unitId],
      );
      return row ? toPeriodView(row) : null;
    },
    getRubric: (rubricVersionId) => rubricOf(c, rubrics, rubricVersionId),
    findSubmission,
    getSubmission,
    async ensureSubmission(periodId, personId, now) {
      await rows(
        c,
        'sub_insert',
        `INSERT INTO submissions (period_id, person_id, status, updated_at) VALUES ($1, $2, 'draft', $3)
         ON CONFLICT (period_id, person_id) DO NOTHING`,
        [periodId, personId, now],
      );
      const s = await findSubmission(periodId, personId);
      if (!s) throw new RowShapeError('submissions: row missing after insert');
      return s;
    },
    async listAnswers(submissionId) {
      const found = await rows(
        c,
        'answers_list',
        'SELECT criterion_id, value, self_points FROM answers WHERE submission_id = $1 ORDER BY id',
        [submissionId],
      );
      return found.map((raw): AnswerView => {
        const r = answerRow.parse(raw);
        return { criterionId: r.criterion_id, value: r.value as AnswerValue, selfPoints: r.self_points };
      });
    },
    async saveAnswer(submissionId, answer, now) {
      await rows(
        c,
        'answer_upsert',
        `INSERT INTO answers (submission_id, criterion_id, value, self_points, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (submission_id, criterion_id) DO UPDATE SET value = excluded.value, self_points = excluded.self_points,
           updated_at = excluded.updated_at`,
        [submissionId, answer.criterionId, JSON.stringify(answer.value), answer.selfPoints, now],
      );
    },
    async addEvidence(submissionId, criterionId, ev, now) {
      const file = ev.kind === 'file' ? ev : null;
      const [row] = await rows(
        c,
        'evidence_insert',
        `INSERT INTO evidence (submission_id, criterion_id, kind, url, file_path, sha256, size, mime, original_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          submissionId,
          criterionId,
          ev.kind,
          ev.kind === 'link' ? ev.url : null,
          file?.filePath ?? null,
          file?.sha256 ?? null,
          file?.size ?? null,
          file?.mime ?? null,
          file?.originalName ?? null,
          now,
        ],
      );
      return { ...ev, id: insertedId.parse(row).id, criterionId };
    },
    async listEvidence(submissionId) {
      const found = await rows(
        c,
        'evidence_list',
        `SELECT id, criterion_id, kind, url, file_path, sha256, size, mime, original_name FROM evidence
         WHERE submission_id = $1 ORDER BY id`,
        [submissionId],
      );
      return found.map(toEvidence);
    },
    async updateSubmission(submissionId, patch, now) {
      const keys = (Object.keys(PATCH_COLUMNS) as (keyof SubmissionPatch)[]).filter((k) => patch[k] !== undefined);
      const sets = keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 1}`);
      const values = keys.map((k) => patchParam(k, patch[k]));
      const n = keys.length;
      const result = await c.query<Record<string, unknown>>({
        name: `thidua_sub_patch_${keys.join('_') || 'none'}`,
        text: `UPDATE submissions SET ${[...sets, 'revision = revision + 1', `updated_at = $${n + 1}`].join(', ')}
               WHERE id = $${n + 2} RETURNING ${SUBMISSION_COLUMNS}`,
        values: [...values, now, submissionId],
      });
      const row = result.rows[0];
      if (!row) throw new RowShapeError('submissions: row missing after update');
      return toSubmission(row);
    },
    async scoresOf(personId, year) {
      const found = await rows(
        c,
        'scores_of',
        `SELECT s.period_id, p.code, p.quarter, s.status, s.self_total, s.reviewed_total, s.band,
           p.status AS period_status, p.rubric_version_id,
           COALESCE((SELECT jsonb_object_agg(a.criterion_id, COALESCE(a.reviewed_value, a.value)) FROM answers a
                     WHERE a.submission_id = s.id), '{}'::jsonb) AS answers
         FROM submissions s JOIN periods p ON p.id = s.period_id WHERE s.person_id = $1 AND p.year = $2 ORDER BY p.quarter`,
        [personId, year],
      );
      return found.map((raw) => {
        const r = scoreRow.parse(raw);
        return {
          periodId: r.period_id,
          code: r.code,
          quarter: r.quarter,
          status: r.status,
          selfTotal: r.self_total,
          reviewedTotal: r.reviewed_total,
          band: r.band,
          periodStatus: r.period_status,
          rubricVersionId: r.rubric_version_id,
          answers: r.answers,
        };
      });
    },
    async progressByDepartment(periodId) {
      const [period] = await rows(c, 'period_rubric', 'SELECT rubric_version_id FROM periods WHERE id = $1', [periodId]);
      if (!period) return [];
      const rubric = await rubricOf(c, rubrics, z.number().int().parse(period.rubric_version_id));
      // Who counts is decided in code by the period's rubric (selfAssesses), as for reminders and /tudanhgia.
      const members = await rows(
        c,
        'progress_members',
        `SELECT d.id AS department_id, d.name AS department_name,
           ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles, s.status
         FROM periods pr
         JOIN people p ON p.unit_id = pr.unit_id AND p.active
         LEFT JOIN departments d ON d.id = p.department_id
         LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = pr.id
         WHERE pr.id = $1 ORDER BY d.name COLLATE "C" NULLS FIRST, d.id NULLS FIRST`,
        [periodId],
      );
      const byDepartment = new Map<number | null, DepartmentProgress>();
      for (const raw of members) {
        const r = memberRow.parse(raw);
        if (!selfAssesses(rubric, r.roles)) continue;
        let d = byDepartment.get(r.department_id);
        if (!d) byDepartment.set(r.department_id, (d = noProgress(r.department_id, r.department_name)));
        d.members++;
        d[r.status ?? 'draft']++;
      }
      return [...byDepartment.values()];
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// audit
// ---------------------------------------------------------------------------------------------------------------

const auditRecordRow = z
  .object({
    id: z.number().int(),
    at: z.number(),
    unit_id: z.string().nullable(),
    actor_person_id: z.number().int().nullable(),
    channel: z.string().nullable(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string(),
    subject_person_id: z.number().int().nullable(),
    period_id: z.number().int().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
  })
  .transform(
    (r): AuditRecord => ({
      id: r.id,
      at: r.at,
      unitId: r.unit_id,
      actorPersonId: r.actor_person_id,
      channel: r.channel,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subjectPersonId: r.subject_person_id,
      periodId: r.period_id,
      before: r.before ?? null,
      after: r.after ?? null,
      reason: r.reason,
    }),
  );

function auditRepository(c: Client): AuditRepository {
  return {
    async record(entry) {
      const [row] = await rows(
        c,
        'audit_insert',
        `INSERT INTO audit_log
           (at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id, period_id, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          entry.at,
          entry.unitId ?? null,
          entry.actorPersonId ?? null,
          entry.channel ?? null,
          entry.action,
          entry.entityType,
          entry.entityId,
          entry.subjectPersonId ?? null,
          entry.periodId ?? null,
          // `null` given explicitly is stored as JSON null, as SQLite stores the text 'null'; both read back as null.
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
          entry.reason ?? null,
        ],
      );
      return insertedId.parse(row).id;
    },
    async search(filter) {
      const found = await rows(
        c,
        'audit_search',
        `SELECT id, at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id,
           period_id, before, after, reason
         FROM audit_log
         WHERE unit_id = $1
           AND ($2::integer IS NULL OR subject_person_id = $2)
           AND ($3::integer IS NULL OR period_id = $3)
         ORDER BY id`,
        [filter.unitId, filter.subjectPersonId ?? null, filter.periodId ?? null],
      );
      return found.map((row) => auditRecordRow.parse(row));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// periods
// ---------------------------------------------------------------------------------------------------------------

const PERIOD_COLUMNS = `id, unit_id, code, year, quarter, rubric_version_id, status, starts_on, ends_on, self_deadline,
  department_deadline, office_deadline, finalised_at`;

const periodRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  status: z.enum(PERIOD_STATUSES),
  starts_on: z.string(),
  ends_on: z.string(),
  self_deadline: z.string(),
  department_deadline: z.string(),
  office_deadline: z.string(),
  finalised_at: z.number().nullable(),
});
const rubricVersionRow = z.object({ id: z.number().int(), rubric_id: z.string(), version: z.string(), sha256: z.string() });

const DATE_COLUMNS: Record<keyof PeriodDates, string> = {
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  selfDeadline: 'self_deadline',
  departmentDeadline: 'department_deadline',
  officeDeadline: 'office_deadline',
};

function toPeriodRecord(raw: unknown): PeriodRecord {
  const row = periodRow.parse(raw);
  return {
    id: row.id,
    unitId: row.unit_id,
    code: row.code,
    year: row.year,
    quarter: row.quarter,
    rubricVersionId: row.rubric_version_id,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    selfDeadline: row.self_deadline,
    departmentDeadline: row.department_deadline,
    officeDeadline: row.office_deadline,
    finalisedAt: row.finalised_at,
  };
}

function periodRepository(c: Client): PeriodRepository {
  const byId = async (periodId: number) => {
    const [row] = await rows(c, 'periods_get', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE id = $1`, [periodId]);
    return row ? toPeriodRecord(row) : null;
  };
  return {
    get: byId,
    async find(unitId, code) {
      const [row] = await rows(c, 'periods_find', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND code = $2`, [unitId, code]);
      return row ? toPeriodRecord(row) : null;
    },
    async list(unitId, year) {
      const found =
        year === undefined
          ? await rows(c, 'periods_of_unit', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 ORDER BY year, quarter`, [unitId])
          : await rows(
              c,
              'periods_of_year',
              `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND year = $2 ORDER BY year, quarter`,
              [unitId, year],
            );
      return found.map(toPeriodRecord);
    },
    async newest(unitId, statuses) {
      if (statuses.length === 0) return null;
      const [row] = await rows(
        c,
        'periods_newest',
        `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND status = ANY($2::text[])
         ORDER BY year DESC, quarter DESC LIMIT 1`,
        [unitId, [...statuses]],
      );
      return row ? toPeriodRecord(row) : null;
    },
    async listByStatus(statuses) {
      if (statuses.length === 0) return [];
      const found = await rows(
        c,
        'periods_by_status',
        `SELECT ${PERIOD_COLUMNS} FROM periods WHERE status = ANY($1::text[]) ORDER BY year, quarter, id`,
        [[...statuses]],
      );
      return found.map(toPeriodRecord);
    },
    async insert(p: NewPeriod) {
      const [row] = await rows(
        c,
        'periods_insert',
        `INSERT INTO periods (unit_id, rubric_version_id, code, year, quarter, starts_on, ends_on, self_deadline,
           department_deadline, office_deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING ${PERIOD_COLUMNS}`,
        [p.unitId, p.rubricVersionId, p.code, p.year, p.quarter, p.startsOn, p.endsOn, p.selfDeadline, p.departmentDeadline, p.officeDeadline],
      );
      return toPeriodRecord(row);
    },
    async setStatus(periodId, status, now) {
      await rows(c, 'periods_set_status', 'UPDATE periods SET status = $1, finalised_at = $2 WHERE id = $3', [
        status,
        status === 'finalised' ? now : null,
        periodId,
      ]);
    },
    async setDates(periodId, dates) {
      const entries = (Object.keys(DATE_COLUMNS) as (keyof PeriodDates)[]).flatMap((key) => {
        const value = dates[key];
        return value === undefined ? [] : [[DATE_COLUMNS[key], value] as const];
      });
      if (entries.length > 0) {
        await run(c, `UPDATE periods SET ${entries.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${entries.length + 1}`, [
          ...entries.map(([, value]) => value),
          periodId,
        ]);
      }
      const record = await byId(periodId);
      if (!record) throw new Error(`periods: no period #${periodId}`);
      return record;
    },
    async findRubricVersion(rubricId, version) {
      const [row] = await rows(
        c,
        'rubric_find',
        'SELECT id, rubric_id, version, sha256 FROM rubric_versions WHERE rubric_id = $1 AND version = $2',
        [rubricId, version],
      );
      if (!row) return null;
      const r = rubricVersionRow.parse(row);
      return { id: r.id, rubricId: r.rubric_id, version: r.version, sha256: r.sha256 };
    },
    async insertRubricVersion(v) {
      const [row] = await rows(
        c,
        'rubric_insert',
        'INSERT INTO rubric_versions (rubric_id, version, sha256, definition) VALUES ($1, $2, $3, $4) RETURNING id',
        [v.rubricId, v.version, v.sha256, v.definition],
      );
      return insertedId.parse(row).id;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// staff, settings, invites
// ---------------------------------------------------------------------------------------------------------------

const unitRow = z.object({ id: z.string(), name: z.string() });
const departmentRow = z
  .object({ id: z.number().int(), unit_id: z.string(), name: z.string(), leader_in_charge_id: z.number().int().nullable() })
  .transform((r): StaffDepartment => ({ id: r.id, unitId: r.unit_id, name: r.name, leaderInChargeId: r.leader_in_charge_id }));
const staffPersonRow = z
  .object({
    id: z.number().int(),
    unit_id: z.string(),
    department_id: z.number().int().nullable(),
    full_name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    position: z.string().nullable(),
    active: z.boolean(),
    no_group_mention: z.boolean(),
    roles: z.array(z.enum(ROLES)),
  })
  .transform(
    (p): StaffPerson => ({
      id: p.id,
      unitId: p.unit_id,
      departmentId: p.department_id,
      fullName: p.full_name,
      phone: p.phone,
      email: p.email,
      position: p.position,
      active: p.active,
      noGroupMention: p.no_group_mention,
      roles: p.roles,
    }),
  );
const headcountRow = z.object({ department_id: z.number().int().nullable(), members: z.number().int() });

const STAFF_PERSON_SQL = `SELECT id, unit_id, department_id, full_name, phone, email, position, active, no_group_mention,
    ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = people.id ORDER BY r.role) AS roles
  FROM people`;

function staffRepository(c: Client): StaffRepository {
  const people = (found: Record<string, unknown>[]) => found.map((row) => staffPersonRow.parse(row));
  const insertRoles = async (personId: number, roles: readonly Role[]) => {
    if (roles.length === 0) return;
    await rows(c, 'staff_insert_roles', 'INSERT INTO person_roles (person_id, role) SELECT $1, unnest($2::text[])', [personId, [...roles]]);
  };
  const personParams = (f: StaffPersonFields) => [f.departmentId, f.fullName, f.phone, f.email, f.position, f.noGroupMention];
  return {
    async getUnit(unitId) {
      const [row] = await rows(c, 'staff_unit', 'SELECT id, name FROM units WHERE id = $1', [unitId]);
      return row ? unitRow.parse(row) : null;
    },
    async listUnits() {
      return (await rows(c, 'staff_units', 'SELECT id, name FROM units ORDER BY id COLLATE "C"')).map((row) => unitRow.parse(row));
    },
    async createUnit(unit) {
      await rows(c, 'staff_create_unit', 'INSERT INTO units (id, name) VALUES ($1, $2)', [unit.id, unit.name]);
    },
    async listDepartments(unitId) {
      const found = await rows(c, 'staff_departments', 'SELECT id, unit_id, name, leader_in_charge_id FROM departments WHERE unit_id = $1 ORDER BY id', [unitId]);
      return found.map((row) => departmentRow.parse(row));
    },
    async createDepartment(unitId, name) {
      const [row] = await rows(c, 'staff_create_department', 'INSERT INTO departments (unit_id, name) VALUES ($1, $2) RETURNING id', [unitId, name]);
      return insertedId.parse(row).id;
    },
    async setLeaderInCharge(departmentId, personId) {
      await rows(c, 'staff_set_leader', 'UPDATE departments SET leader_in_charge_id = $1 WHERE id = $2', [personId, departmentId]);
    },
    async headcounts(unitId) {
      // count(*) is int8: parsed as a number by the store's int8 parser.
      const found = await rows(
        c,
        'staff_headcounts',
        'SELECT department_id, count(*) AS members FROM people WHERE unit_id = $1 AND active GROUP BY department_id',
        [unitId],
      );
      return found.map((row) => {
        const r = headcountRow.parse(row);
        return { departmentId: r.department_id, members: r.members };
      });
    },
    async getPerson(personId) {
      const [row] = await rows(c, 'staff_person', `${STAFF_PERSON_SQL} WHERE id = $1`, [personId]);
      return row ? staffPersonRow.parse(row) : null;
    },
    async listPeople(unitId) {
      return people(await rows(c, 'staff_people', `${STAFF_PERSON_SQL} WHERE unit_id = $1 ORDER BY id`, [unitId]));
    },
    async findPeople(unitId, query) {
      return 'phone' in query
        ? people(await rows(c, 'staff_by_phone', `${STAFF_PERSON_SQL} WHERE unit_id = $1 AND phone = $2 ORDER BY id`, [unitId, query.phone]))
        : people(await rows(c, 'staff_by_name', `${STAFF_PERSON_SQL} WHERE unit_id = $1 AND full_name = $2 ORDER BY id`, [unitId, query.fullName]));
    },
    async createPerson(unitId, fields, roles, now) {
      const [row] = await rows(
        c,
        'staff_create_person',
        `INSERT INTO people (department_id, full_name, phone, email, position, no_group_mention, unit_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [...personParams(fields), unitId, now],
      );
      const id = insertedId.parse(row).id;
      await insertRoles(id, roles);
      return id;
    },
    async updatePerson(personId, unitId, fields, now) {
      await rows(
        c,
        'staff_update_person',
        `UPDATE people SET department_id = $1, full_name = $2, phone = $3, email = $4, position = $5,
           no_group_mention = $6, active = true, updated_at = $7
         WHERE id = $8 AND unit_id = $9`,
        [...personParams(fields), now, personId, unitId],
      );
    },
    async setRoles(personId, roles) {
      await rows(c, 'staff_delete_roles', 'DELETE FROM person_roles WHERE person_id = $1', [personId]);
      await insertRoles(personId, roles);
    },
  };
}

const unitViewRow = z.object({ id: z.string(), name: z.string(), timezone: z.string(), settings: z.unknown(), created_at: z.number() });

function settingsRepository(c: Client): SettingsRepository {
  const SELECT = 'SELECT id, name, timezone, settings, created_at FROM units';
  const toUnit = (raw: unknown): UnitView => {
    const r = unitViewRow.parse(raw);
    return { id: r.id, name: r.name, timezone: r.timezone, settings: r.settings, createdAt: r.created_at };
  };
  return {
    async listUnits() {
      return (await rows(c, 'settings_units', `${SELECT} ORDER BY id COLLATE "C"`)).map(toUnit);
    },
    async getUnit(unitId) {
      const [row] = await rows(c, 'settings_unit', `${SELECT} WHERE id = $1`, [unitId]);
      return row ? toUnit(row) : null;
    },
    async updateSettings(unitId, settings) {
      const updated = await rows(c, 'settings_update', 'UPDATE units SET settings = $1::jsonb WHERE id = $2 RETURNING id', [JSON.stringify(settings ?? {}), unitId]);
      return updated.length === 1;
    },
  };
}

function inviteRepository(c: Client): InviteRepository {
  return {
    async create(invite, now) {
      await rows(c, 'invite_create', 'INSERT INTO invite_codes (code_hash, person_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [
        invite.codeHash,
        invite.personId,
        invite.expiresAt,
        now,
      ]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// delivery
// ---------------------------------------------------------------------------------------------------------------

const deliveryAccountRow = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  channel: z.enum(CHANNELS),
  chat_id: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  last_interaction_at: z.number().nullable(),
});
const windowRow = z.object({ id: z.number().int(), person_id: z.number().int(), chat_id: z.string(), last_interaction_at: z.number() });
const mentionRow = z.object({ unit_id: z.string(), no_group_mention: z.boolean() });

const DELIVERY_ACCOUNT = 'SELECT id, person_id, channel, chat_id, status, last_interaction_at FROM chat_accounts';

function toDeliveryAccount(raw: unknown): DeliveryAccount {
  const r = deliveryAccountRow.parse(raw);
  return { id: r.id, personId: r.person_id, channel: r.channel, chatId: r.chat_id, status: r.status, lastInteractionAt: r.last_interaction_at };
}

function deliveryRepository(c: Client): DeliveryRepository {
  return {
    async accountsOf(personId) {
      // An account never used comes after every used one.
      const found = await rows(
        c,
        'delivery_of_person',
        `${DELIVERY_ACCOUNT} WHERE person_id = $1 ORDER BY last_interaction_at DESC NULLS LAST, linked_at DESC`,
        [personId],
      );
      return found.map(toDeliveryAccount);
    },
    async accountByChat(channel, chatId) {
      const [row] = await rows(c, 'delivery_by_chat', `${DELIVERY_ACCOUNT} WHERE channel = $1 AND chat_id = $2 ORDER BY id LIMIT 1`, [channel, chatId]);
      return row ? toDeliveryAccount(row) : null;
    },
    async markAccount(channel, chatId, status, reason) {
      await rows(c, 'delivery_mark', 'UPDATE chat_accounts SET status = $1, status_reason = $2 WHERE channel = $3 AND chat_id = $4', [
        status,
        reason,
        channel,
        chatId,
      ]);
    },
    async recordInteraction(channel, externalUserId, at) {
      const result = await c.query({
        name: 'thidua_delivery_touch',
        text: `UPDATE chat_accounts SET last_interaction_at = greatest(coalesce(last_interaction_at, 0), $1), status = 'active',
                 status_reason = NULL
               WHERE channel = $2 AND external_user_id = $3`,
        values: [at, channel, externalUserId],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async markAccountByUser(channel, externalUserId, status, reason) {
      await rows(
        c,
        'delivery_mark_user',
        'UPDATE chat_accounts SET status = $1, status_reason = $2 WHERE channel = $3 AND external_user_id = $4',
        [status, reason, channel, externalUserId],
      );
    },
    async activeAccountsOfUnit(channel, unitId) {
      const found = await rows(
        c,
        'delivery_of_unit',
        `SELECT a.id, a.person_id, a.chat_id, a.last_interaction_at FROM chat_accounts a JOIN people p ON p.id = a.person_id
         WHERE a.channel = $1 AND a.status = 'active' AND a.last_interaction_at IS NOT NULL AND p.unit_id = $2 AND p.active
         ORDER BY a.id`,
        [channel, unitId],
      );
      return found.map((raw) => {
        const r = windowRow.parse(raw);
        return { accountId: r.id, personId: r.person_id, chatId: r.chat_id, lastInteractionAt: r.last_interaction_at };
      });
    },
    async mentionTarget(personId) {
      const [row] = await rows(c, 'delivery_mention', 'SELECT unit_id, no_group_mention FROM people WHERE id = $1', [personId]);
      if (!row) return null;
      const r = mentionRow.parse(row);
      return { unitId: r.unit_id, noGroupMention: r.no_group_mention };
    },
  };
}
