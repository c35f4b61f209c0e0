/**
 * Practice rounds before the contest (issue 15, item 4's last sentence): `/luyenthi` draws a short test from a
 * SAMPLE bank (`sample: true`) and asks its questions with buttons (Telegram, Zalo, web chat), telling right or
 * wrong after each answer. Every message says it is practice and counts for nothing. Why only a sample bank, and
 * never the bank the contest run uses: a practice round shows the answers, and the contest's key must stay secret.
 *
 * The round is rebuilt from the seed kept in the dialog (like an attempt), so nothing but the dialog is stored.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { WorkflowContext } from '../../conversation/workflow.js';
import { defineWorkflow } from '../../conversation/workflow.js';
import type { ContestCatalogue } from '../../contest-service/catalogue.js';
import { drawFromBank, type DrawnTest } from '../../contest/draw-test.js';
import type { QuestionBank } from '../../contest/question-bank-schema.js';

const PER_TOPIC = 2;
const PREFIX = 'lt:';

const dialogSchema = z
  .object({
    bankId: z.string(),
    seed: z.number().int().min(0),
    /** 1-based number of the question being asked. */
    current: z.number().int().min(1),
    correct: z.number().int().min(0),
    nonce: z.string(),
  })
  .strict();
type PracticeDialog = z.infer<typeof dialogSchema>;

const PRACTICE = '🧪 LUYỆN TẬP (không tính điểm)';

function drawPractice(bank: QuestionBank, seed: number): DrawnTest {
  const quotas = bank.topics.map((t) => ({ topic: t.id, count: Math.min(PER_TOPIC, bank.questions.filter((q) => q.topic === t.id).length) })).filter((q) => q.count > 0);
  return drawFromBank(bank, quotas, seed);
}

export function createPracticeWorkflow(options: { catalogue: ContestCatalogue; contestId: string | null }) {
  const { catalogue } = options;

  /** A sample bank that the contest run does not use, or null. */
  async function practiceBank(ctx: WorkflowContext<PracticeDialog>): Promise<QuestionBank | null> {
    const run = options.contestId ? await ctx.tx.contest.getRun(options.contestId) : null;
    return [...catalogue.banks.values()].find((b) => b.sample && b.id !== run?.bankId) ?? null;
  }

  function ask(ctx: WorkflowContext<PracticeDialog>, data: PracticeDialog, test: DrawnTest, lead = ''): void {
    const q = test.questions[data.current - 1];
    if (!q) return;
    ctx.replies.push({
      kind: 'choices',
      text: `${lead}${PRACTICE} — Câu ${q.number}/${test.questions.length}\n${q.text}\n${q.options.map((o) => `${o.label}. ${o.text}`).join('\n')}`,
      choices: q.options.map((o) => ({ label: o.label, payload: `${PREFIX}${data.nonce}:${q.number}:${o.label}` })),
      typeHint: 'Bấm hoặc gõ A, B, C, D.',
      columns: 4,
    });
  }

  async function answer(ctx: WorkflowContext<PracticeDialog>, label: string, number: number | null): Promise<void> {
    const data = ctx.dialog;
    const bank = data ? catalogue.banks.get(data.bankId) : undefined;
    if (!data || !bank) {
      ctx.replies.push({ kind: 'text', text: `${PRACTICE}: lượt luyện tập này đã kết thúc. Gõ /luyenthi để làm lượt mới.` });
      return;
    }
    if (number !== null && number !== data.current) {
      ctx.replies.push({ kind: 'text', text: `Câu ${number} đã qua; đang ở câu ${data.current}.` });
      return;
    }
    const test = drawPractice(bank, data.seed);
    const q = test.questions[data.current - 1];
    if (!q) return;
    if (!q.options.some((o) => o.label === label)) {
      ctx.replies.push({ kind: 'text', text: `Câu ${q.number} chỉ có các phương án ${q.options.map((o) => o.label).join(', ')}.` });
      return;
    }
    const right = label === q.correctLabel;
    const next = { ...data, current: data.current + 1, correct: data.correct + (right ? 1 : 0) };
    const verdict = right ? `✔ Câu ${q.number}: đúng.\n` : `✘ Câu ${q.number}: chưa đúng — đáp án ${q.correctLabel}.\n`;
    if (next.current > test.questions.length) {
      ctx.exit();
      ctx.replies.push({
        kind: 'text',
        text: `${verdict}${PRACTICE}: xong ${test.questions.length} câu, đúng ${next.correct}. Kết quả này không được lưu và không tính vào cuộc thi. Gõ /luyenthi để làm lượt khác.`,
      });
      return;
    }
    ctx.enter(next);
    ask(ctx, next, test, verdict);
  }

  return defineWorkflow<PracticeDialog>({
    name: 'contest-practice',
    commands: [
      {
        names: ['luyenthi', 'practice'],
        description: 'Luyện tập trước cuộc thi năng lực CNTT, chuyển đổi số (không tính điểm)',
        async handle(ctx) {
          const bank = await practiceBank(ctx);
          if (!bank) {
            ctx.replies.push({ kind: 'text', text: 'Chưa có bộ câu hỏi luyện tập. Ban Tổ chức sẽ thông báo khi có.' });
            return;
          }
          const data: PracticeDialog = { bankId: bank.id, seed: randomInt(2 ** 32), current: 1, correct: 0, nonce: ctx.newNonce() };
          ctx.enter(data);
          ask(ctx, data, drawPractice(bank, data.seed), 'Bắt đầu lượt luyện tập. Câu hỏi mẫu, không phải đề thi chính thức.\n\n');
        },
      },
    ],
    buttons: [
      {
        prefix: PREFIX,
        async handle(ctx, payload) {
          const [, nonce, number, label] = payload.split(':');
          if (!ctx.dialog || nonce !== ctx.dialog.nonce) {
            ctx.replies.push({ kind: 'text', text: `${PRACTICE}: nút này thuộc lượt luyện tập cũ. Gõ /luyenthi để làm lượt mới.` });
            return;
          }
          await answer(ctx, label ?? '', Number(number));
        },
      },
    ],
    dialog: {
      schema: dialogSchema,
      version: 1,
      async handle(ctx) {
        const text = ctx.event.kind === 'text' ? ctx.event.text.trim().toUpperCase() : '';
        if (!/^[A-F]$/.test(text)) {
          ctx.replies.push({ kind: 'text', text: `${PRACTICE}: gõ A, B, C hoặc D để trả lời, hoặc /huy để dừng.` });
          return;
        }
        await answer(ctx, text, null);
      },
      async resume(ctx) {
        const data = ctx.dialog;
        const bank = data ? catalogue.banks.get(data.bankId) : undefined;
        if (!data || !bank) return false;
        ask(ctx, data, drawPractice(bank, data.seed));
        return true;
      },
    },
  });
}
