/**
 * The contest in chat (seed 001, issue 15): a unit's focal person sends the unit's candidate list (`/dangkythi`,
 * then the list as one message, or the list right after the command); examiners enter practical marks
 * (`/chamthi TP001 7,5`); the jury head settles a flagged paper (`/quyetdinh TP001 7 lý do`) and is told when one
 * is flagged. Rules and permissions are the services' (`src/contest-service/`), the same as the CLI's.
 */
import { z } from 'zod';
import type { WorkflowContext } from '../../conversation/workflow.js';
import { defineWorkflow } from '../../conversation/workflow.js';
import type { ContestCatalogue } from '../../contest-service/catalogue.js';
import { decidePracticalScore, enterPracticalMark } from '../../contest-service/practical-service.js';
import { closeRegistration, registerUnitList, type CandidateLine } from '../../contest-service/registration-service.js';
import { flaggedNotice, REGISTER_HELP, renderListAnswer, renderNumbers, renderPractical } from './render-contest.js';

const dialogSchema = z.object({ step: z.literal('awaiting-list') }).strict();
type ContestDialog = z.infer<typeof dialogSchema>;

/** Parses "Họ và tên; Chức vụ[; Điện thoại]" lines (also tab- or " - "-separated); null on a line it cannot read. */
export function parseListText(text: string): { lines: CandidateLine[]; bad: number[] } {
  const lines: CandidateLine[] = [];
  const bad: number[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\d+[.)]\s*/, '').trim())
    .filter((l) => l !== '')
    .forEach((l, i) => {
      const parts = l.split(/\s*[;\t|]\s*|\s+[–-]\s+/).map((p) => p.trim()).filter((p) => p !== '');
      const [fullName, position, phone] = parts;
      if (!fullName || !position || parts.length > 3) bad.push(i + 1);
      else lines.push({ fullName, position, phone });
    });
  return { lines, bad };
}

const say = (ctx: WorkflowContext<ContestDialog>, text: string) => void ctx.replies.push({ kind: 'text', text });

function parsePoints(text: string | undefined): number | null {
  if (!text || !/^\d+([.,]\d+)?$/.test(text)) return null;
  return Number(text.replace(',', '.'));
}

