/**
 * Issue 18, item 23, through the command line: `thidua reminders preview|run|settings` on a database file, with the
 * app's own dispatcher (Telegram configured, not started).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, chatAccounts, jobRuns, outbox, units } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-reminders-cli-'));
  const dbPath = join(dir, 't.db');
  const store = createSqliteStore(dbPath);
  const unit = await seedUnit(store, { periodCode: '2026-Q1' });
  store.db.update(units).set({ settings: { scoring: { yearTop5: false } } }).run();
  for (const key of ['staff', 'office', 'leader', 'director']) {
    store.db
      .insert(chatAccounts)
      .values({ personId: unit.people[key]!, channel: 'telegram', externalUserId: `tg-${key}`, chatId: `tg-${key}`, linkedAt: 1, linkedVia: 'phone' })
      .run();
  }
  store.db
    .insert(chatAccounts)
    .values({ personId: unit.people.laborer!, channel: 'telegram', externalUserId: 'tg-l', chatId: 'tg-l', status: 'blocked', linkedAt: 1, linkedVia: 'phone' })
    .run();
  await store.close();
  const env = { DATABASE_PATH: dbPath, DATA_DIR: dir, TELEGRAM_BOT_TOKEN: '123456:abcdefghijklmnopqrstuvwxyz_ABC' };
  const run = async (argv: string[], now = new Date('2026-03-09T09:00:00Z')) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => void out.push(l), err: (l) => void err.push(l) }, { env, now: () => now });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const read = async <T,>(fn: (s: ReturnType<typeof createSqliteStore>) => T): Promise<T> => {
    const s = createSqliteStore(dbPath);
    try {
      return fn(s);
    } finally {
      await s.close();
    }
  };
  return { run, read, unit };
}

describe('thidua reminders', () => {
  it('preview shows who, on which channel, which text, and who cannot be reached and why', async () => {
    const { run, read } = await setup();
    const r = await run(['reminders', 'preview', '--date', '2026-03-10']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('=== Lượt nhắc tự đánh giá — 08:00 ngày 10/03/2026 — kỳ 2026-Q1 ===');
    expect(r.out).toMatch(/• Trần Thị Lan — qua Telegram\n {4}⏰ Nhắc việc thi đua chuyển đổi số — Quý I\/2026/);
    expect(r.out).toContain('Hạn tự đánh giá: hạn chót hôm nay (10/03)');
    expect(r.out).toContain('Không nhắn được:');
    expect(r.out).toMatch(/• Lê Văn Hùng: .*chưa liên kết/i);
    expect(r.out).toContain('• Phạm Văn Bảo: đã chặn hoặc bỏ theo dõi Thi Đua Số');
    expect(await read((s) => s.db.select().from(outbox).all())).toEqual([]);
    const none = await run(['reminders', 'preview', '--date', '2026-03-11']);
    expect(none.out).toContain('Ngày 11/03/2026 không có lượt nhắc việc nào');
    expect((await run(['reminders', 'preview', '--date', '2026-02-30'])).code).toBe(2);
    expect((await run(['reminders', 'preview', '--date', '10/03/2026'])).err).toContain('Ngày "10/03/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20\n');
    expect((await run(['reminders', 'preview'])).err).toContain('Cần --date NGÀY (năm-tháng-ngày, ví dụ 2026-12-20).');
  });

  it('run is a dry run unless --send; --send uses the exactly-once records, so a second run sends nothing; audited', async () => {
    const { run, read } = await setup();
    const dry = await run(['reminders', 'run', '--date', '2026-03-10']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('CHẠY THỬ: chưa gửi gì');
    expect(await read((s) => s.db.select().from(jobRuns).all())).toEqual([]);
    const sent = await run(['reminders', 'run', '--date', '2026-03-10', '--send']);
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.out).toContain('Đã gửi lượt nhắc tự đánh giá (08:00 ngày 10/03/2026)');
    const rows = await read((s) => s.db.select().from(outbox).where(like(outbox.dedupeKey, 'reminder:self-reminder:%')).all());
    expect(rows.length).toBeGreaterThan(0);
    const again = await run(['reminders', 'run', '--date', '2026-03-10', '--send'], new Date('2026-03-10T02:00:00Z'));
    expect(again.out).toContain('đã chạy hoặc đã bỏ qua trước đó; không gửi lại');
    expect(await read((s) => s.db.select().from(outbox).where(like(outbox.dedupeKey, 'reminder:self-reminder:%')).all())).toHaveLength(rows.length);
    const runs = await read((s) => s.db.select().from(jobRuns).all());
    expect(runs.map((x) => [x.jobName, x.status])).toEqual([['self-reminder', 'done']]);
    const audits = await read((s) => s.db.select().from(auditLog).all());
    expect(audits.filter((a) => a.action === 'reminders.run_by_hand')).toHaveLength(2);
    const preview = await run(['reminders', 'preview', '--date', '2026-03-10']);
    expect(preview.out).toContain('ĐÃ NHẮC (không nhắc lại)');
  });

  it('settings: prints them, changes them (other keys of the JSON kept), refuses invalid values in Vietnamese', async () => {
    const { run, read } = await setup();
    const shown = await run(['reminders', 'settings']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('reminders.selfDay = 10');
    const set = await run(['reminders', 'settings', '--set', 'reminders.selfDay=12', '--set', 'reminders.time=07:30']);
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toContain('Đã lưu thiết lập nhắc việc');
    expect(set.out).toContain('reminders.selfDay = 12');
    expect(await read((s) => s.db.select({ settings: units.settings }).from(units).get()?.settings)).toEqual({
      scoring: { yearTop5: false },
      reminders: { selfDay: 12, time: '07:30' },
    });
    expect((await run(['reminders', 'preview', '--date', '2026-03-12'])).out).toContain('07:30 ngày 12/03/2026');
    const bad = await run(['reminders', 'settings', '--set', 'reminders.selfDay=40']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Thiết lập không hợp lệ, chưa lưu gì: reminders.selfDay: giá trị quá lớn');
    const unknown = await run(['reminders', 'settings', '--set', 'ngay=3']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Không có thiết lập "ngay"');
    const audits = await read((s) => s.db.select().from(auditLog).all());
    expect(audits.filter((a) => a.action === 'unit.reminder_settings_changed')).toHaveLength(1);
  });
});
