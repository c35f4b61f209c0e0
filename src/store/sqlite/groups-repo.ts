/** Registered announcement groups ({@link GroupRepository}) on prepared statements. */
import type Database from 'better-sqlite3';
import type { GroupRepository } from '../groups.js';
import { TARGET_COLUMNS, toAnnouncementTarget } from '../shared/group-rows.js';

export function createGroupRepository(c: Database.Database): GroupRepository {
  const active = c.prepare(
    `SELECT ${TARGET_COLUMNS}, active FROM announcement_targets
     WHERE unit_id = ? AND active = 1 ORDER BY id`,
  );
  const byChat = c.prepare(
    `SELECT ${TARGET_COLUMNS}, active FROM announcement_targets
     WHERE channel = ? AND chat_id = ?`,
  );
  const upsert = c.prepare(
    `INSERT INTO announcement_targets (unit_id, channel, chat_id, title, registered_by_id, registered_at, active)
     VALUES (@unitId, @channel, @chatId, @title, @registeredById, @registeredAt, 1)
     ON CONFLICT (channel, chat_id) DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title,
       registered_by_id = excluded.registered_by_id, registered_at = excluded.registered_at, active = 1
     RETURNING ${TARGET_COLUMNS}, active`,
  );
  const deactivate = c.prepare('UPDATE announcement_targets SET active = 0 WHERE id = ?');
  const move = c.prepare('UPDATE announcement_targets SET chat_id = ? WHERE id = ?');
  return {
    async activeTargets(unitId) {
      return active.all(unitId).map(toAnnouncementTarget);
    },
    async findByChat(channel, chatId) {
      const row: unknown = byChat.get(channel, chatId);
      return row === undefined ? null : toAnnouncementTarget(row);
    },
    async register(registration) {
      return toAnnouncementTarget(upsert.get(registration));
    },
    async deactivate(targetId) {
      deactivate.run(targetId);
    },
    async moveChat(targetId, toChatId) {
      move.run(toChatId, targetId);
    },
  };
}
