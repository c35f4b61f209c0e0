/**
 * `thidua db copy`: a unit's whole database (SQLite) merged into another (the province's PostgreSQL, which may
 * already hold other units), evidence files included, verified before anything is committed.
 *
 * Order of work, and why:
 * 1. Refuse early, before writing anything: the two databases must have the same tables and columns (same
 *    migrations) and every table a merge rule (src/store/copy-merge.ts); the source must be drained (no message
 *    being sent or due, no event waiting); the target must not know the unit's code, a person's phone or chat
 *    link, a group chat, a contest run, or a rubric version under the same name with other content.
 * 2. In ONE target transaction (one snapshot): new ids for every copied row from the target's sequences; the
 *    evidence files written to the target's file store BEFORE the rows that name them (content-addressed, so a
 *    repeat is harmless; removed again at once when the transaction fails); then each table in dependency order,
 *    rows rewritten by their rule (ids, references, ids inside JSON and text) and inserted in batches; after each
 *    table its count is checked and the copied rows are read back and compared with what was meant to be written,
 *    row by row (a digest per row, found by primary key). Any difference throws, and the transaction rolls back:
 *    the target is left as it was.
 *
 * Rows are compared in a form both dialects agree on (src/store/table-copy.ts): booleans as booleans, int8 as
 * numbers, JSON parsed and re-serialised with sorted keys (PostgreSQL's jsonb does not keep key order). The
 * checksum of a table is the sha256 of the copied rows' digests sorted (the moved unit's rows, not the target's
 * other units'), so it does not depend on how each database orders text keys.
 */
import { createHash } from 'node:crypto';
import { mergeRow, mergeRules, rewriteJsonIds, type MergeContext, type MergeRule } from './copy-merge.js';
import type { ColumnKind, CopyTable, CopyValue, TableSource, TableTarget, TargetSession } from './table-copy.js';

/** An evidence file the copied rows refer to. */
export interface EvidenceFileRef {
  path: string;
  sha256: string;
  size: number;
}

/** What happened to the evidence files. */
export interface EvidenceCopyReport {
  /** Written to the target store by this copy. */
  copied: number;
  /** Already in the target store (the same content). */
  alreadyThere: number;
  /** Named by a row but not in the source folder. */
  missing: string[];
  /** In the source folder with other content than the row's sha256. */
  mismatched: string[];
  /** Paths this copy wrote (removed again if the rows are rolled back). */
  created: string[];
}

/** Copies the evidence files (the file stores are the caller's: a local folder to a bucket, or to a folder). */
export interface EvidenceCopier {
  copy(files: EvidenceFileRef[]): Promise<EvidenceCopyReport>;
  /** Removes files this copy wrote (its rows were rolled back, so nothing of it names them). Never throws. */
  undo(paths: string[]): Promise<void>;
}

export interface TableCopyReport {
  table: string;
  /** Rows copied (with their new ids). */
  rows: number;
  /** Source rows left behind by the table's rule (a chat the target already knows, deployment-wide job slots). */
  left: number;
  /** sha256 (hex) of the table's sorted row digests; equal on both sides. */
  checksum: string;
}

export interface CopyReport {
  source: string;
  target: string;
  /** The units moved (the counts and checksums are of their rows only, not of the target's other units). */
  units: string[];
  tables: TableCopyReport[];
  /** Tables not copied, with the reason (machine state of the source: leases, tokens, keyboards…). */
  skipped: { table: string; reason: string }[];
  files: EvidenceCopyReport | null;
}

export interface CopyOptions {
  /** Rows per batch (default 1,000). */
  batchSize?: number;
  /** Evidence files; without it only rows are copied. */
  evidence?: EvidenceCopier;
  /** The conversation state every copied chat starts from (the menu; the caller knows the engine's format). */
  conversationReset: { schemaVersion: number; state: string };
  /** The copy's time (default now): what the source's outbox still holds for later is "held", what is due is not. */
  now?: number;
  /** Called after each table is copied and verified (progress for the CLI). */
  onTable?: (report: TableCopyReport) => void;
}

