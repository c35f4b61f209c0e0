/**
 * "Việc cần làm" (issue 16 review): under the seed's order (unit rule listOrder leader-first) a sent department list
 * waits for the leader in charge's comment; the office's home counts it and names it as waiting for the leader (it
 * cannot accept it yet), the leader's home asks for the comment, and once commented it is simply to accept. For every
 * role, each item's count is the number of things it names, and the home page and the chat greeting say the same.
 */
import { describe, expect, it } from 'vitest';
import { createApprovalService, type Who } from '../../src/approval/approval-service.js';
import { todoFor, type Todo } from '../../src/approval/todo.js';
import { homeData } from '../../src/dashboard/dashboard-data.js';
import { homePage } from '../../src/dashboard/views/home-view.js';
import { todoLines } from '../../src/workflows/approval/render-todo.js';
import { approveVia, sendListVia, submitVia } from '../helpers/approval-walk.js';
import { DEPTS, setup } from './fixture.js';

const WAITING = `Trong đó 1 danh sách chờ lãnh đạo phụ trách cho ý kiến trước khi Văn phòng tiếp nhận (${DEPTS[0]}).`;

describe('the to-do counts', () => {
  it('counts a list waiting for the leader’s comment on the office’s home, names it as waiting, and every count matches its names', async () => {
    const { store, unit, p, d, fill } = await setup();
    await store.transaction((tx) => tx.settings.updateSettings(unit.unitId, { chain: { listOrder: 'leader-first' } }));
    await fill(p.staff, 'cccbbcccc');
    await submitVia(d, p.staff);
    await approveVia(d, p.head, 'Trần Thị Lan');
    await sendListVia(d, p.head);
    const service = createApprovalService();
    const who = (actorId: number): Who => ({ actorId, now: new Date(d.clock.ms), channel: 'web' });
    const todo = (actorId: number): Promise<Todo> => store.read((tx) => todoFor(tx, service, who(actorId)));
    const viewer = (personId: number) => ({ personId, fullName: 'x', roles: [], departmentName: null, csrf: 'x' });

    const office = await todo(p.office);
    const accept = office.items.find((i) => i.kind === 'accept-lists');
    expect(accept).toMatchObject({ count: 1, names: [DEPTS[0]], waitingForLeader: [DEPTS[0]] });
    const home = homePage(viewer(p.office), await store.read((tx) => homeData(tx, service, who(p.office))), null);
    expect(home).toContain('1 danh sách phòng chờ tiếp nhận');
    expect(home).toContain(WAITING);
    expect(todoLines(office).join('\n')).toContain(WAITING);
    expect((await todo(p.leader)).items.find((i) => i.kind === 'comment-lists')).toMatchObject({ count: 1, names: [DEPTS[0]] });

    // Every role: an item that names things names as many as it counts.
    for (const [role, id] of Object.entries(p)) {
      for (const item of (await todo(id)).items) {
        if (item.names) expect(item.names, `${role} ${item.kind}`).toHaveLength(item.count);
        if (item.waitingForLeader) expect(item.names, `${role} ${item.kind}`).toEqual(expect.arrayContaining(item.waitingForLeader));
      }
    }

    // Once the leader commented, the office's list is simply to accept, and the leader has nothing left to comment.
    const listId = await store.read(async (tx) => (await tx.reviews.listsOfPeriod(office.period?.id ?? 0))[0]?.id ?? 0);
    const commented = await store.transaction((tx) => service.commentList(tx, who(p.leader), { listId, comment: 'Đồng ý với danh sách của phòng.' }));
    expect(commented.ok).toBe(true);
    expect((await todo(p.office)).items.find((i) => i.kind === 'accept-lists')).toMatchObject({ count: 1, names: [DEPTS[0]], waitingForLeader: [] });
    expect(homePage(viewer(p.office), await store.read((tx) => homeData(tx, service, who(p.office))), null)).not.toContain('Trong đó');
    expect((await todo(p.leader)).items.some((i) => i.kind === 'comment-lists')).toBe(false);
    expect(d.errors).toEqual([]);
  });
});
