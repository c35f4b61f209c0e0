/** The small unit most approval tests start from: 2 departments, heads, a leader in charge, office, director. */
import type { Db } from '../../src/persistence/open-db.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testDb } from '../helpers/test-db.js';
import { engineDriver } from './engine-driver.js';

export const DEPTS: [string, string] = ['Phòng Kế hoạch – Tài chính', 'Văn phòng Sở'];

export function setup(db: Db = testDb()) {
  const unit = seedUnit(db, { departments: DEPTS });
  const p = unit.people as Record<'head' | 'staff' | 'staff2' | 'laborer' | 'head2' | 'office' | 'staff3' | 'leader' | 'director', number>;
  const d = engineDriver(db, Object.values(p));
  const period = unit.period;
  if (!period) throw new Error('no period');
  const fill = (personId: number, profile: string, role: 'staff' | 'head' | 'office' = 'staff', dept = DEPTS[0]) =>
    fillAnswers(db, { periodId: period.id, personId, rubric: unit.rubric, ctx: { role, departmentName: dept }, answers: seed000Answers(profile), now: d.clock.ms });
  return { db, unit, p, d, period, fill };
}

