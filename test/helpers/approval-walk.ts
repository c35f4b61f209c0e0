/**
 * Reusable steps of the review workflow for tests on ANY channel (engine model, web chat, Telegram, Zalo).
 *
 * A channel test supplies a {@link ApprovalDriver} — "send this event as this person, give me the replies" — and
 * the steps below (submit, review via /duyet, send the list, accept, report, finalise — the last four through their
 * confirmation) drive the same flow through it. Answers are written through the store's assessment repository (the
 * question loop is tested elsewhere), then submitted through the conversation (/nop → 📤 Nộp), so the approval prompt is produced by the real engine hook.
 */
import type { ChannelName, OutboundMessage } from '../../src/conversation/types.js';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import type { Store } from '../../src/store/store.js';
import { pointsFor } from '../../src/scoring/answer-points.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import type { AnswerValue, ScoreContext } from '../../src/scoring/types.js';

/** What a person can send (the web chat API and the engine accept the same kinds). */
export type WalkEvent =
  | { kind: 'text'; text: string }
  | { kind: 'button'; payload: string }
  | { kind: 'command'; name: string; args: string }
  /** `/start` or a page reload (the greeting). */
  | { kind: 'start' };

/** Sends one event as `personId` and returns the replies shown to them. */
export interface ApprovalDriver {
  send(personId: number, event: WalkEvent): Promise<OutboundMessage[]>;
}

/** Links a chat account to each person (`<channel>` user id `u<personId>`), as linking would (any dialect). */
export async function linkAll(store: Pick<Store, 'transaction'>, personIds: number[], channel: ChannelName = 'telegram', now = Date.now()): Promise<void> {
  await store.transaction(async (tx) => {
    for (const personId of personIds) {
      const externalUserId = `u${personId}`;
      if (await tx.directory.findAccount(channel, externalUserId)) continue;
      await tx.directory.linkAccount({ personId, channel, externalUserId, chatId: externalUserId, via: 'demo', now });
    }
  });
}

/**
 * Seed 000 answers from a compact profile: 9 level keys for I.1, I.2, I.3, II.1, II.2, II.3, III.1, III.2, III.3,
 * the I.1 bonus, and whether every Công dân số criterion passes. Conditions are met (signed, 1 article).
 */
export function seed000Answers(levels: string, options: { bonus?: boolean; citizenPass?: boolean; articles?: number } = {}): Record<string, AnswerValue> {
  const keys = levels.replace(/\s+/g, '').split('');
  const ids = ['cbs.I.1', 'cbs.I.2', 'cbs.I.3', 'cbs.II.1', 'cbs.II.2', 'cbs.II.3', 'cbs.III.1', 'cbs.III.2', 'cbs.III.3'];
  if (keys.length !== ids.length) throw new Error(`profile needs ${ids.length} levels: "${levels}"`);
  const out: Record<string, AnswerValue> = {};
  for (const id of ['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3']) out[id] = 'pass';
  if (options.citizenPass === false) out['cds.I.3'] = 'fail';
  ids.forEach((id, i) => (out[id] = keys[i] ?? 'a'));
  out['cbs.I.1.e'] = options.bonus ?? false;
  out['dk.ky-so'] = 'pass';
  out['dk.bai-viet'] = options.articles ?? 1;
  return out;
}

/** Writes the person's answers (and a link for criteria that require evidence) through the store; the submission id. */
export function fillAnswers(
  store: Pick<Store, 'transaction'>,
  input: { periodId: number; personId: number; rubric: Rubric; ctx: ScoreContext; answers: Record<string, AnswerValue>; now: number },
): Promise<number> {
  return store.transaction(async (tx) => {
    const sub = await tx.assessment.ensureSubmission(input.periodId, input.personId, input.now);
    for (const c of criteriaFor(input.rubric, input.ctx)) {
      const value = input.answers[c.id];
      if (value === undefined) continue;
      await tx.assessment.saveAnswer(sub.id, { criterionId: c.id, value, selfPoints: pointsFor(input.rubric, c, value, input.ctx) }, input.now);
      if (c.evidence.policy === 'required') {
        await tx.assessment.addEvidence(sub.id, c.id, { kind: 'link', url: `https://stttt.daknong.gov.vn/bai-viet/${input.personId}` }, input.now);
      }
    }
    return sub.id;
  });
}

