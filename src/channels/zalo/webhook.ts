/**
 * `POST /zalo/webhook`: raw body → signature check (constant time) → durable insert into `inbound_events`
 * (status pending, idempotent by event id) → 200 at once → processing after the answer. Zalo expects 200 within
 * about 2 s and disables the webhook after repeated failures, so nothing slow happens before the answer.
 * Bad or missing signatures get 401 and are logged, never stored or processed. OA echoes (`oa_send_*`), receipts
 * and other events we do not handle are acknowledged and dropped.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { Db } from '../../persistence/open-db.js';
import { parseBody, SIGNATURE_HEADER, verifyZaloSignature } from './verify-signature.js';
import { parseZaloEvent, type ZaloEvent } from './webhook-schemas.js';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
/**
 * `inbound_events.channel` of stored webhook events — apart from the engine's own `(zalo, eventId)` idempotency
 * rows, because this log also covers what happens before or without the engine (downloads, unfollow, nudges).
 */
export const ZALO_EVENT_LOG_CHANNEL = 'zalo-event';
/** Webhook bodies are small JSON documents; anything bigger is not Zalo. */
const BODY_LIMIT = '256kb';

/** Minimal logger surface (pino-compatible). */
export interface WebhookLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloWebhookOptions {
  db: Db;
  appId: string;
  oaSecretKey: string;
  logger: WebhookLogger;
  now?: () => number;
  path?: string;
  /** Called after the 200 answer for every newly stored event (not for duplicates). */
  onStored(eventId: string, event: ZaloEvent, receivedAt: number): void;
}

/** Mounts the route with its own raw-body parser (no global JSON parser may run before it). */
export function mountZaloWebhook(app: Express, options: ZaloWebhookOptions): void {
  app.post(options.path ?? ZALO_WEBHOOK_PATH, express.raw({ type: () => true, limit: BODY_LIMIT }), createZaloWebhookHandler(options));
}

export function createZaloWebhookHandler(options: ZaloWebhookOptions): (req: Request, res: Response) => void {
  const now = options.now ?? Date.now;
  const insert = options.db.$client.prepare(
    `INSERT INTO inbound_events (channel, event_id, payload, status, attempts, received_at)
     VALUES ('${ZALO_EVENT_LOG_CHANNEL}', ?, ?, 'pending', 0, ?) ON CONFLICT DO NOTHING`,
  );
  return (req, res) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw)) {
      options.logger.error({ route: 'zalo-webhook' }, 'zalo webhook: body already parsed — mount it before any JSON parser');
      res.status(500).json({ ok: false });
      return;
    }
    // Parsed once: the signature needs the body's timestamp, the event parser the whole body.
    const parsed = parseBody(raw);
    const check = verifyZaloSignature({
      parsed,
      rawBody: raw,
      header: req.get(SIGNATURE_HEADER),
      appId: options.appId,
      oaSecretKey: options.oaSecretKey,
    });
    if (!check.ok) {
      options.logger.warn({ route: 'zalo-webhook', reason: check.reason, bytes: raw.length }, 'zalo webhook: rejected signature');
      res.status(401).json({ ok: false });
      return;
    }
    // A valid signature implies a readable body (the timestamp came from it).
    const event = parsed.ok ? parseZaloEvent(parsed.value) : null;
    if (event === null) {
      options.logger.warn({ route: 'zalo-webhook' }, 'zalo webhook: signed event of an unexpected shape, dropped');
      res.status(200).json({ ok: true });
      return;
    }
    if (event.type === 'ignored') {
      res.status(200).json({ ok: true });
      return;
    }
    const text = raw.toString('utf8');
    const receivedAt = now();
    let stored: boolean;
    try {
      stored = insert.run(event.eventId, text, receivedAt).changes > 0;
    } catch (error) {
      // Not stored: a 5xx makes Zalo's retry possible; a 200 would lose the event.
      options.logger.error({ err: error, eventName: event.name }, 'zalo webhook: could not store event');
      res.status(503).json({ ok: false });
      return;
    }
    res.status(200).json({ ok: true });
    if (stored) setImmediate(() => options.onStored(event.eventId, event, receivedAt));
  };
}
