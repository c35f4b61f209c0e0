/**
 * The copy's orchestration (src/store/copy-store.ts) on in-memory source and target: JSON compared by meaning (key
 * order is not kept by jsonb), a value changed on the way is found and nothing is committed, a row missing on the
 * target is found, different schemas and a non-empty target are refused before anything is written. The real
 * SQLite → PostgreSQL copy is in db-copy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, copyStore, CopyRefusedError, CopyVerificationError } from '../../src/store/copy-store.js';
import type { CopyTable, CopyValue, TableSource, TableTarget } from '../../src/store/table-copy.js';

const TABLES: CopyTable[] = [
  { name: 'units', columns: [{ name: 'id', kind: 'text' }, { name: 'settings', kind: 'json' }], primaryKey: ['id'] },
  {
    name: 'people',
    columns: [{ name: 'id', kind: 'integer' }, { name: 'unit_id', kind: 'text' }, { name: 'active', kind: 'boolean' }],
    primaryKey: ['id'],
  },
];

function source(rows: Record<string, CopyValue[][]>, tables = TABLES): TableSource {
  return {
    description: 'nguồn',
    tables: () => tables,
    async *rows(table) {
      yield rows[table] ?? [];
    },
    highestIds: async () => new Map([['people', 9]]),
    close: async () => {},
  };
}

/** A target keeping rows in memory; `alter` changes what it stores (a lossy database), `drop` loses rows. */
function target(options: { existing?: Record<string, CopyValue[][]>; alter?: (table: string, row: CopyValue[]) => CopyValue[]; drop?: boolean } = {}) {
  const committed: Record<string, CopyValue[][]> = structuredClone(options.existing ?? {});
  let sequences: Map<string, number> | null = null;
  const t: TableTarget & { committed: typeof committed; sequences: () => Map<string, number> | null } = {
    description: 'đích',
    committed,
    sequences: () => sequences,
    tables: () => TABLES,
    counts: async () => new Map(TABLES.map((x) => [x.name, committed[x.name]?.length ?? 0])),
    async transaction(fn) {
      const working: Record<string, CopyValue[][]> = structuredClone(committed);
      let seq: Map<string, number> | null = null;
      const result = await fn({
        async insert(table, _columns, rows) {
          const stored = rows.map((r) => (options.alter ? options.alter(table, r) : r));
          (working[table] ??= []).push(...(options.drop ? stored.slice(1) : stored));
        },
        async *rows(table) {
          yield working[table] ?? [];
        },
        count: async (table) => (working[table]?.length ?? 0) + (options.drop ? 1 : 0),
        async resetSequences(ids) {
          seq = ids;
        },
      });
      Object.assign(committed, working);
      sequences = seq;
      return result;
    },
    close: async () => {},
  };
  return t;
}

const ROWS = {
  units: [['stttt', '{"b":1,"a":{"y":[1,2],"x":null}}']],
  people: [
    [1, 'stttt', true],
    [2, 'stttt', false],
  ],
};

describe('copyStore', () => {
  it('copies every table, comparing JSON by meaning, and moves the sequences', async () => {
    // The target re-orders JSON keys, as jsonb does.
    const to = target({ alter: (table, row) => (table === 'units' ? [row[0] ?? null, '{"a":{"x":null,"y":[1,2]},"b":1}'] : row) });
    const report = await copyStore(source(ROWS), to);
    expect(report.tables.map((t) => [t.table, t.rows])).toEqual([
      ['units', 1],
      ['people', 2],
    ]);
    expect(report.tables.every((t) => /^[0-9a-f]{64}$/.test(t.checksum))).toBe(true);
    expect(to.committed.people).toHaveLength(2);
    expect(to.sequences()?.get('people')).toBe(9);
  });

  it('finds a value changed on the way and commits nothing', async () => {
    const to = target({ alter: (table, row) => (table === 'people' && row[0] === 2 ? [2, 'stttt', true] : row) });
    await expect(copyStore(source(ROWS), to)).rejects.toThrow(CopyVerificationError);
    await expect(copyStore(source(ROWS), to)).rejects.toThrow('people: dòng [2] ở đích khác với nguồn');
    expect(to.committed).toEqual({});
  });

  it('finds a row the target lost and commits nothing', async () => {
    const to = target({ drop: true });
    await expect(copyStore(source(ROWS), to)).rejects.toThrow(/units: 1 dòng của nguồn không có ở đích/);
    expect(to.committed).toEqual({});
  });

  it('refuses different schemas and a non-empty target before writing; --allow-non-empty adds to what is there', async () => {
    const other = [TABLES[0]!, { ...TABLES[1]!, columns: TABLES[1]!.columns.slice(0, 2) }];
    await expect(copyStore(source(ROWS, other), target())).rejects.toThrow(/không cùng cấu trúc \(bảng people có các cột khác nhau\)/);
    const filled = target({ existing: { units: [['khac', '{}']] } });
    await expect(copyStore(source(ROWS), filled)).rejects.toThrow(CopyRefusedError);
    await expect(copyStore(source(ROWS), filled)).rejects.toThrow('Cơ sở dữ liệu đích đã có dữ liệu (units: 1)');
    const report = await copyStore(source(ROWS), filled, { allowNonEmpty: true });
    expect(report.tables.find((t) => t.table === 'units')?.rows).toBe(1);
    expect(filled.committed.units).toHaveLength(2);
  });

  it('canonical JSON sorts keys at every level and keeps arrays in order', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 2 }], a: 'á' })).toBe('{"a":"á","b":[3,{"c":2,"d":1}]}');
    expect(canonicalJson(null)).toBe('null');
  });
});
