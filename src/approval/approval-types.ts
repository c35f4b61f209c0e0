/**
 * Shared types of the review workflow's service: who acts, from where, and what an action returns.
 */
import type { ChannelName, Notification } from '../conversation/types.js';
import type { Db } from '../persistence/open-db.js';

/**
 * Who acts, when and from where. `actorId` is always re-loaded from the directory (roles are never taken from the
 * chat state), and `channel` goes into the audit log ("from where"); `cli` for the `thidua` command.
 */
export interface ActionContext {
  db: Db;
  actorId: number;
  now: Date;
  channel: ChannelName | 'cli' | null;
  /** Told when the director finalises a period (the honour list follows). Called inside the transaction:
   *  the listener must only queue work for after the commit. */
  onPeriodFinalised?: (event: { unitId: string; periodCode: string }) => void;
}

/**
 * The outcome of an action. A refusal carries the Vietnamese reason shown to the person and changes nothing;
 * a success carries the reply text for the actor and the notifications for others (dispatched by the caller).
 */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; notifications: Notification[]; data: T }
  | { ok: false; reason: string };

export function refused<T = undefined>(reason: string): ActionResult<T> {
  return { ok: false, reason };
}

export function done<T>(message: string, notifications: Notification[], data: T): ActionResult<T> {
  return { ok: true, message, notifications, data };
}
