/**
 * Issue 18 item 19: the score sheet of a finalised quarter is frozen (people imported afterwards are not listed as
 * "Không nộp"), sheet names are cut without a trailing space, the conditions' heading appears once, the department
 * mean has its own block and the summary's count is the count the mean is over, adjustments are marked, "Không xếp
 * loại" says why, ranks and a signature block are written, and the director and deputy directors are listed (export
 * and /tiendo).
 */
import { describe, expect, it } from 'vitest';
import { people, personRoles } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { buildScoreSheet } from '../../src/approval/export-score-sheet.js';
import type { SheetRows } from '../../src/approval/score-sheet-file.js';
import { approveVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { adjustVia } from './adjust-walk.js';
import { engineDriver } from './engine-driver.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';

const LONG = 'Trung tâm Thông tin và Dữ liệu số tỉnh'; // character 31 is a space
const OTHER = 'Văn phòng Sở';
const row = (s: SheetRows | undefined, label: string) => s?.rows.find((r) => r[1] === label) ?? [];

describe('the score sheet', () => {
  it('freezes a finalised quarter, lists the leadership, and carries marks, reasons, ranks and signatures', async () => {
    const store = testStore();
    const unit = await seedUnit(store, { departments: [LONG, OTHER] });
    const p = unit.people as Record<'head' | 'staff' | 'staff2' | 'laborer' | 'head2' | 'office' | 'staff3' | 'leader' | 'director', number>;
    const period = unit.period;
    if (!period) throw new Error('no period');
    const d = engineDriver(store, Object.values(p));
    // The directory predates the quarter (seeded rows carry the wall clock; the test's clock is its own).
    store.db.update(people).set({ createdAt: d.clock.ms - 86_400_000 }).run();
    const fill = (id: number, levels: string, options: Parameters<typeof seed000Answers>[1] = {}, role: 'staff' | 'head' | 'leader' = 'staff', dept: string | null = LONG) =>
      fillAnswers(store, { periodId: period.id, personId: id, rubric: unit.rubric, ctx: { role, departmentName: dept }, answers: seed000Answers(levels, options), now: d.clock.ms });
    await fill(p.staff, 'cccbbcccc'); // 62
    await fill(p.staff2, 'cccbbcccc', { citizenPass: false }); // 62, not classified (Công dân số)
    await fill(p.leader, 'ccccccccc', {}, 'leader', null);
    for (const id of [p.staff, p.staff2, p.leader]) await submitVia(d, id);
    await adjustVia(d, p.head, 'Trần Thị Lan', 'Câu 12. Khả năng', 'b)', 'Chưa đủ căn cứ mức c'); // 62 → 57
    for (const name of ['Trần Thị Lan', 'Lê Văn Hùng']) await approveVia(d, p.head, name);
    await approveVia(d, p.director, 'Bùi Văn Phó');

    // /tiendo lists the director and the deputy director (no department) for the office.
    const progress = textOf(await d.send(p.office, { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('▸ Lãnh đạo đơn vị: đã nộp 1, chờ duyệt 0, trả lại 0, chưa nộp 1');
    expect(progress).toContain('Chưa nộp: Đặng Văn Giám');

    const service = createApprovalService();
    const who = (actorId: number) => ({ actorId, now: new Date(d.clock.ms), channel: null });
    await store.transaction(async (tx) => {
      for (const head of [p.head, p.head2]) expect((await service.sendList(tx, who(head))).ok).toBe(true);
      for (const l of await tx.reviews.listsOfPeriod(period.id)) expect((await service.acceptList(tx, who(p.office), { listId: l.id })).ok).toBe(true);
      expect((await service.submitToDirector(tx, who(p.office))).ok).toBe(true);
      expect((await service.finalise(tx, who(p.director))).ok).toBe(true);
    });
    const finalisedAt = (await store.read((tx) => tx.periods.get(period.id)))?.finalisedAt ?? 0;

    // Imported after finalisation: a member of the long-named department and a new deputy director.
    for (const [fullName, departmentId, role] of [
      ['Người Mới Nhập', unit.departmentIds[0] ?? null, 'staff'],
      ['Phó Giám đốc Mới', null, 'leader'],
    ] as const) {
      const added = store.db.insert(people).values({ unitId: unit.unitId, fullName, departmentId, active: true, createdAt: finalisedAt + 60_000 }).returning().get();
      store.db.insert(personRoles).values({ personId: added.id, role }).run();
    }

    const sheets = await store.read((tx) => buildScoreSheet(tx, { unitId: unit.unitId, periodCode: period.code }));
    // Sheet names: cut at 31 characters without the trailing space.
    expect(sheets.map((s) => s.name)).toEqual(['Trung tâm Thông tin và Dữ liệu', OTHER, 'Lãnh đạo đơn vị', 'Tổng hợp']);
    const all = JSON.stringify(sheets);
    expect(all).not.toContain('Người Mới Nhập');
    expect(all).not.toContain('Phó Giám đốc Mới');

    const long = sheets[0];
    expect(long?.rows[1]).toEqual(['STT', 'Tiêu chí đánh giá', 'Điểm tối đa', 'Nguyễn Văn Trưởng', 'Trần Thị Lan', 'Lê Văn Hùng', 'Phạm Văn Bảo', 'Ghi chú']);
    // The conditions' heading once (it was repeated as a "dk" row).
    expect(long?.rows.filter((r) => r[0] === 'dk')).toEqual([]);
    expect(long?.rows.filter((r) => typeof r[1] === 'string' && r[1].startsWith('Điều kiện để được xếp loại')).length).toBe(1);
    // The adjustment is marked next to the criterion.
    const i3 = long?.rows.find((r) => r[1] === 'Khả năng bảo mật và tuân thủ') ?? [];
    expect(i3[4]).toBe(5);
    expect(i3[7]).toBe('(điều chỉnh) Trần Thị Lan: mức c → mức b');
    expect(row(long, 'Tổng điểm').slice(3, 7)).toEqual([null, 57, 62, null]);
    expect(row(long, 'Xếp loại')[5]).toBe('Không xếp loại');
    expect(row(long, 'Lý do không xếp loại')[5]).toBe('Chưa đạt tiêu chí Công dân số');
    expect(row(long, 'Xếp hạng').slice(3, 7)).toEqual([null, 1, null, null]);
    // The department mean in its own block; over the 3 members ranked by points (the laborer is not): 57/3 = 19.
    expect(row(long, 'Điểm trung bình của phòng').slice(2, 3)).toEqual([19]);
    expect(row(long, 'Số người tính điểm trung bình')[2]).toBe(3);
    // Signatures and the date of finalisation.
    const tail = long?.rows.slice(-3) ?? [];
    expect(tail[0]?.[3]).toMatch(/^……………, ngày \d{2} tháng \d{2} năm \d{4}$/);
    expect(tail[1]).toEqual(['', 'NGƯỜI LẬP BIỂU', null, 'THỦ TRƯỞNG ĐƠN VỊ']);

    const leaders = sheets[2];
    expect(leaders?.rows[1]?.slice(3, 5)).toEqual(['Bùi Văn Phó', 'Đặng Văn Giám']);
    expect(row(leaders, 'Trạng thái').slice(3, 5)).toEqual(['Đã duyệt', 'Không nộp']);
    expect(leaders?.rows.some((r) => r[1] === 'Điểm trung bình của phòng')).toBe(false);

    const summary = sheets[3];
    expect(summary?.rows[1]).toEqual(['STT', 'Họ và tên', 'Phòng', 'Tổng điểm', 'Xếp loại', 'Trạng thái', 'Xếp hạng', 'Ghi chú']);
    expect(summary?.rows.find((r) => r[1] === 'Lê Văn Hùng')?.slice(3)).toEqual([62, 'Không xếp loại', 'Đã duyệt', null, 'Chưa đạt tiêu chí Công dân số']);
    expect(summary?.rows.find((r) => r[1] === 'Bùi Văn Phó')?.slice(2, 4)).toEqual(['Lãnh đạo đơn vị', 68]);
    expect(summary?.rows.find((r) => r[1] === 'Bùi Văn Phó')?.[6]).toBe(1);
    expect(summary?.rows.find((r) => r[1] === 'Trần Thị Lan')?.[6]).toBe(2);
    const means = summary?.rows.find((r) => r[0] === 'STT' && r[1] === 'Phòng');
    expect(means).toEqual([
      'STT', 'Phòng', 'Số người', 'Số người tính điểm trung bình', 'Trong đó có điểm xếp loại', 'Điểm trung bình', 'Xếp loại', 'Bài viết của phòng (ít nhất 1 bài/Quý)',
    ]);
    // Seed 000 II.3.b: the department's own article of the quarter, "chưa khai báo" until its head answers (/baiphong).
    expect(summary?.rows.find((r) => r[1] === LONG)?.[7]).toBe('Tin, bài của phòng trong Quý: chưa khai báo');
    expect(summary?.rows.find((r) => r[1] === LONG)?.slice(2, 6)).toEqual([4, 3, 1, 19]);
    expect(d.errors).toEqual([]);
  });
});
