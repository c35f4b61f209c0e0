/**
 * How `thidua db copy` merges a unit into a database that already holds other units (a province): one rule per
 * table. Why a rule per table and not a generic "copy with ids": the target's ids are already taken by other units,
 * so every copied row gets a new id from the target's own sequence, and every place that names an id must follow —
 * foreign keys, ids in columns without a declared key (`leader_in_charge_id`, `actor_person_id`), ids inside JSON
 * (settings, audit before/after, list snapshots, contest boards, outbox payloads) and ids inside text (`entity_id`
 * of the audit log). A table without a rule is refused (`mergeRules` + test/store/copy-merge.test.ts), so a new
 * table cannot be forgotten.
 *
 * Ids in JSON are found by their key's name ({@link JSON_ID_KEYS}: `personId`, `submittedById`, `authorIds`…): the
 * store writes them with these names everywhere. A number under such a key that the source never gave (a dangling
 * id) stops the copy: keeping it would point at another unit's row.
 */
import type { CopyValue } from './table-copy.js';

/** A row as column name → value (the copy's dialect-neutral values; JSON as its text). */
export type CopyRow = Record<string, CopyValue>;

/** What a row rule may use: the new id of any copied row, and the JSON rewriting. */
export interface MergeContext {
  /** The new id of the source row `oldId` of table `space`; throws when the source has no such row. */
  id(space: string, oldId: number, where: string): number;
  /** `id` for a nullable column. */
  optionalId(space: string, oldId: CopyValue, where: string): CopyValue;
  /** JSON text with every id under a known key rewritten ({@link JSON_ID_KEYS}); `periodSpace` for `periodId`. */
  json(text: CopyValue, where: string, periodSpace?: string): CopyValue;
  /** The conversation state every copied chat starts from (the menu). */
  readonly conversationReset: { schemaVersion: number; state: string };
  /** The copy's time (ms), for `updated_at` of rows the copy changes. */
  readonly now: number;
  /** The units being copied (rows of deployment-wide work, such as housekeeping job slots, are left behind). */
  readonly unitIds: ReadonlySet<string>;
  /** The unit the copy moves: prefixes outbox dedupe keys so they cannot meet the target's. */
  readonly tag: string;
}

/**
 * How one table is merged. Exactly one of `skip` (with the reason, shown to the operator) or the copy fields.
 * `id`: the generated id column, renumbered through the target's sequence. `refs`: columns naming another table's
 * id. `json`: JSON columns whose ids are rewritten by key name. `row`: what no declaration says (polymorphic ids,
 * resets); returning null leaves the row behind.
 */
export interface MergeRule {
  skip?: string;
  id?: string;
  refs?: Readonly<Record<string, string>>;
  json?: readonly string[];
  /** JSON columns that are a bare array of ids of one table (`author_ids`). */
  idArrays?: Readonly<Record<string, string>>;
  row?: (row: CopyRow, ctx: MergeContext) => CopyRow | null;
  /** A row whose key the target already has is left behind (the target's wins): a chat that talked to both. */
  keepExisting?: boolean;
}

/** Keys under which JSON documents hold ids, and whose ids they are. */
export const JSON_ID_KEYS: Readonly<Record<string, string>> = {
  personId: 'people',
  personIds: 'people',
  authorIds: 'people',
  proctorIds: 'people',
  leaderInChargeId: 'people',
  directorReviewer: 'people',
  departmentId: 'departments',
  departmentIds: 'departments',
  submissionId: 'submissions',
  periodId: 'periods',
  listId: 'department_lists',
  evidenceId: 'evidence',
  councilId: 'councils',
  attemptId: 'contest_attempts',
  accountId: 'chat_accounts',
  initiativeId: 'initiatives',
  nominationId: 'nominations',
  outboxId: 'outbox',
  rubricVersionId: 'rubric_versions',
  targetId: 'announcement_targets',
};

/** Other keys naming a person: `submittedById`, `actorPersonId`, `subjectPersonId`… */
const PERSON_KEY = /(By|ById|PersonId)$/;

