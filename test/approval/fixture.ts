/** The small unit most approval tests start from: 2 departments, heads, a leader in charge, office, director. */
import type { ApprovalService } from '../../src/approval/approval-service.js';
import type { Notifier } from '../../src/conversation/notifier.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { engineDriver } from './engine-driver.js';

export const DEPTS: [string, string] = ['Phòng Kế hoạch – Tài chính', 'Văn phòng Sở'];

export async function setup(options: { store?: SqliteStore; service?: ApprovalService; notifier?: Notifier } = {}) {
  const store = options.store ?? testStore();
  const db = store.db;
  const unit = await seedUnit(store, { departments: DEPTS });
  const p = unit.people as Record<'head' | 'staff' | 'staff2' | 'laborer' | 'head2' | 'office' | 'staff3' | 'leader' | 'director', number>;
  const d = engineDriver(store, Object.values(p), undefined, options);
  const period = unit.period;
  if (!period) throw new Error('no period');
  const fill = (personId: number, profile: string, role: 'staff' | 'head' | 'office' = 'staff', dept = DEPTS[0]) =>
    fillAnswers(store, { periodId: period.id, personId, rubric: unit.rubric, ctx: { role, departmentName: dept }, answers: seed000Answers(profile), now: d.clock.ms });
  return { store, db, unit, p, d, period, fill };
}
