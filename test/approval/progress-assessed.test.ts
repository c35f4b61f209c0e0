/**
 * /tiendo counts as "missing" exactly those the period's rubric asks to self-assess (the reminders' rule): an
 * admin-only account in a department is not missing; an admin who is also staff is.
 */
import { describe, expect, it } from 'vitest';
import { textOf } from '../helpers/approval-walk.js';
import { DEFAULT_PEOPLE, seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { engineDriver } from './engine-driver.js';

describe('/tiendo and who self-assesses', () => {
  it('does not list an admin-only account as missing', async () => {
    const store = testStore();
    const unit = await seedUnit(store, {
      people: [
        ...DEFAULT_PEOPLE,
        { key: 'admin', fullName: 'Quản Trị Viên', phone: '0912000010', department: 0, roles: ['admin'] },
        { key: 'adminStaff', fullName: 'Kỹ Thuật Viên', phone: '0912000011', department: 0, roles: ['staff', 'admin'] },
      ],
    });
    const d = engineDriver(store, Object.values(unit.people));
    const progress = textOf(await d.send(unit.people.office ?? -1, { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('Chưa nộp: Nguyễn Văn Trưởng, Trần Thị Lan, Lê Văn Hùng, Phạm Văn Bảo, Kỹ Thuật Viên');
    expect(progress).not.toContain('Quản Trị Viên');
    expect(d.errors).toEqual([]);
    await store.close();
  });
});
