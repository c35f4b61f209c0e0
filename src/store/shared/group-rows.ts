/**
 * The announcement target row and its view, shared by the SQLite and the PostgreSQL repositories (`active` arrives
 * as 0/1 from both: PostgreSQL selects `active::int`).
 */
import { z } from 'zod';
import { GROUP_CHANNELS, type AnnouncementTarget } from '../groups.js';

/** The columns both repositories select (PostgreSQL casts `active`). */
export const TARGET_COLUMNS = 'id, unit_id, channel, chat_id, title, registered_by_id, registered_at';

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

export function toAnnouncementTarget(row: unknown): AnnouncementTarget {
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
