/**
 * Builds Zalo webhook bodies from the documented fixtures in `test/fixtures/zalo/` and signs them like Zalo:
 * `X-ZEvent-Signature: mac=<sha256(appId + body + timestamp + oaSecretKey)>`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '../fixtures/zalo');

export type FixtureName =
  | 'user_send_text'
  | 'user_send_link'
  | 'user_send_image'
  | 'user_send_file'
  | 'follow'
  | 'unfollow'
  | 'user_submit_info'
  | 'user_click_chatnow'
  | 'oa_send_text';

type Json = Record<string, unknown>;

export function loadFixture(name: FixtureName): Json {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Json;
}

export interface EventPatch {
  userId?: string;
  msgId?: string;
  text?: string;
  url?: string;
  phone?: number;
  timestamp?: string;
  appId?: string;
}

/** A fixture with the person, message id, text, attachment URL and time replaced. */
export function zaloEvent(name: FixtureName, patch: EventPatch = {}): Json {
  const e = loadFixture(name);
  if (patch.appId) e.app_id = patch.appId;
  if (patch.timestamp) e.timestamp = patch.timestamp;
  if (patch.userId) {
    if (e.sender) (e.sender as Json).id = patch.userId;
    if (e.follower) (e.follower as Json).id = patch.userId;
    if (name === 'user_click_chatnow') e.user_id = patch.userId;
  }
  const message = e.message as Json | undefined;
  if (message) {
    if (patch.msgId) message.msg_id = patch.msgId;
    if (patch.text !== undefined) message.text = patch.text;
    const attachments = message.attachments as Array<{ payload: Json }> | undefined;
    if (patch.url && attachments?.[0]) attachments[0].payload.url = patch.url;
  }
  if (patch.phone !== undefined) (e.info as Json).phone = patch.phone;
  return e;
}

export function signBody(appId: string, body: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(appId + body + timestamp + oaSecretKey).digest('hex')}`;
}

/** POSTs a signed event to the webhook; returns the HTTP status. */
export async function postSigned(url: string, event: Json, appId: string, oaSecretKey: string): Promise<number> {
  const body = JSON.stringify(event);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zevent-signature': signBody(appId, body, String(event.timestamp), oaSecretKey) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}
