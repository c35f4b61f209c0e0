import { afterEach, describe, expect, it } from 'vitest';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, testSql } from '../helpers/dialects.js';
import { buttonsOf, startZaloHarness, textOf, type ZaloHarness } from './zalo-harness.js';

const STAFF_UID = '5001000000000000001';
const HEAD_UID = '5001000000000000002';
// A tiny valid PNG (1×1).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let h: ZaloHarness<Store> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The account's row, by Zalo user id (SQL both dialects run). */
async function accountOf(hh: ZaloHarness<Store>, uid: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await testSql(hh.store, 'SELECT status, last_interaction_at FROM chat_accounts WHERE external_user_id = ?', [uid]);
  return row;
}

async function linkByPhone(hh: ZaloHarness<Store>, uid: string, phone: number): Promise<void> {
  expect(await hh.send('follow', { userId: uid })).toBe(200);
  const prompt = hh.fake.sentTo(uid);
  const card = prompt.find((m) => JSON.stringify(m.message).includes('request_user_info'));
  expect(card).toBeDefined();
  expect(prompt.some((m) => /mã/.test(textOf(m)))).toBe(true);
  expect(await hh.send('user_submit_info', { userId: uid, phone })).toBe(200);
  expect(textOf(hh.fake.sentTo(uid).at(-1))).toContain('Tài khoản đã được liên kết');
}

describe.each(DIALECTS)('Zalo channel end to end (real client and webhook, fake Zalo servers, %s)', (dialect) => {
  it('a follower links by phone, answers every criterion, sends a link and an image, submits; the head is told', async () => {
    h = await startZaloHarness({ dialect });
    const hh = h;
    hh.fake.serveFile('anh-minh-chung.png', PNG, 'image/png');
    await linkByPhone(hh, HEAD_UID, 84912000001);
    await linkByPhone(hh, STAFF_UID, 84912000002);
    let mark = 0;
    const act = (name: Parameters<ZaloHarness['send']>[0], patch: Parameters<ZaloHarness['send']>[1]) => {
      mark = hh.fake.sentTo(STAFF_UID).length;
      return hh.send(name, { userId: STAFF_UID, ...patch });
    };
    const press = (payload: string) => act('user_send_text', { text: payload });
    const type = (text: string) => act('user_send_text', { text });

    const start = buttonsOf(hh.fake.sentTo(STAFF_UID).at(-1)).find((b) => b.payload.startsWith('#td:c:'));
    expect(start).toBeDefined();
    await press(start!.payload);

    let byButton = 0;
    let typed = 0;
    let imageStored = false;
    let linkSent = false;
    const handled = new Set<string>();
    const evTried = new Set<number>();
    const fileEvidence = async () => (await testSql(hh.store, "SELECT id FROM evidence WHERE kind = 'file'")).length;
    let submitted = false;
    for (let step = 0; step < 300 && !submitted; step++) {
      // What the bot answered to our last action (a long question comes as several messages of ≤ 5 buttons).
      const batch = hh.fake.sentTo(STAFF_UID).slice(mark);
      const text = batch.map(textOf).join('\n');
      const buttons = batch.flatMap(buttonsOf);
      const confirm = buttons.find((b) => /^#td:s:.*:yes$/.test(b.payload));
      const submit = buttons.find((b) => b.payload === '#td:c:nop');
      const done = buttons.find((b) => /^#td:e:.*:done$/.test(b.payload));
      const ev = buttons.find((b) => /^#td:n:.*:ev$/.test(b.payload));
      const question = /Câu (\d+)\/(\d+)/.exec(text);
      if (confirm) {
        await press(confirm.payload);
        submitted = true;
      } else if (submit) {
        await press(submit.payload);
      } else if (done) {
        const nonce = done.payload.split(':')[2]!;
        if (!handled.has(nonce)) {
          handled.add(nonce);
          let storedNow = false;
          if (!imageStored) {
            await act('user_send_image', { url: `${hh.fake.apiUrl}/files/anh-minh-chung.png` });
            storedNow = imageStored = (await fileEvidence()) > 0;
          }
          if (!storedNow) {
            await act('user_send_link', { text: 'https://stp.daknong.gov.vn/bai-viet-1', url: 'https://stp.daknong.gov.vn/bai-viet-1' });
            linkSent = true;
          }
        }
        await press(done.payload);
      } else if (question && ev && !imageStored && !evTried.has(Number(question[1]))) {
        evTried.add(Number(question[1]));
        await press(ev.payload);
      } else if (question) {
        const answers = buttons.filter((b) => b.payload.startsWith('#td:q:'));
        const index = Number(question[1]);
        // Every question says how to answer by typing (buttons show only on Zalo mobile).
        expect(text).toMatch(/gõ|Gõ/);
        if (answers.length > 0 && index % 2 === 1) {
          await press(answers.at(-1)!.payload);
          byButton += 1;
        } else {
          await type(answers.length > 0 ? '1' : '2');
          typed += 1;
        }
      } else {
        throw new Error(`unexpected message at step ${step}: ${text.slice(0, 300)}`);
      }
    }
    expect(submitted).toBe(true);
    expect(byButton).toBeGreaterThan(3);
    expect(typed).toBeGreaterThan(3);
    expect(imageStored && linkSent).toBe(true);

    const staffId = hh.unit.people.staff!;
    const [submission] = await testSql(hh.store, 'SELECT status FROM submissions WHERE person_id = ?', [staffId]);
    expect(submission?.status).toBe('submitted');
    const kinds = await testSql(hh.store, 'SELECT kind, mime FROM evidence ORDER BY id');
    expect(kinds).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'link' }), { kind: 'file', mime: 'image/png' }]));

    // The head's approval prompt went through the dispatcher and the Zalo outbox worker to the head's chat.
    const headRows = await testSql(hh.store, "SELECT status FROM outbox WHERE channel = 'zalo' AND chat_id = ?", [HEAD_UID]);
    expect(headRows.length).toBeGreaterThan(0);
    expect(headRows.every((r) => r.status === 'sent')).toBe(true);
    expect(hh.fake.sentTo(HEAD_UID).length).toBeGreaterThan(2);

    // Every inbound event moved last_interaction_at.
    expect((await accountOf(hh, STAFF_UID))?.last_interaction_at).toBe(hh.clock.ms());
  });

  it('a new follower can link by typing a one-time code; unfollow marks the account, a new message revives it', async () => {
    h = await startZaloHarness({ dialect });
    const hh = h;
    const { code } = await hh.store.transaction((tx) => issueInviteCode(tx, hh.unit.people.staff2!, hh.clock.ms()));
    await hh.send('user_click_chatnow', { userId: STAFF_UID });
    expect(JSON.stringify(hh.fake.sentTo(STAFF_UID))).toContain('request_user_info');
    await hh.send('user_send_text', { userId: STAFF_UID, text: code });
    expect(textOf(hh.fake.sentTo(STAFF_UID).at(-1))).toContain('Tài khoản đã được liên kết');
    await hh.send('unfollow', { userId: STAFF_UID });
    expect((await accountOf(hh, STAFF_UID))?.status).toBe('unfollowed');
    await hh.send('follow', { userId: STAFF_UID });
    expect((await accountOf(hh, STAFF_UID))?.status).toBe('active');
  });
});
