/** Registered announcement groups ({@link GroupRepository}) on prepared statements. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { GROUP_CHANNELS, type AnnouncementTarget, type GroupRepository } from '../groups.js';

const targetRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  channel: z.enum(GROUP_CHANNELS),
  chat_id: z.string(),
  title: z.string().nullable(),
  registered_by_id: z.number().int().nullable(),
  registered_at: z.number(),
  active: z.number().int(),
});

export function createGroupRepository(c: Database.Database): GroupRepository {
  const active = c.prepare(
    `SELECT id, unit_id, channel, chat_id, title, registered_by_id, registered_at, active FROM announcement_targets
     WHERE unit_id = ? AND active = 1 ORDER BY id`,
  );
  const byChat = c.prepare(
    `SELECT id, unit_id, channel, chat_id, title, registered_by_id, registered_at, active FROM announcement_targets
     WHERE channel = ? AND chat_id = ?`,
  );
  const upsert = c.prepare(
    `INSERT INTO announcement_targets (unit_id, channel, chat_id, title, registered_by_id, registered_at, active)
     VALUES (@unitId, @channel, @chatId, @title, @registeredById, @registeredAt, 1)
     ON CONFLICT (channel, chat_id) DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title,
       registered_by_id = excluded.registered_by_id, registered_at = excluded.registered_at, active = 1
     RETURNING id, unit_id, channel, chat_id, title, registered_by_id, registered_at, active`,
  );
  const deactivate = c.prepare('UPDATE announcement_targets SET active = 0 WHERE id = ?');
  const move = c.prepare('UPDATE announcement_targets SET chat_id = ? WHERE id = ?');
  return {
    async activeTargets(unitId) {
      return active.all(unitId).map(toTarget);
    },
    async findByChat(channel, chatId) {
      const row: unknown = byChat.get(channel, chatId);
      return row === undefined ? null : toTarget(row);
    },
    async register(registration) {
      return toTarget(upsert.get(registration));
    },
    async deactivate(targetId) {
      deactivate.run(targetId);
    },
    async moveChat(targetId, toChatId) {
      move.run(toChatId, targetId);
    },
  };
}

function toTarget(row: unknown): AnnouncementTarget {
  const r = targetRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    channel: r.channel,
    chatId: r.chat_id,
    title: r.title,
    registeredById: r.registered_by_id,
    registeredAt: r.registered_at,
    active: r.active === 1,
  };
}
