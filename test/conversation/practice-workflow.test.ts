/**
 * Practice rounds (issue 15, item 4): /luyenthi in Telegram and Zalo asks a sample bank's questions with buttons,
 * every message marked as practice, right/wrong told after each answer, a summary at the end, stale buttons
 * recognised; no practice from the bank the contest run uses (its key must stay secret).
 */
import { describe, expect, it } from 'vitest';
import type { AnyWorkflow } from '../../src/conversation/workflow-registry.js';
import { openContestRun } from '../../src/contest-service/registration-service.js';
import { createPracticeWorkflow } from '../../src/workflows/contest/practice-workflow.js';
import { BANK_ID, contestCatalogue } from '../helpers/contest-world.js';
import { choicesOf, Chat, seededEngine, textOf } from './harness.js';
import { DEFAULT_PEOPLE } from '../helpers/seed-unit.js';

const phoneOf = (key: string) => DEFAULT_PEOPLE.find((p) => p.key === key)?.phone ?? '';

describe('practice rounds', () => {
  for (const channel of ['telegram', 'zalo'] as const) {
    it(`asks a sample bank's questions with buttons on ${channel}, marked as practice, with a summary`, async () => {
      const { catalogue, contest } = contestCatalogue();
      const { h, store } = await seededEngine({ workflows: [createPracticeWorkflow({ catalogue, contestId: contest.id }) as AnyWorkflow] });
      const chat = new Chat(h, `p-${channel}`, channel);
      await chat.contact(phoneOf('staff'));
      await chat.command('luyenthi');
      expect(chat.said).toContain('🧪 LUYỆN TẬP (không tính điểm) — Câu 1/8');
      const first = choicesOf(chat.last.replies);
      expect(first.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D']);
      const stale = first[0]?.payload ?? '';
      let verdicts = 0;
      let right = 0;
      for (let i = 1; i <= 8; i += 1) {
        const choices = choicesOf(chat.last.replies);
        if (i % 2 === 0) await chat.text('b');
        else await chat.button(choices[0]?.payload ?? '');
        const said = textOf(chat.last.replies);
        expect(said).toMatch(new RegExp(`^[✔✘] Câu ${i}: (đúng|chưa đúng — đáp án [A-D])\\.`));
        verdicts += 1;
        if (said.startsWith('✔')) right += 1;
        if (i < 8) expect(said).toContain(`🧪 LUYỆN TẬP (không tính điểm) — Câu ${i + 1}/8`);
      }
      expect(verdicts).toBe(8);
      expect(chat.said).toContain(`xong 8 câu, đúng ${right}. Kết quả này không được lưu và không tính vào cuộc thi.`);
      await chat.button(stale);
      expect(chat.said).toContain('nút này thuộc lượt luyện tập cũ');
      await store.close();
    });
  }

  it('offers no practice from the bank the contest run uses', async () => {
    const { catalogue, contest } = contestCatalogue();
    const { h, store } = await seededEngine({ workflows: [createPracticeWorkflow({ catalogue, contestId: contest.id }) as AnyWorkflow] });
    await store.transaction(async (tx) => {
      await tx.staff.createUnit({ id: 'so-x', name: 'Sở X' });
      const opened = await openContestRun(tx, catalogue, { contest: contest.id, bank: BANK_ID, units: [{ id: 'so-x', name: 'Sở X', level: 'city', kind: 'so' }], boardMembers: [], rooms: [{ id: 'P1', name: 'P1', capacity: 5 }] }, Date.now());
      if (!opened.ok) throw new Error(opened.message);
    });
    const chat = new Chat(h, 'p-x', 'telegram');
    await chat.contact(phoneOf('staff'));
    await chat.command('luyenthi');
    expect(chat.said).toBe('Chưa có bộ câu hỏi luyện tập. Ban Tổ chức sẽ thông báo khi có.');
    await store.close();
  });
});