/** The copy cannot start: different schemas, a unit or a person already in the target, an undrained source. Nothing was written. */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

/** The target does not hold what was copied. The transaction was rolled back: nothing was written. */
export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}

export async function copyStore(source: TableSource, target: TableTarget, options: CopyOptions): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 1_000;
  const now = options.now ?? Date.now();
  const tables = target.tables();
  checkSameTables(source.tables(), tables);
  const rules = mergeRules(tables.map((t) => t.name));
  const unitIds = await sourceUnits(source, batchSize);
  await refuseUndrained(source, now, batchSize);

  const written: { files: EvidenceCopyReport | null } = { files: null };
  try {
    const result = await target.transaction(async (session) => {
      // Nothing is written before these checks pass (and a refusal rolls the transaction back anyway).
      const reused = await refuseConflicts(source, session, unitIds, batchSize);
      const ids = await allocateIds(source, session, tables, rules, reused, batchSize);
      // The files before the rows that name them (content-addressed: a file already there is not written again).
      if (options.evidence) written.files = await options.evidence.copy(await evidenceFiles(source, batchSize));
      const ctx = mergeContext(ids, { conversationReset: options.conversationReset, now, unitIds, tag: [...unitIds].join('+') });
      const out: TableCopyReport[] = [];
      for (const table of tables) {
        const rule = rules.get(table.name) as MergeRule;
        if (rule.skip) continue;
        const report = await copyTable(source, session, table, rule, ctx, batchSize, table.name === 'rubric_versions' ? reused : new Map());
        out.push(report);
        options.onTable?.(report);
      }
      return out;
    });
    const skipped = tables.flatMap((t) => {
      const reason = rules.get(t.name)?.skip;
      return reason ? [{ table: t.name, reason }] : [];
    });
    return { source: source.description, target: target.description, units: [...unitIds], tables: result, skipped, files: written.files };
  } catch (error) {
    // The rows were rolled back: the files this copy wrote are orphans, removed at once (the sweep is the fallback).
    if (written.files && options.evidence) await options.evidence.undo(written.files.created).catch(() => undefined);
    throw error;
  }
}

/** One table: its rows merged (new ids, rewritten references), inserted, then read back and compared. */
async function copyTable(
  source: TableSource,
  session: TargetSession,
  table: CopyTable,
  rule: MergeRule,
  ctx: MergeContext,
  batchSize: number,
  reused: Map<number, number>,
): Promise<TableCopyReport> {
  const columns = table.columns.map((c) => c.name);
  const kinds = table.columns.map((c) => c.kind);
  const keyAt = table.primaryKey.map((k) => columns.indexOf(k));
  const first = table.primaryKey[0] ?? columns[0] ?? '';
  const before = await session.count(table.name);
  const digests = new Map<string, string>();
  const firstKeys: CopyValue[] = [];
  let left = 0;
  for await (const batch of source.rows(table.name, columns, batchSize)) {
    let merged: CopyValue[][] = [];
    for (const values of batch) {
      const row = Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]));
      // A rubric version the target already has (same content) is not copied: the copied periods point at it.
      if (rule.id && reused.has(Number(row[rule.id]))) continue;
      const out = mergeRow(table.name, rule, row, ctx);
      if (out === null) left += 1;
      else merged.push(columns.map((c) => out[c] ?? null));
    }
    if (rule.keepExisting && merged.length > 0) {
      const there = new Set((await session.rowsWhere(table.name, table.primaryKey, first, merged.map((r) => r[keyAt[0] ?? 0] ?? null))).map((r) => JSON.stringify(r)));
      const kept = merged.filter((r) => !there.has(keyOf(r, keyAt)));
      left += merged.length - kept.length;
      merged = kept;
    }
    for (const row of merged) {
      digests.set(keyOf(row, keyAt), digestOf(row, kinds));
      firstKeys.push(row[keyAt[0] ?? 0] ?? null);
    }
    if (merged.length > 0) await session.insert(table.name, columns, merged);
  }
  const after = await session.count(table.name);
  if (after !== before + digests.size) {
    throw new CopyVerificationError(`${table.name}: nguồn có ${digests.size} dòng để chép, đích có ${after - before} dòng mới`);
  }
  let matched = 0;
  const seen = new Set<string>();
  for (const row of await session.rowsWhere(table.name, columns, first, [...new Set(firstKeys)])) {
    const key = keyOf(row, keyAt);
    const expected = digests.get(key);
    if (expected === undefined || seen.has(key)) continue; // another unit's row with the same first key column
    seen.add(key);
    if (expected !== digestOf(row, kinds)) throw new CopyVerificationError(`${table.name}: dòng ${key} ở đích khác với nguồn`);
    matched += 1;
  }
  if (matched !== digests.size) {
    throw new CopyVerificationError(`${table.name}: ${digests.size - matched} dòng của nguồn không có ở đích`);
  }
  return { table: table.name, rows: digests.size, left, checksum: checksumOf([...digests.values()]) };
}

