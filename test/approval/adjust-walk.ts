/**
 * The head's adjustment through the buttons, with the section step of issue 18 item 25: "Điều chỉnh" lists the
 * sections when there are many criteria; the criterion is looked for in each section's list.
 */
import type { OutboundMessage } from '../../src/conversation/types.js';
import { buttonIn, pressOnPrompt, type ApprovalDriver } from '../helpers/approval-walk.js';

/** Every button (label, payload) of the replies. */
export function choicesOf(replies: OutboundMessage[]): { label: string; payload: string }[] {
  return replies.flatMap((m) => (m.kind === 'choices' ? m.choices : []));
}

/** The reply listing `criterionLabel` after "Điều chỉnh" (through its section when sections are listed first). */
export async function criterionListVia(d: ApprovalDriver, reviewerId: number, name: string, criterionLabel: string): Promise<OutboundMessage[]> {
  const first = await pressOnPrompt(d, reviewerId, name, 'Điều chỉnh');
  if (choicesOf(first).some((c) => c.label.includes(criterionLabel))) return first;
  for (const section of choicesOf(first).filter((c) => c.payload.startsWith('ap:js:'))) {
    const list = await d.send(reviewerId, { kind: 'button', payload: section.payload });
    if (choicesOf(list).some((c) => c.label.includes(criterionLabel))) return list;
  }
  throw new Error(`no criterion "${criterionLabel}" in the adjust lists`);
}

/** Adjusts `criterionLabel` of `name`'s submission to `levelLabel`, with `reason`. */
export async function adjustVia(
  d: ApprovalDriver,
  reviewerId: number,
  name: string,
  criterionLabel: string,
  levelLabel: string,
  reason: string,
): Promise<OutboundMessage[]> {
  const criteria = await criterionListVia(d, reviewerId, name, criterionLabel);
  const levels = await d.send(reviewerId, { kind: 'button', payload: buttonIn(criteria, criterionLabel) });
  await d.send(reviewerId, { kind: 'button', payload: buttonIn(levels, levelLabel) });
  return d.send(reviewerId, { kind: 'text', text: reason });
}
