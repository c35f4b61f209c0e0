/** Per-chat dialog state in the `conversations` table ({@link ConversationRepository}). */
import type Database from 'better-sqlite3';
import type { ConversationRepository, StoredConversation } from '../conversations.js';
import type { DirectoryRepository } from '../directory.js';
import type { InboundEventRepository } from '../inbound-events.js';
import { int, rowArray, str } from '../shared/row-check.js';

/**
 * `startStep` composes the other repositories' reads: on SQLite a statement is a function call, so one combined
 * statement would buy nothing.
 */
export function createConversationRepository(
  c: Database.Database,
  deps: { inboundEvents: InboundEventRepository; directory: DirectoryRepository },
): ConversationRepository {
  const select = c.prepare('SELECT schema_version, state, revision FROM conversations WHERE chat_key = ?').raw(true);
  // The common case: the chat's row exists for the same person. Leaving `person_id` out of the SET spares the
  // foreign-key check on `people` that an upsert (which sets every column) pays on each event.
  const update = c.prepare(
    `UPDATE conversations SET schema_version = ?, state = ?, revision = ?, updated_at = ?
     WHERE chat_key = ? AND person_id IS ?`,
  );
  const upsert = c.prepare(
    `INSERT INTO conversations (chat_key, person_id, schema_version, state, revision, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(chat_key) DO UPDATE SET person_id = excluded.person_id, schema_version = excluded.schema_version,
       state = excluded.state, revision = excluded.revision, updated_at = excluded.updated_at`,
  );
  const load = async (chatKey: string): Promise<StoredConversation | null> => {
    const row: unknown = select.get(chatKey);
    return row === undefined ? null : toStored(row);
  };
  return {
    load,
    async startStep({ channel, eventId, chatKey, userId, now }) {
      if (!(await deps.inboundEvents.markProcessed(channel, eventId, now))) return null;
      return { stored: await load(chatKey), linked: await deps.directory.findAccountWithPerson(channel, userId) };
    },
    async save(chatKey, doc, now) {
      const { personId, schemaVersion, state, revision } = doc;
      if (update.run(schemaVersion, state, revision, now, chatKey, personId).changes === 0) {
        upsert.run(chatKey, personId, schemaVersion, state, revision, now);
      }
    },
  };
}

function toStored(row: unknown): StoredConversation {
  const r = rowArray(row, 'conversations', 3);
  return {
    schemaVersion: int(r[0], 'conversations.schema_version'),
    state: str(r[1], 'conversations.state'),
    revision: int(r[2], 'conversations.revision'),
  };
}
