/** PostgreSQL: announcement groups (see repositories.ts for what differs from SQLite); `active` is boolean. */
import type { GroupRepository } from '../groups.js';
import { TARGET_COLUMNS, toAnnouncementTarget } from '../shared/group-rows.js';
import { type Client, rows } from './pg-query.js';

/** The shared row check reads `active` as 0/1, as SQLite stores it. */
const COLUMNS = `${TARGET_COLUMNS}, active::int AS active`;

export function groupRepository(c: Client): GroupRepository {
  return {
    async activeTargets(unitId) {
      const found = await rows(c, 'groups_active', `SELECT ${COLUMNS} FROM announcement_targets WHERE unit_id = $1 AND active ORDER BY id`, [unitId]);
      return found.map(toAnnouncementTarget);
    },
    async findByChat(channel, chatId) {
      const [row] = await rows(c, 'groups_by_chat', `SELECT ${COLUMNS} FROM announcement_targets WHERE channel = $1 AND chat_id = $2`, [
        channel,
        chatId,
      ]);
      return row ? toAnnouncementTarget(row) : null;
    },
    async register(r) {
      const [row] = await rows(
        c,
        'groups_register',
        `INSERT INTO announcement_targets (unit_id, channel, chat_id, title, registered_by_id, registered_at, active)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (channel, chat_id) DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title,
           registered_by_id = excluded.registered_by_id, registered_at = excluded.registered_at, active = true
         RETURNING ${COLUMNS}`,
        [r.unitId, r.channel, r.chatId, r.title, r.registeredById, r.registeredAt],
      );
      return toAnnouncementTarget(row);
    },
    async deactivate(targetId) {
      await rows(c, 'groups_deactivate', 'UPDATE announcement_targets SET active = false WHERE id = $1', [targetId]);
    },
    async moveChat(targetId, toChatId) {
      await rows(c, 'groups_move', 'UPDATE announcement_targets SET chat_id = $1 WHERE id = $2', [toChatId, targetId]);
    },
  };
}
