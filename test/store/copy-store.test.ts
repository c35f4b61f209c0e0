/**
 * The copy's orchestration (src/store/copy-store.ts) on in-memory source and target: ids taken from the target's
 * sequence and every reference following them, JSON compared by meaning (key order is not kept by jsonb), a value
 * changed on the way is found and nothing is committed, a row missing on the target is found, different schemas,
 * a unit already in the target and an undrained source are refused before anything is written. The real
 * SQLite → PostgreSQL copy is in db-copy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CopyRefusedError, CopyVerificationError } from '../../src/store/copy-report.js';
import { canonicalJson, copyStore } from '../../src/store/copy-store.js';
import type { CopyTable, CopyValue, TableSource, TableTarget } from '../../src/store/table-copy.js';

const TABLES: CopyTable[] = [
  { name: 'units', columns: [{ name: 'id', kind: 'text' }, { name: 'settings', kind: 'json' }], primaryKey: ['id'] },
  {
    name: 'people',
    columns: [{ name: 'id', kind: 'integer' }, { name: 'unit_id', kind: 'text' }, { name: 'phone', kind: 'text' }, { name: 'active', kind: 'boolean' }],
    primaryKey: ['id'],
  },
  { name: 'outbox', columns: [{ name: 'id', kind: 'integer' }, { name: 'status', kind: 'text' }, { name: 'next_attempt_at', kind: 'integer' }], primaryKey: ['id'] },
  {
    name: 'conversations',
    columns: [{ name: 'chat_key', kind: 'text' }, { name: 'person_id', kind: 'integer' }, { name: 'schema_version', kind: 'integer' }, { name: 'state', kind: 'text' }, { name: 'updated_at', kind: 'integer' }],
    primaryKey: ['chat_key'],
  },
];
const EMPTY = ['inbound_events', 'chat_accounts', 'announcement_targets', 'contest_runs', 'rubric_versions'];
const RESET = { schemaVersion: 2, state: '{"dialog":{"type":"idle"}}' };

function source(rows: Record<string, CopyValue[][]>, tables = TABLES): TableSource {
  return {
    description: 'nguồn',
    tables: () => tables,
    async *rows(table, columns) {
      if (EMPTY.includes(table)) return;
      const meta = tables.find((t) => t.name === table);
      const at = columns.map((c) => meta?.columns.findIndex((x) => x.name === c) ?? -1);
      yield (rows[table] ?? []).map((r) => at.map((i) => r[i] ?? null));
    },
    close: async () => {},
  };
}

/** A target keeping rows in memory (ids from 100 on); `alter` changes what it stores, `drop` loses rows. */
function target(options: { existing?: Record<string, CopyValue[][]>; alter?: (table: string, row: CopyValue[]) => CopyValue[]; drop?: boolean } = {}) {
  const committed: Record<string, CopyValue[][]> = structuredClone(options.existing ?? {});
  let next = 100;
  const t: TableTarget & { committed: typeof committed } = {
    description: 'đích',
    committed,
    tables: () => TABLES,
    async transaction(fn) {
      const working: Record<string, CopyValue[][]> = structuredClone(committed);
      const dropped: Record<string, number> = {};
      const result = await fn({
        async insert(table, _columns, rows) {
          const stored = rows.map((r) => (options.alter ? options.alter(table, r) : r));
          (working[table] ??= []).push(...(options.drop ? stored.slice(1) : stored));
          // A lossy database that still counts what it lost.
          if (options.drop) dropped[table] = (dropped[table] ?? 0) + 1;
        },
        async *rows(table) {
          yield working[table] ?? [];
        },
        async rowsWhere(table, columns, column, values) {
          const meta = TABLES.find((x) => x.name === table);
          if (!meta) return [];
          const at = columns.map((c) => meta.columns.findIndex((x) => x.name === c));
          const key = meta.columns.findIndex((x) => x.name === column);
          return (working[table] ?? []).filter((r) => values.includes(r[key] ?? null)).map((r) => at.map((i) => r[i] ?? null));
        },
        count: async (table) => (working[table]?.length ?? 0) + (dropped[table] ?? 0),
        allocateIds: async (_table, _column, n) => Array.from({ length: n }, () => next++),
      });
      Object.assign(committed, working);
      return result;
    },
    close: async () => {},
  };
  return t;
}

const ROWS = {
  units: [['stttt', '{"b":1,"chain":{"directorReviewer":2}}']],
  people: [
    [1, 'stttt', '0911000001', true],
    [2, 'stttt', null, false],
  ],
  outbox: [
    [1, 'sent', 0],
    [2, 'pending', Date.UTC(2030, 0, 1)],
  ],
  conversations: [
    ['telegram:1', 1, 2, '{"dialog":{"type":"workflow"}}', 5],
    ['telegram:9', null, 2, '{"dialog":{"type":"workflow"}}', 5],
  ],
};

