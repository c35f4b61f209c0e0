import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { answerAll } from './answer-all.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { linkedChat, makeEngine, seededEngine } from './harness.js';

async function submitted() {
  const { db, seeded, h } = await seededEngine();
  const chat = await linkedChat(h, '1', '0912000002');
  await answerAll(chat);
  await chat.link('https://example.gov.vn/bai-1');
  await chat.text('xong');
  await chat.command('nop');
  await chat.text('có');
  expect(chat.said).toContain('Đã nộp');
  return { db, seeded, h, chat };
}

const submission = (db: Db) =>
  db.$client.prepare('SELECT id, status, self_total, revision FROM submissions').get() as {
    id: number;
    status: string;
    self_total: number;
    revision: number;
  };

describe('after submitting', () => {
  it('lets the person change answers until the head acts, telling the head each time (audited)', async () => {
    const { db, seeded, chat } = await submitted();
    await chat.command('tudanhgia', '12');
    await chat.text('c');
    expect(chat.said).toContain('Trưởng phòng được báo');
    expect(chat.last.notifications).toEqual([
      expect.objectContaining({
        personId: seeded.people.head,
        purpose: 'approval',
        messages: [{ kind: 'text', text: expect.stringContaining('đã sửa câu trả lời "Khả năng bảo mật và tuân thủ"') }],
      }),
    ]);
    expect(submission(db)).toMatchObject({ status: 'submitted', self_total: 49 });
    const audit = db.$client.prepare(`SELECT before, after FROM audit_log WHERE action = 'answer.changed_after_submit'`).all();
    expect(audit).toEqual([{ before: '{"value":"b","points":5}', after: '{"value":"c","points":10}' }]);
    await chat.command('nop');
    expect(chat.said).toContain('đã nộp bản tự đánh giá; Trưởng phòng đang chờ');

    // the head starts reviewing: answers are locked
    db.$client.prepare('UPDATE submissions SET reviewed_at = 1, reviewed_by_id = ?').run(seeded.people.head);
    await chat.command('tudanhgia', '12');
    expect(chat.said).toContain('Trưởng phòng đang xem xét');
    await chat.command('xem');
    expect(chat.said).not.toContain('📤 Nộp');
  });

  it('once returned, the person edits and resubmits; once approved nothing changes', async () => {
    const { db, seeded, chat } = await submitted();
    db.$client.prepare(`UPDATE submissions SET status = 'returned', return_reason = 'Thiếu minh chứng I.1'`).run();
    await chat.command('tudanhgia');
    expect(chat.said).toContain('đã được trả lại: Thiếu minh chứng I.1');
    await chat.command('tudanhgia', '9');
    await chat.text('c');
    expect(chat.last.notifications).toEqual([]);
    await chat.command('nop');
    await chat.press('Nộp');
    expect(chat.said).toContain('Đã nộp lại');
    expect(chat.last.notifications[0]).toMatchObject({
      personId: seeded.people.head,
      messages: [{ kind: 'text', text: expect.stringContaining('đã nộp lại') }],
    });
    expect(submission(db)).toMatchObject({ status: 'submitted', self_total: 49 });
    expect(db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'submission.resubmitted'`).get()).toEqual({
      n: 1,
    });
    db.$client.prepare(`UPDATE submissions SET status = 'approved'`).run();
    await chat.command('tudanhgia', '9');
    expect(chat.said).toContain('đã được duyệt');
    await chat.command('diem');
    expect(chat.said).toContain('Quý IV/2026: 49đ');
  });

  it('sends a head’s own submission to the leader in charge and marks late submissions', async () => {
    const { db, seeded, h } = await seededEngine();
    h.clock.ms = Date.UTC(2026, 11, 11, 3, 0); // 11 December, after the 10 December deadline (its last day)
    const chat = await linkedChat(h, 'head', '0912000001');
    await answerAll(chat);
    await chat.link('https://example.gov.vn/bai-2');
    await chat.text('xong');
    await chat.command('submit');
    expect(chat.said).toContain('anh/chị vẫn sửa được cho tới khi lãnh đạo phụ trách bắt đầu xem xét');
    await chat.text('nộp');
    expect(chat.said).toContain('Đã báo lãnh đạo phụ trách để duyệt');
    expect(chat.said).not.toContain('Trưởng phòng');
    expect(chat.last.notifications.map((n) => n.personId)).toEqual([seeded.people.leader]);
    expect(db.$client.prepare('SELECT submitted_late FROM submissions').get()).toEqual({ submitted_late: 1 });
    await chat.command('nop');
    expect(chat.said).toContain('đã nộp bản tự đánh giá; lãnh đạo phụ trách đang chờ xem xét');
    db.$client.prepare('UPDATE submissions SET reviewed_at = 1, reviewed_by_id = ?').run(seeded.people.leader);
    await chat.command('tudanhgia', '12');
    expect(chat.said).toContain('Lãnh đạo phụ trách đang xem xét bản tự đánh giá của anh/chị');
  });

  it('tells a head whose department has no leader in charge that the director reviews it', async () => {
    const store = testStore();
    await seedUnit(store, { leaderInCharge: null });
    const h = makeEngine(store);
    const chat = await linkedChat(h, 'head', '0912000001');
    await answerAll(chat);
    await chat.link('https://example.gov.vn/bai-3');
    await chat.text('xong');
    await chat.command('nop');
    await chat.text('có');
    expect(chat.said).toContain('Đã báo Giám đốc để duyệt. Anh/chị vẫn sửa được cho tới khi Giám đốc bắt đầu xem xét.');
  });
});
