/**
 * What one step (the handling of one inbound event) works with inside the engine: the event, the transaction,
 * who sent it, the chat's dialog, and what the step produced. Workflows see it through {@link WorkflowContext}.
 */
import type { AccountView, PersonView } from '../store/directory.js';
import type { StoredFile } from '../store/file-store.js';
import type { Tx } from '../store/store.js';
import type { EngineLogger } from './engine-logger.js';
import type { Dialog } from './state.js';
import type { InboundEvent, Notification, OutboundMessage } from './types.js';
import type { DataLimits } from './workflow.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export interface StepContext {
  readonly event: InboundEvent;
  readonly now: Date;
  readonly nowMs: number;
  readonly chatKey: string;
  readonly tx: Tx;
  readonly workflows: WorkflowRegistry;
  readonly limits: DataLimits;
  readonly logger: EngineLogger;
  /** Random short id for question nonces (injectable for deterministic tests). */
  readonly newNonce: () => string;
  /** The file of a `file` event, received and hashed; stored only if a step calls `keep()` (undefined when none or refused). */
  readonly storedFile: StoredFile | undefined;
  person: PersonView | null;
  account: AccountView | null;
  dialog: Dialog;
  readonly replies: OutboundMessage[];
  readonly notifications: Notification[];
}

/** A step context whose sender is linked. */
export type LinkedContext = StepContext & { person: PersonView; account: AccountView };

export function isLinked(ctx: StepContext): ctx is LinkedContext {
  return ctx.person !== null && ctx.account !== null;
}
