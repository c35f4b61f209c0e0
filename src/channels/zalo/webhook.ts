/**
 * `POST /zalo/webhook`: raw body → signature check (constant time) → freshness check → the event recorded as
 * pending in the one inbound-event log, with the interaction (one short unit of work) → 200 → processing after
 * the answer (`process-events.ts`). Zalo expects 200 within about 2 s and disables the webhook after repeated
 * failures, so nothing slow (downloads, the engine, replies) happens before the answer; an event recorded before
 * the 200 survives a crash (processed at start-up).
 * Bad or missing signatures get 401 and are logged, never stored or processed. A correctly signed event whose
 * `timestamp` is more than {@link ZALO_EVENT_MAX_SKEW_MS} away from our clock is dropped (a replay: the event log
 * is purged after a while, so an old event must not be accepted again). OA echoes (`oa_send_*`), receipts and
 * other events we do not handle are acknowledged and dropped.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { ZaloEventProcessor } from './process-events.js';
import { parseBody, SIGNATURE_HEADER, verifyZaloSignature } from './verify-signature.js';
import { parseZaloEvent } from './webhook-schemas.js';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
/**
 * How far a signed event's own `timestamp` may be from our clock (either way). Zalo retries a delivery that could
 * not connect after 30 s, 5 and 15 minutes (then 30 min and 1 h, which this refuses: by then the event is stale).
 */
export const ZALO_EVENT_MAX_SKEW_MS = 15 * 60_000;
/** Webhook bodies are small JSON documents; anything bigger is not Zalo. */
const BODY_LIMIT = '256kb';

/** Minimal logger surface (pino-compatible). */
export interface WebhookLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloWebhookOptions {
  appId: string;
  oaSecretKey: string;
  logger: WebhookLogger;
  processor: Pick<ZaloEventProcessor, 'receive' | 'accept'>;
  now?: () => number;
  path?: string;
  /** Default {@link ZALO_EVENT_MAX_SKEW_MS}. */
  maxSkewMs?: number;
}

/** Mounts the route with its own raw-body parser (no global JSON parser may run before it). */
export function mountZaloWebhook(app: Express, options: ZaloWebhookOptions): void {
  const handler = createZaloWebhookHandler(options);
  app.post(options.path ?? ZALO_WEBHOOK_PATH, express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res, next) => {
    handler(req, res).catch(next);
  });
}

export function createZaloWebhookHandler(options: ZaloWebhookOptions): (req: Request, res: Response) => Promise<void> {
  const now = options.now ?? Date.now;
  const maxSkew = options.maxSkewMs ?? ZALO_EVENT_MAX_SKEW_MS;
  return async (req, res) => {
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
    const receivedAt = now();
    const sentAt = Number(event.timestamp);
    if (!Number.isFinite(sentAt) || Math.abs(receivedAt - sentAt) > maxSkew) {
      // Answered 200: it IS Zalo's signature (a replay or a very late retry); a refusal would only count against
      // the webhook's health. Nothing is stored or processed.
      options.logger.warn({ route: 'zalo-webhook', eventName: event.name, skewMs: Number.isFinite(sentAt) ? receivedAt - sentAt : null }, 'zalo webhook: stale event dropped');
      res.status(200).json({ ok: true });
      return;
    }
    let stored: boolean;
    try {
      stored = await options.processor.receive(event, raw.toString('utf8'), receivedAt);
    } catch (error) {
      // Not stored: a 5xx makes Zalo's retry possible; a 200 would lose the event.
      options.logger.error({ err: error, eventName: event.name }, 'zalo webhook: could not store event');
      res.status(503).json({ ok: false });
      return;
    }
    res.status(200).json({ ok: true });
    if (stored) options.processor.accept(event, receivedAt);
  };
}
