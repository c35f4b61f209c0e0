/**
 * `thidua db copy`: a unit's whole database (SQLite) merged into another (the province's PostgreSQL, which may
 * already hold other units), evidence files included, verified before anything is committed.
 *
 * Order of work, and why:
 * 1. Refuse early, before writing anything (src/store/copy-refusals.ts): the two databases must have the same
 *    tables and columns (same migrations) and every table a merge rule (src/store/copy-merge.ts); the source must be
 *    drained (no message being sent or due, no event waiting); the target must not know the unit's code, a person's
 *    phone or chat link, a group chat, a contest run, or a rubric version under the same name with other content.
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
 * other units'), so it does not depend on how each database orders text keys. What the copy takes and reports,
 * and its errors, are in src/store/copy-report.ts.
 */
import { createHash } from 'node:crypto';
import { mergeRow, mergeRules, rewriteJsonIds, type MergeContext, type MergeRule } from './copy-merge.js';
import { checkSameTables, refuseConflicts, refuseUndrained, sourceUnits } from './copy-refusals.js';
import {
  CopyRefusedError,
  CopyVerificationError,
  type CopyOptions,
  type CopyReport,
  type EvidenceCopyReport,
  type EvidenceFileRef,
  type TableCopyReport,
} from './copy-report.js';
import type { ColumnKind, CopyTable, CopyValue, TableSource, TableTarget, TargetSession } from './table-copy.js';

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