/** The payload of the first button whose label contains `label`, in a message whose text contains `text`. */
export function buttonIn(replies: OutboundMessage[], label: string, text?: string): string {
  for (const r of replies) {
    if (r.kind !== 'choices' || (text !== undefined && !r.text.includes(text))) continue;
    const c = r.choices.find((x) => x.label.includes(label));
    if (c) return c.payload;
  }
  throw new Error(`no button "${label}"${text ? ` under "${text}"` : ''} in:\n${textOf(replies)}`);
}

export function textOf(replies: OutboundMessage[]): string {
  return replies.map((r) => ('text' in r ? r.text : '')).join('\n---\n');
}

/** `/nop` then 📤 Nộp. */
export async function submitVia(d: ApprovalDriver, personId: number): Promise<OutboundMessage[]> {
  const ask = await d.send(personId, { kind: 'command', name: 'nop', args: '' });
  return d.send(personId, { kind: 'button', payload: buttonIn(ask, 'Nộp') });
}

/** The reviewer opens /duyet and presses `label` on the prompt about `name`. */
export async function pressOnPrompt(d: ApprovalDriver, reviewerId: number, name: string, label: string): Promise<OutboundMessage[]> {
  const pending = await d.send(reviewerId, { kind: 'command', name: 'duyet', args: '' });
  return d.send(reviewerId, { kind: 'button', payload: buttonIn(pending, label, name) });
}

export const approveVia = (d: ApprovalDriver, reviewerId: number, name: string) => pressOnPrompt(d, reviewerId, name, 'Duyệt');

/** Trả lại with a typed reason. */
export async function returnVia(d: ApprovalDriver, reviewerId: number, name: string, reason: string): Promise<OutboundMessage[]> {
  await pressOnPrompt(d, reviewerId, name, 'Trả lại');
  return d.send(reviewerId, { kind: 'text', text: reason });
}

// Điều chỉnh (with the section step): test/approval/adjust-walk.ts.

/**
 * Presses "Xác nhận" on the confirmation in `replies` (the irreversible steps ask first) and returns what followed;
 * when no confirmation was shown (the step was refused), returns `replies` as they are.
 */
export async function confirmIn(d: ApprovalDriver, personId: number, replies: OutboundMessage[]): Promise<OutboundMessage[]> {
  const confirm = replies.flatMap((r) => (r.kind === 'choices' ? r.choices : [])).find((c) => c.label.includes('Xác nhận'));
  return confirm ? d.send(personId, { kind: 'button', payload: confirm.payload }) : replies;
}

/** The head sends the department list: /guidanhsach, then Xác nhận on its summary. */
export async function sendListVia(d: ApprovalDriver, headId: number): Promise<OutboundMessage[]> {
  return confirmIn(d, headId, await d.send(headId, { kind: 'command', name: 'guidanhsach', args: '' }));
}

/** The office accepts the list of `departmentName` from /tiepnhan (Tiếp nhận, then Xác nhận). */
export async function acceptListVia(d: ApprovalDriver, officeId: number, departmentName: string): Promise<OutboundMessage[]> {
  const lists = await d.send(officeId, { kind: 'command', name: 'tiepnhan', args: '' });
  return confirmIn(d, officeId, await d.send(officeId, { kind: 'button', payload: buttonIn(lists, 'Tiếp nhận', departmentName) }));
}

/** The office reports the unit's list to the director: /trinh, then Xác nhận. */
export async function reportVia(d: ApprovalDriver, officeId: number): Promise<OutboundMessage[]> {
  return confirmIn(d, officeId, await d.send(officeId, { kind: 'command', name: 'trinh', args: '' }));
}

/** The office returns the list of `departmentName` with a reason. */
export async function returnListVia(d: ApprovalDriver, officeId: number, departmentName: string, reason: string): Promise<OutboundMessage[]> {
  const lists = await d.send(officeId, { kind: 'command', name: 'tralai', args: '' });
  await d.send(officeId, { kind: 'button', payload: buttonIn(lists, 'Trả lại', departmentName) });
  return d.send(officeId, { kind: 'text', text: reason });
}

/** The director opens /pheduyet, presses Phê duyệt, reads the summary and confirms. */
export async function finaliseVia(d: ApprovalDriver, directorId: number): Promise<OutboundMessage[]> {
  const summary = await d.send(directorId, { kind: 'command', name: 'pheduyet', args: '' });
  return confirmIn(d, directorId, await d.send(directorId, { kind: 'button', payload: buttonIn(summary, 'Phê duyệt') }));
}
