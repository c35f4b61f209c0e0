/** Request guards shared by the HTTP surfaces (web chat, exam room): same-origin state changes and cookie reading. */
import type { Request, RequestHandler } from 'express';
import { HttpError } from './create-http-app.js';

/** Refuses cross-site state changes (belt and braces on top of SameSite=Strict). */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.headers.host) throw new HttpError(403, 'Yêu cầu đến từ trang khác bị từ chối.');
  }
  next();
};

/** A cookie's value when it looks like one of our tokens (URL-safe, 20–128 characters), else null. */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const value = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{20,128}$/.test(value) ? value : null;
    }
  }
  return null;
}