/** Audit `entity_type` → how its `entity_id` names a row: a table's id, or `<id>:<rest>`. */
const AUDIT_ENTITY: Readonly<Record<string, { space: string; prefix?: boolean } | null>> = {
  submission: { space: 'submissions' },
  nomination: { space: 'nominations' },
  contest_attempt: { space: 'contest_attempts' },
  department_list: { space: 'department_lists' },
  department: { space: 'departments' },
  council: { space: 'councils' },
  'award-blocker': { space: 'award_blockers' },
  announcement_target: { space: 'announcement_targets' },
  person: { space: 'people' },
  period: { space: 'periods' },
  org_period: { space: 'org_periods' },
  initiative: { space: 'initiatives' },
  chat_account: { space: 'chat_accounts' },
  answer: { space: 'submissions', prefix: true },
  org_answer: { space: 'org_periods', prefix: true },
  org_official: { space: 'people', prefix: true },
  // Named by a code, a year or a slot: nothing to renumber.
  unit: null,
  contest: null,
  contest_candidate: null,
  year: null,
  job_run: null,
};

const PEOPLE = 'people';

/** Every table's rule. The guard test compares these names with both schemas' tables. */
export const MERGE_RULES: Readonly<Record<string, MergeRule>> = {
  units: { json: ['settings'] },
  departments: { id: 'id', refs: { leader_in_charge_id: PEOPLE } },
  people: { id: 'id', refs: { department_id: 'departments' } },
  person_roles: { refs: { person_id: PEOPLE } },
  chat_accounts: { id: 'id', refs: { person_id: PEOPLE } },
  invite_codes: { refs: { person_id: PEOPLE } },
  web_sessions: { refs: { person_id: PEOPLE } },
  login_attempts: { skip: 'giới hạn đăng nhập tạm thời của máy nguồn' },
  // Shared by the deployment: a version the target already has (same rubric, version and content) is reused.
  rubric_versions: { id: 'id' },
  periods: { id: 'id', refs: { rubric_version_id: 'rubric_versions' } },
  submissions: {
    id: 'id',
    refs: { period_id: 'periods', person_id: PEOPLE, reviewed_by_id: PEOPLE },
  },
  answers: { id: 'id', refs: { submission_id: 'submissions' } },
  evidence: { id: 'id', refs: { submission_id: 'submissions' } },
  department_lists: {
    id: 'id',
    refs: { period_id: 'periods', department_id: 'departments', sent_by_id: PEOPLE, leader_comment_by_id: PEOPLE, accepted_by_id: PEOPLE },
    json: ['snapshot'],
  },
  department_conditions: { id: 'id', refs: { period_id: 'periods', department_id: 'departments', answered_by_id: PEOPLE } },
  audit_log: {
    id: 'id',
    refs: { actor_person_id: PEOPLE, subject_person_id: PEOPLE, period_id: 'periods' },
    row: (row, ctx) => {
      const type = String(row.entity_type);
      const where = `audit_log ${String(row.id)}`;
      const periodSpace = type.startsWith('org_') ? 'org_periods' : 'periods';
      return {
        ...row,
        entity_id: auditEntityId(type, String(row.entity_id), ctx, where),
        before: ctx.json(row.before ?? null, where, periodSpace),
        after: ctx.json(row.after ?? null, where, periodSpace),
      };
    },
  },
  inbound_events: { skip: 'nhật ký chống trùng sự kiện của kênh chat nguồn (đã xử lý hết)' },
  conversations: {
    refs: { person_id: PEOPLE },
    keepExisting: true,
    // Every chat starts again from the menu: a dialog's ids and keyboards belong to the source.
    row: (row, ctx) => ({ ...row, schema_version: ctx.conversationReset.schemaVersion, state: ctx.conversationReset.state, updated_at: ctx.now }),
  },
  outbox: {
    id: 'id',
    refs: { person_id: PEOPLE },
    json: ['payload'],
    // Never sent by the target: what the source still held is kept as failed, for the record.
    row: (row, ctx) => {
      const unsent = row.status !== 'sent' && row.status !== 'failed' && row.status !== 'unreachable';
      return {
        ...row,
        dedupe_key: `moved:${ctx.tag}:${String(row.dedupe_key)}`,
        claimed_by: null,
        lease_until: null,
        ...(unsent ? { status: 'failed', last_error: 'Chuyển đơn vị sang cơ sở dữ liệu mới: tin chưa gửi, không gửi lại.' } : {}),
      };
    },
  },
  job_runs: { row: (row, ctx) => (ctx.unitIds.has(String(row.unit_id)) ? { ...row, claimed_by: null } : null) },
  reminder_deliveries: {
    refs: { person_id: PEOPLE, outbox_id: 'outbox' },
    row: (row, ctx) => (ctx.unitIds.has(String(row.unit_id)) ? row : null),
  },
  announcement_targets: { id: 'id', refs: { registered_by_id: PEOPLE } },
  honour_posts: {
    id: 'id',
    refs: { posted_by_id: PEOPLE },
    // `targets` is keyed by announcement target id.
    row: (row, ctx) => ({ ...row, content: honourContent(row.content ?? null, ctx, `honour_posts ${String(row.id)}`) }),
  },
  zalo_tokens: { skip: 'khoá truy cập Zalo OA của máy nguồn (máy đích dùng OA của mình)' },
  telegram_chat_state: { skip: 'bàn phím câu hỏi đang hiện (mọi cuộc trò chuyện bắt đầu lại từ trình đơn)' },
  leases: { skip: 'quyền điều phối của các máy chạy nguồn' },
  contest_runs: { json: ['board_members', 'rooms'] },
  contest_registrations: { id: 'id', refs: { person_id: PEOPLE, submitted_by_id: PEOPLE } },
  contest_candidates: { refs: { person_id: PEOPLE } },
  contest_attempts: { id: 'id' },
  contest_answers: { refs: { attempt_id: 'contest_attempts' } },
  contest_time_extensions: { id: 'id', refs: { attempt_id: 'contest_attempts', by_person_id: PEOPLE } },
  contest_practical_marks: { refs: { by_person_id: PEOPLE } },
  contest_results: { refs: { person_id: PEOPLE } },
  initiatives: {
    id: 'id',
    refs: { department_id: 'departments', registered_by_id: PEOPLE, recognised_by_id: PEOPLE },
    idArrays: { author_ids: PEOPLE },
  },
  award_blockers: { id: 'id', refs: { person_id: PEOPLE, recorded_by_id: PEOPLE, lifted_by_id: PEOPLE } },
  emulation_registrations: {
    id: 'id',
    refs: { registered_by_id: PEOPLE },
    row: (row, ctx) => ({
      ...row,
      subject_id: ctx.id(row.subject_kind === 'department' ? 'departments' : PEOPLE, Number(row.subject_id), `emulation_registrations ${String(row.id)}`),
    }),
  },
  emulation_deadlines: { refs: { set_by_id: PEOPLE } },
  nominations: {
    id: 'id',
    refs: { person_id: PEOPLE, department_id: 'departments', initiative_id: 'initiatives', proposed_by_id: PEOPLE, council_id: 'councils' },
    json: ['checklist', 'file'],
  },
  councils: { id: 'id', refs: { created_by_id: PEOPLE }, json: ['members'] },
  org_periods: {
    id: 'id',
    refs: { rubric_version_id: 'rubric_versions', submitted_by_id: PEOPLE, verified_by_id: PEOPLE, approved_by_id: PEOPLE },
  },
  org_officials: { refs: { person_id: PEOPLE } },
  org_assignments: { refs: { period_id: 'org_periods', person_id: PEOPLE, assigned_by_id: PEOPLE } },
  org_answers: { refs: { period_id: 'org_periods', answered_by_id: PEOPLE, reviewed_by_id: PEOPLE } },
  org_evidence: { id: 'id', refs: { period_id: 'org_periods', added_by_id: PEOPLE } },
};

