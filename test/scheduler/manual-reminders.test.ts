/**
 * Issue 18, item 23: the office previews a reminder slot (who, which channel, which text, who cannot be reached and
 * why), runs it by hand with the cron job's own exactly-once records, and reads/changes the reminder settings.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, jobRuns, outbox, reminderDeliveries, units } from '../../db/schema.js';
import {
  changeReminderSettings,
  previewReminders,
  readUnitSchedulerSettings,
  ReminderSettingsError,
  runRemindersByHand,
} from '../../src/scheduler/manual-reminders.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { createHarness, vn } from './harness.js';

describe('reminders by hand', () => {
  it('preview: the 10th slot — who, on which channel, with which text; unlinked, blocked and Zalo window closed — and writes nothing', async () => {
    const h = await createHarness();
    h.submit('staff', '2026-Q1', 'draft');
    h.submit('head', '2026-Q1', 'submitted');
    h.submit('head2', '2026-Q1', 'approved');
    h.submit('office', '2026-Q1', 'returned', { returnReason: 'Thiếu minh chứng' });
    const p = h.unit.people;
    const { slots } = await previewReminders(h.deps, h.unit.unitId, '2026-03-10');
    expect(slots.map((s) => [s.job, s.slot, s.status, s.periodCode])).toEqual([['self-reminder', vn(2026, 3, 10).getTime(), null, '2026-Q1']]);
    const by = Object.fromEntries(slots[0]!.reminders.map((r) => [r.personId, r]));
    expect(by[p.staff!]).toMatchObject({ outcome: 'queued', channel: 'telegram', alreadySent: false });
    expect(by[p.staff!]!.text).toContain('Hạn tự đánh giá: hạn chót hôm nay (10/03)');
    expect(by[p.office!]!.text).toContain('lý do: Thiếu minh chứng');
    expect(by[p.staff2!]).toMatchObject({ outcome: 'not_linked', channel: null });
    expect(by[p.laborer!]).toMatchObject({ outcome: 'blocked', channel: null });
    expect(by[p.staff3!]).toMatchObject({ outcome: 'outside_window', channel: null });
    expect(by[p.head!]).toBeUndefined(); // submitted: not reminded on the 10th
    // Nothing was written: no outbox row, no run, no delivery.
    expect(h.store.db.select().from(outbox).all()).toEqual([]);
    expect(h.store.db.select().from(jobRuns).all()).toEqual([]);
    // A date without a slot, and the 20th and 25th.
    expect((await previewReminders(h.deps, h.unit.unitId, '2026-03-11')).slots).toEqual([]);
    expect((await previewReminders(h.deps, h.unit.unitId, '2026-03-20')).slots.map((s) => s.job)).toEqual(['review-reminder']);
    const office = (await previewReminders(h.deps, h.unit.unitId, '2026-03-25')).slots[0]!;
    expect(office.job).toBe('office-status');
    expect(office.reminders.map((r) => r.personId).sort()).toEqual([p.office, p.director].sort());
  });

  it('run by hand, then the cron slot: each person reminded once; audited; the preview then says "already sent"', async () => {
    const h = await createHarness();
    h.submit('staff', '2026-Q1', 'draft');
    const scheduler = createScheduler(h.deps);
    const runSlot = (job: Parameters<typeof scheduler.runSlot>[0], unitId: string, slot: number, now?: Date) => scheduler.runSlot(job, unitId, slot, now);
    const byHand = await runRemindersByHand(h.deps, runSlot, h.unit.unitId, '2026-03-10', vn(2026, 3, 9, 16));
    expect(byHand).toEqual([{ job: 'self-reminder', slot: vn(2026, 3, 10).getTime(), outcome: 'ran' }]);
    const sent = h.rows('reminder:self-reminder:').length;
    expect(sent).toBeGreaterThan(0);
    // The cron fire (and the catch-up) of the same slot finds it taken: nobody is reminded twice.
    expect(await scheduler.runSlot('self-reminder', h.unit.unitId, vn(2026, 3, 10).getTime(), vn(2026, 3, 10))).toBe('taken');
    await scheduler.catchUp(vn(2026, 3, 10, 9));
    expect(h.rows('reminder:self-reminder:')).toHaveLength(sent);
    expect(await runRemindersByHand(h.deps, runSlot, h.unit.unitId, '2026-03-10', vn(2026, 3, 10, 10))).toEqual([
      { job: 'self-reminder', slot: vn(2026, 3, 10).getTime(), outcome: 'taken' },
    ]);
    expect(h.rows('reminder:self-reminder:')).toHaveLength(sent);
    const audits = h.store.db.select().from(auditLog).where(eq(auditLog.action, 'reminders.run_by_hand')).all();
    expect(audits.map((a) => [a.channel, a.entityType, (a.after as { outcome: string }).outcome])).toEqual([
      ['cli', 'job_run', 'ran'],
      ['cli', 'job_run', 'taken'],
    ]);
    const preview = (await previewReminders(h.deps, h.unit.unitId, '2026-03-10')).slots[0]!;
    expect(preview.status).toBe('done');
    expect(preview.reminders.find((r) => r.personId === h.unit.people.staff)?.alreadySent).toBe(true);
    expect(h.store.db.select().from(reminderDeliveries).all().length).toBe(preview.reminders.length);
  });

  it('settings: read, changed through the repository (other keys kept), validated with the scheduler schema, audited', async () => {
    const h = await createHarness();
    const { db } = h.store;
    db.update(units).set({ settings: { scoring: { yearTop5: true }, reminders: { time: '07:30' } } }).where(eq(units.id, h.unit.unitId)).run();
    expect((await h.store.read((tx) => readUnitSchedulerSettings(tx, h.unit.unitId))).settings.reminders).toMatchObject({ time: '07:30', selfDay: 10 });
    const changed = await h.store.transaction((tx) => changeReminderSettings(tx, h.unit.unitId, ['reminders.selfDay=12', 'zaloNudge=false'], vn(2026, 2, 1)));
    expect(changed.changed).toEqual(['reminders.selfDay', 'reminders.zaloNudge']);
    const stored = db.select({ settings: units.settings }).from(units).where(eq(units.id, h.unit.unitId)).get()?.settings;
    expect(stored).toEqual({ scoring: { yearTop5: true }, reminders: { time: '07:30', selfDay: 12, zaloNudge: false } });
    // The scheduler now reminds on the 12th.
    expect((await previewReminders(h.deps, h.unit.unitId, '2026-03-12')).slots.map((s) => s.job)).toEqual(['self-reminder']);
    expect((await previewReminders(h.deps, h.unit.unitId, '2026-03-10')).slots).toEqual([]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'unit.reminder_settings_changed')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ channel: 'cli', entityType: 'unit', entityId: h.unit.unitId });
    expect((audit[0]!.before as { reminders: { selfDay: number } }).reminders.selfDay).toBe(10);
    expect((audit[0]!.after as { reminders: { selfDay: number } }).reminders.selfDay).toBe(12);
    // Refused: a day the schema forbids, an unknown key, a malformed assignment — nothing stored, nothing audited.
    for (const bad of [['reminders.selfDay=31'], ['reminders.ngay=3'], ['selfDay'], ['reminders.time=8h']]) {
      await expect(h.store.transaction((tx) => changeReminderSettings(tx, h.unit.unitId, bad, vn(2026, 2, 2)))).rejects.toBeInstanceOf(ReminderSettingsError);
    }
    await expect(h.store.transaction((tx) => changeReminderSettings(tx, h.unit.unitId, ['reminders.selfDay=31'], vn(2026, 2, 2)))).rejects.toThrow(
      /reminders\.selfDay: giá trị quá lớn/,
    );
    expect(db.select({ settings: units.settings }).from(units).where(eq(units.id, h.unit.unitId)).get()?.settings).toEqual(stored);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'unit.reminder_settings_changed')).all()).toHaveLength(1);
  });
});
