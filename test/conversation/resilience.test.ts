import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { Chat, FakeClock, linkedChat, makeEngine, seededEngine, textOf } from './harness.js';

const WEEK = 7 * 24 * 60 * 60 * 1000;

/** A linked staff member who has just started /tudanhgia (question 1 shown). */
async function assessing() {
  const { db, h } = await seededEngine();
  const chat = await linkedChat(h, '1', '0912000002');
  await chat.command('tudanhgia');
  return { db, h, chat };
}

describe('engine resilience', () => {
  it('resumes exactly where the person left off after a restart and a week-long pause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-restart-'));
    const path = join(dir, 'db.sqlite');
    const store1 = createSqliteStore(path);
    await seedUnit(store1);
    const clock = new FakeClock();
    const first = makeEngine(store1, { clock, dataDir: dir });
    const chat1 = await linkedChat(first, '1', '0912000002');
    await chat1.command('tudanhgia');
    await chat1.text('dat');
    await chat1.text('dat');
    expect(chat1.said).toContain('Câu 3/20');
    const currentButton = chat1.payload('Đạt');
    await store1.close();

    clock.advance(WEEK);
    const store2 = createSqliteStore(path);
    const db2 = store2.db;
    const second = makeEngine(store2, { clock, dataDir: dir });
    const chat2 = new Chat(second, '1');
    await chat2.button(currentButton);
    expect(chat2.said).not.toContain('Câu hỏi này đã cũ');
    expect(chat2.said).toContain('✔ Câu 3: Đạt');
    expect(chat2.said).toContain('Câu 4/20');
    const answers = db2.$client.prepare('SELECT count(*) AS n FROM answers').get();
    expect(answers).toEqual({ n: 3 });
    await store2.close();
  });

  it('ignores a repeated event id and answers stale buttons from an older question without changing anything', async () => {
    const { db, h, chat } = await assessing();
    const q1Fail = chat.payload('Chưa đạt');
    const event = chat.event({ kind: 'button', payload: chat.payload('Đạt') }, 'dup-1');
    const first = await h.engine.handle(event);
    expect(first.duplicate).toBe(false);
    const again = await h.engine.handle(event);
    expect(again).toEqual({ replies: [], duplicate: true });
    expect(db.$client.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 1 });
    // out of order: the old question's button arrives after the next question was shown
    await chat.button(q1Fail);
    expect(chat.said).toContain('Câu hỏi này đã cũ');
    expect(chat.said).toContain('Câu 2/20');
    expect(db.$client.prepare('SELECT value FROM answers').all()).toEqual([{ value: '"pass"' }]);
    // forged / unknown payloads are harmless too
    await chat.button('q:zzzz:pass');
    expect(chat.said).toContain('Câu hỏi này đã cũ');
    await chat.button('xx:whatever');
    expect(chat.said).toContain('Câu 2/20');
  });

  it('handles events of one chat one at a time and two people answering at the same time', async () => {
    const { db, h } = await seededEngine();
    const a = new Chat(h, 'a');
    const b = new Chat(h, 'b');
    await Promise.all([a.contact('0912000002'), b.contact('0912000003')]);
    await Promise.all([a.command('tudanhgia'), b.command('tudanhgia')]);
    // fire a burst for each chat without waiting: per-chat order must be kept
    const burstA = ['dat', 'dat', 'khong dat', 'dat'].map((t) => h.engine.handle(a.event({ kind: 'text', text: t })));
    const burstB = ['khong', 'dat', 'dat'].map((t) => h.engine.handle(b.event({ kind: 'text', text: t })));
    const results = await Promise.all([...burstA, ...burstB]);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const rows = db.$client
      .prepare(
        `SELECT p.phone, a.criterion_id, a.value FROM answers a JOIN submissions s ON s.id = a.submission_id
         JOIN people p ON p.id = s.person_id ORDER BY p.phone, a.id`,
      )
      .all();
    expect(rows).toEqual([
      { phone: '0912000002', criterion_id: 'cds.I.1', value: '"pass"' },
      { phone: '0912000002', criterion_id: 'cds.I.2', value: '"pass"' },
      { phone: '0912000002', criterion_id: 'cds.I.3', value: '"fail"' },
      { phone: '0912000002', criterion_id: 'cds.I.4', value: '"pass"' },
      { phone: '0912000003', criterion_id: 'cds.I.1', value: '"fail"' },
      { phone: '0912000003', criterion_id: 'cds.I.2', value: '"pass"' },
      { phone: '0912000003', criterion_id: 'cds.I.3', value: '"pass"' },
    ]);
  });

  it('keeps arrival order when a file (stored asynchronously first) is followed at once by a link', async () => {
    const { db, h } = await seededEngine();
    const chat = await linkedChat(h, '1', '0912000002');
    await chat.command('tudanhgia', '9');
    await chat.press('Minh chứng');
    const bytes = new TextEncoder().encode('biên bản');
    const results = await Promise.all([
      h.engine.handle(chat.event({ kind: 'file', file: { name: 'bien-ban.pdf', mime: 'application/pdf', size: bytes.byteLength, data: bytes } })),
      h.engine.handle(chat.event({ kind: 'link', url: 'https://example.gov.vn/bai-viet' })),
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    expect(db.$client.prepare('SELECT kind FROM evidence ORDER BY id').pluck().all()).toEqual(['file', 'link']);
    expect(textOf(results[1]?.replies ?? [])).toContain('hiện có 2');
  });

  it('resets an unreadable or unknown-version state gracefully, keeping the answers', async () => {
    const { db, chat } = await assessing();
    await chat.text('dat');
    db.$client.prepare(`UPDATE conversations SET schema_version = 99, state = '{"x":1}'`).run();
    await chat.text('dat');
    expect(chat.said).toContain('làm mới');
    await chat.command('tudanhgia');
    expect(chat.said).toContain('Câu 2/20');
    db.$client.prepare(`UPDATE conversations SET state = 'not json'`).run();
    await chat.text('dat');
    expect(chat.said).toContain('làm mới');
  });

  it('rolls back a failing step and leaves the event unmarked so a redelivery retries it', async () => {
    const { db, h, chat } = await assessing();
    db.$client.exec(`CREATE TRIGGER boom BEFORE INSERT ON answers BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const event = chat.event({ kind: 'text', text: 'dat' }, 'retry-1');
    const failed = await h.engine.handle(event);
    expect(failed.replies[0]).toEqual({ kind: 'text', text: expect.stringContaining('có lỗi') });
    expect(h.errors).toHaveLength(1);
    expect(db.$client.prepare(`SELECT count(*) AS n FROM inbound_events WHERE event_id = 'retry-1'`).get()).toEqual({ n: 0 });
    db.$client.exec('DROP TRIGGER boom');
    const retried = await h.engine.handle(event);
    expect(retried.duplicate).toBe(false);
    expect(retried.replies.map((r) => ('text' in r ? r.text : '')).join()).toContain('Câu 2/20');
  });

  it('turns an event stored as pending by a webhook into done when processed', async () => {
    const { db, h } = await seededEngine();
    db.$client
      .prepare(`INSERT INTO inbound_events (channel, event_id, status, received_at) VALUES ('zalo', 'p-1', 'pending', 1)`)
      .run();
    const chat = new Chat(h, 'z', 'zalo');
    const result = await chat.send({ kind: 'text', text: 'xin chào' }, 'p-1');
    expect(result.duplicate).toBe(false);
    expect(db.$client.prepare(`SELECT status FROM inbound_events WHERE event_id = 'p-1'`).get()).toEqual({ status: 'done' });
    expect((await chat.send({ kind: 'text', text: 'xin chào' }, 'p-1')).duplicate).toBe(true);
  });
});
