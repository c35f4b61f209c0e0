import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { chatAccounts, departmentConditions, departmentLists, departments, jobRuns, people, personRoles, reminderDeliveries } from '../../db/schema.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { createHarness, vn, type Harness } from './harness.js';

/** Q-state used by most tests: a draft, a submitted, an approved, a returned and three people who never started. */
function typicalQuarter(h: Harness, code: string): void {
  h.submit('staff', code, 'draft');
  h.submit('head', code, 'submitted');
  h.submit('head2', code, 'approved');
  h.submit('office', code, 'returned', { returnReason: 'Thiếu minh chứng' });
}

const remindedIds = (h: Harness, job: string) =>
  h
    .rows(`reminder:${job}:`)
    .map((r) => r.personId)
    .sort((a, b) => (a ?? 0) - (b ?? 0));

const ids = (h: Harness, ...keys: string[]) => keys.map((k) => h.unit.people[k]).sort((a, b) => (a ?? 0) - (b ?? 0));

function deliveries(h: Harness, job: string) {
  return h.store.db.select().from(reminderDeliveries).where(eq(reminderDeliveries.jobName, job)).all();
}

/** A person linked on Telegram who holds only the given roles (no department). */
function addPerson(h: Harness, fullName: string, roles: ('admin' | 'staff')[]): number {
  const { db } = h.store;
  const id = db.insert(people).values({ unitId: h.unit.unitId, fullName, updatedAt: 0 }).returning({ id: people.id }).get().id;
  db.insert(personRoles).values(roles.map((role) => ({ personId: id, role }))).run();
  db.insert(chatAccounts)
    .values({ personId: id, channel: 'telegram', externalUserId: `tg-${id}`, chatId: `tg-chat-${id}`, linkedAt: 1, linkedVia: 'phone' })
    .run();
  return id;
}

