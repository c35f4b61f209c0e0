/** Chat accounts and group targets as delivery sees them ({@link DeliveryRepository}), on prepared statements. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CHANNELS } from '../../conversation/types.js';
import type { DeliveryAccount, DeliveryRepository } from '../delivery.js';
import { ACCOUNT_STATUSES } from '../statuses.js';

const accountRow = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  channel: z.enum(CHANNELS),
  chat_id: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  last_interaction_at: z.number().nullable(),
});
const windowRow = z.object({ id: z.number().int(), person_id: z.number().int(), chat_id: z.string(), last_interaction_at: z.number() });
const mentionRow = z.object({ unit_id: z.string(), no_group_mention: z.number().int() });

const ACCOUNT = 'SELECT id, person_id, channel, chat_id, status, last_interaction_at FROM chat_accounts';

export function createDeliveryRepository(c: Database.Database): DeliveryRepository {
  // NULLS LAST by hand: an account never used comes after every used one (PostgreSQL sorts NULL first on DESC).
  const ofPerson = c.prepare(
    `${ACCOUNT} WHERE person_id = ? ORDER BY last_interaction_at IS NULL, last_interaction_at DESC, linked_at DESC`,
  );
  const byChat = c.prepare(`${ACCOUNT} WHERE channel = ? AND chat_id = ? ORDER BY id LIMIT 1`);
  const mark = c.prepare('UPDATE chat_accounts SET status = ?, status_reason = ? WHERE channel = ? AND chat_id = ?');
  const markByUser = c.prepare('UPDATE chat_accounts SET status = ?, status_reason = ? WHERE channel = ? AND external_user_id = ?');
  const touch = c.prepare(
    `UPDATE chat_accounts SET last_interaction_at = max(coalesce(last_interaction_at, 0), ?), status = 'active', status_reason = NULL
     WHERE channel = ? AND external_user_id = ?`,
  );
  const ofUnit = c.prepare(
    `SELECT a.id, a.person_id, a.chat_id, a.last_interaction_at FROM chat_accounts a JOIN people p ON p.id = a.person_id
     WHERE a.channel = ? AND a.status = 'active' AND a.last_interaction_at IS NOT NULL AND p.unit_id = ? AND p.active = 1
     ORDER BY a.id`,
  );
  const mention = c.prepare('SELECT unit_id, no_group_mention FROM people WHERE id = ?');
  return {
    async accountsOf(personId) {
      return ofPerson.all(personId).map(toAccount);
    },
    async accountByChat(channel, chatId) {
      const row: unknown = byChat.get(channel, chatId);
      return row === undefined ? null : toAccount(row);
    },
    async markAccount(channel, chatId, status, reason) {
      mark.run(status, reason, channel, chatId);
    },
    async recordInteraction(channel, externalUserId, at) {
      return touch.run(at, channel, externalUserId).changes > 0;
    },
    async markAccountByUser(channel, externalUserId, status, reason) {
      markByUser.run(status, reason, channel, externalUserId);
    },
    async activeAccountsOfUnit(channel, unitId) {
      return ofUnit.all(channel, unitId).map((raw) => {
        const r = windowRow.parse(raw);
        return { accountId: r.id, personId: r.person_id, chatId: r.chat_id, lastInteractionAt: r.last_interaction_at };
      });
    },
    async mentionTarget(personId) {
      const raw: unknown = mention.get(personId);
      if (raw === undefined) return null;
      const r = mentionRow.parse(raw);
      return { unitId: r.unit_id, noGroupMention: r.no_group_mention === 1 };
    },
  };
}

function toAccount(raw: unknown): DeliveryAccount {
  const r = accountRow.parse(raw);
  return { id: r.id, personId: r.person_id, channel: r.channel, chatId: r.chat_id, status: r.status, lastInteractionAt: r.last_interaction_at };
}
