/**
 * Where the engine hands the notifications of a step (approval prompts, notices to other people). Why a port:
 * the engine must not know channels or the outbox; the delivery layer (`src/delivery/dispatcher.ts`) picks the
 * person's channel account and writes the message to the durable outbox IN THE STEP'S TRANSACTION, so a crash
 * after the commit never loses a prompt and a rolled-back step never sends one.
 */
import type { Tx } from '../store/store.js';
import type { Notification } from './types.js';

export interface Notifier {
  /** Queues `notification` in `tx` (wake-ups of channel workers go in `tx.afterCommit`). */
  dispatch(tx: Tx, notification: Notification, now: number): Promise<unknown>;
}