describe('reminder targets', () => {
  it('10 March: everyone who has not submitted (drafts and returned included), with what is missing and how to continue', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    expect(await s.runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10))).toBe('ran');
    // queued on Telegram: staff (draft), office (returned), the leader and the director (the rubric asks them too);
    // staff2 not linked, laborer blocked, staff3 outside Zalo's window.
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'staff', 'office', 'leader', 'director'));
    const outcomes = Object.fromEntries(deliveries(h, 'self-reminder').map((d) => [d.personId, d.outcome]));
    expect(outcomes).toEqual({
      [h.unit.people.staff!]: 'queued',
      [h.unit.people.office!]: 'queued',
      [h.unit.people.leader!]: 'queued',
      [h.unit.people.director!]: 'queued',
      [h.unit.people.staff2!]: 'not_linked',
      [h.unit.people.laborer!]: 'blocked',
      [h.unit.people.staff3!]: 'outside_window',
    });
    const staff = h.rows('reminder:self-reminder:').find((r) => r.personId === h.unit.people.staff)!;
    // The outbox row key is the reminder's key plus whom and where (src/delivery/dedupe-key.ts: `|p<person>@<channel>`).
    expect(staff.dedupeKey).toBe(`reminder:self-reminder:${h.unit.unitId}:${vn(2026, 3, 10).getTime()}:${h.unit.people.staff}|p${h.unit.people.staff}@telegram`);
    expect(staff.text).toContain('Quý I/2026');
    expect(staff.text).toMatch(/lưu nháp, chưa nộp.*\/tudanhgia.*\/nop/s);
    expect(staff.text).not.toContain('danh sách');
    // The deadline is the 10th itself (inclusive): the reminder says so instead of "overdue".
    expect(staff.text).toContain('Hạn tự đánh giá: hạn chót hôm nay (10/03); vui lòng hoàn thành trong ngày.');
    expect(staff.text).not.toContain('quá hạn');
    const leader = h.rows('reminder:self-reminder:').find((r) => r.personId === h.unit.people.leader)!;
    expect(leader.text).toContain('Anh/chị chưa bắt đầu tự đánh giá');
    const office = h.rows('reminder:self-reminder:').find((r) => r.personId === h.unit.people.office)!;
    expect(office.text).toContain('lý do: Thiếu minh chứng');
    // Heads are not reminded of their list in March (it is due on the 20th).
    expect(remindedIds(h, 'self-reminder')).not.toContain(h.unit.people.head);
  });

  it('sends the office a delivery report with names per outcome', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    await createScheduler(h.deps).runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10));
    const [report, ...others] = h.rows('reminder-report:self-reminder:');
    expect(others).toEqual([]);
    expect(report!.personId).toBe(h.unit.people.office);
    expect(report!.text).toContain('Đã gửi: 4 người');
    expect(report!.text).toMatch(/Chưa liên kết tài khoản chat \(1\): Lê Văn Hùng/);
    expect(report!.text).toMatch(/Đã chặn hoặc bỏ theo dõi Thi Đua Số \(1\): Phạm Văn Bảo/);
    expect(report!.text).toMatch(/Ngoài thời hạn 7 ngày tương tác của Zalo \(1\): Đỗ Thị Hoa/);
  });

  it('10 December: heads are reminded too, because their list is due on the 10th', async () => {
    const h = await createHarness();
    h.submit('staff', '2026-Q4', 'submitted');
    h.submit('head', '2026-Q4', 'submitted');
    h.submit('head2', '2026-Q4', 'approved');
    h.submit('office', '2026-Q4', 'approved');
    h.submit('leader', '2026-Q4', 'submitted');
    h.submit('director', '2026-Q4', 'approved');
    await createScheduler(h.deps).runSlot('self-reminder', h.unit.unitId, vn(2026, 12, 10).getTime(), vn(2026, 12, 10));
    const rows = h.rows('reminder:self-reminder:');
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'head', 'head2'));
    const head = rows.find((r) => r.personId === h.unit.people.head)!;
    expect(head.text).toMatch(/còn 1 bản tự đánh giá chờ anh\/chị duyệt/);
    expect(head.text).toMatch(/chưa được gửi Văn phòng/);
    expect(head.text).toContain('Hạn gửi danh sách phòng: hạn chót hôm nay (10/12); vui lòng hoàn thành trong ngày.');
    const head2 = rows.find((r) => r.personId === h.unit.people.head2)!;
    expect(head2.text).not.toMatch(/chờ anh\/chị duyệt/);
  });

  it('20th: heads with pending reviews or unsent lists, leaders in charge with pending comments', async () => {
    const h = await createHarness();
    h.submit('staff', '2026-Q2', 'submitted');
    h.submit('head', '2026-Q2', 'submitted');
    h.submit('head2', '2026-Q2', 'approved');
    h.store.db
      .insert(departmentLists)
      .values({ periodId: h.periods['2026-Q2']!.id, departmentId: h.unit.departmentIds[1]!, status: 'sent', sentAt: 1 })
      .run();
    // Văn phòng Sở also answered its article of the quarter (/baiphong), so its head has nothing left to do.
    h.store.db
      .insert(departmentConditions)
      .values({
        unitId: h.unit.unitId, periodId: h.periods['2026-Q2']!.id, departmentId: h.unit.departmentIds[1]!, conditionId: 'dkp.bai-viet',
        value: 1, evidence: null, answeredById: h.unit.people.head2!, answeredAt: 1,
      })
      .run();
    await createScheduler(h.deps).runSlot('review-reminder', h.unit.unitId, vn(2026, 6, 20).getTime(), vn(2026, 6, 20));
    expect(remindedIds(h, 'review-reminder')).toEqual(ids(h, 'head', 'leader'));
    const head = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.head)!;
    expect(head.text).toContain('• Phòng Thông tin, Báo chí – Xuất bản chưa khai báo tin, bài của phòng trong Quý (ít nhất 1 bài/Quý). Gõ /baiphong để khai báo.');
    const leader = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.leader)!;
    expect(leader.text).toContain('Danh sách chờ anh/chị cho ý kiến: Văn phòng Sở');
    expect(leader.text).toContain('Còn 1 bản tự đánh giá của Trưởng phòng chờ anh/chị duyệt');
  });

  it('20th: a head whose list is sent but whose department article is not answered is reminded of it alone', async () => {
    const h = await createHarness();
    h.submit('head2', '2026-Q2', 'approved');
    h.store.db
      .insert(departmentLists)
      .values({ periodId: h.periods['2026-Q2']!.id, departmentId: h.unit.departmentIds[1]!, status: 'accepted', sentAt: 1 })
      .run();
    await createScheduler(h.deps).runSlot('review-reminder', h.unit.unitId, vn(2026, 6, 20).getTime(), vn(2026, 6, 20));
    const head2 = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.head2)!;
    expect(head2.text).toContain('• Văn phòng Sở chưa khai báo tin, bài của phòng trong Quý (ít nhất 1 bài/Quý). Gõ /baiphong để khai báo.');
    expect(head2.text).not.toContain('/guidanhsach');
  });

  it('20th: a head whose department has no leader in charge is reviewed by the director, who is reminded', async () => {
    const h = await createHarness();
    h.store.db.update(departments).set({ leaderInChargeId: null }).where(eq(departments.id, h.unit.departmentIds[0]!)).run();
    h.submit('staff', '2026-Q2', 'submitted');
    h.submit('head', '2026-Q2', 'submitted');
    await createScheduler(h.deps).runSlot('review-reminder', h.unit.unitId, vn(2026, 6, 20).getTime(), vn(2026, 6, 20));
    expect(remindedIds(h, 'review-reminder')).toEqual(ids(h, 'head', 'head2', 'director'));
    const director = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.director)!;
    expect(director.text).toContain('Còn 1 bản tự đánh giá của Trưởng phòng chờ anh/chị duyệt');
    const head = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.head)!;
    expect(head.text).toMatch(/còn 1 bản tự đánh giá chờ anh\/chị duyệt/);
    expect(head.text).toContain('/guidanhsach');
  });

  it('25th: the office and the director get the compilation status', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q3');
    await createScheduler(h.deps).runSlot('office-status', h.unit.unitId, vn(2026, 9, 25).getTime(), vn(2026, 9, 25));
    expect(remindedIds(h, 'office-status')).toEqual(ids(h, 'office', 'director'));
    const text = h.rows('reminder:office-status:')[0]!.text;
    expect(text).toContain('Phòng chưa gửi danh sách (2)');
    expect(text).toMatch(/Chưa nộp tự đánh giá \(7\):.*Bùi Văn Phó, Đặng Văn Giám\./);
    expect(text).toContain('Hạn Văn phòng báo cáo Giám đốc: hạn chót hôm nay (25/09)');
    expect(text).toMatch(/Đã nộp, chưa được duyệt \(1\): Nguyễn Văn Trưởng/);
  });
});

