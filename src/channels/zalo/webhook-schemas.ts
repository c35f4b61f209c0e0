/**
 * zod schemas for the Zalo OA webhook events the bot handles (shapes from developers.zalo.me, see
 * /work/shared/reference/zalo-oa-api.md §3.3). Ids and timestamps are strings (they exceed 2^53); numbers are
 * accepted and turned into strings. Unknown fields are kept (Zalo adds fields) but never trusted.
 */
import { z } from 'zod';

const id = z.union([z.string().min(1), z.number()]).transform(String);

export const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      thumbnail: z.string().optional(),
      description: z.string().optional(),
      name: z.string().optional(),
      size: z.union([z.string(), z.number()]).optional(),
      type: z.string().optional(),
    })
    .optional(),
});
export type ZaloAttachment = z.infer<typeof attachmentSchema>;

const messageSchema = z.looseObject({
  msg_id: id,
  text: z.string().optional(),
  attachments: z.array(attachmentSchema).optional(),
});

const baseSchema = z.looseObject({
  app_id: id.optional(),
  event_name: z.string().min(1),
  timestamp: id,
  user_id_by_app: id.optional(),
});

/** `user_send_*`: sender = the user, recipient = the OA. */
export const userMessageSchema = baseSchema.extend({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }),
  message: messageSchema,
});

/** `follow` / `unfollow`. */
export const followSchema = baseSchema.extend({
  oa_id: id.optional(),
  follower: z.looseObject({ id }),
  source: z.string().optional(),
});

/** `user_submit_info` (answer to a `request_user_info` message); `phone` arrives as a JSON number. */
export const submitInfoSchema = baseSchema.extend({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }).optional(),
  info: z.looseObject({
    phone: z.union([z.string(), z.number()]).transform(String).optional(),
    name: z.string().optional(),
  }),
});

/** `user_click_chatnow`: flat shape. */
export const chatNowSchema = baseSchema.extend({ oa_id: id.optional(), user_id: id });

export type ZaloEvent =
  | { type: 'message'; name: string; userId: string; eventId: string; timestamp: string; data: z.infer<typeof userMessageSchema> }
  | { type: 'follow'; name: string; userId: string; eventId: string; timestamp: string }
  | { type: 'unfollow'; name: string; userId: string; eventId: string; timestamp: string }
  | { type: 'submit_info'; name: string; userId: string; eventId: string; timestamp: string; phone: string | null }
  | { type: 'chatnow'; name: string; userId: string; eventId: string; timestamp: string }
  /** OA echoes (`oa_send_*`), receipts, group events…: acknowledged and dropped. */
  | { type: 'ignored'; name: string };

const USER_MESSAGES = new Set([
  'user_send_text',
  'user_send_link',
  'user_send_image',
  'user_send_file',
  'user_send_gif',
  'user_send_sticker',
  'user_send_audio',
  'user_send_video',
  'user_send_location',
  'user_send_business_card',
]);

/** Classifies a parsed JSON body; returns null when it is not a valid event of a kind we handle. */
export function parseZaloEvent(body: unknown): ZaloEvent | null {
  const base = baseSchema.safeParse(body);
  if (!base.success) return null;
  const name = base.data.event_name;
  const ts = base.data.timestamp;
  if (USER_MESSAGES.has(name)) {
    const m = userMessageSchema.safeParse(body);
    if (!m.success) return null;
    return { type: 'message', name, userId: m.data.sender.id, eventId: m.data.message.msg_id, timestamp: ts, data: m.data };
  }
  if (name === 'follow' || name === 'unfollow') {
    const f = followSchema.safeParse(body);
    if (!f.success) return null;
    const userId = f.data.follower.id;
    return { type: name, name, userId, eventId: `${name}:${userId}:${ts}`, timestamp: ts };
  }
  if (name === 'user_submit_info') {
    const s = submitInfoSchema.safeParse(body);
    if (!s.success) return null;
    const userId = s.data.sender.id;
    return { type: 'submit_info', name, userId, eventId: `info:${userId}:${ts}`, timestamp: ts, phone: s.data.info.phone ?? null };
  }
  if (name === 'user_click_chatnow') {
    const c = chatNowSchema.safeParse(body);
    if (!c.success) return null;
    return { type: 'chatnow', name, userId: c.data.user_id, eventId: `chatnow:${c.data.user_id}:${ts}`, timestamp: ts };
  }
  return { type: 'ignored', name };
}