/** The units in the source (the copy moves them whole). */
async function sourceUnits(source: TableSource, batchSize: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const batch of source.rows('units', ['id'], batchSize)) for (const [id] of batch) ids.add(String(id));
  if (ids.size === 0) throw new CopyRefusedError('Cơ sở dữ liệu nguồn không có đơn vị nào: không có gì để chép.');
  return ids;
}

/**
 * Refuses a source still at work: a message being sent, or due and not sent, would be lost or sent twice (the target
 * never sends what it copies), and an event acknowledged to a platform but not processed would be lost. Messages
 * held for later (next attempt in the future: quiet hours, a retry's wait) are copied as failed.
 */
async function refuseUndrained(source: TableSource, now: number, batchSize: number): Promise<void> {
  let due = 0;
  for await (const batch of source.rows('outbox', ['status', 'next_attempt_at'], batchSize)) {
    for (const [status, next] of batch) if (status === 'sending' || (status === 'pending' && Number(next) <= now)) due += 1;
  }
  let pending = 0;
  for await (const batch of source.rows('inbound_events', ['status'], batchSize)) for (const [status] of batch) if (status === 'pending') pending += 1;
  const problems = [
    ...(due > 0 ? [`hộp thư đi còn ${due} tin đang gửi hoặc đến hạn gửi`] : []),
    ...(pending > 0 ? [`còn ${pending} tin nhắn đến chưa xử lý`] : []),
  ];
  if (problems.length > 0) {
    throw new CopyRefusedError(
      `Cơ sở dữ liệu nguồn chưa xử lý xong (${problems.join('; ')}). Hãy chạy ứng dụng ở nguồn cho đến khi gửi và xử lý hết, dừng ứng dụng rồi chép lại.`,
    );
  }
}

/**
 * Refuses an identity the target already has elsewhere: the unit's code, a person's phone or chat link, a group chat
 * registered by another unit, a contest run, a rubric version with the same name and other content. Returns the
 * source rubric versions the target already holds (source id → target id).
 */
