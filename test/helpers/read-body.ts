/**
 * Reading a whole request body in the fake servers (`fake-telegram-api.ts`, `fake-zalo.ts`), which use bare
 * `node:http` so that what the real clients send is seen byte for byte.
 */
import type { IncomingMessage } from 'node:http';

/** The request's body, all of it, as sent. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
