/**
 * The review workflow end to end on a real channel: the web chat API of the running app (express on 127.0.0.1:0,
 * the demo unit, login codes), with notifications delivered through the durable outbox (`GET /api/web/messages`).
 * On both store dialects (SQLite and PostgreSQL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { acceptListVia, buttonIn, fillAnswers, finaliseVia, reportVia, returnVia, seed000Answers, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { DIALECTS, testSql } from '../helpers/dialects.js';
import { adjustVia } from './adjust-walk.js';
import { login, startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { webDriver } from './web-driver.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(DIALECTS)('approval over the web chat API (%s)', (dialect) => {
  it('submit, return, resubmit, adjust (department sub-level), approve, list, office, director', async () => {
    h = await startHarness({ dialect });
    const harness = h;
    const [staff, head, office, director] = [0, 1, 2, 3].map((i) => harness.demo.logins[i]?.personId ?? -1) as [number, number, number, number];
    const jars = new Map<number, CookieJar>();
    for (const [i, id] of [staff, head, office, director].entries()) jars.set(id, await login(harness, i));
    const d = webDriver(harness, jars);
    // Rows are read through the repositories, actions go through units of work (any dialect).
    const store = harness.app.store;
    const unitId = harness.demo.unitId ?? '';
    const period = await store.read((tx) => tx.periods.find(unitId, harness.demo.periodCode ?? ''));
    if (!period) throw new Error('no period');
    const rubric = await store.read((tx) => tx.assessment.getRubric(period.rubricVersionId));
    const ttbc = 'Phòng Thông tin, Báo chí – Xuất bản';
    const answers = (i2: string, i3: string) => ({ ...seed000Answers(`ca${i3}bbcccc`), 'cbs.I.2': i2 });
    const fill = (i2: string, i3: string) =>
      fillAnswers(store, { periodId: period.id, personId: staff, rubric, ctx: { role: 'staff', departmentName: ttbc }, answers: answers(i2, i3), now: harness.clock.now().getTime() });

    const sid = await fill('c.2', 'c'); // 10 + 7 (sub-level c.2) + 10 + 2 + 2 + 7 + 7 + 7 + 7 = 59
    expect(textOf(await submitVia(d, staff))).toContain('59đ');
    const prompt = await d.inbox(head);
    expect(textOf(prompt)).toContain('Đặng Thị Mai Anh');
    expect(textOf(prompt)).toContain('59đ — Chiến binh số, có ảnh hưởng');
    expect(buttonIn(prompt, 'Duyệt')).toMatch(/^ap:a:/);

    await returnVia(d, head, 'Đặng Thị Mai Anh', 'Bổ sung chứng chỉ khóa học');
    expect(textOf(await d.inbox(staff))).toContain('Lý do: Bổ sung chứng chỉ khóa học');
    await fill('c.2', 'b'); // I.3 c → b: 54
    await submitVia(d, staff);
    expect(textOf(await d.inbox(head))).toMatch(/Câu 12\. Khả năng bảo mật và tuân thủ: mức c \(10đ\) → mức b \(5đ\)/);

    const adjusted = await adjustVia(d, head, 'Đặng Thị Mai Anh', 'Câu 11. Kỹ năng', 'b.3)', 'Mới ở mức 03 của mức b');
    expect(textOf(adjusted)).toContain('Tổng mới của Đặng Thị Mai Anh: 52đ'); // 54 − 7 + 5
    expect(textOf(await d.inbox(staff))).toContain('mức c.2 (7đ) → mức b.3 (5đ)');
    await d.send(head, { kind: 'button', payload: buttonIn(adjusted, 'Duyệt') });
    expect(await store.read((tx) => tx.reviews.submission(sid))).toMatchObject({ status: 'approved', reviewedTotal: 52, band: 'chien-binh-so' });
    expect(textOf(await d.inbox(staff))).toContain('đã được duyệt');

    // The seed's order (unit rule listOrder, default leader-first, issue 17 item 8): the list goes to the leader in
    // charge first; the office gets it (delivered on the web) once the leader commented, and accepts it.
    expect(textOf(await sendListVia(d, head))).toContain('Đặng Thị Mai Anh — 52đ');
    expect(textOf(await d.inbox(office))).not.toContain('Tiếp nhận');
    const service = createApprovalService();
    const now = harness.clock.now();
    const [ttbcList] = await store.read((tx) => tx.reviews.listsOfPeriod(period.id));
    const ttbcDept = (await store.read((tx) => tx.reviews.departmentsOf(unitId))).find((x) => x.name === ttbc);
    if (!ttbcList || !ttbcDept?.leaderInChargeId) throw new Error('no list or no leader in charge');
    const early = await store.transaction((tx) => service.acceptList(tx, { actorId: office, now, channel: null }, { listId: ttbcList.id }));
    expect(early).toEqual({ ok: false, refusal: { code: 'list-waiting-leader-comment' } });
    const comment = async (listId: number, leaderId: number) => {
      const result = await store.transaction((tx) => service.commentList(tx, { actorId: leaderId, now, channel: null }, { listId, comment: 'Đồng ý với danh sách của phòng.' }));
      expect(result.ok).toBe(true);
      return result.ok ? result.notices : [];
    };
    // The comment releases the list: the office is sent the list to accept, with the comment.
    const released = await comment(ttbcList.id, ttbcDept.leaderInChargeId);
    expect(released.filter((n) => n.personId === office).map((n) => n.body.type).sort()).toEqual(['list-commented', 'list-sent']);
    expect(textOf(await acceptListVia(d, office, ttbc))).toContain('Đã tiếp nhận');

    // The other departments' lists (their heads and leaders are not on the web in this test) go through the service.
    const allDepartments = await store.read((tx) => tx.reviews.departmentsOf(unitId));
    for (const dept of allDepartments.filter((x) => x.name !== ttbc)) {
      const [headId] = await store.read((tx) => tx.reviews.holdersOf(unitId, 'head', dept.id));
      if (headId === undefined) throw new Error(`no head in ${dept.name}`);
      expect((await store.transaction((tx) => service.sendList(tx, { actorId: headId, now, channel: null }))).ok).toBe(true);
    }
    for (const l of (await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).filter((x) => x.status === 'sent')) {
      const leaderId = allDepartments.find((x) => x.id === l.departmentId)?.leaderInChargeId;
      if (leaderId) await comment(l.id, leaderId);
      expect((await store.transaction((tx) => service.acceptList(tx, { actorId: office, now, channel: null }, { listId: l.id }))).ok).toBe(true);
    }
    expect(textOf(await reportVia(d, office))).toContain('Đã trình Giám đốc');
    expect(buttonIn(await d.inbox(director), 'Phê duyệt')).toBe(`ap:pf:${period.id}`);
    expect(textOf(await finaliseVia(d, director))).toContain('Đã phê duyệt');
    expect(textOf(await d.inbox(staff))).toContain('Điểm của anh/chị: 52đ');
    expect(await testSql(store, 'SELECT status FROM periods')).toEqual([{ status: 'finalised' }]);
    const history = textOf(await d.send(staff, { kind: 'command', name: 'lichsu', args: '' }));
    expect(history).toContain('Ngô Thanh Sơn trả lại bản tự đánh giá');
    expect(history).toContain('Giám đốc phê duyệt kết quả');
  });
});