async function refuseConflicts(source: TableSource, session: TargetSession, unitIds: Set<string>, batchSize: number): Promise<Map<number, number>> {
  const problems: string[] = [];
  const all = async (table: string, columns: string[]): Promise<CopyValue[][]> => {
    const out: CopyValue[][] = [];
    for await (const batch of source.rows(table, columns, batchSize)) out.push(...batch);
    return out;
  };
  for (const [id] of await session.rowsWhere('units', ['id'], 'id', [...unitIds])) {
    problems.push(`mã đơn vị ${String(id)} đã có ở cơ sở dữ liệu đích`);
  }
  const people = (await all('people', ['id', 'phone'])).filter(([, phone]) => typeof phone === 'string' && phone !== '');
  const phoneOwner = new Map(people.map(([id, phone]) => [String(phone), Number(id)]));
  for (const [unit, phone] of await session.rowsWhere('people', ['unit_id', 'phone'], 'phone', [...phoneOwner.keys()])) {
    problems.push(`số điện thoại …${String(phone).slice(-3)} của người mã ${phoneOwner.get(String(phone))} ở nguồn đã thuộc đơn vị ${String(unit)} ở đích`);
  }
  const accounts = await all('chat_accounts', ['person_id', 'channel', 'external_user_id']);
  const accountOwner = new Map(accounts.map(([person, channel, user]) => [`${String(channel)}:${String(user)}`, Number(person)]));
  const linked = await session.rowsWhere('chat_accounts', ['channel', 'external_user_id'], 'external_user_id', [...new Set(accounts.map((a) => a[2] ?? null))]);
  for (const [channel, user] of linked) {
    const owner = accountOwner.get(`${String(channel)}:${String(user)}`);
    if (owner !== undefined) problems.push(`tài khoản ${String(channel)} của người mã ${owner} ở nguồn đã liên kết với một người khác ở đích`);
  }
  const groups = await all('announcement_targets', ['channel', 'chat_id']);
  const groupKeys = new Set(groups.map(([channel, chat]) => `${String(channel)}:${String(chat)}`));
  for (const [channel, chat, unit] of await session.rowsWhere('announcement_targets', ['channel', 'chat_id', 'unit_id'], 'chat_id', [...new Set(groups.map((g) => g[1] ?? null))])) {
    if (groupKeys.has(`${String(channel)}:${String(chat)}`)) problems.push(`nhóm ${String(channel)} ${String(chat)} đã được đơn vị ${String(unit)} đăng ký ở đích`);
  }
  const contests = (await all('contest_runs', ['contest_id'])).map(([id]) => id ?? null);
  for (const [id] of await session.rowsWhere('contest_runs', ['contest_id'], 'contest_id', contests)) problems.push(`hội thi ${String(id)} đã có ở đích`);

  const reused = new Map<number, number>();
  const versions = await all('rubric_versions', ['id', 'rubric_id', 'version', 'sha256']);
  const there = await session.rowsWhere('rubric_versions', ['id', 'rubric_id', 'version', 'sha256'], 'rubric_id', [...new Set(versions.map((v) => v[1] ?? null))]);
  for (const [id, rubric, version, sha] of versions) {
    const same = there.find((t) => t[1] === rubric && t[2] === version);
    if (!same) continue;
    if (same[3] === sha) reused.set(Number(id), Number(same[0]));
    else problems.push(`bộ tiêu chí ${String(rubric)} phiên bản ${String(version)} ở đích có nội dung khác với nguồn`);
  }
  if (problems.length > 0) {
    throw new CopyRefusedError(`Không thể ghép vào cơ sở dữ liệu đích: ${problems.join('; ')}. Chưa ghi gì.`);
  }
  return reused;
}

/** New ids for every copied row of every table with a generated id, from the target's sequences, in source order. */
async function allocateIds(
  source: TableSource,
  session: TargetSession,
  tables: CopyTable[],
  rules: Map<string, MergeRule>,
  reused: Map<number, number>,
  batchSize: number,
): Promise<Map<string, Map<number, number>>> {
  const maps = new Map<string, Map<number, number>>();
  for (const table of tables) {
    const rule = rules.get(table.name);
    if (!rule?.id || rule.skip) continue;
    const map = new Map<number, number>(table.name === 'rubric_versions' ? reused : []);
    const old: number[] = [];
    for await (const batch of source.rows(table.name, [rule.id], batchSize)) {
      for (const [id] of batch) if (!map.has(Number(id))) old.push(Number(id));
    }
    const fresh = await session.allocateIds(table.name, rule.id, old.length);
    old.forEach((id, i) => map.set(id, fresh[i] as number));
    maps.set(table.name, map);
  }
  return maps;
}

