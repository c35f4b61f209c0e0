import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { departmentLists, jobRuns, reminderDeliveries } from '../../db/schema.js';
import { recordDelivery } from '../../src/scheduler/job-runner.js';
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
  return h.deps.db.select().from(reminderDeliveries).where(eq(reminderDeliveries.jobName, job)).all();
}

describe('reminder targets', () => {
  it('10 March: everyone who has not submitted (drafts and returned included), with what is missing and how to continue', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    expect(await s.runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10))).toBe('ran');
    // queued on Telegram: staff (draft), office (returned); staff2 not linked, laborer blocked, staff3 outside Zalo's window.
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'staff', 'office'));
    const outcomes = Object.fromEntries(deliveries(h, 'self-reminder').map((d) => [d.personId, d.outcome]));
    expect(outcomes).toEqual({
      [h.unit.people.staff!]: 'queued',
      [h.unit.people.office!]: 'queued',
      [h.unit.people.staff2!]: 'not_linked',
      [h.unit.people.laborer!]: 'blocked',
      [h.unit.people.staff3!]: 'outside_window',
    });
    const staff = h.rows('reminder:self-reminder:').find((r) => r.personId === h.unit.people.staff)!;
    expect(staff.dedupeKey).toBe(`reminder:self-reminder:${h.unit.unitId}:${vn(2026, 3, 10).getTime()}:${h.unit.people.staff}@telegram`);
    expect(staff.text).toContain('Quý I/2026');
    expect(staff.text).toMatch(/dạng nháp.*\/tudanhgia.*\/nop/s);
    expect(staff.text).not.toContain('danh sách');
    const office = h.rows('reminder:self-reminder:').find((r) => r.personId === h.unit.people.office)!;
    expect(office.text).toContain('lý do: Thiếu minh chứng');
    // Heads are not reminded of their list in March (it is due on the 20th).
    expect(remindedIds(h, 'self-reminder')).not.toContain(h.unit.people.head);
  });

  it('sends the office a delivery report with names per outcome', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    await createScheduler(h.deps).runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10));
    const [report, ...others] = h.rows('reminder-report:self-reminder:');
    expect(others).toEqual([]);
    expect(report!.personId).toBe(h.unit.people.office);
    expect(report!.text).toContain('Đã gửi: 2 người');
    expect(report!.text).toMatch(/Chưa liên kết tài khoản chat \(1\): Lê Văn Hùng/);
    expect(report!.text).toMatch(/Đã chặn bot hoặc bỏ quan tâm OA \(1\): Phạm Văn Bảo/);
    expect(report!.text).toMatch(/Ngoài thời hạn 7 ngày tương tác của Zalo \(1\): Đỗ Thị Hoa/);
  });

  it('10 December: heads are reminded too, because their list is due by the 10th', async () => {
    const h = createHarness();
    h.submit('staff', '2026-Q4', 'submitted');
    h.submit('head', '2026-Q4', 'submitted');
    h.submit('head2', '2026-Q4', 'approved');
    h.submit('office', '2026-Q4', 'approved');
    await createScheduler(h.deps).runSlot('self-reminder', h.unit.unitId, vn(2026, 12, 10).getTime(), vn(2026, 12, 10));
    const rows = h.rows('reminder:self-reminder:');
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'head', 'head2'));
    const head = rows.find((r) => r.personId === h.unit.people.head)!;
    expect(head.text).toMatch(/còn 1 bản tự đánh giá chờ anh\/chị duyệt/);
    expect(head.text).toMatch(/chưa được gửi Văn phòng/);
    expect(head.text).toContain('Hạn gửi danh sách phòng: đã quá hạn (hết ngày 09/12/2026)');
    const head2 = rows.find((r) => r.personId === h.unit.people.head2)!;
    expect(head2.text).not.toMatch(/chờ anh\/chị duyệt/);
  });

  it('20th: heads with pending reviews or unsent lists, leaders in charge with pending comments', async () => {
    const h = createHarness();
    h.submit('staff', '2026-Q2', 'submitted');
    h.submit('head', '2026-Q2', 'submitted');
    h.submit('head2', '2026-Q2', 'approved');
    h.deps.db
      .insert(departmentLists)
      .values({ periodId: h.periods['2026-Q2']!.id, departmentId: h.unit.departmentIds[1]!, status: 'sent', sentAt: 1 })
      .run();
    await createScheduler(h.deps).runSlot('review-reminder', h.unit.unitId, vn(2026, 6, 20).getTime(), vn(2026, 6, 20));
    expect(remindedIds(h, 'review-reminder')).toEqual(ids(h, 'head', 'leader'));
    const leader = h.rows('reminder:review-reminder:').find((r) => r.personId === h.unit.people.leader)!;
    expect(leader.text).toContain('Danh sách chờ anh/chị cho ý kiến: Văn phòng Sở');
    expect(leader.text).toContain('Còn 1 bản tự đánh giá của Trưởng phòng chờ anh/chị duyệt');
  });

  it('25th: the office and the director get the compilation status', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q3');
    await createScheduler(h.deps).runSlot('office-status', h.unit.unitId, vn(2026, 9, 25).getTime(), vn(2026, 9, 25));
    expect(remindedIds(h, 'office-status')).toEqual(ids(h, 'office', 'director'));
    const text = h.rows('reminder:office-status:')[0]!.text;
    expect(text).toContain('Phòng chưa gửi danh sách (2)');
    expect(text).toMatch(/Chưa nộp tự đánh giá \(5\)/);
    expect(text).toMatch(/Đã nộp, chưa được duyệt \(1\): Nguyễn Văn Trưởng/);
  });
});

