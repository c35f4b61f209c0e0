/** Versioned per-chat state storage: the engine knows "load/save by chat key", never the table. */
import type { ChannelName } from '../conversation/types.js';
import type { AccountView, PersonView } from './directory.js';

/** A conversation document as stored; `state` is raw JSON, parsed (and migrated) by the engine on every read. */
export interface StoredConversation {
  schemaVersion: number;
  state: string;
  revision: number;
}

/** The event a step starts with, as {@link ConversationRepository.startStep} takes it. */
export interface StepEvent {
  channel: ChannelName;
  eventId: string;
  chatKey: string;
  /** The platform's user id (the chat account's external id). */
  userId: string;
  now: number;
}

/** What every step reads first: the chat's stored state and who is writing (the account and its person). */
export interface StepStart {
  stored: StoredConversation | null;
  /** The chat account with its person (null when the person is gone); null when the user has no account. */
  linked: { account: AccountView; person: PersonView | null } | null;
}

export interface ConversationRepository {
  load(chatKey: string): Promise<StoredConversation | null>;
  /**
   * Starts one engine step: marks the event processed (`inboundEvents.markProcessed`) and, when it was not processed
   * before, reads the chat's state (`load`) and the writer (`directory.findAccountWithPerson`); null for a duplicate.
   * Why one method: the engine does these three on every event, and on PostgreSQL they are one statement instead of
   * three round trips (the unit of work's lock on the chat is taken before it, so the reads see the latest state).
   */
  startStep(event: StepEvent): Promise<StepStart | null>;
  /** Upserts the document; `revision` is the new revision (previous + 1). */
  save(chatKey: string, doc: StoredConversation & { personId: number | null }, now: number): Promise<void>;
}