function mergeContext(maps: Map<string, Map<number, number>>, fixed: Omit<MergeContext, 'id' | 'optionalId' | 'json'>): MergeContext {
  const id = (space: string, oldId: number, where: string): number => {
    const found = maps.get(space)?.get(oldId);
    if (found === undefined) throw new CopyRefusedError(`${where}: tham chiếu tới ${space} ${oldId}, không có ở nguồn (không thể đánh số lại). Chưa ghi gì.`);
    return found;
  };
  return {
    ...fixed,
    id,
    optionalId: (space, oldId, where) => (oldId === null ? null : id(space, Number(oldId), where)),
    json: (text, where, periodSpace) => {
      if (typeof text !== 'string') return text;
      return JSON.stringify(rewriteJsonIds(JSON.parse(text) as unknown, (space, old) => id(space, old, where), periodSpace));
    },
  };
}

/** The same tables with the same column names on both sides; otherwise the two are at different migrations. */
function checkSameTables(source: CopyTable[], target: CopyTable[]): void {
  const problems: string[] = [];
  const sourceByName = new Map(source.map((t) => [t.name, t]));
  for (const t of target) {
    const s = sourceByName.get(t.name);
    if (!s) {
      problems.push(`bảng ${t.name} không có ở nguồn`);
      continue;
    }
    const names = (table: CopyTable) => table.columns.map((c) => c.name).sort().join(',');
    if (names(s) !== names(t)) problems.push(`bảng ${t.name} có các cột khác nhau`);
  }
  for (const s of source) if (!target.some((t) => t.name === s.name)) problems.push(`bảng ${s.name} không có ở đích`);
  if (problems.length > 0) {
    throw new CopyRefusedError(`Hai cơ sở dữ liệu không cùng cấu trúc (${problems.join('; ')}). Hãy cập nhật Thi Đua Số ở cả hai phía.`);
  }
}

/** The files the source's rows name (each path once): evidence, organisation-index evidence, initiatives' lists. */
async function evidenceFiles(source: TableSource, batchSize: number): Promise<EvidenceFileRef[]> {
  const byPath = new Map<string, EvidenceFileRef>();
  const add = (path: unknown, sha256: unknown, size: unknown): void => {
    if (typeof path === 'string' && typeof sha256 === 'string') byPath.set(path, { path, sha256, size: typeof size === 'number' ? size : 0 });
  };
  for (const table of ['evidence', 'org_evidence']) {
    for await (const batch of source.rows(table, ['kind', 'file_path', 'sha256', 'size'], batchSize)) {
      for (const [kind, path, sha256, size] of batch) if (kind === 'file') add(path, sha256, size);
    }
  }
  for await (const batch of source.rows('initiatives', ['evidence'], batchSize)) {
    for (const [text] of batch) {
      const items = typeof text === 'string' ? (JSON.parse(text) as unknown) : null;
      if (!Array.isArray(items)) continue;
      for (const item of items as Record<string, unknown>[]) if (item?.kind === 'file') add(item.path, item.sha256, item.size);
    }
  }
  return [...byPath.values()];
}

function normalise(value: CopyValue, kind: ColumnKind): CopyValue {
  if (kind !== 'json' || typeof value !== 'string') return value;
  return canonicalJson(JSON.parse(value) as unknown);
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function digestOf(row: CopyValue[], kinds: ColumnKind[]): string {
  const normalised = row.map((value, i) => normalise(value, kinds[i] ?? 'text'));
  return createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
}

function keyOf(row: CopyValue[], keyAt: number[]): string {
  return JSON.stringify(keyAt.map((i) => row[i] ?? null));
}

function checksumOf(digests: string[]): string {
  return createHash('sha256').update(digests.sort().join('\n')).digest('hex');
}
