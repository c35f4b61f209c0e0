/**
 * The contest in chat (issue 15, items 2 and 5) through the real engine: a unit's focal person sends the list
 * (refused over the quota with a message per line, then stored), a staff member cannot, examiners enter marks with
 * /chamthi, a disagreement beyond the margin is sent to the jury head, who settles it with /quyetdinh.
 */
import { describe, expect, it } from 'vitest';
import { openContestRun } from '../../src/contest-service/registration-service.js';
import { createContestWorkflow } from '../../src/workflows/contest/contest-workflow.js';
import type { AnyWorkflow } from '../../src/conversation/workflow-registry.js';
import { BANK_ID, contestCatalogue } from '../helpers/contest-world.js';
import { testStore } from '../helpers/test-store.js';
import { BASE_WORKFLOWS, linkedChat, makeEngine, textOf } from './harness.js';

describe('contest workflow', () => {
  it('takes a unit’s list in chat and the jury’s marks, telling the jury head about a disagreement', async () => {
    const store = testStore();
    const { catalogue, contest } = contestCatalogue();
    const now = Date.UTC(2026, 11, 3, 2, 0);
    const ids = await store.transaction(async (tx) => {
      const person = (unitId: string, fullName: string, roles: ('office' | 'staff' | 'director')[], phone: string) =>
        tx.staff.createPerson(unitId, { departmentId: null, fullName, phone, email: null, position: null, noGroupMention: false }, roles, now);
      await tx.staff.createUnit({ id: 'snv', name: 'Sở Nội vụ' });
      await tx.staff.createUnit({ id: 'stc', name: 'Sở Tài chính' });
      const organiser = await person('snv', 'Trần Tổ Chức', ['office'], '0911000001');
      const ex1 = await person('snv', 'Lê Giám Khảo', ['staff'], '0911000002');
      const ex2 = await person('snv', 'Phạm Giám Khảo', ['staff'], '0911000003');
      const head = await person('snv', 'Võ Trưởng Ban', ['staff'], '0911000004');
      const focal = await person('stc', 'Đầu Mối Tài Chính', ['office'], '0911000005');
      await person('stc', 'Cán Bộ Thường', ['staff'], '0911000006');
      for (const n of ['Nguyễn Văn Giám', 'Lê Thị Phó', 'Phan Văn Ba']) await person('stc', n, ['director'], `09120000${n.length}${n.charCodeAt(0) % 10}`);
      const opened = await openContestRun(
        tx,
        catalogue,
        {
          contest: contest.id,
          bank: BANK_ID,
          units: [{ id: 'stc', name: 'Sở Tài chính', level: 'city', kind: 'so' }],
          boardMembers: [
            { personId: organiser, board: 'organising-committee', head: false },
            { personId: ex1, board: 'jury', head: false },
            { personId: ex2, board: 'jury', head: false },
            { personId: head, board: 'jury', head: true },
          ],
          rooms: [{ id: 'P1', name: 'Phòng 1', capacity: 10 }],
        },
        now,
      );
      if (!opened.ok) throw new Error(opened.message);
      return { organiser, head, focal };
    });
    const h = makeEngine(store, { workflows: [...BASE_WORKFLOWS, createContestWorkflow({ catalogue, contestId: contest.id }) as AnyWorkflow] });
    h.clock.ms = now;

    const staff = await linkedChat(h, 'u-staff', '0911000006');
    await staff.command('dangkythi');
    expect(staff.said).toBe('Lệnh này không dành cho vai trò của anh/chị.');

    const focal = await linkedChat(h, 'u-focal', '0911000005');
    await focal.command('dangkythi');
    expect(focal.said).toContain('Họ và tên; Chức vụ');
    await focal.text('1. Nguyễn Văn Giám; Giám đốc Sở\n2. Lê Thị Phó; Phó Giám đốc\n3. Phan Văn Ba; PGĐ Sở');
    expect(focal.said).toContain('✘ Danh sách của Sở Tài chính CHƯA được ghi nhận.');
    expect(focal.said).toContain('• Dòng 3 (Phan Văn Ba): Vượt số lượng');
    expect(await store.read((tx) => tx.contest.registrations(contest.id))).toEqual([]);
    // Still waiting for the list: the corrected one is stored.
    await focal.text('Nguyễn Văn Giám; Giám đốc Sở\nLê Thị Phó - Phó Giám đốc');
    expect(focal.said).toBe('✔ Đã ghi nhận danh sách dự thi của Sở Tài chính (2 người):\n1. Nguyễn Văn Giám\n2. Lê Thị Phó');
    expect((await store.read((tx) => tx.contest.registrations(contest.id))).map((r) => [r.fullName, r.positionId, r.channel])).toEqual([
      ['Nguyễn Văn Giám', 'giam-doc-so', 'telegram'],
      ['Lê Thị Phó', 'pho-giam-doc-so', 'telegram'],
    ]);

    await focal.command('khoasothi');
    expect(focal.said).toBe('Chỉ thành viên Ban Tổ chức được thực hiện việc này.');
    const organiser = await linkedChat(h, 'u-org', '0911000001');
    await organiser.command('khoasothi');
    expect(organiser.said).toBe('✔ Đã khoá sổ đăng ký: 2 thí sinh có số báo danh; đã báo cho 1 đơn vị.');
    expect(organiser.last.notifications.map((n) => [n.personId, textOf(n.messages)])).toEqual([
      [
        ids.focal,
        'Ban Tổ chức đã khoá sổ đăng ký. Số báo danh và phòng thi của Sở Tài chính:\n• TP001 — Nguyễn Văn Giám — Phòng 1, máy 1\n• TP002 — Lê Thị Phó — Phòng 1, máy 2\nKhi vào thi, thí sinh nhập số báo danh và mã phòng thi do cán bộ coi thi đọc.',
      ],
    ]);
    await organiser.command('khoasothi');
    expect(organiser.said).toContain('đã được khoá sổ trước đó');
    await focal.command('dangkythi', 'Nguyễn Văn Giám; Giám đốc Sở');
    expect(focal.said).toBe('Ban Tổ chức đã khoá sổ đăng ký dự thi; không nhận thêm hoặc sửa danh sách.');

    const ex1 = await linkedChat(h, 'u-ex1', '0911000002');
    const ex2 = await linkedChat(h, 'u-ex2', '0911000003');
    const head = await linkedChat(h, 'u-head', '0911000004');
    await focal.command('chamthi', 'TP001 50');
    expect(focal.said).toBe('Chỉ thành viên Ban Giám khảo được nhập điểm thực hành.');
    await ex1.command('chamthi', 'TP001 bảy');
    expect(ex1.said).toContain('Gõ /chamthi SỐ_BÁO_DANH ĐIỂM');
    await ex1.command('chamthi', 'tp001 60');
    expect(ex1.said).toBe('✔ Đã ghi điểm thực hành của TP001. Bài thi thực hành mới có 1/2 điểm chấm.');
    await ex2.command('chamthi', 'TP001 85,5');
    expect(ex2.said).toContain('⚠ Hai giám khảo chấm lệch 25,50 điểm (quá mức 10,00)');
    expect(ex2.last.notifications.map((n) => [n.personId, textOf(n.messages)])).toEqual([[ids.head, expect.stringContaining('Gõ /quyetdinh TP001 ĐIỂM LÝ DO')]]);
    await head.command('quyetdinh', 'TP001 70 Đối chiếu đáp án, thống nhất 70 điểm');
    expect(head.said).toBe('✔ Đã ghi điểm thực hành của TP001. Bài đã có điểm chính thức.');
    const marks = await store.read((tx) => tx.contest.marks(contest.id));
    expect(marks.map((m) => [m.kind, m.points])).toEqual([
      ['decision', 70],
      ['mark', 60],
      ['mark', 85.5],
    ]);
    await store.close();
  });
});
