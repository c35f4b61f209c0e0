/**
 * Seeds a small unit for tests: a unit, departments (with a leader in charge), people with roles and phones,
 * and an open period scored with a rubric (default: seed 000 "Chiến binh số" from flows/). Reusable by every
 * area's tests; everything is overridable.
 *
 * Everything goes through the store's repositories in one unit of work (the period through `openPeriod`, like the
 * CLI does), so the same seed works on SQLite and on PostgreSQL.
 */
import { openPeriod } from '../../src/periods/open-period.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import type { Role, Rubric } from '../../src/scoring/rubric-schema.js';
import type { PeriodRecord } from '../../src/store/periods.js';
import type { Store } from '../../src/store/store.js';

/** What `seedUnit` needs of a store: a unit of work (any dialect). */
export type SeedStore = Pick<Store, 'transaction'>;

export const SEED_000_RUBRIC_FILE = 'flows/dak-nong-chien-binh-so-2024.yaml';

/** The department of seed 000 Phụ lục 02 (criterion I.2 has sub-levels there). */
export const DEPT_WITH_SUBLEVELS = 'Phòng Thông tin, Báo chí – Xuất bản';

export interface SeedPerson {
  /** Key in the returned `people` map. */
  key: string;
  fullName: string;
  phone?: string | null;
  /** Index into `departments`, or null for none. */
  department: number | null;
  roles: Role[];
}

export interface SeedUnitOptions {
  unitId?: string;
  unitName?: string;
  rubric?: Rubric;
  /** `2026-Q4`; null = no period. */
  periodCode?: string | null;
  departments?: string[];
  people?: SeedPerson[];
  /** Key of the person who is every department's leader in charge (default `leader`). */
  leaderInCharge?: string | null;
  /**
   * The unit rule `listOrder` (issue 17 item 8). Default here `parallel`: most tests are about other steps and let
   * the office accept a list before the leader's comment; tests of the seed's order pass `leader-first`.
   */
  listOrder?: 'leader-first' | 'parallel';
}

export interface SeededUnit {
  unitId: string;
  departmentIds: number[];
  people: Record<string, number>;
  period: PeriodRecord | null;
  rubric: Rubric;
}

/** Two departments: index 0 has Phụ lục 02 sub-levels, index 1 is the office. */
export const DEFAULT_DEPARTMENTS = [DEPT_WITH_SUBLEVELS, 'Văn phòng Sở'];

export const DEFAULT_PEOPLE: SeedPerson[] = [
  { key: 'head', fullName: 'Nguyễn Văn Trưởng', phone: '0912000001', department: 0, roles: ['head', 'staff'] },
  { key: 'staff', fullName: 'Trần Thị Lan', phone: '0912000002', department: 0, roles: ['staff'] },
  { key: 'staff2', fullName: 'Lê Văn Hùng', phone: '0912000003', department: 0, roles: ['staff'] },
  { key: 'laborer', fullName: 'Phạm Văn Bảo', phone: '0912000004', department: 0, roles: ['laborer'] },
  { key: 'head2', fullName: 'Hoàng Thị Mai', phone: '0912000005', department: 1, roles: ['head', 'staff'] },
  { key: 'office', fullName: 'Vũ Văn Chánh', phone: '0912000006', department: 1, roles: ['office', 'staff'] },
  { key: 'staff3', fullName: 'Đỗ Thị Hoa', phone: '0912000007', department: 1, roles: ['staff'] },
  { key: 'leader', fullName: 'Bùi Văn Phó', phone: '0912000008', department: null, roles: ['leader'] },
  { key: 'director', fullName: 'Đặng Văn Giám', phone: '0912000009', department: null, roles: ['director'] },
];

let seed000: Rubric | undefined;

/** The seed 000 rubric, loaded (and validated) once per test file. */
export function seed000Rubric(): Rubric {
  seed000 ??= loadRubricFile(SEED_000_RUBRIC_FILE);
  return seed000;
}

/** Seeds the unit; `await seedUnit(store)` with `store = testStore()` (or any fresh store, see dialects.ts). */
export async function seedUnit(store: SeedStore, options: SeedUnitOptions = {}): Promise<SeededUnit> {
  const unitId = options.unitId ?? 'u1';
  const rubric = options.rubric ?? seed000Rubric();
  return store.transaction(async (tx) => {
    await tx.staff.createUnit({ id: unitId, name: options.unitName ?? 'Sở Thông tin và Truyền thông' });
    await tx.settings.updateSettings(unitId, { chain: { listOrder: options.listOrder ?? 'parallel' } });
    const departmentIds: number[] = [];
    for (const name of options.departments ?? DEFAULT_DEPARTMENTS) departmentIds.push(await tx.staff.createDepartment(unitId, name));
    const ids: Record<string, number> = {};
    for (const p of options.people ?? DEFAULT_PEOPLE) {
      const departmentId = p.department === null ? null : departmentIds[p.department];
      if (departmentId === undefined) throw new Error(`seedUnit: no department #${p.department}`);
      const fields = { departmentId, fullName: p.fullName, phone: p.phone ?? null, email: null, position: null, noGroupMention: false };
      ids[p.key] = await tx.staff.createPerson(unitId, fields, p.roles, Date.now());
    }
    const leaderKey = options.leaderInCharge === undefined ? 'leader' : options.leaderInCharge;
    const leaderId = leaderKey ? ids[leaderKey] : undefined;
    if (leaderId !== undefined) {
      for (const d of departmentIds) await tx.staff.setLeaderInCharge(d, leaderId);
    }
    const code = options.periodCode === undefined ? '2026-Q4' : options.periodCode;
    const period = code ? await openPeriod(tx, { unitId, rubric, code, by: null }) : null;
    return { unitId, departmentIds, people: ids, period, rubric };
  });
}