describe('who self-assesses comes from the rubric', () => {
  it('an admin-only account is neither reminded on the 10th nor listed as missing on the 25th; an admin who is also staff is', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const adminOnly = addPerson(h, 'Quản Trị Viên', ['admin']);
    const adminStaff = addPerson(h, 'Kỹ Thuật Viên', ['staff', 'admin']);
    const s = createScheduler(h.deps);
    await s.runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10));
    const reminded = remindedIds(h, 'self-reminder');
    expect(reminded).toContain(adminStaff);
    expect(reminded).not.toContain(adminOnly);
    expect(deliveries(h, 'self-reminder').map((d) => d.personId)).not.toContain(adminOnly);
    await s.runSlot('office-status', h.unit.unitId, vn(2026, 3, 25).getTime(), vn(2026, 3, 25));
    const status = h.rows('reminder:office-status:')[0]!.text;
    expect(status).toMatch(/Chưa nộp tự đánh giá \(8\):[^\n]*Kỹ Thuật Viên/);
    expect(status).not.toContain('Quản Trị Viên');
  });
});

describe('exactly once across restarts', () => {
  it('a restart at 09:00 on the 10th reminds nobody a second time', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const first = createScheduler(h.deps);
    await first.catchUp(vn(2026, 3, 10, 8, 0));
    const before = h.rows('reminder:').length;
    expect(before).toBe(4);
    const second = createScheduler(h.deps); // a new process
    const entries = await second.catchUp(vn(2026, 3, 10, 9, 0));
    expect(entries.filter((e) => e.job === 'self-reminder')).toEqual([]);
    expect(h.rows('reminder:').length).toBe(before);
    expect(h.rows('reminder-report:').length).toBe(1);
  });

  it('a process down from 07:00 to 10:00 on the 10th sends that slot once when it starts', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    const entries = await s.catchUp(vn(2026, 3, 10, 10, 0));
    expect(entries.filter((e) => e.job === 'self-reminder').map((e) => e.outcome)).toEqual(['ran']);
    expect(h.logs.some((l) => l.job === 'self-reminder' && String(l.msg).includes('running it now'))).toBe(true);
    expect(await createScheduler(h.deps).catchUp(vn(2026, 3, 10, 10, 5))).toEqual([]);
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'staff', 'office', 'leader', 'director'));
  });

  it('a run interrupted by a crash resumes without reminding anyone twice', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const slot = vn(2026, 3, 10).getTime();
    const ref = { job: 'self-reminder' as const, unitId: h.unit.unitId, slot };
    h.store.db.insert(jobRuns).values({ jobName: 'self-reminder', unitId: h.unit.unitId, slot, status: 'running', startedAt: slot }).run();
    await h.store.transaction((tx) => tx.jobs.recordDelivery(ref, { personId: h.unit.people.staff!, outcome: 'queued' }, slot));
    const entries = await createScheduler(h.deps).catchUp(vn(2026, 3, 10, 8, 20));
    expect(entries.find((e) => e.job === 'self-reminder')?.outcome).toBe('resumed');
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'office', 'leader', 'director'));
    const row = h.store.db.select().from(jobRuns).where(and(eq(jobRuns.jobName, 'self-reminder'), eq(jobRuns.slot, slot))).get();
    expect(row?.status).toBe('done');
  });

  it('Q4: the 20 December reminder (lists were due on the 10th) still goes out after a morning outage that day', async () => {
    const h = await createHarness();
    h.submit('staff', '2026-Q4', 'submitted');
    const s = createScheduler(h.deps);
    await s.catchUp(vn(2026, 12, 19, 9, 0)); // the 10th's slot ran or was skipped before
    const entries = await s.catchUp(vn(2026, 12, 20, 11, 0));
    expect(entries.filter((e) => e.job === 'review-reminder').map((e) => e.outcome)).toEqual(['ran']);
    const head = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.head)!;
    expect(head.text).toContain('Hạn gửi danh sách phòng về Văn phòng: đã quá hạn (hết ngày 10/12/2026)');
  });

  it('down from the 9th to the 24th: skips the 10th and the 20th, logs it, and the 25th status says so', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    const entries = await s.catchUp(vn(2026, 3, 24, 9, 0));
    // The hourly Zalo check and the daily organisation-index reminder (its own test) are left out here.
    const byJob = Object.fromEntries(entries.filter((e) => e.job !== 'zalo-nudge' && e.job !== 'org-reminder').map((e) => [e.job, e.outcome]));
    expect(byJob).toEqual({ 'self-reminder': 'skipped', 'review-reminder': 'skipped' });
    const skippedLogs = h.logs.filter((l) => String(l.msg).includes('deadline has passed, skipped'));
    expect(skippedLogs.map((l) => l.job).sort()).toEqual(['review-reminder', 'self-reminder']);
    expect(h.rows('reminder:self-reminder:')).toEqual([]);
    // The 25th runs normally.
    await s.catchUp(vn(2026, 3, 25, 8, 0));
    const status = h.rows('reminder:office-status:')[0]!.text;
    expect(status).toMatch(/nhắc tự đánh giá ngày 10\/03 KHÔNG được gửi/);
    expect(status).toMatch(/ngày 20\/03 KHÔNG được gửi/);
  });
});

