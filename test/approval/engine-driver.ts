/** An {@link ApprovalDriver} over the conversation engine (inbound/outbound model), collecting notifications. */
import { createApprovalModule } from '../../src/approval/approval-module.js';
import type { Notification } from '../../src/conversation/types.js';
import type { Db } from '../../src/persistence/open-db.js';
import { Chat, FakeClock, makeEngine } from '../conversation/harness.js';
import { linkAll, type ApprovalDriver } from '../helpers/approval-walk.js';

export interface EngineDriver extends ApprovalDriver {
  clock: FakeClock;
  notifications: Notification[];
  errors: unknown[];
  /** Notifications for `personId` since the last call (then forgotten). */
  take(personId: number): Notification[];
}

export function engineDriver(db: Db, personIds: number[], clock = new FakeClock()): EngineDriver {
  const h = makeEngine(db, { clock, modules: [createApprovalModule(db)] });
  linkAll(db, personIds, 'telegram', clock.ms);
  const chats = new Map<number, Chat>();
  const notifications: Notification[] = [];
  return {
    clock,
    notifications,
    errors: h.errors,
    async send(personId, event) {
      let chat = chats.get(personId);
      if (!chat) chats.set(personId, (chat = new Chat(h, `u${personId}`)));
      const result = await chat.send(event);
      notifications.push(...result.notifications);
      return result.replies;
    },
    take(personId) {
      const mine = notifications.filter((n) => n.personId === personId);
      for (const n of mine) notifications.splice(notifications.indexOf(n), 1);
      return mine;
    },
  };
}
