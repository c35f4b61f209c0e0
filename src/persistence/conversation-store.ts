/**
 * Conversation state per chat key (`conversations`), with prepared statements: it is read and written per event.
 * Inside engine batches the stored document comes from a write-through row map of the connection's
 * {@link readCacheOf read cache} (any other write to the row drops it), so most events need no SELECT.
 */
import type { ConversationStore, StoredConversation } from '../conversation/ports.js';
import type { Db } from './open-db.js';
import { readCacheOf } from './read-cache.js';
import { int, rowArray, str } from './row-check.js';

export function createConversationStore(db: Db): ConversationStore {
  const cache = readCacheOf(db);
  const docs = cache.rowMap<string, StoredConversation | null>('conversations', 'chat_key');
  const select = db.$client.prepare('SELECT schema_version, state, revision FROM conversations WHERE chat_key = ?').raw(true);
  // The common case: the chat's row exists for the same person. Leaving `person_id` out of the SET spares the
  // foreign-key check on `people` that an upsert (which sets every column) pays on each event.
  const update = db.$client.prepare(
    `UPDATE conversations SET schema_version = ?, state = ?, revision = ?, updated_at = ?
     WHERE chat_key = ? AND person_id IS ?`,
  );
  const upsert = db.$client.prepare(
    `INSERT INTO conversations (chat_key, person_id, schema_version, state, revision, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(chat_key) DO UPDATE SET person_id = excluded.person_id, schema_version = excluded.schema_version,
       state = excluded.state, revision = excluded.revision, updated_at = excluded.updated_at`,
  );
  const read = (chatKey: string): StoredConversation | null => {
    const row: unknown = select.get(chatKey);
    return row === undefined ? null : toStored(row);
  };
  return {
    load: (chatKey) => cache.through(docs, chatKey, read),
    save(chatKey, doc, now) {
      const { personId, schemaVersion, state, revision, parsed } = doc;
      if (update.run(schemaVersion, state, revision, now, chatKey, personId).changes === 0) {
        upsert.run(chatKey, personId, schemaVersion, state, revision, now);
      }
      // Written after the statement: its trigger has dropped the old entry. The engine's parsed form goes with it
      // only when it is frozen (a shared object must not change under a later event).
      if (cache.active) {
        const cached = parsed !== undefined && Object.isFrozen(parsed) ? { schemaVersion, state, revision, parsed } : { schemaVersion, state, revision };
        cache.put(docs, chatKey, Object.freeze(cached));
      }
    },
  };
}

/** Frozen: the same object may be handed to several events from the cache. */
function toStored(row: unknown): StoredConversation {
  const r = rowArray(row, 'conversations', 3);
  return Object.freeze({
    schemaVersion: int(r[0], 'conversations.schema_version'),
    state: str(r[1], 'conversations.state'),
    revision: int(r[2], 'conversations.revision'),
  });
}
