/** People, roles and chat-account links ({@link DirectoryRepository}) on prepared statements. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ROLES } from '../../scoring/rubric-schema.js';
import type { AccountView, DirectoryRepository, PersonView } from '../directory.js';
import { ACCOUNT_STATUSES } from '../statuses.js';
import { int, intOrNull, oneOf, rowArray, str, strOrNull } from '../shared/row-check.js';

const PERSON_SQL = `SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name,
    d.leader_in_charge_id, p.active, (SELECT group_concat(role) FROM person_roles r WHERE r.person_id = p.id) AS roles
  FROM people p LEFT JOIN departments d ON d.id = p.department_id`;

const inviteRow = z.object({ person_id: z.number().int(), expires_at: z.number(), used_at: z.number().nullable() });

export function createDirectoryRepository(c: Database.Database): DirectoryRepository {
  const findAccount = c
    .prepare('SELECT id, person_id, status FROM chat_accounts WHERE channel = ? AND external_user_id = ?')
    .raw(true);
  const getPerson = c.prepare(`${PERSON_SQL} WHERE p.id = ?`).raw(true);
  // `unit_id IN (…)` lets SQLite use the (unit_id, phone) index instead of scanning every person.
  const byPhone = c
    .prepare(`${PERSON_SQL} WHERE p.unit_id IN (SELECT id FROM units) AND p.phone = ? AND p.active = 1`)
    .raw(true);
  const invite = c.prepare('SELECT person_id, expires_at, used_at FROM invite_codes WHERE code_hash = ?');
  const useInvite = c.prepare('UPDATE invite_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL');
  const link = c
    .prepare(
      `INSERT INTO chat_accounts (person_id, channel, external_user_id, chat_id, status, linked_at, linked_via)
     VALUES (?, ?, ?, ?, 'active', ?, ?)
     ON CONFLICT(channel, external_user_id) DO UPDATE SET person_id = excluded.person_id, chat_id = excluded.chat_id,
       status = 'active', status_reason = NULL, linked_at = excluded.linked_at, linked_via = excluded.linked_via
     RETURNING id, person_id, status`,
    )
    .raw(true);
  // A message from the person proves the account is reachable again (unblocked / re-followed).
  const touch = c.prepare(
    `UPDATE chat_accounts SET last_interaction_at = ?, status = 'active', status_reason = NULL WHERE id = ?`,
  );
  const heads = c
    .prepare(
      `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'head'
     WHERE p.department_id = ? AND p.active = 1 ORDER BY p.id`,
    )
    .pluck();
  const getNoMention = c.prepare('SELECT no_group_mention FROM people WHERE id = ?').pluck();
  const setNoMention = c.prepare('UPDATE people SET no_group_mention = ?, updated_at = ? WHERE id = ?');
  return {
    async findAccount(channel, externalUserId) {
      const row: unknown = findAccount.get(channel, externalUserId);
      return row === undefined ? null : toAccount(row);
    },
    async findAccountWithPerson(channel, externalUserId) {
      const row: unknown = findAccount.get(channel, externalUserId);
      if (row === undefined) return null;
      const account = toAccount(row);
      const person: unknown = getPerson.get(account.personId);
      return { account, person: person === undefined ? null : toPerson(person) };
    },
    async getPerson(personId) {
      const row: unknown = getPerson.get(personId);
      return row === undefined ? null : toPerson(row);
    },
    async findPeopleByPhone(phone) {
      return byPhone.all(phone).map(toPerson);
    },
    async redeemInvite(codeHash, now) {
      const row: unknown = invite.get(codeHash);
      if (row === undefined) return { ok: false, reason: 'unknown' };
      const code = inviteRow.parse(row);
      if (code.used_at !== null) return { ok: false, reason: 'used' };
      if (code.expires_at <= now) return { ok: false, reason: 'expired' };
      if (useInvite.run(now, codeHash).changes === 0) return { ok: false, reason: 'used' };
      return { ok: true, personId: code.person_id };
    },
    async linkAccount(l) {
      return toAccount(link.get(l.personId, l.channel, l.externalUserId, l.chatId, l.now, l.via));
    },
    async touchAccount(accountId, now) {
      touch.run(now, accountId);
    },
    async headsOf(departmentId) {
      return heads.all(departmentId).map((id) => int(id, 'people.id'));
    },
    async noGroupMention(personId) {
      return getNoMention.get(personId) === 1;
    },
    async setNoGroupMention(personId, value, now) {
      const before = getNoMention.get(personId) === 1;
      if (before !== value) setNoMention.run(value ? 1 : 0, now, personId);
      return before;
    },
  };
}

function toAccount(row: unknown): AccountView {
  const r = rowArray(row, 'chat_accounts', 3);
  return {
    id: int(r[0], 'chat_accounts.id'),
    personId: int(r[1], 'chat_accounts.person_id'),
    status: oneOf(r[2], ACCOUNT_STATUSES, 'chat_accounts.status'),
  };
}

function toPerson(row: unknown): PersonView {
  const r = rowArray(row, 'people', 8);
  const roles = strOrNull(r[7], 'people.roles');
  return {
    id: int(r[0], 'people.id'),
    unitId: str(r[1], 'people.unit_id'),
    fullName: str(r[2], 'people.full_name'),
    departmentId: intOrNull(r[3], 'people.department_id'),
    departmentName: strOrNull(r[4], 'departments.name'),
    leaderInChargeId: intOrNull(r[5], 'departments.leader_in_charge_id'),
    roles: roles ? roles.split(',').map((role) => oneOf(role, ROLES, 'person_roles.role')) : [],
    active: int(r[6], 'people.active') === 1,
  };
}