describe('copyStore', () => {
  it('gives every row an id from the target, rewrites the ids inside JSON, compares JSON by meaning', async () => {
    // The target re-orders JSON keys, as jsonb does.
    const to = target({
      existing: { units: [['khac', '{}']], people: [[1, 'khac', '0911999999', true]], conversations: [['telegram:9', 1, 2, '{"dialog":{"type":"idle"}}', 7]] },
      alter: (table, row) => (table === 'units' ? [row[0] ?? null, '{"chain":{"directorReviewer":101},"b":1}'] : row),
    });
    const report = await copyStore(source(ROWS), to, { conversationReset: RESET, now: Date.UTC(2026, 0, 1) });
    expect(report.units).toEqual(['stttt']);
    expect(report.tables.map((t) => [t.table, t.rows])).toEqual([
      ['units', 1],
      ['people', 2],
      ['outbox', 2],
      ['conversations', 1],
    ]);
    expect(report.tables.find((t) => t.table === 'conversations')?.left).toBe(1);
    // Chats start again at the menu; a chat the target already knows keeps the target's state.
    expect(to.committed.conversations).toEqual([
      ['telegram:9', 1, 2, '{"dialog":{"type":"idle"}}', 7],
      ['telegram:1', 100, RESET.schemaVersion, RESET.state, Date.UTC(2026, 0, 1)],
    ]);
    expect(report.tables.every((t) => /^[0-9a-f]{64}$/.test(t.checksum))).toBe(true);
    expect(to.committed.people).toEqual([
      [1, 'khac', '0911999999', true],
      [100, 'stttt', '0911000001', true],
      [101, 'stttt', null, false],
    ]);
    // A message held for later is kept as failed: the target never sends it.
    expect(to.committed.outbox?.map((r) => r[1])).toEqual(['sent', 'failed']);
  });

  it('finds a value changed on the way and commits nothing', async () => {
    const to = target({ alter: (table, row) => (table === 'people' && row[2] === null ? [row[0] ?? null, 'stttt', null, true] : row) });
    await expect(copyStore(source(ROWS), to, { conversationReset: RESET })).rejects.toThrow(CopyVerificationError);
    await expect(copyStore(source(ROWS), to, { conversationReset: RESET })).rejects.toThrow(/people: dòng \[\d+\] ở đích khác với nguồn/);
    expect(to.committed).toEqual({});
  });

  it('removes the evidence files it wrote when the rows roll back (and only those)', async () => {
    const undone: string[][] = [];
    const evidence = {
      copy: async () => ({ copied: 1, alreadyThere: 1, missing: [], mismatched: [], created: ['evidence/ab/moi.pdf'] }),
      undo: async (paths: string[]) => void undone.push(paths),
    };
    const to = target({ drop: true });
    await expect(copyStore(source(ROWS), to, { conversationReset: RESET, evidence })).rejects.toThrow(CopyVerificationError);
    expect(undone).toEqual([['evidence/ab/moi.pdf']]);
    const report = await copyStore(source(ROWS), target(), { conversationReset: RESET, evidence });
    expect(report.files?.created).toEqual(['evidence/ab/moi.pdf']);
    expect(undone).toHaveLength(1);
  });

  it('finds a row the target lost and commits nothing', async () => {
    const to = target({ drop: true });
    await expect(copyStore(source(ROWS), to, { conversationReset: RESET })).rejects.toThrow(/units: 1 dòng của nguồn không có ở đích/);
    expect(to.committed).toEqual({});
  });

  it('refuses different schemas, a unit or phone the target has, and an undrained outbox, before writing', async () => {
    const other = [TABLES[0]!, { ...TABLES[1]!, columns: TABLES[1]!.columns.slice(0, 2) }, TABLES[2]!, TABLES[3]!];
    await expect(copyStore(source(ROWS, other), target(), { conversationReset: RESET })).rejects.toThrow(/không cùng cấu trúc \(bảng people có các cột khác nhau\)/);
    const same = target({ existing: { units: [['stttt', '{}']] } });
    await expect(copyStore(source(ROWS), same, { conversationReset: RESET })).rejects.toThrow(CopyRefusedError);
    await expect(copyStore(source(ROWS), same, { conversationReset: RESET })).rejects.toThrow('mã đơn vị stttt đã có ở cơ sở dữ liệu đích');
    const phone = target({ existing: { units: [['khac', '{}']], people: [[7, 'khac', '0911000001', true]] } });
    await expect(copyStore(source(ROWS), phone, { conversationReset: RESET })).rejects.toThrow('số điện thoại …001 của người mã 1 ở nguồn đã thuộc đơn vị khac ở đích');
    const due = { ...ROWS, outbox: [[1, 'pending', 0]] };
    await expect(copyStore(source(due), target(), { conversationReset: RESET })).rejects.toThrow('hộp thư đi còn 1 tin đang gửi hoặc đến hạn gửi');
    expect(same.committed.people).toBeUndefined();
    expect(phone.committed.people).toHaveLength(1);
  });

  it('canonical JSON sorts keys at every level and keeps arrays in order', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 2 }], a: 'á' })).toBe('{"a":"á","b":[3,{"c":2,"d":1}]}');
    expect(canonicalJson(null)).toBe('null');
  });
});
