/** PostgreSQL: delivery (see repositories.ts for what differs from SQLite). */
import { CHANNELS } from '../../conversation/types.js';
import type { DeliveryAccount, DeliveryRepository } from '../delivery.js';
import { ACCOUNT_STATUSES } from '../statuses.js';
import { type Client, rows } from './pg-query.js';
import { z } from 'zod';

const deliveryAccountRow = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  channel: z.enum(CHANNELS),
  chat_id: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  last_interaction_at: z.number().nullable(),
});
const windowRow = z.object({ id: z.number().int(), person_id: z.number().int(), chat_id: z.string(), last_interaction_at: z.number() });
const mentionRow = z.object({ unit_id: z.string(), no_group_mention: z.boolean() });

const DELIVERY_ACCOUNT = 'SELECT id, person_id, channel, chat_id, status, last_interaction_at FROM chat_accounts';

function toDeliveryAccount(raw: unknown): DeliveryAccount {
  const r = deliveryAccountRow.parse(raw);
  return { id: r.id, personId: r.person_id, channel: r.channel, chatId: r.chat_id, status: r.status, lastInteractionAt: r.last_interaction_at };
}

export function deliveryRepository(c: Client): DeliveryRepository {
  return {
    async accountsOf(personId) {
      // An account never used comes after every used one.
      const found = await rows(
        c,
        'delivery_of_person',
        `${DELIVERY_ACCOUNT} WHERE person_id = $1 ORDER BY last_interaction_at DESC NULLS LAST, linked_at DESC`,
        [personId],
      );
      return found.map(toDeliveryAccount);
    },
    async accountByChat(channel, chatId) {
      const [row] = await rows(c, 'delivery_by_chat', `${DELIVERY_ACCOUNT} WHERE channel = $1 AND chat_id = $2 ORDER BY id LIMIT 1`, [channel, chatId]);
      return row ? toDeliveryAccount(row) : null;
    },
    async markAccount(channel, chatId, status, reason) {
      await rows(c, 'delivery_mark', 'UPDATE chat_accounts SET status = $1, status_reason = $2 WHERE channel = $3 AND chat_id = $4', [
        status,
        reason,
        channel,
        chatId,
      ]);
    },
    async recordInteraction(channel, externalUserId, at) {
      const result = await c.query({
        name: 'thidua_delivery_touch',
        text: `UPDATE chat_accounts SET last_interaction_at = greatest(coalesce(last_interaction_at, 0), $1), status = 'active',
                 status_reason = NULL
               WHERE channel = $2 AND external_user_id = $3`,
        values: [at, channel, externalUserId],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async markAccountByUser(channel, externalUserId, status, reason) {
      await rows(
        c,
        'delivery_mark_user',
        'UPDATE chat_accounts SET status = $1, status_reason = $2 WHERE channel = $3 AND external_user_id = $4',
        [status, reason, channel, externalUserId],
      );
    },
    async activeAccountsOfUnit(channel, unitId) {
      const found = await rows(
        c,
        'delivery_of_unit',
        `SELECT a.id, a.person_id, a.chat_id, a.last_interaction_at FROM chat_accounts a JOIN people p ON p.id = a.person_id
         WHERE a.channel = $1 AND a.status = 'active' AND a.last_interaction_at IS NOT NULL AND p.unit_id = $2 AND p.active
         ORDER BY a.id`,
        [channel, unitId],
      );
      return found.map((raw) => {
        const r = windowRow.parse(raw);
        return { accountId: r.id, personId: r.person_id, chatId: r.chat_id, lastInteractionAt: r.last_interaction_at };
      });
    },
    async mentionTarget(personId) {
      const [row] = await rows(c, 'delivery_mention', 'SELECT unit_id, no_group_mention FROM people WHERE id = $1', [personId]);
      if (!row) return null;
      const r = mentionRow.parse(row);
      return { unitId: r.unit_id, noGroupMention: r.no_group_mention };
    },
  };
}