/** The rules of `tables`; a table without one is an error naming it (a new table must say how it is merged). */
export function mergeRules(tables: readonly string[]): Map<string, MergeRule> {
  const missing = tables.filter((t) => !Object.hasOwn(MERGE_RULES, t));
  if (missing.length > 0) throw new Error(`thidua db copy: no merge rule for table(s) ${missing.join(', ')} (src/store/copy-merge.ts)`);
  return new Map(tables.map((t) => [t, MERGE_RULES[t] as MergeRule]));
}

/** Applies a table's rule to one source row: ids renumbered, references and JSON rewritten; null to leave it. */
export function mergeRow(table: string, rule: MergeRule, row: CopyRow, ctx: MergeContext): CopyRow | null {
  const where = rule.id ? `${table} ${String(row[rule.id])}` : table;
  const out: CopyRow = { ...row };
  if (rule.id) out[rule.id] = ctx.id(table, Number(row[rule.id]), where);
  for (const [column, space] of Object.entries(rule.refs ?? {})) out[column] = ctx.optionalId(space, row[column] ?? null, `${where}.${column}`);
  for (const column of rule.json ?? []) out[column] = ctx.json(row[column] ?? null, `${where}.${column}`);
  for (const [column, space] of Object.entries(rule.idArrays ?? {})) {
    const value = row[column];
    if (typeof value !== 'string') continue;
    const ids = JSON.parse(value) as unknown;
    if (!Array.isArray(ids)) throw new Error(`${where}.${column}: expected a JSON array of ids`);
    out[column] = JSON.stringify(ids.map((v) => (typeof v === 'number' ? ctx.id(space, v, `${where}.${column}`) : v)));
  }
  return rule.row ? rule.row(out, ctx) : out;
}

