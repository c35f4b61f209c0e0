/**
 * Chat parity with the dashboard (issue 16 item 3) on the web chat's HTTP API, with the demo unit: each role's
 * confirmation before an irreversible step (the head's department list, the office's accept and report, the
 * director's finalisation) — cancelled, pressed after the state changed (stale: refused, the new summary shown),
 * then confirmed —, the greeting saying what waits, the role's quick buttons, and lasting review cards whose
 * details carry the review actions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approval/approval-service.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { buttonIn, confirmIn, fillAnswers, seed000Answers, submitVia, textOf } from '../helpers/approval-walk.js';
import { login, startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { webDriver } from './web-driver.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';

/** The choices message whose text contains `text`. */
function cardWith(replies: OutboundMessage[], text: string): Extract<OutboundMessage, { kind: 'choices' }> {
  const card = replies.find((r): r is Extract<OutboundMessage, { kind: 'choices' }> => r.kind === 'choices' && r.text.includes(text));
  if (!card) throw new Error(`no card with "${text}" in:\n${textOf(replies)}`);
  return card;
}

describe('chat parity on the web chat', () => {
  it('confirmations per role (cancel, stale, confirm), the greeting, quick buttons and lasting cards', async () => {
    h = await startHarness();
    const harness = h;
    const [staff, head, office, director] = [0, 1, 2, 3].map((i) => harness.demo.logins[i]?.personId ?? -1) as [number, number, number, number];
    const jars = new Map<number, CookieJar>();
    for (const [i, id] of [staff, head, office, director].entries()) jars.set(id, await login(harness, i));
    const d = webDriver(harness, jars);
    const store = harness.app.store;
    const unitId = harness.demo.unitId ?? '';
    const period = await store.read((tx) => tx.periods.find(unitId, harness.demo.periodCode ?? ''));
    if (!period) throw new Error('no period');
    const rubric = await store.read((tx) => tx.assessment.getRubric(period.rubricVersionId));
    const service = createApprovalService();
    const who = (actorId: number) => ({ actorId, now: harness.clock.now(), channel: null });
    const later = () => harness.clock.advance(60_000);
    const listOf = async (name: string) => {
      const dept = (await store.read((tx) => tx.reviews.departmentsOf(unitId))).find((x) => x.name === name);
      return dept ? await store.read((tx) => tx.reviews.listOf(period.id, dept.id)) : null;
    };

    // Quick buttons by role: staff keep theirs, the head gets Duyệt / Tiến độ, the office Tiến độ / Danh sách, the
    // director Phê duyệt.
    const quick = async (personId: number) => {
      const response = await harness.request('/api/web/me', { jar: jars.get(personId) });
      const body = (await response.json()) as { profile: { quick: { label: string; command: string }[] } };
      return body.profile.quick.map((q) => q.label);
    };
    expect(await quick(staff)).toEqual(['Tự đánh giá', 'Xem lại', 'Nộp', 'Điểm của tôi', 'Hướng dẫn']);
    expect((await quick(head)).slice(0, 2)).toEqual(['Duyệt', 'Tiến độ']);
    expect(await quick(office)).toEqual(expect.arrayContaining(['Tiến độ', 'Danh sách']));
    expect((await quick(director))[0]).toBe('Phê duyệt');
    for (const id of [head, office, director]) expect(await quick(id)).not.toContain('Nộp');

    // The staff member submits; the head's greeting (a page reload sends "start") says a review waits.
    await fillAnswers(store, { periodId: period.id, personId: staff, rubric, ctx: { role: 'staff', departmentName: TTBC }, answers: seed000Answers('cccbbcccc'), now: harness.clock.now().getTime() });
    expect(textOf(await submitVia(d, staff))).toContain('Đã nộp');
    const greeting = textOf(await d.send(head, { kind: 'start' }));
    expect(greeting).toContain('📌 Việc đang chờ anh/chị (Quý IV/2026):');
    expect(greeting).toContain('1 bản tự đánh giá chờ anh/chị duyệt');
    expect(greeting).toContain('Gõ /duyet');
    expect(textOf(await d.send(staff, { kind: 'start' }))).toContain('hiện không có việc gì đang chờ anh/chị');

    // The prompt is a lasting card; its details carry the review actions, usable there.
    const prompt = cardWith(await d.inbox(head), 'Đặng Thị Mai Anh');
    expect(prompt.persistent).toBe(true);
    const details = await d.send(head, { kind: 'button', payload: buttonIn([prompt], 'Xem chi tiết') });
    const detailsCard = cardWith(details, '🔎 Đặng Thị Mai Anh');
    expect(detailsCard.persistent).toBe(true);
    expect(detailsCard.choices.map((c) => c.label)).toEqual(['✅ Duyệt', '✏️ Điều chỉnh', '↩️ Trả lại']);
    expect(textOf(await d.send(head, { kind: 'button', payload: buttonIn(details, 'Duyệt') }))).toContain('Đã duyệt bản của Đặng Thị Mai Anh');

    // Head: the department list's summary before sending, with a warning (3 of 4 without an approved submission).
    const summary = await d.send(head, { kind: 'command', name: 'guidanhsach', args: '' });
    const text = textOf(summary);
    expect(text).toContain('Đã duyệt 1/4');
    expect(text).toContain('⚠️ Danh sách chưa đủ: 3 người chưa có bản được duyệt');
    expect(text).toContain('Phạm Thị Thu Hà (Văn phòng)');
    expect(text).toContain('(lãnh đạo phụ trách)');
    expect(textOf(await d.send(head, { kind: 'button', payload: buttonIn(summary, 'Huỷ') }))).toContain('Đã huỷ, chưa gửi gì');
    expect(await listOf(TTBC)).toBeNull();
    // Stale: a member starts a draft after the summary was shown; the old confirmation is refused with the new one.
    const before = await d.send(head, { kind: 'command', name: 'guidanhsach', args: '' });
    const phuc = (await store.read((tx) => tx.staff.listPeople(unitId))).find((x) => x.fullName === 'Lý Hoàng Phúc')?.id ?? -1;
    await store.transaction((tx) => tx.assessment.ensureSubmission(period.id, phuc, harness.clock.now().getTime()));
    const stale = await d.send(head, { kind: 'button', payload: buttonIn(before, 'Xác nhận') });
    expect(textOf(stale)).toContain('Tình hình đã thay đổi');
    expect(textOf(stale)).toContain('Lý Hoàng Phúc — chưa nộp (đang làm dở)');
    expect(await listOf(TTBC)).toBeNull();
    expect(textOf(await confirmIn(d, head, stale))).toContain('Đã gửi danh sách tới Văn phòng');
    expect((await listOf(TTBC))?.status).toBe('sent');

    // Office: the leader in charge comments (listOrder leader-first), then the office accepts after its confirmation.
    const depts = await store.read((tx) => tx.reviews.departmentsOf(unitId));
    const comment = async (listId: number, departmentId: number) => {
      const leaderId = depts.find((x) => x.id === departmentId)?.leaderInChargeId;
      if (leaderId) expect((await store.transaction((tx) => service.commentList(tx, who(leaderId), { listId, comment: 'Đồng ý.' }))).ok).toBe(true);
    };
    const ttbcList = await listOf(TTBC);
    if (!ttbcList) throw new Error('no list');
    await comment(ttbcList.id, ttbcList.departmentId);
    const cards = await d.send(office, { kind: 'command', name: 'tiepnhan', args: '' });
    expect(cardWith(cards, TTBC).persistent).toBe(true);
    const askAccept = await d.send(office, { kind: 'button', payload: buttonIn(cards, 'Tiếp nhận', TTBC) });
    expect(textOf(askAccept)).toContain('Ngô Thanh Sơn (Trưởng phòng) được báo');
    expect(textOf(askAccept)).toContain('⚠️ 3 người chưa có bản được duyệt');
    expect(textOf(await d.send(office, { kind: 'button', payload: buttonIn(askAccept, 'Huỷ') }))).toContain('Đã huỷ');
    expect((await listOf(TTBC))?.status).toBe('sent');
    // Stale: the head re-sends the list meanwhile; the card's Tiếp nhận still works and asks again.
    const oldAccept = await d.send(office, { kind: 'button', payload: buttonIn(cards, 'Tiếp nhận', TTBC) });
    later();
    expect(textOf(await confirmIn(d, head, await d.send(head, { kind: 'command', name: 'guidanhsach', args: '' })))).toContain('Đã gửi danh sách');
    const staleAccept = await d.send(office, { kind: 'button', payload: buttonIn(oldAccept, 'Xác nhận') });
    expect(textOf(staleAccept)).toContain('Tình hình đã thay đổi');
    expect((await listOf(TTBC))?.status).toBe('sent');
    expect(textOf(await confirmIn(d, office, staleAccept))).toContain('Đã tiếp nhận danh sách Phòng Thông tin');

    // The other departments (their heads and leaders are not on the web here) go through the service.
    for (const dept of depts.filter((x) => x.name !== TTBC)) {
      const [headId] = await store.read((tx) => tx.reviews.holdersOf(unitId, 'head', dept.id));
      if (headId === undefined) continue;
      expect((await store.transaction((tx) => service.sendList(tx, who(headId)))).ok).toBe(true);
    }
    const acceptRest = async () => {
      for (const l of (await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).filter((x) => x.status === 'sent')) {
        if (!l.leaderComment) await comment(l.id, l.departmentId);
        expect((await store.transaction((tx) => service.acceptList(tx, who(office), { listId: l.id }))).ok).toBe(true);
      }
    };
    await acceptRest();

    // Office: the report's confirmation names the director; cancel, stale (a list returned and accepted again), confirm.
    const askReport = await d.send(office, { kind: 'command', name: 'trinh', args: '' });
    expect(textOf(askReport)).toContain('Trình Giám đốc danh sách toàn cơ quan — Quý IV/2026 (4 phòng)');
    expect(textOf(askReport)).toContain('Người nhận: Trần Văn Hùng (Giám đốc)');
    expect(textOf(await d.send(office, { kind: 'button', payload: buttonIn(askReport, 'Huỷ') }))).toContain('Đã huỷ');
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('open');
    const oldReport = await d.send(office, { kind: 'command', name: 'trinh', args: '' });
    const other = (await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).find((l) => l.departmentId !== ttbcList.departmentId);
    if (!other) throw new Error('no other list');
    later();
    expect((await store.transaction((tx) => service.returnList(tx, who(office), { listId: other.id, reason: 'Kiểm tra lại' }))).ok).toBe(true);
    const [otherHead] = await store.read((tx) => tx.reviews.holdersOf(unitId, 'head', other.departmentId));
    expect((await store.transaction((tx) => service.sendList(tx, who(otherHead ?? -1)))).ok).toBe(true);
    await acceptRest();
    const staleReport = await d.send(office, { kind: 'button', payload: buttonIn(oldReport, 'Xác nhận') });
    expect(textOf(staleReport)).toContain('Tình hình đã thay đổi');
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('open');
    expect(textOf(await confirmIn(d, office, staleReport))).toContain('Đã trình Giám đốc');

    // Director: the greeting says the quarter waits; the report card lasts; Phê duyệt shows the summary first.
    expect(textOf(await d.send(director, { kind: 'start' }))).toContain('Văn phòng đã trình kết quả: chờ anh/chị phê duyệt');
    const reported = cardWith(await d.inbox(director), 'Văn phòng trình Giám đốc phê duyệt');
    expect(reported.persistent).toBe(true);
    const askFinal = await d.send(director, { kind: 'button', payload: buttonIn([reported], 'Phê duyệt') });
    const finalText = textOf(askFinal);
    expect(finalText).toContain('Đề xuất biểu dương — 5 cá nhân cao điểm nhất:');
    expect(finalText).toContain('1. Đặng Thị Mai Anh (Phòng Thông tin, Báo chí – Xuất bản) — 52đ');
    expect(finalText).toContain('Cách xếp hạng: theo tổng điểm');
    expect(finalText).toContain('Tập thể dẫn đầu:');
    expect(finalText).toMatch(/Chưa nộp \(\d+\): .*Lý Hoàng Phúc/);
    expect(finalText).toContain('1 người có kết quả được duyệt nhận điểm chính thức');
    expect(finalText).toContain('Phạm Thị Thu Hà (Văn phòng) được báo');
    expect(textOf(await d.send(director, { kind: 'button', payload: buttonIn(askFinal, 'Huỷ') }))).toContain('Đã huỷ');
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('submitted_to_director');
    // Stale: sent back and reported again meanwhile.
    later();
    expect((await store.transaction((tx) => service.directorReturn(tx, who(director), { periodId: period.id, reason: 'Xem lại' }))).ok).toBe(true);
    later();
    expect((await store.transaction((tx) => service.submitToDirector(tx, who(office), { periodId: period.id }))).ok).toBe(true);
    const staleFinal = await d.send(director, { kind: 'button', payload: buttonIn(askFinal, 'Xác nhận') });
    expect(textOf(staleFinal)).toContain('Tình hình đã thay đổi');
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('submitted_to_director');
    expect(textOf(await confirmIn(d, director, staleFinal))).toContain('Đã phê duyệt kết quả Quý IV/2026');
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('finalised');
  });
});
