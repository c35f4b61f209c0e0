/** Versioned per-chat state storage: the engine knows "load/save by chat key", never the table. */

/** A conversation document as stored; `state` is raw JSON, parsed (and migrated) by the engine on every read. */
export interface StoredConversation {
  schemaVersion: number;
  state: string;
  revision: number;
}

export interface ConversationRepository {
  load(chatKey: string): Promise<StoredConversation | null>;
  /** Upserts the document; `revision` is the new revision (previous + 1). */
  save(chatKey: string, doc: StoredConversation & { personId: number | null }, now: number): Promise<void>;
}
