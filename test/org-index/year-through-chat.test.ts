/**
 * Issue 13 "done when": a whole year of seed 003 (Hương Hữu, 49 indicators) for one commune through the chat —
 * several officials answer their indicators (dti.8 month by month, evidence files and links, a signed PDF),
 * the lead office marks dti.1 "không đánh giá", returns one indicator and accepts the fix, adjusts another, the
 * steering committee verifies and the chair approves — and the total, percent and band equal the values computed
 * by hand from the seed.
 */
import { describe, expect, it } from 'vitest';
import { loadOrgYear } from '../../src/org-index/org-year.js';
import { orgResult } from '../../src/org-index/org-result.js';
import type { Chat } from '../conversation/harness.js';
import { choicesOf } from '../conversation/harness.js';
import { commune } from './fixture.js';

const SIGNED_PDF = new TextEncoder().encode(
  '%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 120 9000 500] /Contents <3082> >>\nendobj\n%%EOF\n',
);
const UNSIGNED_PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n');

/** How each indicator is answered: typed text, a button (by label), or dti.8's twelve months (articles per month). */
type Step = string | { press: string } | { months: number[] } | { file: [string, Uint8Array]; then: string } | { link: string; then: string };

/**
 * The answers, with the points each is worth by the seed's own rules (hand computation in the comments):
 * I: dti.2 2 + dti.3 2 + dti.4 1 (held, not chaired) + dti.5 2 + dti.6 3 + dti.7 10 + dti.8 10 (10 of 12 months)
 *    + dti.9 10 + dti.10 8 (80% of 10, after the return) = 48 (dti.1 not assessed: its 2 points leave the maximum)
 * II: dti.11 10 + dti.12 10 = 20
 * III: dti.13 3 (100% of 3) + dti.14 4,5 (90% of 5) + dti.15 2,5 (50% of 5) + dti.16–18 30 + dti.19 0 = 40
 * IV: dti.22 10 + dti.23 10 + dti.24 30 + dti.25 1,8 (60% of 3) = 51,8
 * V: dti.26 5 + dti.27 5 + dti.28 3 (5 − 2 × 1 infected computer) = 13
 * VI: dti.29 5 + dti.30 10 + dti.31 9 + dti.32 10 + dti.33 7,5 + dti.34 9 (10% complaints, inverted) + dti.35 10
 *    + dti.36 10 + dti.37 5 + dti.38 5 + dti.39 10 + dti.40 0 + dti.41 5 + dti.42 2 + dti.43 10
 *    + dti.44 3 (adjusted from 40% to 30%) + dti.45 10 + dti.46 4 + dti.47 3 + dti.48 10 = 137,5
 * Total 48 + 20 + 40 + 51,8 + 13 + 137,5 = 310,3 of 381 − 2 = 379 → 310,3 / 379 = 81,873…% → "Tốt" (80% ≤ p < 95%).
 */
