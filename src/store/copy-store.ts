/**
 * `thidua db copy`: every row of every table from one database to another (SQLite → PostgreSQL, so a unit that
 * started on its own can join the province), evidence files included, verified before anything is committed.
 *
 * Order of work, and why:
 * 1. Refuse early: the two databases must have the same tables and columns (same migrations), and the target must
 *    be empty unless the operator says otherwise (`allowNonEmpty`; then any row that collides with one already
 *    there aborts the copy).
 * 2. Evidence files first (to the target's file store, content-addressed, so a repeat is harmless): an evidence
 *    row must never exist without its bytes.
 * 3. In ONE target transaction: each table in dependency order, rows in batches with their ids; after each table
 *    the target's rows are read back and compared with the source's row by row (a digest per row, found by primary
 *    key), and its count checked; then the id sequences are moved past the copied ids. Any difference throws, and
 *    the transaction rolls back: the target is left as it was.
 *
 * Rows are compared in a form both dialects agree on (src/store/table-copy.ts): booleans as booleans, int8 as
 * numbers, JSON parsed and re-serialised with sorted keys (PostgreSQL's jsonb does not keep key order). The
 * checksum of a table is the sha256 of its rows' digests sorted, so it does not depend on how each database
 * orders text keys.
 */
import { createHash } from 'node:crypto';
import type { ColumnKind, CopyTable, CopyValue, TableSource, TableTarget } from './table-copy.js';

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
}

/** Copies the evidence files (the file stores are the caller's: a local folder to a bucket, or to a folder). */
export interface EvidenceCopier {
  copy(files: EvidenceFileRef[]): Promise<EvidenceCopyReport>;
}

export interface TableCopyReport {
  table: string;
  rows: number;
  /** sha256 (hex) of the table's sorted row digests; equal on both sides. */
  checksum: string;
}

export interface CopyReport {
  source: string;
  target: string;
  tables: TableCopyReport[];
  files: EvidenceCopyReport | null;
}

export interface CopyOptions {
  /** Copy into a database that already has rows (a collision aborts everything). Default false. */
  allowNonEmpty?: boolean;
  /** Rows per batch (default 1,000). */
  batchSize?: number;
  /** Evidence files; without it only rows are copied. */
  evidence?: EvidenceCopier;
  /** Called after each table is copied and verified (progress for the CLI). */
  onTable?: (report: TableCopyReport) => void;
}

/** The copy cannot start: different schemas, or a non-empty target. Nothing was written. */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

/** The target does not hold what was copied. The transaction was rolled back: nothing was written. */
export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}

export async function copyStore(source: TableSource, target: TableTarget, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 1_000;
  const tables = target.tables();
  checkSameTables(source.tables(), tables);

  const counts = await target.counts();
  const filled = [...counts].filter(([, n]) => n > 0);
  if (filled.length > 0 && !options.allowNonEmpty) {
    throw new CopyRefusedError(
      `Cơ sở dữ liệu đích đã có dữ liệu (${filled.map(([t, n]) => `${t}: ${n}`).join(', ')}). ` +
        'Hãy chép vào một cơ sở dữ liệu mới, hoặc thêm --allow-non-empty nếu chắc chắn muốn chép thêm vào.',
    );
  }

  const files = options.evidence ? await options.evidence.copy(await evidenceFiles(source, batchSize)) : null;

  const reports = await target.transaction(async (session) => {
    const out: TableCopyReport[] = [];
    for (const table of tables) {
      const columns = table.columns.map((c) => c.name);
      const kinds = table.columns.map((c) => c.kind);
      const keyAt = table.primaryKey.map((k) => columns.indexOf(k));
      const before = filled.length > 0 ? await session.count(table.name) : 0;
      const digests = new Map<string, string>();
      for await (const batch of source.rows(table.name, columns, batchSize)) {
        for (const row of batch) digests.set(keyOf(row, keyAt), digestOf(row, kinds));
        await session.insert(table.name, columns, batch);
      }
      const after = await session.count(table.name);
      if (after !== before + digests.size) {
        throw new CopyVerificationError(`${table.name}: nguồn có ${digests.size} dòng, đích có ${after - before} dòng mới`);
      }
      let matched = 0;
      for await (const batch of session.rows(table.name, columns, batchSize)) {
        for (const row of batch) {
          const expected = digests.get(keyOf(row, keyAt));
          if (expected === undefined) continue; // a row that was there before (allowNonEmpty)
          if (expected !== digestOf(row, kinds)) {
            throw new CopyVerificationError(`${table.name}: dòng ${keyOf(row, keyAt)} ở đích khác với nguồn`);
          }
          matched += 1;
        }
      }
      if (matched !== digests.size) {
        throw new CopyVerificationError(`${table.name}: ${digests.size - matched} dòng của nguồn không có ở đích`);
      }
      const report = { table: table.name, rows: digests.size, checksum: checksumOf([...digests.values()]) };
      out.push(report);
      options.onTable?.(report);
    }
    await session.resetSequences(await source.highestIds());
    return out;
  });
  return { source: source.description, target: target.description, tables: reports, files };
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

/** The files the source's evidence rows name (each path once). */
async function evidenceFiles(source: TableSource, batchSize: number): Promise<EvidenceFileRef[]> {
  const byPath = new Map<string, EvidenceFileRef>();
  for await (const batch of source.rows('evidence', ['kind', 'file_path', 'sha256', 'size'], batchSize)) {
    for (const [kind, path, sha256, size] of batch) {
      if (kind !== 'file' || typeof path !== 'string' || typeof sha256 !== 'string') continue;
      byPath.set(path, { path, sha256, size: typeof size === 'number' ? size : 0 });
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
