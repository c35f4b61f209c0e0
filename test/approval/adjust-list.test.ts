/**
 * Issue 18 item 25: the head's adjust list. The bonus row shows the bonus's own value (never the parent criterion's
 * points: "đang 10đ" for a bonus not taken), and the 19 adjustable criteria of a member are grouped by section
 * first, so a channel showing five buttons per message (Zalo) needs one message per step instead of four.
 */
import { describe, expect, it } from 'vitest';
import { renderChoices } from '../../src/channels/zalo/render-outbound.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { pressOnPrompt, submitVia } from '../helpers/approval-walk.js';
import { adjustVia, choicesOf, criterionListVia } from './adjust-walk.js';
import { setup } from './fixture.js';

const BONUS = 'Chủ động cập nhật';

function zaloMessages(replies: OutboundMessage[]): number {
  return replies.reduce((n, m) => n + (m.kind === 'choices' ? renderChoices(m).length : 0), 0);
}

describe("the head's adjust list", () => {
  it('shows a bonus not taken as not taken, and a bonus taken as its own +5đ', async () => {
    const { p, d, fill } = await setup();
    await fill(p.staff, 'cccbbcccc'); // I.1 c = 10đ, bonus not taken
    await submitVia(d, p.staff);
    const notTaken = choicesOf(await criterionListVia(d, p.head, 'Trần Thị Lan', BONUS)).find((c) => c.label.includes(BONUS));
    expect(notTaken?.label).toMatch(/— đang không$/);
    expect(notTaken?.label).not.toContain('10đ');
    // The parent criterion keeps its own points.
    expect(choicesOf(await criterionListVia(d, p.head, 'Trần Thị Lan', 'Câu 9.')).find((c) => c.label.startsWith('Câu 9.'))?.label).toMatch(/đang 10đ$/);
    // Once the head grants the bonus, the row shows the bonus's own +5đ (the parent shows 15đ).
    await adjustVia(d, p.head, 'Trần Thị Lan', BONUS, 'Có (+5đ)', 'Có tham gia hội thảo xu hướng mới');
    const list = choicesOf(await criterionListVia(d, p.head, 'Trần Thị Lan', BONUS));
    expect(list.find((c) => c.label.includes(BONUS))?.label).toMatch(/— đang \+5đ$/);
    expect(list.find((c) => c.label.startsWith('Câu 9.'))?.label).toMatch(/đang 15đ$/);
  });

  it('groups the criteria by section: each step fits one Zalo message of five buttons', async () => {
    const { p, d, fill } = await setup();
    await fill(p.staff, 'cccbbcccc');
    await submitVia(d, p.staff);
    const sections = await pressOnPrompt(d, p.head, 'Trần Thị Lan', 'Điều chỉnh');
    const picks = choicesOf(sections);
    expect(picks.length).toBeGreaterThan(1);
    expect(picks.every((c) => c.payload.startsWith('ap:js:'))).toBe(true);
    // Point sections first, with their number of criteria.
    expect(picks[0]?.label).toMatch(/^Chiến binh số — I\. .*\(4\)$/);
    expect(zaloMessages(sections)).toBeLessThanOrEqual(2); // was 4 for the 19 criteria listed at once
    let total = 0;
    for (const s of picks) {
      const list = await d.send(p.head, { kind: 'button', payload: s.payload });
      const criteria = choicesOf(list);
      expect(criteria.every((c) => c.payload.startsWith('ap:jc:'))).toBe(true);
      expect(zaloMessages(list)).toBe(1);
      total += criteria.length;
    }
    expect(total).toBe(19);
    expect(d.errors).toEqual([]);
  });
});
