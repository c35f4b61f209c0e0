/**
 * End to end through the composition root: the director's /pheduyet in a chat → the approval service's
 * `onPeriodFinalised` → (after the engine's commit) `scheduler.onPeriodFinalised` → `postHonours` → the Telegram
 * channel posts the board (picture + text) to the registered announcement group on the fake Bot API, and the
 * dispatcher congratulates each honoured person in their private chat. The clock is after the ceremony slot
 * (08:00 on the first working day of the next quarter), so posting is immediate. A second finalisation, after
 * the office's audited reopening, posts nothing again. On both store dialects (SQLite and PostgreSQL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { ceremonySlot } from '../../src/scheduler/jobs/honours-job.js';
import { finaliseVia, reportVia, textOf } from '../helpers/approval-walk.js';
import { DIALECTS, testSql } from '../helpers/dialects.js';
import type { FakeTelegramApi, RecordedCall } from '../helpers/fake-telegram-api.js';
import { engineDriver, seedHonoursUnit, tgId, walkQuarterToDirector } from '../helpers/honours-walk.js';
import { createTelegramApp, type TelegramApp } from '../telegram/telegram-app.js';

const GROUP = '-1001234567890';
/** Wednesday 6 January 2027, 09:00 in Hà Nội: after Quarter IV/2026's ceremony slot (Monday 4 January, 08:00). */
const AFTER_CEREMONY = Date.parse('2027-01-06T02:00:00Z');

let world: TelegramApp | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const textsTo = (fake: FakeTelegramApi, chatId: string): string[] =>
  fake.sent(chatId).map((c: RecordedCall) => String(c.body.text ?? c.body.caption ?? ''));

describe.each(DIALECTS)('finalisation posts the honour list (%s)', (dialect) => {
  it('posts the board to the group once, congratulates the honoured, and a re-finalisation does not post again', async () => {
    let t = AFTER_CEREMONY;
    const clock = { now: () => new Date(t) };
    world = await createTelegramApp({ mode: 'webhook', clock, dirPrefix: 'thidua-honours-e2e-', env: { SCHEDULER: 'on' }, dialect });
    const { app, fake } = world;
    const config = app.config;
    const store = app.honours.store;

    const unit = await seedHonoursUnit(store, GROUP, t);
    const { p, period } = unit;
    if (!period) throw new Error('no period');
    await app.start();
    expect(await ceremonySlot({ store, logger: silentLogger(), timeZone: config.timezone }, unit.unitId, period.code)).toBe(
      Date.parse('2027-01-04T01:00:00Z'),
    );

    // Every step goes through the composition root's engine, as a Telegram webhook would. A small quarter: Lan (95)
    // and Hoa (68) submit late, their heads approve, lists go to the office, the office reports, the director finalises.
    const d = engineDriver(app, clock.now, () => void (t += 1000));
    await walkQuarterToDirector(d, store, unit, t);
    expect(fake.sent(GROUP)).toEqual([]);
    expect(textOf(await finaliseVia(d, p.director))).toContain('Đã phê duyệt');

    // The group gets the board picture and the text; each honoured person ONE congratulation, for Quý IV. Finalising
    // Quarter IV posts no year board (issue 18, item 24: the year's outputs come from the year's council).
    const lan = tgId(p.staff);
    const hoa = tgId(p.staff3);
    const congratulated = (chatId: string) => textsTo(fake, chatId).filter((x) => x.startsWith('🎉 Chúc mừng'));
    await fake.waitFor(() => fake.sent(GROUP).length >= 2 && congratulated(lan).length >= 1 && congratulated(hoa).length >= 1);
    await fake.waitFor(() => textsTo(fake, tgId(p.office)).some((x) => x.includes('Đã đăng danh sách biểu dương Quý IV/2026')));
    const posts = fake.sent(GROUP);
    expect(posts.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(posts[0]?.files.photo?.size).toBeGreaterThan(1000);
    expect(String(posts[0]?.body.caption)).toBe('Biểu dương Chiến binh số Quý IV/2026');
    const board = String(posts[1]?.body.text);
    expect(board).toContain('🏆 BIỂU DƯƠNG CHIẾN BINH SỐ — Quý IV/2026');
    expect(board).toMatch(/1\. Trần Thị Lan — Phòng Kế hoạch – Tài chính — 95 điểm[^\n]*\n2\. Đỗ Thị Hoa — Văn phòng Sở — 68 điểm/);
    expect(board).not.toContain('@');
    expect(posts.map((c) => String(c.body.text ?? c.body.caption))).not.toContainEqual(expect.stringContaining('Năm 2026'));
    expect(congratulated(lan)).toEqual([
      expect.stringContaining('Trần Thị Lan! Anh/chị được biểu dương trong phong trào Chiến binh số Quý IV/2026: xếp hạng 1 với 95 điểm'),
    ]);
    expect(congratulated(hoa)).toEqual([expect.stringContaining('Quý IV/2026: xếp hạng 2 với 68 điểm')]);
    expect(congratulated(tgId(p.head))).toEqual([]);
    const postsOf = () => store.read((tx) => tx.honours.listPosts(unit.unitId));
    expect((await postsOf()).map((x) => ({ kind: x.kind, code: x.periodCode }))).toEqual([{ kind: 'quarter', code: '2026-Q4' }]);
    await fake.waitFor(() => textsTo(fake, tgId(p.office)).some((x) => x.includes('Đã đăng danh sách biểu dương Quý IV/2026 lên: Nhóm Sở TT&TT (Telegram).')));
    const sentBefore = { group: posts.length, lan: congratulated(lan).length, hoa: congratulated(hoa).length };

    // The office reopens (audited), reports again, the director finalises again: no second post.
    t += 3_600_000;
    expect(textOf(await d.send(p.office, { kind: 'command', name: 'mololai', args: 'Kiểm tra lại điểm phòng Kế hoạch' }))).toContain('Đã mở lại Quý');
    expect(textOf(await reportVia(d, p.office))).toContain('Đã trình Giám đốc');
    expect(textOf(await finaliseVia(d, p.director))).toContain('Đã phê duyệt');
    const finals = (await store.read((tx) => tx.audit.search({ unitId: unit.unitId }))).filter((a) => a.action.startsWith('period.'));
    expect(finals.map((a) => a.action)).toEqual(['period.submitted_to_director', 'period.finalised', 'period.reopened', 'period.submitted_to_director', 'period.finalised']);
    expect(await testSql(store, 'SELECT status FROM periods')).toEqual([{ status: 'finalised' }]);
    expect(await postsOf()).toHaveLength(1);
    // Wait until the re-finalisation's own notices reached Lan, then stop (stop waits for any post in progress).
    await fake.waitFor(() => textsTo(fake, lan).filter((x) => x.includes('đã được Giám đốc phê duyệt')).length === 2);
    await app.stop();
    expect(fake.sent(GROUP)).toHaveLength(sentBefore.group);
    expect(congratulated(lan)).toHaveLength(sentBefore.lan);
    expect(congratulated(hoa)).toHaveLength(sentBefore.hoa);
  });
});
