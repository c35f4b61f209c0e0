import { describe, expect, it } from 'vitest';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { Chat, seededEngine } from './harness.js';

const accounts = (db: Db) =>
  db.$client.prepare('SELECT person_id, channel, external_user_id, linked_via FROM chat_accounts ORDER BY id').all();
const audits = (db: Db, action: string) =>
  db.$client.prepare('SELECT * FROM audit_log WHERE action = ?').all(action);

describe('linking a chat account', () => {
  it('asks an unknown chat to share its phone, then links by a verified phone (audited)', async () => {
    const { db, seeded, h } = await seededEngine();
    const chat = new Chat(h, '1001');
    await chat.send({ kind: 'start' });
    expect(chat.last.replies.some((r) => r.kind === 'request-phone')).toBe(true);
    expect(chat.said).toContain('Đây là Thi Đua Số — trợ lý của phong trào thi đua "Chiến binh số"');
    await chat.contact('+84 912 000 002');
    expect(chat.said).toContain('Xin chào Trần Thị Lan');
    expect(accounts(db)).toEqual([{ person_id: seeded.people.staff, channel: 'telegram', external_user_id: '1001', linked_via: 'phone' }]);
    expect(audits(db, 'account.linked')).toHaveLength(1);
    await chat.command('tudanhgia');
    expect(chat.said).toContain('Câu 1/20');
  });

  it('refuses an unverified contact and explains an unknown phone', async () => {
    const { db, h } = await seededEngine();
    const chat = new Chat(h, '1002');
    await chat.contact('0912000002', false);
    expect(chat.said).toContain('không được xác minh');
    await chat.contact('0987654321');
    expect(chat.said).toContain('liên hệ Văn phòng');
    expect(accounts(db)).toEqual([]);
    await chat.command('tudanhgia');
    expect(chat.last.replies[0]?.kind).toBe('request-phone');
  });

  it('links by a one-time code that works once and expires', async () => {
    const { store, db, seeded, h } = await seededEngine();
    const { code } = await store.transaction((tx) => issueInviteCode(tx, seeded.people.head!, h.clock.ms, 60_000));
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const stored = db.$client.prepare('SELECT code_hash FROM invite_codes').all();
    expect(JSON.stringify(stored)).not.toContain(code.replace('-', ''));
    const a = new Chat(h, 'z1', 'zalo');
    await a.text(code.toLowerCase().replace('-', ' '));
    expect(a.said).toContain('Nguyễn Văn Trưởng');
    const b = new Chat(h, 'z2', 'zalo');
    await b.text(code);
    expect(b.said).toContain('đã được dùng');
    const { code: late } = await store.transaction((tx) => issueInviteCode(tx, seeded.people.head!, h.clock.ms, 60_000));
    h.clock.advance(61_000);
    await b.text(late);
    expect(b.said).toContain('hết hạn');
    await b.text('ABCD-EFGH');
    expect(b.said).toContain('không đúng');
    expect(accounts(db)).toHaveLength(1);
  });

  it('accepts a code as the /start deep-link parameter, and one person may link several channels', async () => {
    const { store, db, seeded, h } = await seededEngine();
    const { code } = await store.transaction((tx) => issueInviteCode(tx, seeded.people.staff!, h.clock.ms, 60_000));
    const tg = new Chat(h, '2001');
    await tg.send({ kind: 'start', param: code.replace('-', '') });
    expect(tg.said).toContain('Trần Thị Lan');
    const zalo = new Chat(h, 'z-2001', 'zalo');
    await zalo.contact('0912000002');
    expect(zalo.said).toContain('Trần Thị Lan');
    expect(accounts(db).map((r) => (r as { channel: string }).channel)).toEqual(['telegram', 'zalo']);
    await zalo.contact('0912000003');
    expect(zalo.said).toContain('đã được liên kết');
  });

  it('limits wrong codes per chat user in the store: 60 wrong codes from one chat, then the right one is refused (issue 18, item 7)', async () => {
    const { store, db, seeded, h } = await seededEngine();
    const { code } = await store.transaction((tx) => issueInviteCode(tx, seeded.people.head!, h.clock.ms, 24 * 3600_000));
    for (const channel of ['telegram', 'zalo'] as const) {
      const chat = new Chat(h, `guesser-${channel}`, channel);
      // 60 well-formed but wrong codes (letters of the code alphabet).
      for (let i = 0; i < 60; i++) await chat.text(`WRNG-QQ${'ABCDEFGHJK'[Math.floor(i / 10)]}${'ABCDEFGHJK'[i % 10]}`);
      await chat.text(code);
      expect(chat.said).toContain('quá nhiều lần');
      expect(chat.said).not.toContain('Nguyễn Văn Trưởng');
    }
    expect(accounts(db)).toEqual([]);
    // Counted per chat user (another chat is not affected), and the wait ends with the window.
    const other = new Chat(h, 'someone-else', 'telegram');
    h.clock.advance(16 * 60_000);
    const late = new Chat(h, 'guesser-telegram', 'telegram');
    await late.text(code);
    expect(late.said).toContain('Nguyễn Văn Trưởng');
    await other.text('ABCD-EFGH');
    expect(other.said).toContain('không đúng');
    const rows = db.$client.prepare("SELECT DISTINCT key FROM login_attempts ORDER BY key").pluck().all();
    expect(rows).toEqual(['telegram:guesser-telegram', 'telegram:someone-else', 'zalo:guesser-zalo']);
  });
});
