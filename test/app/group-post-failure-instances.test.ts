/**
 * A group post the sender gives up on, on several instances. Two apps on ONE PostgreSQL database, each with its own
 * fake Bot API; A holds `sender:telegram`, the quarter is finalised through B, so B's scheduler queues the honour list
 * for the group (recorded as posted once queued) and A sends it. Telegram refuses the picture for good (a 400): as
 * when a direct post fails on one instance, the group is recorded as failed (when, why), the office is told
 * ("Đăng nhóm thất bại: …", sent by A), and posting the list again re-posts to that group (under a new outbox key:
 * the failed item keeps the first), once.
 */
import { describe, expect, it } from 'vitest';
import { postHonours } from '../../src/honours/post-honours.js';
import { finaliseVia, textOf } from '../helpers/approval-walk.js';
import { testSql } from '../helpers/dialects.js';
import { AFTER_CEREMONY, groupPostInstances } from '../helpers/group-post-instances.js';
import { engineDriver, tgId, walkQuarterToDirector } from '../helpers/honours-walk.js';

const GROUP = '-1001234567891';
const { clock, twoInstances } = groupPostInstances();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two instances on one PostgreSQL: an honour list’s group post that finally fails', () => {
  it('the group is recorded as failed, the office is told when and why, and the next post re-posts there once', async () => {
    const { a, b, unit } = await twoInstances(GROUP);
    const store = b.app.store;
    await a.app.start();
    await b.app.start();
    expect(a.app.leadership.isLeader('sender:telegram')).toBe(true);
    // Telegram refuses the board for good: a fatal error, not retried.
    a.fake.inject({ status: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' }, { method: 'sendPhoto', chatId: GROUP });

    const d = engineDriver(b.app, clock.now);
    await walkQuarterToDirector(d, store, unit, clock.now().getTime());
    expect(textOf(await finaliseVia(d, unit.p.director))).toContain('Đã phê duyệt');

    // The sender (A) gave up on the post: the group's state says failed, with when and why.
    const ref = { unitId: unit.unitId, kind: 'quarter' as const, periodCode: unit.period?.code ?? '' };
    const targetsNow = async () => {
      const row = await store.read((tx) => tx.honours.find(ref));
      return ((row?.content ?? {}) as { targets?: Record<string, { status: string; at: number; error?: string; failures?: number }> }).targets ?? {};
    };
    const targets = await until(targetsNow, (t) => Object.values(t).some((s) => s.status === 'failed'), 'the group marked failed');
    const [state] = Object.values(targets);
    expect(state).toMatchObject({ status: 'failed', failures: 1, error: expect.stringContaining('PHOTO_INVALID_DIMENSIONS') });
    expect(state?.at).toBeGreaterThanOrEqual(AFTER_CEREMONY);

    // The office is told, through A (the sender), as when a direct post fails: what, where, when, why, who re-posts.
    const officeChat = tgId(unit.p.office);
    const told = () => a.fake.sent(officeChat).map((c) => String(c.body.text ?? '')).filter((t) => t.startsWith('Đăng nhóm thất bại'));
    await a.fake.waitFor(() => told().length > 0, 15_000);
    expect(told()[0]).toMatch(
      /^Đăng nhóm thất bại: danh sách biểu dương Quý IV\/2026 chưa đăng được lên .+ \(Telegram\) lúc \d\d:\d\d ngày 06\/01\/2027: gửi không thành công \(lỗi: telegram 400: Bad Request: PHOTO_INVALID_DIMENSIONS\)\. Vui lòng báo bộ phận quản trị hệ thống để đăng lại\.$/,
    );
    expect(told()[0]).not.toContain('thidua');

    // Posting the list again (the administrators' `thidua honours --post`) re-posts to that group, under a new key.
    const again = await postHonours(a.app.honours, ref, clock.now());
    expect(again).toMatchObject({ status: 'posted', posted: 1, failed: 0 });
    await a.fake.waitFor(() => a.fake.ok('sendPhoto').some((c) => String(c.body.chat_id) === GROUP), 15_000);
    const rows = await until(
      () => testSql(store, `SELECT dedupe_key, status FROM outbox WHERE chat_id = '${GROUP}' ORDER BY id`),
      (r) => r.every((x) => x.status !== 'sending' && x.status !== 'pending'),
      'the re-post sent',
    );
    expect(rows).toEqual([
      { dedupe_key: expect.stringMatching(/^group:honours:quarter:[^:]+:2026-Q4:\d+@telegram$/), status: 'failed' },
      { dedupe_key: expect.stringMatching(/^group:honours:quarter:[^:]+:2026-Q4:\d+:r1@telegram$/), status: 'sent' },
    ]);
    expect(Object.values(await targetsNow())).toEqual([expect.objectContaining({ status: 'posted', failures: 1 })]);
    // A third post finds the list posted everywhere: nothing more reaches the group, and the office was told once.
    expect((await postHonours(b.app.honours, ref, clock.now())).status).toBe('already_posted');
    await new Promise((r) => setTimeout(r, 300));
    expect(a.fake.ok('sendPhoto').filter((c) => String(c.body.chat_id) === GROUP)).toHaveLength(1);
    expect(told()).toHaveLength(1);
    expect(b.fake.sent()).toEqual([]);
  }, 60_000);
});