describe('Zalo-window nudge', () => {
  it('nudges, once per window, a Zalo user who will be reminded within 7 days but whose window closes first', async () => {
    const h = await createHarness();
    typicalQuarter(h, '2026-Q1');
    // staff3 (Zalo only, has not started) last wrote on 2 March: the window closes on 9 March, before the 10th's reminder.
    h.store.db.update(chatAccounts).set({ lastInteractionAt: vn(2026, 3, 2, 10).getTime() }).where(eq(chatAccounts.personId, h.unit.people.staff3!)).run();
    const s = createScheduler(h.deps);
    expect(await s.runSlot('zalo-nudge', h.unit.unitId, vn(2026, 3, 5, 9).getTime(), vn(2026, 3, 5, 9))).toBe('ran');
    const nudges = h.rows('zalo-nudge:');
    expect(nudges.map((n) => n.channel)).toEqual(['zalo']);
    expect(nudges[0]!.text).toContain('Zalo chỉ cho phép Thi Đua Số nhắn cho anh/chị');
    expect(await s.runSlot('zalo-nudge', h.unit.unitId, vn(2026, 3, 5, 10).getTime(), vn(2026, 3, 5, 10))).toBe('ran');
    expect(h.rows('zalo-nudge:')).toHaveLength(1);
    const run = h.store.db.select().from(jobRuns).where(and(eq(jobRuns.jobName, 'zalo-nudge'), eq(jobRuns.slot, vn(2026, 3, 5, 9).getTime()))).get();
    expect(run?.detail).toMatchObject({ nudged: 1 });
  });
});
