/**
 * `/baiphong` (issue 17 item 3): a head answers the department's own article of the quarter in the chat (seed 000
 * II.3.b "Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý"); staff are refused; the answer reaches the results.
 */
import { describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { unitSummary } from '../../src/approval/period-actions.js';
import { directorData, officeData } from '../../src/approval/step-summaries.js';
import { unitLeaderboard } from '../../src/results/index.js';
import { finaliseConfirmation, reportConfirmation } from '../../src/workflows/approval/render-confirmations.js';
import { unitSummaryText } from '../../src/workflows/approval/render-notices.js';
import { sendListVia, textOf } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { engineDriver } from './engine-driver.js';

describe('/baiphong in the chat', () => {
  it('shows the question and "chưa khai báo", records "2 https://…", refuses staff and a non-number', async () => {
    const store = testStore();
    const unit = await seedUnit(store);
    const { head, staff, head2 } = unit.people as Record<string, number>;
    const d = engineDriver(store, [head, staff, head2].filter((x): x is number => x !== undefined));
    const say = async (person: number | undefined, args: string) => textOf(await d.send(person ?? 0, { kind: 'command', name: 'baiphong', args }));

    const first = await say(head, '');
    expect(first).toContain('📰 Bài viết của Phòng Thông tin, Báo chí – Xuất bản — kỳ 2026-Q4');
    expect(first).toContain('Trong Quý này phòng đã có bao nhiêu tin, bài');
    expect(first).toContain('Tin, bài của phòng trong Quý: chưa khai báo');
    expect(first).toContain('Trả lời: /baiphong SỐ_BÀI [đường dẫn bài viết]');

    expect(await say(head, '2 https://stttt.daknong.gov.vn/tin-tuc/bai-1')).toBe(
      '✅ Đã ghi bài viết của Phòng Thông tin, Báo chí – Xuất bản (kỳ 2026-Q4).\nTin, bài của phòng trong Quý: 2 bài (https://stttt.daknong.gov.vn/tin-tuc/bai-1)',
    );
    expect(await say(head2, '0 bài')).toBe(
      '✅ Đã ghi bài viết của Văn phòng Sở (kỳ 2026-Q4).\nTin, bài của phòng trong Quý: không có bài — phòng không được xét tập thể dẫn đầu',
    );
    expect(await say(head, 'hai bài')).toContain('⛔ Số bài phải là một số');
    // Staff are not offered the command; the engine refuses it politely, nothing is recorded for them.
    expect(await say(staff, '3')).not.toContain('Đã ghi');

    const [d0, d1] = unit.departmentIds;
    const board = await store.read((tx) => unitLeaderboard(tx, { unitId: unit.unitId, periodCode: '2026-Q4' }));
    expect(board?.departments.map((x) => [x.id, x.conditionsMet])).toEqual([
      [d0, true],
      [d1, false],
    ]);
    // The department list the head sends, and the director's summary, show the article (or "chưa khai báo").
    const sent = await say(head, '').then(() => sendListVia(d, head ?? 0));
    expect(textOf(sent)).toContain('Điểm trung bình của phòng: 0đ\nTin, bài của phòng trong Quý: 2 bài (https://stttt.daknong.gov.vn/tin-tuc/bai-1)');
    const summary = await store.read(async (tx) => {
      const period = await tx.periods.find(unit.unitId, '2026-Q4');
      if (!period) throw new Error('no period');
      return unitSummary(tx, period);
    });
    expect(unitSummaryText(summary)).toContain('▸ Phòng Thông tin, Báo chí – Xuất bản: 0/4 người đã được duyệt, trung bình 0đ\n  Tin, bài của phòng trong Quý: 2 bài (https://stttt.daknong.gov.vn/tin-tuc/bai-1)');
    // The chat's confirmations before reporting to the director and before finalising list every department's article
    // and what "không" costs, from the same rows the dashboard renders (shown as once allowed: no list is accepted here).
    const service = createApprovalService();
    const at = new Date(Date.UTC(2026, 11, 20));
    const articleBlock =
      'Bài viết của phòng trong Quý:\n▸ Phòng Thông tin, Báo chí – Xuất bản: có — 2 bài (https://stttt.daknong.gov.vn/tin-tuc/bai-1)\n▸ Văn phòng Sở: không — phòng không được xét tập thể dẫn đầu';
    const office = await store.read((tx) => officeData(tx, service, { actorId: unit.people.office ?? 0, now: at, channel: 'web' }));
    if (!office.ok) throw new Error('office summary refused');
    expect(textOf(reportConfirmation({ ...office.outcome, reportBlocked: null }))).toContain(articleBlock);
    const director = await store.read((tx) => directorData(tx, service, { actorId: unit.people.director ?? 0, now: at, channel: 'web' }));
    if (!director.ok) throw new Error('director summary refused');
    expect(textOf(finaliseConfirmation({ ...director.outcome, finaliseBlocked: null }))).toContain(articleBlock);
    expect(d.errors).toEqual([]);
  });
});
