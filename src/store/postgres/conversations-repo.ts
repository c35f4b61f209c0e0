/** PostgreSQL: conversations (see repositories.ts for what differs from SQLite). */
import type { ConversationRepository } from '../conversations.js';
import { type Client, rows } from './pg-query.js';
import { z } from 'zod';

const conversationRow = z.object({ schema_version: z.number().int(), state: z.string(), revision: z.number().int() });

export function conversationRepository(c: Client): ConversationRepository {
  return {
    async load(chatKey) {
      const [row] = await rows(c, 'conv_load', 'SELECT schema_version, state, revision FROM conversations WHERE chat_key = $1', [chatKey]);
      if (!row) return null;
      const r = conversationRow.parse(row);
      return { schemaVersion: r.schema_version, state: r.state, revision: r.revision };
    },
    async save(chatKey, doc, now) {
      // One round trip; the upsert sets person_id too (its foreign-key check is cheap next to a second statement).
      await rows(
        c,
        'conv_save',
        `INSERT INTO conversations (chat_key, person_id, schema_version, state, revision, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (chat_key) DO UPDATE SET person_id = excluded.person_id, schema_version = excluded.schema_version,
           state = excluded.state, revision = excluded.revision, updated_at = excluded.updated_at`,
        [chatKey, doc.personId, doc.schemaVersion, doc.state, doc.revision, now],
      );
    },
  };
}
