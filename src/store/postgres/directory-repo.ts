/** PostgreSQL: directory (see repositories.ts for what differs from SQLite). */
import { ROLES } from '../../scoring/rubric-schema.js';
import type { AccountView, DirectoryRepository, PersonView } from '../directory.js';
import { ACCOUNT_STATUSES } from '../statuses.js';
import { type Client, rows } from './pg-query.js';
import { z } from 'zod';

export const PERSON_SQL = `SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name,
    d.leader_in_charge_id, p.active, ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
  FROM people p LEFT JOIN departments d ON d.id = p.department_id`;

const personViewRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  full_name: z.string(),
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  leader_in_charge_id: z.number().int().nullable(),
  active: z.boolean(),
  roles: z.array(z.enum(ROLES)),
});
const accountRow = z.object({ id: z.number().int(), person_id: z.number().int(), status: z.enum(ACCOUNT_STATUSES) });
const inviteRow = z.object({ person_id: z.number().int(), expires_at: z.number(), used_at: z.number().nullable() });

export function toPersonView(raw: unknown): PersonView {
  const r = personViewRow.parse(raw);
  return {
    id: r.id,
    unitId: r.unit_id,
    fullName: r.full_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    leaderInChargeId: r.leader_in_charge_id,
    roles: r.roles,
    active: r.active,
  };
}

export function toAccount(raw: unknown): AccountView {
  const r = accountRow.parse(raw);
  return { id: r.id, personId: r.person_id, status: r.status };
}

export function directoryRepository(c: Client): DirectoryRepository {
  return {
    async findAccount(channel, externalUserId) {
      const [row] = await rows(
        c,
        'dir_account',
        'SELECT id, person_id, status FROM chat_accounts WHERE channel = $1 AND external_user_id = $2',
        [channel, externalUserId],
      );
      return row ? toAccount(row) : null;
    },
    async findAccountWithPerson(channel, externalUserId) {
      // One round trip: the account and, joined, the person as PERSON_SQL reads it (null columns when it is gone).
      const [row] = await rows(
        c,
        'dir_account_person',
        `SELECT a.id AS account_id, a.person_id AS account_person_id, a.status AS account_status, v.*
         FROM chat_accounts a LEFT JOIN LATERAL (${PERSON_SQL} WHERE p.id = a.person_id) v ON true
         WHERE a.channel = $1 AND a.external_user_id = $2`,
        [channel, externalUserId],
      );
      if (!row) return null;
      const account = toAccount({ id: row.account_id, person_id: row.account_person_id, status: row.account_status });
      return { account, person: row.id === null ? null : toPersonView(row) };
    },
    async getPerson(personId) {
      const [row] = await rows(c, 'dir_person', `${PERSON_SQL} WHERE p.id = $1`, [personId]);
      return row ? toPersonView(row) : null;
    },
    async findPeopleByPhone(phone) {
      const found = await rows(c, 'dir_by_phone', `${PERSON_SQL} WHERE p.phone = $1 AND p.active ORDER BY p.id`, [phone]);
      return found.map(toPersonView);
    },
    async redeemInvite(codeHash, now) {
      const [row] = await rows(c, 'dir_invite', 'SELECT person_id, expires_at, used_at FROM invite_codes WHERE code_hash = $1', [codeHash]);
      if (!row) return { ok: false, reason: 'unknown' };
      const code = inviteRow.parse(row);
      if (code.used_at !== null) return { ok: false, reason: 'used' };
      if (code.expires_at <= now) return { ok: false, reason: 'expired' };
      // Concurrent redeems: the second UPDATE waits for the first's row lock, then finds used_at set.
      const used = await c.query({
        name: 'thidua_dir_use_invite',
        text: 'UPDATE invite_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL',
        values: [now, codeHash],
      });
      if ((used.rowCount ?? 0) === 0) return { ok: false, reason: 'used' };
      return { ok: true, personId: code.person_id };
    },
    async linkAccount(l) {
      const [row] = await rows(
        c,
        'dir_link',
        `INSERT INTO chat_accounts (person_id, channel, external_user_id, chat_id, status, linked_at, linked_via)
         VALUES ($1, $2, $3, $4, 'active', $5, $6)
         ON CONFLICT (channel, external_user_id) DO UPDATE SET person_id = excluded.person_id, chat_id = excluded.chat_id,
           status = 'active', status_reason = NULL, linked_at = excluded.linked_at, linked_via = excluded.linked_via
         RETURNING id, person_id, status`,
        [l.personId, l.channel, l.externalUserId, l.chatId, l.now, l.via],
      );
      return toAccount(row);
    },
    async touchAccount(accountId, now) {
      // A message from the person proves the account is reachable again (unblocked / re-followed).
      await rows(
        c,
        'dir_touch',
        `UPDATE chat_accounts SET last_interaction_at = $1, status = 'active', status_reason = NULL WHERE id = $2`,
        [now, accountId],
      );
    },
    async headsOf(departmentId) {
      const found = await rows(
        c,
        'dir_heads',
        `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'head'
         WHERE p.department_id = $1 AND p.active ORDER BY p.id`,
        [departmentId],
      );
      return found.map((r) => z.number().int().parse(r.id));
    },
    async noGroupMention(personId) {
      const [row] = await rows(c, 'dir_no_mention', 'SELECT no_group_mention FROM people WHERE id = $1', [personId]);
      return row?.no_group_mention === true;
    },
    async setNoGroupMention(personId, value, now) {
      const [row] = await rows(c, 'dir_no_mention_lock', 'SELECT no_group_mention FROM people WHERE id = $1 FOR UPDATE', [personId]);
      const before = row?.no_group_mention === true;
      if (row && before !== value) {
        await rows(c, 'dir_set_no_mention', 'UPDATE people SET no_group_mention = $1, updated_at = $2 WHERE id = $3', [value, now, personId]);
      }
      return before;
    },
  };
}
