/**
 * Progress per department counts exactly the people the period's rubric asks to self-assess (selfAssesses), not a
 * fixed list of roles: with a rubric that only scores staff, a head-only or laborer-only person is not counted.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PEOPLE, seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { tinyRubric } from './tiny-rubric.js';

describe('progressByDepartment', () => {
  it('follows the rubric rule for who self-assesses', async () => {
    const store = testStore();
    const unit = await seedUnit(store, {
      rubric: tinyRubric(),
      people: [...DEFAULT_PEOPLE, { key: 'headOnly', fullName: 'Chỉ Trưởng', phone: '0912000012', department: 0, roles: ['head'] }],
    });
    const periodId = unit.period?.id ?? -1;
    const rows = await store.transaction(async (tx) => {
      const submission = await tx.assessment.ensureSubmission(periodId, unit.people.staff ?? -1, 1);
      await tx.assessment.updateSubmission(submission.id, { status: 'submitted' }, 2);
      return tx.assessment.progressByDepartment(periodId);
    });
    // Staff-scored rubric: in dept 0 head+staff, staff, staff2 count (laborer, head-only do not); dept 1: all three.
    // Staff-scored rubric: dept 0 counts head+staff, staff, staff2 (not the laborer or the head-only person); dept 1
    // counts all three; leader and director (no department, no staff role) are not counted. Ordered by name.
    expect(rows.map((r) => [r.departmentId, r.members, r.draft, r.submitted, r.returned, r.approved])).toEqual([
      [unit.departmentIds[0], 3, 2, 1, 0, 0],
      [unit.departmentIds[1], 3, 3, 0, 0, 0],
    ]);
    expect(await store.read((tx) => tx.assessment.progressByDepartment(999))).toEqual([]);
    await store.close();
  });
});
