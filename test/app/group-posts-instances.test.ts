/**
 * Issue 12's gap: Telegram GROUP posts and notices on several instances. Two apps (the composition root, in this
 * process) on ONE PostgreSQL database, each with its own fake Bot API, so every request shows which instance made
 * it. A holds every lease (it started first); the quarter is walked to the director and finalised through B, so B's
 * scheduler posts the honour list. Checked: the board reaches the group exactly once, and only through A (the
 * `sender:telegram` lease holder); B sends nothing at all, neither the post nor a notice answering a command typed in
 * the group through B's webhook; posting the same list again (A's retry, B's repeat) adds nothing.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import { UPDATE_TEXTS } from '../../src/channels/telegram/handle-update.js';
import { postHonours } from '../../src/honours/post-honours.js';
import { finaliseVia, textOf } from '../helpers/approval-walk.js';
import { testSql } from '../helpers/dialects.js';
import { groupPostInstances } from '../helpers/group-post-instances.js';
import { engineDriver, walkQuarterToDirector } from '../helpers/honours-walk.js';
import { groupCommandUpdate } from '../helpers/telegram-updates.js';
import { postUpdate } from '../telegram/telegram-harness.js';

const GROUP = '-1001234567890';
const { clock, twoInstances } = groupPostInstances();

const leads = (app: App, role: string) => app.leadership.status().some((r) => r.name === role && r.leader);

describe('two instances on one PostgreSQL: Telegram group posts', () => {
  it('the honour list and a group notice reach the group once, sent only by the sender:telegram lease holder', async () => {
    const { a, b, unit } = await twoInstances(GROUP);
    const store = b.app.store;
    await a.app.start();
    const { url: urlB } = await b.app.start();
    expect([leads(a.app, 'sender:telegram'), leads(b.app, 'sender:telegram')]).toEqual([true, false]);

    // Walked and finalised through B: B's approval service and scheduler post the list.
    const d = engineDriver(b.app, clock.now);
    await walkQuarterToDirector(d, store, unit, clock.now().getTime());
    expect(textOf(await finaliseVia(d, unit.p.director))).toContain('Đã phê duyệt');
    await a.fake.waitFor(() => a.fake.sent(GROUP).length >= 2, 15_000);
    expect(a.fake.sent(GROUP).map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(String(a.fake.sent(GROUP)[0]?.body.caption)).toBe('Biểu dương Chiến binh số Quý IV/2026');
    expect(a.fake.sent(GROUP)[0]?.files.photo?.size).toBeGreaterThan(1000);
    // The sender records the outcome just after the API answered: wait for the mark, not only for the request.
    const postRows = () => testSql(store, `SELECT dedupe_key, status, claimed_by FROM outbox WHERE chat_id = '${GROUP}'`);
    let posts = await postRows();
    for (const deadline = Date.now() + 10_000; posts.some((p) => p.status === 'sending') && Date.now() < deadline; posts = await postRows()) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(posts).toEqual([{ dedupe_key: expect.stringMatching(/^group:honours:quarter:.*@telegram$/), status: 'sent', claimed_by: 'app-a' }]);

    // Posting again changes nothing: A's retry finds the list posted; B's repeat of the same post is the same item.
    const ref = { unitId: unit.unitId, kind: 'quarter' as const, periodCode: unit.period?.code ?? '' };
    expect((await postHonours(a.app.honours, ref, clock.now())).status).toBe('already_posted');
    const key = String(posts[0]?.dedupe_key).replace(/^group:(.*)@telegram$/, '$1');
    await b.app.honours.postToGroup('telegram', GROUP, [{ kind: 'text', text: 'lần nữa' }], key);

    // A command typed in the group, through B's webhook: B marks it and queues the notice; A sends it.
    const res = await postUpdate(urlB, groupCommandUpdate(9_001, { id: 710_999 }, Number(GROUP), '/duyet'));
    expect(res.status).toBe(200);
    await a.fake.waitFor(() => a.fake.sent(GROUP).length === 3, 15_000);
    await new Promise((r) => setTimeout(r, 500)); // a second send would arrive by now
    expect(a.fake.sent(GROUP).map((c) => c.body.text ?? c.method)).toEqual(['sendPhoto', expect.stringContaining('BIỂU DƯƠNG'), UPDATE_TEXTS.groupOnly]);
    // B made no send at all: every reply, notification and post of its actions went out through A.
    expect(b.fake.sent()).toEqual([]);
    expect(a.fake.violations).toEqual([]);
    expect([leads(a.app, 'sender:telegram'), leads(b.app, 'sender:telegram')]).toEqual([true, false]);
  }, 60_000);
});