const VHTT: Record<string, Step> = {
  'dti.2': { file: ['giay-moi-q1.pdf', UNSIGNED_PDF], then: 'to-chuc, chu-tri' },
  'dti.3': { press: 'Người đứng đầu' },
  'dti.4': { press: 'Có tổ chức phiên họp BCĐ CĐS Quý 3 (1đ)' },
  'dti.5': 'to-chuc, chu-tri',
  'dti.11': 'đạt',
  'dti.13': '100',
  'dti.14': '90',
  'dti.15': '50',
  'dti.16': 'đạt',
  'dti.17': 'đạt',
  'dti.18': 'đạt',
  'dti.19': 'chưa đạt',
  'dti.26': '100',
  'dti.27': '100',
  'dti.28': '1',
};
const KTNS: Record<string, Step> = {
  'dti.12': { file: ['quyet-dinh-chi-cds.pdf', UNSIGNED_PDF], then: 'đạt' },
  'dti.24': 'đạt',
  'dti.41': 'đạt',
};
const VPTK: Record<string, Step> = {
  'dti.30': '100',
  'dti.31': '90',
  'dti.32': '100',
  'dti.33': '75',
  'dti.34': '10',
  'dti.47': '3',
};
const CBCC: Record<string, Step> = {
  'dti.6': { file: ['quyet-dinh-so-12.pdf', SIGNED_PDF], then: 'đạt' },
  'dti.7': { link: 'https://dx.thuathienhue.gov.vn/tin-bai/huong-huu-1', then: 'đạt' },
  'dti.8': { months: [1, 2, 0, 3, 1, 1, 0, 1, 12, 1, 1, 2] },
  'dti.9': 'có',
  'dti.10': '85',
  'dti.20': 'Có, Bộ chỉ số và kế hoạch được phổ biến',
  'dti.21': 'Có',
  'dti.22': 'đạt',
  'dti.23': 'đạt',
  'dti.25': '60',
  'dti.29': 'đạt',
  'dti.35': '100',
  'dti.36': '100',
  'dti.37': '50',
  'dti.38': 'đạt',
  'dti.39': 'đạt',
  'dti.40': '0',
  'dti.42': '20',
  'dti.43': '100',
  'dti.44': '40',
  'dti.45': '100',
  'dti.46': '40',
  // Shared with the statistics official, who answered it already: skipped here.
  'dti.47': { press: 'Bỏ qua' },
  'dti.48': '100',
  'dti.49': 'Đã đặt tên file theo số chỉ số và ký số',
};

