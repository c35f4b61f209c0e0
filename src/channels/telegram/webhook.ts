/**
 * The webhook route. Order (house style §7): check `X-Telegram-Bot-Api-Secret-Token` with a constant-time
 * comparison BEFORE reading the body (401 otherwise, nothing processed), parse JSON with a size limit, process
 * the update, answer 200.
 *
 * The update is processed before answering on purpose: Telegram sends a chat's next update only after this one
 * was answered, which keeps each chat's updates in order, and an update whose processing crashed the process is
 * redelivered. Processing failures still answer 200 (they are recorded; a redelivery would not fix them).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { z } from 'zod';
import type { UpdateHandler } from './handle-update.js';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Updates are a few KB; a document's metadata is small too (files are fetched separately). */
const BODY_LIMIT = '1mb';
/** What makes a body an update at all; the update handler parses the rest. */
const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * A constant-time checker for the secret header (hashing first hides the secret's length too; the secret's own
 * digest is computed once).
 */
export function secretChecker(secret: string): (given: string | undefined) => boolean {
  const expected = createHash('sha256').update(secret).digest();
  return (given) => {
    if (typeof given !== 'string' || given === '') return false;
    return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
  };
}

/** Mounts `POST /telegram/webhook` on `app`. */
export function mountWebhook(app: Express, options: { secret: string; handle: UpdateHandler }): void {
  const matches = secretChecker(options.secret);
  const checkSecret: RequestHandler = (req, res, next) => {
    if (!matches(req.get(SECRET_HEADER))) {
      res.status(401).json({ error: 'Sai mã bí mật của webhook Telegram.' });
      return;
    }
    next();
  };
  const receive: RequestHandler = async (req, res) => {
    const update = updateShape.safeParse(req.body);
    if (!update.success) {
      res.status(400).json({ error: 'Nội dung không phải một cập nhật Telegram.' });
      return;
    }
    await options.handle(update.data);
    res.status(200).end();
  };
  app.post(WEBHOOK_PATH, checkSecret, express.json({ limit: BODY_LIMIT }), receive);
}
