/**
 * What one step (the handling of one inbound event) works with. Handlers append replies and notifications and
 * set the next dialog; the engine saves the state and commits the transaction when the step returns.
 */
import type { ModuleRegistry } from './module-registry.js';
import type { AccountView, EngineLogger, EnginePorts, PersonView, StoredFile } from './ports.js';
import type { Dialog } from './state.js';
import type { InboundEvent, Notification, OutboundMessage } from './types.js';

/** Size limits the engine enforces (channels may enforce their own, smaller ones). */
export interface DataLimits {
  /** Largest evidence file accepted, in bytes (default 20 MB). */
  maxFileBytes: number;
  /** Longest evidence link accepted, in characters (default 2,048). */
  maxUrlLength: number;
}

export const DEFAULT_DATA_LIMITS: DataLimits = { maxFileBytes: 20 * 1024 * 1024, maxUrlLength: 2048 };

export interface StepContext {
  readonly event: InboundEvent;
  readonly now: Date;
  readonly nowMs: number;
  readonly chatKey: string;
  readonly ports: EnginePorts;
  readonly modules: ModuleRegistry;
  readonly limits: DataLimits;
  readonly logger: EngineLogger;
  /** Random short id for question nonces (injectable for deterministic tests). */
  readonly newNonce: () => string;
  /** The file of a `file` event, already stored by content (undefined when none or refused). */
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
