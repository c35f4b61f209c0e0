/**
 * A small quarter walked to the director through the composition root's engine, as Telegram webhooks would drive
 * it, for the tests of what a finalisation posts (finalise-honours.test.ts on both dialects, and the two-instance
 * group post test on PostgreSQL): a unit with a registered Telegram group and every person linked on Telegram,
 * then Lan (95) and Hoa (68) submit, their heads approve, the lists go to the office and the office reports.
 */
import { expect } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import type { InboundEvent } from '../../src/conversation/types.js';
import type { Store } from '../../src/store/store.js';
import { acceptListVia, type ApprovalDriver, approveVia, fillAnswers, reportVia, seed000Answers, sendListVia, submitVia, textOf } from './approval-walk.js';
import { testSql } from './dialects.js';
import { seedUnit, type SeededUnit } from './seed-unit.js';

export const HONOURS_DEPTS = ['Phòng Kế hoạch – Tài chính', 'Văn phòng Sở'];

/** A person's Telegram user (and private chat) id. */
export const tgId = (personId: number): string => String(710_000 + personId);

export type WalkPeople = Record<'head' | 'staff' | 'head2' | 'office' | 'staff3' | 'leader' | 'director', number>;

/**
 * The seeded unit (created "now", so a start-up catch-up finds no past slot), its Telegram group `groupChatId`
 * registered as the announcement target, and every person linked on Telegram.
 */
export async function seedHonoursUnit(store: Store, groupChatId: string, now: number): Promise<SeededUnit & { p: WalkPeople }> {
  const unit = await seedUnit(store, { departments: HONOURS_DEPTS });
  const p = unit.people as WalkPeople;
  await testSql(store, 'UPDATE units SET created_at = ?', [now]);
  await store.transaction(async (tx) => {
    await tx.groups.register({ unitId: unit.unitId, channel: 'telegram', chatId: groupChatId, title: 'Nhóm Sở TT&TT', registeredById: null, registeredAt: now });
    for (const personId of Object.values(p)) {
      await tx.directory.linkAccount({ personId, channel: 'telegram', externalUserId: tgId(personId), chatId: tgId(personId), via: 'demo', now });
    }
  });
  return { ...unit, p };
}

/**
 * Sends each event through `app.engine` as the person's Telegram chat. On PostgreSQL (several instances) Telegram
 * replies are queued for the one sender in the step's own transaction, so they are read from the outbox.
 */
export function engineDriver(app: Pick<App, 'engine' | 'store'>, now: () => Date, beforeEach: () => void = () => undefined): ApprovalDriver {
  let eventNo = 0;
  const store = app.store;
  return {
    async send(personId, event) {
      beforeEach();
      const id = tgId(personId);
      const inbound = { channel: 'telegram', userId: id, chatId: id, eventId: `fh${(eventNo += 1)}`, receivedAt: now(), ...event } as InboundEvent;
      const { replies } = await app.engine.handle(inbound);
      if (store.dialect !== 'postgres') return replies;
      const queued = await store.read((tx) => tx.outbox.listForPeople([personId], 0));
      return queued.find((r) => r.dedupeKey === `reply:${inbound.eventId}@telegram`)?.messages ?? replies;
    },
  };
}

/** Lan and Hoa submit, their heads approve and send the lists, the office accepts both and reports to the director. */
export async function walkQuarterToDirector(d: ApprovalDriver, store: Store, unit: SeededUnit & { p: WalkPeople }, now: number): Promise<void> {
  const { p, period } = unit;
  if (!period) throw new Error('no period');
  for (const [personId, profile, dept] of [
    [p.staff, 'ddcccdddd', HONOURS_DEPTS[0]],
    [p.staff3, 'ccccccccc', HONOURS_DEPTS[1]],
  ] as const) {
    await fillAnswers(store, { periodId: period.id, personId, rubric: unit.rubric, ctx: { role: 'staff', departmentName: dept ?? null }, answers: seed000Answers(profile), now });
    expect(textOf(await submitVia(d, personId))).toContain('Đã nộp');
  }
  expect(textOf(await approveVia(d, p.head, 'Trần Thị Lan'))).toContain('Đã duyệt');
  expect(textOf(await approveVia(d, p.head2, 'Đỗ Thị Hoa'))).toContain('Đã duyệt');
  for (const head of [p.head, p.head2]) expect(textOf(await sendListVia(d, head))).toContain('Đã gửi danh sách');
  for (const dept of HONOURS_DEPTS) expect(textOf(await acceptListVia(d, p.office, dept))).toContain('Đã tiếp nhận');
  expect(textOf(await reportVia(d, p.office))).toContain('Đã trình Giám đốc');
}