const INDICATOR = /^Chỉ số (dti\.\d+) \(/m;

/** The indicator the last reply asks, or null. */
function asked(chat: Chat): string | null {
  for (const r of [...chat.last.replies].reverse()) {
    if (r.kind !== 'choices') continue;
    const m = INDICATOR.exec(r.text);
    if (m) return m[1] ?? null;
  }
  return null;
}

/** Answers every indicator the chat is asked, from `/chiso` until the summary; returns the ids in the order asked. */
async function answerAll(chat: Chat, steps: Record<string, Step>, said: string[] = []): Promise<string[]> {
  const order: string[] = [];
  await chat.command('chiso');
  for (let guard = 0; guard < 80; guard += 1) {
    const id = asked(chat);
    if (id === null) break;
    order.push(id);
    const step = steps[id];
    if (step === undefined) throw new Error(`no answer for ${id}: ${chat.said}`);
    if (typeof step === 'string') await chat.text(step);
    else if ('press' in step) await chat.press(step.press);
    else if ('months' in step) {
      for (const n of step.months) {
        if (n === 0) await chat.press('Không có');
        else await chat.text(String(n));
      }
    } else if ('file' in step) {
      await chat.file(step.file[0], 'application/pdf', step.file[1]);
      said.push(chat.said);
      await chat.text(step.then);
    } else {
      await chat.link(step.link);
      said.push(chat.said);
      await chat.text(step.then);
    }
  }
  return order;
}

describe('organisation index: a whole year of seed 003 through the chat', () => {
  it('officials answer, the lead office reviews (not applicable, return and fix, adjust), BCĐ verifies, the chair approves', async () => {
    const c = await commune();
    const { vhtt, ktns, vptk, cbcc, bcd, chair } = c.chats as Record<string, Chat>;

    // The lead office (Văn hóa – Thông tin, the calendar's lead role) marks dti.1 "không đánh giá"; a civil servant cannot.
    await cbcc!.command('khongdanhgia', 'dti.1 Không có lãnh đạo trong BCĐ tỉnh');
    expect(cbcc!.said).toContain('Chỉ đơn vị chủ trì Bộ chỉ số');
    await vhtt!.command('khongdanhgia', 'dti.6 thử');
    expect(vhtt!.said).toContain('không thuộc trường hợp “không đánh giá”');
    await vhtt!.command('khongdanhgia', 'dti.1 Lãnh đạo xã không là thành viên Ban Chỉ đạo chuyển đổi số của tỉnh');
    expect(vhtt!.said).toContain('dti.1 không đánh giá');

    // dti.47 is shared: the lead office assigns it to the civil servant and the statistics official (several people).
    await vhtt!.command('giaochiso', 'dti.47 0913000004, 0913000003');
    expect(vhtt!.said).toContain('Đã giao chỉ số dti.47 cho: Nguyễn Văn Công, Phạm Thị Thống');
    expect(vhtt!.last.notifications.map((n) => n.personId).sort()).toEqual([c.people.cbcc, c.people.vptk].sort());

    // Văn hóa – Thông tin answers; the first question shows the completion date, the official and the evidence documents.
    await vhtt!.command('chiso');
    expect(vhtt!.said).toContain('Chỉ số dti.2 (1/15)');
    expect(vhtt!.said).toContain('📅 Hạn hoàn thành: 31/03/2024');
    expect(vhtt!.said).toContain('👤 Phụ trách: Công chức Văn hóa - Thông tin xã');
    expect(vhtt!.said).toContain('Giấy mời triệu tập các cuộc họp của Ban chỉ đạo chuyển đổi số');
    // Chaired but not held (seed 003 dti.2–5) is refused, and never offered as a button.
    await vhtt!.text('chu-tri');
    expect(vhtt!.said).toContain('Không thể chọn “Người đứng đầu đơn vị chủ trì” khi không có');
    expect(choicesOf(vhtt!.last.replies).map((b) => b.label).filter((l) => l.startsWith('Người đứng đầu'))).toEqual([]);
    const fileReplies: string[] = [];
    const vhttOrder = await answerAll(vhtt!, VHTT, fileReplies);
    expect(vhttOrder).toEqual(Object.keys(VHTT));
    expect(vhtt!.said).toContain('đã trả lời 15/15 chỉ số được giao');
    expect(fileReplies[0]).toContain('“dti.2 - giay-moi-q1.pdf”');
    expect(fileReplies[0]).toContain('không thấy chữ ký số');

    await answerAll(ktns!, KTNS);
    expect(ktns!.said).toContain('đã trả lời 3/3');
    await answerAll(vptk!, VPTK);
    expect(vptk!.said).toContain('đã trả lời 6/6');

    // The civil servant: dti.8 asked month by month over the data window (November 2023 to October 2024).
    await cbcc!.command('chiso', 'dti.8');
    expect(cbcc!.said).toContain('tháng 11/2023 có bao nhiêu tin, bài');
    const cbccReplies: string[] = [];
    await answerAll(cbcc!, CBCC, cbccReplies);
    expect(cbccReplies.join('\n')).toContain('“dti.6 - quyet-dinh-so-12.pdf” cho chỉ số dti.6 (có chữ ký số)');
    expect(cbccReplies.join('\n')).toContain('Đã lưu 1 đường liên kết cho chỉ số dti.7');
    expect(cbcc!.said).toContain('đã trả lời 25/25 chỉ số được giao');
    // The lead office is told when an official has answered everything.
    expect(cbcc!.last.notifications.some((n) => n.personId === c.people.vhtt)).toBe(true);

    // Not ready yet: nothing is reviewed.
    await vhtt!.command('trinhchiso');
    expect(vhtt!.said).toContain('chưa được rà soát xong');

    // Review: accept everything except dti.10 (returned) and dti.44 (adjusted with a reason).
    await vhtt!.command('duyetchiso', 'dti.6');
    expect(vhtt!.said).toContain('📎 dti.6 - quyet-dinh-so-12.pdf (có chữ ký số)');
    await vhtt!.command('duyetchiso', 'dti.8');
    expect(vhtt!.said).toContain('10/12 tháng có tin, bài');
    expect(vhtt!.said).toContain('11/2023: 1');
    await vhtt!.command('duyetchiso');
    for (let guard = 0; guard < 60; guard += 1) {
      const m = /^Rà soát chỉ số (dti\.\d+)/m.exec(vhtt!.said);
      if (!m) break;
      const id = m[1]!;
      if (id === 'dti.10') {
        await vhtt!.press('Trả lại');
        await vhtt!.text('Thống kê trên Hue-S chỉ có 80% truy cập, đề nghị sửa');
        expect(vhtt!.said).toContain('Đã trả lại chỉ số dti.10');
        expect(vhtt!.last.notifications.map((n) => n.personId)).toEqual([c.people.cbcc]);
      } else if (id === 'dti.44') {
        await vhtt!.press('Điều chỉnh');
        await vhtt!.text('30; Ứng dụng quản lý chữ ký số chỉ ghi nhận 30%');
        expect(vhtt!.said).toContain('Đã điều chỉnh chỉ số dti.44: 30%');
      } else {
        await vhtt!.press('Chấp nhận');
      }
    }
    expect(vhtt!.said).toContain('Không có chỉ số nào chờ rà soát. Còn 1 chỉ số chưa trả lời hoặc đang bị trả lại: dti.10');

    // The fix: the civil servant is asked dti.10 again, with the reason.
    await cbcc!.command('chiso');
    expect(cbcc!.said).toContain('Chỉ số dti.10 (1/1)');
    expect(cbcc!.said).toContain('↩️ Bị trả lại: Thống kê trên Hue-S chỉ có 80% truy cập');
    await cbcc!.text('80');
    await vhtt!.command('duyetchiso');
    expect(vhtt!.said).toContain('Rà soát chỉ số dti.10');
    await vhtt!.press('Chấp nhận');
    expect(vhtt!.said).toContain('Đã rà soát xong 49 chỉ số');

    // Verification and approval, each by its own role.
    await vhtt!.command('pheduyetchiso');
    expect(vhtt!.said).toContain('Chỉ Trưởng Ban Chỉ đạo');
    await vhtt!.command('trinhchiso');
    expect(vhtt!.said).toContain('Đã trình Ban Chỉ đạo');
    expect(vhtt!.last.notifications.map((n) => n.personId).sort()).toEqual([c.people.bcd, c.people.chair].sort());
    await cbcc!.command('chiso', 'dti.10');
    expect(cbcc!.said).toContain('đã khóa nhập số liệu');
    await bcd!.command('thamdinhchiso');
    expect(bcd!.said).toContain('Tổng điểm: 310,3/379 (81,87%) — Tốt');
    await bcd!.press('Thẩm định đạt');
    expect(bcd!.last.notifications.map((n) => n.personId)).toEqual([c.people.chair]);
    await chair!.command('pheduyetchiso');
    await chair!.press('Phê duyệt');
    expect(chair!.said).toContain('Đã phê duyệt kết quả Bộ chỉ số năm 2024');
    expect(chair!.said).toContain('Tổng điểm: 310,3/379 (81,87%) — Tốt');
    expect(chair!.said).toContain('Không đánh giá: dti.1');

    // The stored result, computed again from the rows.
    const year = await c.store.read((tx) => loadOrgYear(tx, c.period.id));
    expect(year?.period.status).toBe('approved');
    const { score } = orgResult(year!, null, 0);
    expect(score.total).toBe(310.3);
    expect(score.max).toBe(379);
    expect(score.percent).toBe(81.87);
    expect(score.band).toBe('tot');
    expect(score.missing).toEqual([]);
    expect(score.notApplicable).toEqual(['dti.1']);
    expect(score.criteria['dti.8']).toBe(10);
    expect(score.criteria['dti.44']).toBe(3);
    expect(score.criteria['dti.10']).toBe(8);
    expect(score.sections).toEqual({ 'dti.I': 48, 'dti.II': 20, 'dti.III': 40, 'dti.IV': 51.8, 'dti.V': 13, 'dti.VI': 137.5 });

    // Every decision is in the audit log.
    const audit = await c.store.read((tx) => tx.audit.search({ unitId: c.unitId }));
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('org_not_applicable');
    expect(actions).toContain('org_review_return');
    expect(actions).toContain('org_review_adjust');
    expect(actions.filter((a) => a === 'org_review_accept')).toHaveLength(47);
    expect(actions.slice(-3)).toEqual(['org_period_submit', 'org_period_verify', 'org_period_approve']);
    expect(audit.find((a) => a.action === 'org_review_adjust')?.reason).toBe('Ứng dụng quản lý chữ ký số chỉ ghi nhận 30%');
    expect(c.h.errors).toEqual([]);
  });
});
