/**
 * The steering committee returns the year with a reason; the lead office reopens an accepted indicator, the
 * official fixes it, and the year goes up again to verification and approval. Roles are checked at each step.
 */
import { describe, expect, it } from 'vitest';
import { loadOrgYear } from '../../src/org-index/org-year.js';
import { commune, fill } from './fixture.js';

describe('organisation index: verification returned', () => {
  it('goes back to the office with the reason, is fixed and approved; approving twice is refused', async () => {
    const c = await commune();
    const { vhtt, cbcc, bcd, chair } = c.chats;
    await fill(c.store, c.period.id, c.people.vhtt!, {}, ['dti.1']);
    await vhtt!.command('trinhchiso');
    expect(vhtt!.said).toContain('Tổng điểm: 379/379 (100%) — Xuất sắc');

    await chair!.command('pheduyetchiso');
    expect(chair!.said).toContain('“đã trình Ban Chỉ đạo thẩm định”, không phải “đã thẩm định, chờ phê duyệt”');
    await cbcc!.command('thamdinhchiso');
    expect(cbcc!.said).toContain('Chỉ thành viên Ban Chỉ đạo chuyển đổi số');
    await bcd!.command('thamdinhchiso');
    await bcd!.press('Trả lại');
    await bcd!.text('dti.43: thống kê chữ ký số chưa khớp với Trung tâm chứng thực');
    expect(bcd!.said).toContain('Đã trả lại Bộ chỉ số năm 2024 cho văn phòng');
    expect(bcd!.last.notifications.map((n) => [n.personId, n.messages[0]?.kind === 'text' ? n.messages[0].text : ''])).toEqual([
      [c.people.vhtt, '↩️ Ban Chỉ đạo trả lại Bộ chỉ số DTI năm 2024: dti.43: thống kê chữ ký số chưa khớp với Trung tâm chứng thực'],
    ]);

    // The lead office returns the accepted indicator to its official, who fixes it.
    await vhtt!.command('duyetchiso', 'dti.43');
    await vhtt!.press('Trả lại');
    await vhtt!.text('Đề nghị cập nhật theo thống kê của Trung tâm chứng thực');
    await cbcc!.command('chiso');
    expect(cbcc!.said).toContain('Chỉ số dti.43 (1/1)');
    await cbcc!.text('70');
    await vhtt!.command('duyetchiso');
    await vhtt!.press('Chấp nhận');
    await vhtt!.command('trinhchiso');
    expect(vhtt!.said).toContain('Tổng điểm: 376/379 (99,21%) — Xuất sắc');
    await bcd!.command('thamdinhchiso');
    await bcd!.press('Thẩm định đạt');
    await chair!.command('pheduyetchiso');
    await chair!.press('Phê duyệt');
    expect(chair!.said).toContain('Đã phê duyệt');
    await chair!.command('pheduyetchiso');
    expect(chair!.said).toContain('“đã phê duyệt”, không phải “đã thẩm định, chờ phê duyệt”');

    const year = await c.store.read((tx) => loadOrgYear(tx, c.period.id));
    expect(year?.period).toMatchObject({ status: 'approved', verifiedById: c.people.bcd, approvedById: c.people.chair, submittedById: c.people.vhtt });
    const audit = await c.store.read((tx) => tx.audit.search({ unitId: c.unitId }));
    expect(audit.find((a) => a.action === 'org_period_verify_return')?.reason).toBe('dti.43: thống kê chữ ký số chưa khớp với Trung tâm chứng thực');
  });
});