export function createContestWorkflow(options: { catalogue: ContestCatalogue; contestId: string }) {
  const { catalogue, contestId } = options;

  async function submitList(ctx: WorkflowContext<ContestDialog>, text: string): Promise<void> {
    const { lines, bad } = parseListText(text);
    if (bad.length > 0 || lines.length === 0) {
      say(ctx, `Tôi chưa đọc được ${bad.length > 0 ? `dòng ${bad.join(', ')}` : 'danh sách'}.\n${REGISTER_HELP}`);
      return;
    }
    const outcome = await registerUnitList(ctx.tx, catalogue, {
      contestId,
      unitId: ctx.person.unitId,
      lines,
      actor: { personId: ctx.person.id, unitId: ctx.person.unitId, roles: ctx.person.roles },
      channel: ctx.event.channel,
      now: ctx.nowMs,
    });
    if (!outcome.ok) {
      ctx.exit();
      say(ctx, outcome.message);
      return;
    }
    if (outcome.answer.stored) ctx.exit();
    say(ctx, renderListAnswer(outcome.answer));
  }

  return defineWorkflow<ContestDialog>({
    name: 'contest',
    commands: [
      {
        names: ['dangkythi', 'contestlist'],
        roles: ['office', 'director', 'admin'],
        description: 'Gửi danh sách lãnh đạo dự thi năng lực CNTT, chuyển đổi số của đơn vị',
        async handle(ctx, args) {
          if (args.trim() !== '') return submitList(ctx, args);
          const run = await ctx.tx.contest.getRun(contestId);
          if (!run || run.status !== 'registration') {
            say(ctx, run ? 'Ban Tổ chức đã khoá sổ đăng ký dự thi.' : 'Cuộc thi chưa mở đăng ký.');
            return;
          }
          const current = (await ctx.tx.contest.registrations(contestId)).filter((r) => r.unitId === ctx.person.unitId);
          const now = current.length > 0 ? `Danh sách đã gửi: ${current.map((r) => r.fullName).join(', ')}.\n` : '';
          ctx.enter({ step: 'awaiting-list' });
          say(ctx, now + REGISTER_HELP);
        },
      },
      {
        names: ['khoasothi', 'closecontest'],
        description: 'Ban Tổ chức khoá sổ đăng ký dự thi: cấp số báo danh, xếp phòng thi, báo cho các đơn vị',
        async handle(ctx) {
          const before = await ctx.tx.contest.registrations(contestId);
          const outcome = await closeRegistration(ctx.tx, catalogue, {
            contestId,
            actor: { personId: ctx.person.id, unitId: ctx.person.unitId, roles: ctx.person.roles },
            channel: ctx.event.channel,
            now: ctx.nowMs,
          });
          if (!outcome.ok) return say(ctx, outcome.message);
          const run = await ctx.tx.contest.getRun(contestId);
          const rooms = new Map((run?.rooms ?? []).map((r) => [r.id, r.name]));
          // Each unit's focal person who sent the list is told the unit's numbers and rooms.
          const senders = new Map<string, number>();
          for (const r of before) if (r.submittedById !== null) senders.set(r.unitId, r.submittedById);
          for (const [unitId, personId] of senders) {
            const own = outcome.candidates.filter((c) => c.unitId === unitId);
            ctx.notifications.push({
              personId,
              dedupeKey: `contest-numbers|${contestId}|${unitId}|p${personId}`,
              purpose: 'notice',
              messages: [{ kind: 'text', text: renderNumbers(own, rooms) }],
            });
          }
          say(ctx, `✔ Đã khoá sổ đăng ký: ${outcome.candidates.length} thí sinh có số báo danh; đã báo cho ${senders.size} đơn vị.`);
        },
      },
      {
        names: ['chamthi', 'mark'],
        description: 'Giám khảo nhập điểm thực hành: /chamthi SỐ_BÁO_DANH ĐIỂM',
        async handle(ctx, args) {
          const [number, value] = args.trim().split(/\s+/);
          const points = parsePoints(value);
          if (!number || points === null) return say(ctx, 'Gõ /chamthi SỐ_BÁO_DANH ĐIỂM, ví dụ /chamthi TP001 7,5');
          const outcome = await enterPracticalMark(ctx.tx, catalogue, { contestId, candidateNumber: number, examinerId: ctx.person.id, points, channel: ctx.event.channel, now: ctx.nowMs });
          if (!outcome.ok) return say(ctx, outcome.message);
          for (const head of outcome.notifyHeads) {
            ctx.notifications.push({
              personId: head,
              dedupeKey: `contest-flag|${contestId}|${outcome.candidateNumber}|${ctx.nowMs}|p${head}`,
              purpose: 'notice',
              messages: [{ kind: 'text', text: flaggedNotice(outcome.candidateNumber, outcome.score) }],
            });
          }
          say(ctx, renderPractical(outcome.candidateNumber, outcome.score));
        },
      },
      {
        names: ['quyetdinh', 'decide'],
        description: 'Trưởng Ban Giám khảo quyết định điểm bài chấm lệch: /quyetdinh SỐ_BÁO_DANH ĐIỂM LÝ DO',
        async handle(ctx, args) {
          const [number, value, ...reason] = args.trim().split(/\s+/);
          const points = parsePoints(value);
          if (!number || points === null || reason.length === 0) return say(ctx, 'Gõ /quyetdinh SỐ_BÁO_DANH ĐIỂM LÝ DO, ví dụ /quyetdinh TP001 7 Đối chiếu đáp án');
          const outcome = await decidePracticalScore(ctx.tx, catalogue, { contestId, candidateNumber: number, headId: ctx.person.id, points, reason: reason.join(' '), channel: ctx.event.channel, now: ctx.nowMs });
          say(ctx, outcome.ok ? renderPractical(outcome.candidateNumber, outcome.score) : outcome.message);
        },
      },
    ],
    dialog: {
      schema: dialogSchema,
      version: 1,
      async handle(ctx) {
        if (ctx.event.kind !== 'text') return say(ctx, `Anh/chị gửi danh sách dưới dạng tin nhắn chữ.\n${REGISTER_HELP}`);
        await submitList(ctx, ctx.event.text);
      },
      async resume(ctx) {
        say(ctx, REGISTER_HELP);
        return true;
      },
    },
  });
}