/** Rewrites the ids of a parsed JSON value by key name (see {@link JSON_ID_KEYS}). */
export function rewriteJsonIds(value: unknown, map: (space: string, id: number) => number, periodSpace = 'periods'): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteJsonIds(v, map, periodSpace));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const space = key === 'periodId' ? periodSpace : (JSON_ID_KEYS[key] ?? (PERSON_KEY.test(key) ? PEOPLE : undefined));
    if (space && typeof v === 'number' && Number.isInteger(v)) out[key] = map(space, v);
    else if (space && Array.isArray(v) && v.every((x) => typeof x === 'number')) out[key] = v.map((x: number) => map(space, x));
    else out[key] = rewriteJsonIds(v, map, periodSpace);
  }
  return out;
}

function auditEntityId(type: string, entityId: string, ctx: MergeContext, where: string): string {
  const how = AUDIT_ENTITY[type];
  if (how === null) return entityId;
  if (how === undefined) {
    if (!/\d/.test(entityId.split(':')[0] ?? '')) return entityId;
    throw new Error(`${where}: entity_type '${type}' has no rule in AUDIT_ENTITY (src/store/copy-merge.ts)`);
  }
  const [head = '', ...rest] = entityId.split(':');
  if (!/^\d+$/.test(head)) return entityId;
  const mapped = String(ctx.id(how.space, Number(head), where));
  return how.prefix ? [mapped, ...rest].join(':') : mapped;
}

function honourContent(text: CopyValue, ctx: MergeContext, where: string): CopyValue {
  const rewritten = ctx.json(text, where);
  if (typeof rewritten !== 'string') return rewritten;
  const content = JSON.parse(rewritten) as { targets?: Record<string, unknown> };
  if (!content.targets || typeof content.targets !== 'object') return rewritten;
  const targets: Record<string, unknown> = {};
  for (const [key, state] of Object.entries(content.targets)) {
    targets[/^\d+$/.test(key) ? String(ctx.id('announcement_targets', Number(key), where)) : key] = state;
  }
  return JSON.stringify({ ...content, targets });
}
