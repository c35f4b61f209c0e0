/** Conversation state per chat key (`conversations`), with prepared statements: it is read and written per event. */
import { z } from 'zod';
import type { ConversationStore } from '../conversation/ports.js';
import type { Db } from './open-db.js';

const rowSchema = z.object({ schema_version: z.number().int(), state: z.string(), revision: z.number().int() });

export function createConversationStore(db: Db): ConversationStore {
  const select = db.$client.prepare('SELECT schema_version, state, revision FROM conversations WHERE chat_key = ?');
  const upsert = db.$client.prepare(
    `INSERT INTO conversations (chat_key, person_id, schema_version, state, revision, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(chat_key) DO UPDATE SET person_id = excluded.person_id, schema_version = excluded.schema_version,
       state = excluded.state, revision = excluded.revision, updated_at = excluded.updated_at`,
  );
  return {
    load(chatKey) {
      const row: unknown = select.get(chatKey);
      if (row === undefined) return null;
      const parsed = rowSchema.parse(row);
      return { schemaVersion: parsed.schema_version, state: parsed.state, revision: parsed.revision };
    },
    save(chatKey, doc, now) {
      upsert.run(chatKey, doc.personId, doc.schemaVersion, doc.state, doc.revision, now);
    },
  };
}