describe('exactly once across restarts', () => {
  it('a restart at 09:00 on the 10th reminds nobody a second time', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    const first = createScheduler(h.deps);
    await first.catchUp(vn(2026, 3, 10, 8, 0));
    const before = h.rows('reminder:').length;
    expect(before).toBe(2);
    const second = createScheduler(h.deps); // a new process
    const entries = await second.catchUp(vn(2026, 3, 10, 9, 0));
    expect(entries.filter((e) => e.job === 'self-reminder')).toEqual([]);
    expect(h.rows('reminder:').length).toBe(before);
    expect(h.rows('reminder-report:').length).toBe(1);
  });

  it('a process down from 07:00 to 10:00 on the 10th sends that slot once when it starts', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    const entries = await s.catchUp(vn(2026, 3, 10, 10, 0));
    expect(entries.filter((e) => e.job === 'self-reminder').map((e) => e.outcome)).toEqual(['ran']);
    expect(h.logs.some((l) => l.job === 'self-reminder' && String(l.msg).includes('running it now'))).toBe(true);
    expect(await createScheduler(h.deps).catchUp(vn(2026, 3, 10, 10, 5))).toEqual([]);
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'staff', 'office'));
  });

  it('a run interrupted by a crash resumes without reminding anyone twice', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    const slot = vn(2026, 3, 10).getTime();
    const ref = { job: 'self-reminder' as const, unitId: h.unit.unitId, slot };
    h.deps.db.insert(jobRuns).values({ jobName: 'self-reminder', unitId: h.unit.unitId, slot, status: 'running', startedAt: slot }).run();
    recordDelivery(h.deps.db, ref, { personId: h.unit.people.staff!, outcome: 'queued' }, slot);
    const entries = await createScheduler(h.deps).catchUp(vn(2026, 3, 10, 8, 20));
    expect(entries.find((e) => e.job === 'self-reminder')?.outcome).toBe('resumed');
    expect(remindedIds(h, 'self-reminder')).toEqual(ids(h, 'office'));
    const row = h.deps.db.select().from(jobRuns).where(and(eq(jobRuns.jobName, 'self-reminder'), eq(jobRuns.slot, slot))).get();
    expect(row?.status).toBe('done');
  });

  it('down from the 9th to the 24th: skips the 10th and the 20th, logs it, and the 25th status says so', async () => {
    const h = createHarness();
    typicalQuarter(h, '2026-Q1');
    const s = createScheduler(h.deps);
    const entries = await s.catchUp(vn(2026, 3, 24, 9, 0));
    const byJob = Object.fromEntries(entries.filter((e) => e.job !== 'zalo-nudge').map((e) => [e.job, e.outcome]));
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
