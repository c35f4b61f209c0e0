/** An {@link ApprovalDriver} over the conversation engine (inbound/outbound model), collecting notifications. */
import type { ApprovalService } from '../../src/approval/approval-service.js';
import type { Notifier } from '../../src/conversation/notifier.js';
import type { Notification } from '../../src/conversation/types.js';
import type { Store } from '../../src/store/store.js';
import { createApprovalWorkflow } from '../../src/workflows/approval/approval-workflow.js';
import { BASE_WORKFLOWS, Chat, FakeClock, makeEngine } from '../conversation/harness.js';
import { linkAll, type ApprovalDriver } from '../helpers/approval-walk.js';

export interface EngineDriver extends ApprovalDriver {
  clock: FakeClock;
  /** Notifications the engine queued and no test has taken yet. */
  notifications: Notification[];
  errors: unknown[];
  /** Notifications for `personId` since the last call (then forgotten). */
  take(personId: number): Notification[];
}

export function engineDriver(
  store: Store,
  personIds: number[],
  clock = new FakeClock(),
  options: { service?: ApprovalService; notifier?: Notifier } = {},
): EngineDriver {
  const workflow = createApprovalWorkflow(options.service ? { service: options.service } : {});
  const h = makeEngine(store, { clock, workflows: [...BASE_WORKFLOWS, workflow], ...(options.notifier ? { notifier: options.notifier } : {}) });
  // Linked before the first event (the driver is built synchronously; linking is a unit of work).
  const linked = linkAll(store, personIds, 'telegram', clock.ms);
  const chats = new Map<number, Chat>();
  const notifications: Notification[] = [];
  return {
    clock,
    notifications,
    errors: h.errors,
    async send(personId, event) {
      await linked;
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
