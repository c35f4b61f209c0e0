/**
 * Seed 000 III.2.c under `departmentArticle: members-too`: a member of a department without its article of the
 * quarter is not classified — not only on the leaderboard but also in their own `/diem` and on the score sheet's
 * person rows, with the reason. The default (`best-department-only`) leaves them classified. Đỗ Thị Hoa (Văn phòng
 * Sở) answers levels c throughout: 68 points, "tiêu biểu" (60–84).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { answerDepartmentArticle } from '../../src/approval/department-article.js';
import { buildScoreSheet } from '../../src/approval/export-score-sheet.js';
import type { SheetRows } from '../../src/approval/score-sheet-file.js';
import { unitLeaderboard } from '../../src/results/index.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { Chat, seededEngine } from '../conversation/harness.js';

const BAND = 'Chiến binh số tiêu biểu, đóng góp quan trọng trong chuyển đổi số';
const REASON = 'Không xếp loại: phòng chưa đạt “Tin, bài của phòng trong Quý” (không có bài)';
const row = (s: SheetRows | undefined, label: string) => s?.rows.find((r) => r[1] === label) ?? [];

describe('members-too in a person’s own views', () => {
  it('/diem and the score sheet leave the member unclassified with the reason, as the leaderboard does', async () => {
    const { store, db, seeded, h } = await seededEngine();
    const period = seeded.period;
    if (!period) throw new Error('no period');
    const staff3 = seeded.people.staff3 ?? -1;
    const sub = await fillAnswers(store, {
      periodId: period.id,
      personId: staff3,
      rubric: seeded.rubric,
      ctx: { role: 'staff', departmentName: 'Văn phòng Sở' },
      answers: seed000Answers('ccccccccc'),
      now: h.clock.ms,
    });
    db.$client.prepare(`UPDATE submissions SET status = 'approved', self_total = 68, reviewed_total = 68, classified = 1, band = 'tieu-bieu' WHERE id = ?`).run(sub);
    const article = (count: number) =>
      store.transaction((tx) =>
        answerDepartmentArticle(tx, { actorId: seeded.people.head2 ?? -1, now: new Date(h.clock.ms), channel: 'cli' }, { periodCode: period.code, count }),
      );
    expect((await article(0)).ok).toBe(true);

    const chat = new Chat(h, 'staff3');
    await chat.contact('0912000007');
    const views = async () => {
      await chat.command('diem');
      const sheets = await store.read((tx) => buildScoreSheet(tx, { unitId: seeded.unitId, periodCode: period.code }));
      const office = sheets.find((s) => s.name === 'Văn phòng Sở');
      const column = row(office, 'Tiêu chí đánh giá').indexOf('Đỗ Thị Hoa');
      const board = await store.read((tx) => unitLeaderboard(tx, { unitId: seeded.unitId, periodCode: period.code }));
      return {
        said: chat.said,
        band: row(office, 'Xếp loại')[column],
        reason: row(office, 'Lý do không xếp loại')[column] ?? null,
        rank: row(office, 'Xếp hạng')[column],
        summary: sheets.find((s) => s.name === 'Tổng hợp')?.rows.find((r) => r[1] === 'Đỗ Thị Hoa'),
        onBoard: board?.top.some((e) => e.id === staff3),
      };
    };

    // Default: the department only loses the best-department award; she stays classified everywhere.
    const before = await views();
    expect(before.said).toContain(`• Quý IV/2026: 68đ (đã duyệt, chờ Giám đốc phê duyệt) — ${BAND}`);
    expect(before.band).toBe(BAND);
    expect(before.reason).toBeNull();
    expect(before.rank).toBe(1);
    expect(before.onBoard).toBe(true);

    db.update(units).set({ settings: { rules: { departmentArticle: 'members-too' } } }).where(eq(units.id, seeded.unitId)).run();
    const strict = await views();
    expect(strict.onBoard).toBe(false);
    expect(strict.said).toContain(`• Quý IV/2026: 68đ (đã duyệt, chờ Giám đốc phê duyệt) — ${REASON.charAt(0).toLowerCase()}${REASON.slice(1)}`);
    // The quarter is not classified, so it counts 0 in the year: (0 + 0 + 0 + 0) / 4.
    expect(strict.said).toContain('Điểm năm tạm tính: 0đ (tổng điểm 4 Quý chia 4, 3 Quý chưa có điểm tính 0 điểm, Quý IV/2026 không xếp loại nên tính 0 điểm');
    expect(strict.band).toBe('Không xếp loại');
    expect(strict.reason).toBe(REASON);
    expect(strict.rank).toBeNull();
    expect(strict.summary?.slice(3)).toEqual([68, 'Không xếp loại', 'Đã duyệt', null, REASON]);

    // Once the head records the article (1 bài) she is classified again.
    expect((await article(1)).ok).toBe(true);
    const after = await views();
    expect(after.band).toBe(BAND);
    expect(after.reason).toBeNull();
    expect(after.onBoard).toBe(true);
  });
});
