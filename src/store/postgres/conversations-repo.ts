/** PostgreSQL: conversations (see repositories.ts for what differs from SQLite). */
import type { ConversationRepository, StepStart, StoredConversation } from '../conversations.js';
import { PERSON_SQL, toAccount, toPersonView } from './directory-repo.js';
import { type Client, rows, writeDeferred } from './pg-query.js';
import { z } from 'zod';

const conversationRow = z.object({ schema_version: z.number().int(), state: z.string(), revision: z.number().int() });

function toStored(raw: unknown): StoredConversation {
  const r = conversationRow.parse(raw);
  return { schemaVersion: r.schema_version, state: r.state, revision: r.revision };
}

/**
 * One statement for `startStep`: the event's mark (the same upsert as `inboundEvents.markProcessed`, in a CTE that
 * runs whether or not its rows are read), the chat's state and the account with its person (as
 * `directory.findAccountWithPerson` reads them). The other parts read the snapshot taken when the statement starts,
 * after the unit's advisory lock on the chat was granted, so they see every earlier step of the chat.
 */
const START_STEP_SQL = `WITH mark AS (
    INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at)
    VALUES ($1, $2, 'done', 1, $3, $3)
    ON CONFLICT (channel, event_id) DO UPDATE SET status = 'done', attempts = inbound_events.attempts + 1,
      processed_at = excluded.processed_at, last_error = NULL
    WHERE inbound_events.status <> 'done'
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM mark) AS fresh,
    conv.schema_version AS conv_schema_version, conv.state AS conv_state, conv.revision AS conv_revision, acc.*
  FROM (SELECT 1) AS one
  LEFT JOIN conversations conv ON conv.chat_key = $4
  LEFT JOIN (
    SELECT a.id AS account_id, a.person_id AS account_person_id, a.status AS account_status, v.*
    FROM chat_accounts a LEFT JOIN LATERAL (${PERSON_SQL} WHERE p.id = a.person_id) v ON true
    WHERE a.channel = $1 AND a.external_user_id = $5
  ) acc ON true`;

const stepRow = z.object({
  fresh: z.boolean(),
  conv_schema_version: z.number().int().nullable(),
  conv_state: z.string().nullable(),
  conv_revision: z.number().int().nullable(),
  account_id: z.number().int().nullable(),
});

export function conversationRepository(c: Client): ConversationRepository {
  return {
    async startStep({ channel, eventId, chatKey, userId, now }): Promise<StepStart | null> {
      const [raw] = await rows(c, 'conv_start_step', START_STEP_SQL, [channel, eventId, now, chatKey, userId]);
      const r = stepRow.parse(raw);
      if (!r.fresh) return null;
      const stored = r.conv_state === null ? null : toStored({ schema_version: r.conv_schema_version, state: r.conv_state, revision: r.conv_revision });
      if (r.account_id === null || !raw) return { stored, linked: null };
      const account = toAccount({ id: raw.account_id, person_id: raw.account_person_id, status: raw.account_status });
      return { stored, linked: { account, person: raw.id === null ? null : toPersonView(raw) } };
    },
    async load(chatKey) {
      const [row] = await rows(c, 'conv_load', 'SELECT schema_version, state, revision FROM conversations WHERE chat_key = $1', [chatKey]);
      return row ? toStored(row) : null;
    },
    async save(chatKey, doc, now) {
      // One statement; the upsert sets person_id too (its foreign-key check is cheap next to a second statement).
      // Deferred to the COMMIT: nobody reads its result, and a failure fails the step anyway.
      await writeDeferred(
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
