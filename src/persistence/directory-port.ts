/** The staff directory and chat-account links for the engine ({@link DirectoryPort}), on prepared statements. */
import { z } from 'zod';
import type { AccountView, DirectoryPort, PersonView } from '../conversation/ports.js';
import { roleSchema } from '../scoring/rubric-schema.js';
import type { Db } from './open-db.js';

const PERSON_SQL = `SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name,
    d.leader_in_charge_id, p.active, (SELECT group_concat(role) FROM person_roles r WHERE r.person_id = p.id) AS roles
  FROM people p LEFT JOIN departments d ON d.id = p.department_id`;

const personRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  full_name: z.string(),
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  leader_in_charge_id: z.number().int().nullable(),
  active: z.number().int(),
  roles: z.string().nullable(),
});

const accountRow = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  status: z.enum(['active', 'blocked', 'unfollowed']),
});

const inviteRow = z.object({ person_id: z.number().int(), expires_at: z.number(), used_at: z.number().nullable() });

export function createDirectoryPort(db: Db): DirectoryPort {
  const c = db.$client;
  const findAccount = c.prepare('SELECT id, person_id, status FROM chat_accounts WHERE channel = ? AND external_user_id = ?');
  const getPerson = c.prepare(`${PERSON_SQL} WHERE p.id = ?`);
  // `unit_id IN (…)` lets SQLite use the (unit_id, phone) index instead of scanning every person.
  const byPhone = c.prepare(`${PERSON_SQL} WHERE p.unit_id IN (SELECT id FROM units) AND p.phone = ? AND p.active = 1`);
  const invite = c.prepare('SELECT person_id, expires_at, used_at FROM invite_codes WHERE code_hash = ?');
  const useInvite = c.prepare('UPDATE invite_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL');
  const link = c.prepare(
    `INSERT INTO chat_accounts (person_id, channel, external_user_id, chat_id, status, linked_at, linked_via)
     VALUES (?, ?, ?, ?, 'active', ?, ?)
     ON CONFLICT(channel, external_user_id) DO UPDATE SET person_id = excluded.person_id, chat_id = excluded.chat_id,
       status = 'active', status_reason = NULL, linked_at = excluded.linked_at, linked_via = excluded.linked_via
     RETURNING id, person_id, status`,
  );
  // A message from the person proves the account is reachable again (unblocked / re-followed).
  const touch = c.prepare(
    `UPDATE chat_accounts SET last_interaction_at = ?, status = 'active', status_reason = NULL WHERE id = ?`,
  );
  const heads = c.prepare(
    `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'head'
     WHERE p.department_id = ? AND p.active = 1 ORDER BY p.id`,
  );
  return {
    findAccount(channel, externalUserId) {
      const row: unknown = findAccount.get(channel, externalUserId);
      return row === undefined ? null : toAccount(row);
    },
    getPerson(personId) {
      const row: unknown = getPerson.get(personId);
      return row === undefined ? null : toPerson(row);
    },
    findPeopleByPhone(phone) {
      return byPhone.all(phone).map(toPerson);
    },
    redeemInvite(codeHash, now) {
      const row: unknown = invite.get(codeHash);
      if (row === undefined) return { ok: false, reason: 'unknown' };
      const code = inviteRow.parse(row);
      if (code.used_at !== null) return { ok: false, reason: 'used' };
      if (code.expires_at <= now) return { ok: false, reason: 'expired' };
      if (useInvite.run(now, codeHash).changes === 0) return { ok: false, reason: 'used' };
      return { ok: true, personId: code.person_id };
    },
    linkAccount(l) {
      return toAccount(link.get(l.personId, l.channel, l.externalUserId, l.chatId, l.now, l.via));
    },
    touchAccount(accountId, now) {
      touch.run(now, accountId);
    },
    headsOf(departmentId) {
      return heads.all(departmentId).map((r) => z.object({ id: z.number().int() }).parse(r).id);
    },
  };
}

function toAccount(row: unknown): AccountView {
  const r = accountRow.parse(row);
  return { id: r.id, personId: r.person_id, status: r.status };
}

function toPerson(row: unknown): PersonView {
  const r = personRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    fullName: r.full_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    leaderInChargeId: r.leader_in_charge_id,
    roles: r.roles ? r.roles.split(',').map((role) => roleSchema.parse(role)) : [],
    active: r.active === 1,
  };
}
