/**
 * Services called outside the engine (as the CLI and HTTP routes do): one notice to many people reaches every one
 * of them through the durable outbox (each key names its recipient — issue 18, item 22), and the honour-list hook
 * runs only after a finalisation has committed.
 */
import { describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import type { ApprovalNotice } from '../../src/approval/notices.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { dispatchNotices } from '../../src/workflows/approval/render-notices.js';
import { linkAll } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

const NOW = new Date(Date.UTC(2026, 11, 3, 2, 0));

async function seeded() {
  const store = testStore();
  const unit = await seedUnit(store);
  const p = unit.people as Record<'head' | 'staff' | 'head2' | 'office' | 'leader' | 'director', number>;
  const period = unit.period;
  if (!period) throw new Error('no period');
  await linkAll(store, Object.values(unit.people), 'telegram', NOW.getTime());
  return { store, unit, p, period };
}

describe('notices to many people', () => {
  it('writes one outbox row per recipient, each key naming its recipient', async () => {
    const { store, p, period } = await seeded();
    const service = createApprovalService();
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'web']) });
    const who = (actorId: number) => ({ actorId, now: NOW, channel: 'cli' as const });
    const sent: ApprovalNotice[][] = [];
    await store.transaction(async (tx) => {
      // The head sends the list (→ office + leader in charge), the leader comments (→ head + office).
      const list = await service.sendList(tx, who(p.head));
      if (!list.ok) throw new Error(JSON.stringify(list.refusal));
      const comment = await service.commentList(tx, who(p.leader), { listId: list.outcome.listId, comment: 'Đồng ý với danh sách' });
      if (!comment.ok) throw new Error(JSON.stringify(comment.refusal));
      // A finalised period reopened by the office (→ the director and every head).
      await tx.periods.setStatus(period.id, 'finalised', NOW.getTime());
      const reopened = await service.reopen(tx, who(p.office), { periodId: period.id, reason: 'Sửa sai sót điểm' });
      if (!reopened.ok) throw new Error(JSON.stringify(reopened.refusal));
      for (const r of [list, comment, reopened]) {
        sent.push(r.notices);
        await dispatchNotices(tx, dispatcher, r.notices, NOW.getTime());
      }
    });
    const [toOffice, toHeads, toAll] = sent.map((notices) => notices.map((n) => n.personId).sort((a, b) => a - b));
    expect(toOffice).toEqual([p.office, p.leader].sort((a, b) => a - b));
    expect(toHeads).toEqual([p.head, p.office].sort((a, b) => a - b));
    expect(toAll).toEqual([p.head, p.head2, p.director].sort((a, b) => a - b));
    for (const n of sent.flat()) expect(n.dedupeKey.endsWith(`:${n.personId}`)).toBe(true);
    // Every recipient has their own row: 2 + 2 + 3.
    const rows = store.db.select().from(outbox).all();
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(7);
    await store.close();
  });
});

describe('the honour list hook', () => {
  it('runs after a finalisation commits, never for a refused or rolled-back one', async () => {
    const { store, p, period } = await seeded();
    const finalised: { unitId: string; periodCode: string }[] = [];
    const service = createApprovalService({ onPeriodFinalised: (e) => void finalised.push(e) });
    const who = (actorId: number) => ({ actorId, now: NOW, channel: 'cli' as const });
    await store.transaction((tx) => tx.periods.setStatus(period.id, 'submitted_to_director', NOW.getTime()));

    // Refused (not the director): nothing.
    const refused = await store.transaction((tx) => service.finalise(tx, who(p.office), { periodId: period.id }));
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'director-only' } });
    // Rolled back after the action: nothing, and the period is unchanged.
    await expect(
      store.transaction(async (tx) => {
        const r = await service.finalise(tx, who(p.director), { periodId: period.id });
        expect(r.ok).toBe(true);
        expect(finalised).toEqual([]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(finalised).toEqual([]);
    expect((await store.read((tx) => tx.periods.get(period.id)))?.status).toBe('submitted_to_director');

    // Committed: told once, after the commit.
    const r = await store.transaction(async (tx) => {
      const result = await service.finalise(tx, who(p.director), { periodId: period.id });
      expect(finalised).toEqual([]);
      return result;
    });
    expect(r.ok).toBe(true);
    expect(finalised).toEqual([{ unitId: period.unitId, periodCode: '2026-Q4' }]);
    await store.close();
  });
});
