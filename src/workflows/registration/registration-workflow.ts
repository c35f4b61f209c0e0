/**
 * The emulation registration in chat (issue 14 item 2): `/dangkythidua` shows the titles one may aim for this
 * year (a head also sees their department's), each a button; pressing one registers it through
 * `src/awards/registration.ts` (before the unit's deadline). Buttons `dk:<p|d>:<title index>:<year>`; no dialog.
 */
import type { Choice } from '../../conversation/types.js';
import type { Workflow, WorkflowContext } from '../../conversation/workflow.js';
import { awardRefusalText } from '../../awards/refusals.js';
import { DEPARTMENT_TITLES, PERSON_TITLES, registerEmulation } from '../../awards/registration.js';
import { localDateOf } from '../../scoring/period-calendar.js';

const say = (ctx: WorkflowContext, text: string) => void ctx.replies.push({ kind: 'text', text });
const actorOf = (ctx: WorkflowContext) => ({ personId: ctx.person.id, unitId: ctx.person.unitId, roles: ctx.person.roles, departmentId: ctx.person.departmentId });
const fmt = (d: string) => d.split('-').reverse().join('/');

async function showTitles(ctx: WorkflowContext): Promise<void> {
  const today = localDateOf(ctx.now);
  const year = Number(today.slice(0, 4));
  const deadline = await ctx.tx.registrations.deadline(ctx.person.unitId, year);
  const mine = await ctx.tx.registrations.find(ctx.person.unitId, year, 'person', ctx.person.id);
  const lines = [`📝 ĐĂNG KÝ THI ĐUA NĂM ${year}`, deadline ? `Hạn đăng ký: hết ngày ${fmt(deadline)}.` : 'Văn phòng chưa đặt hạn đăng ký.'];
  lines.push(mine ? `Anh/chị đã đăng ký: ${mine.titles.join(', ')}.` : 'Anh/chị chưa đăng ký.');
  const choices: Choice[] = PERSON_TITLES.map((t, i) => ({ label: t, payload: `dk:p:${i}:${year}` }));
  if (ctx.person.roles.includes('head') && ctx.person.departmentId !== null) {
    const dept = await ctx.tx.registrations.find(ctx.person.unitId, year, 'department', ctx.person.departmentId);
    lines.push(dept ? `Phòng đã đăng ký: ${dept.titles.join(', ')}.` : 'Phòng của anh/chị chưa đăng ký (nút "Phòng: …").');
    choices.push(...DEPARTMENT_TITLES.map((t, i) => ({ label: `Phòng: ${t}`, payload: `dk:d:${i}:${year}` })));
  }
  lines.push('Chọn danh hiệu đăng ký (bấm thêm để đăng ký nhiều danh hiệu):');
  ctx.replies.push({ kind: 'choices', text: lines.join('\n'), choices });
}

async function onButton(ctx: WorkflowContext, payload: string): Promise<void> {
  const [, who, index, yearText] = payload.split(':');
  const year = Number(yearText);
  const title = who === 'd' ? DEPARTMENT_TITLES[Number(index)] : PERSON_TITLES[Number(index)];
  if (!title || !Number.isInteger(year)) return say(ctx, 'Nút này không còn dùng được. Gõ /dangkythidua.');
  const subject = who === 'd' ? { kind: 'department' as const, id: ctx.person.departmentId ?? -1 } : { kind: 'person' as const, id: ctx.person.id };
  const existing = await ctx.tx.registrations.find(ctx.person.unitId, year, subject.kind, subject.id);
  const titles = [...(existing?.titles ?? []), title];
  const result = await registerEmulation(ctx.tx, actorOf(ctx), { year, subject, titles }, { now: ctx.nowMs, today: localDateOf(ctx.now), channel: ctx.event.channel });
  if (!result.ok) return say(ctx, awardRefusalText(result.refusal));
  say(ctx, `✅ Đã đăng ký thi đua năm ${year}${subject.kind === 'department' ? ' cho phòng' : ''}: ${[...new Set(titles)].join(', ')}.`);
}

export const registrationWorkflow: Workflow = {
  name: 'registration',
  commands: [
    {
      names: ['dangkythidua', 'register'],
      description: 'Đăng ký thi đua đầu năm (danh hiệu phấn đấu của tôi, của phòng)',
      handle: showTitles,
    },
  ],
  buttons: [{ prefix: 'dk:', handle: onButton }],
};
