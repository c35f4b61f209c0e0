/**
 * Outbound messages as the chat page receives them. Pictures and files are never addressed by a bare path: each
 * one gets a short-lived signed link (`src/http/signed-links.ts`) for the person it was sent to, served by
 * `GET /api/web/media/:token` from the file store (evidence) or the data folder (rendered boards). The link needs
 * no memory of the instance that made it, so behind a load balancer any instance serves it.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import type { SignedLinks } from '../../http/signed-links.js';
import { isStorePath } from '../../store/files/evidence-path.js';

/** The page's message shape (JSON). */
export type WebMessage =
  | { kind: 'text'; text: string }
  | { kind: 'choices'; text: string; choices: Choice[]; typeHint?: string; columns?: number; persistent?: boolean }
  | { kind: 'image'; url: string; caption?: string }
  | { kind: 'file'; url: string; name: string; caption?: string }
  | { kind: 'answered'; text: string };

/** What a link points to: a file store path, or an absolute path under the data folder. */
export interface MediaEntry {
  storePath?: string;
  absPath?: string;
  mime?: string;
  name?: string;
  /** When the link stops working (ms). */
  expiresAt: number;
}

/** Signs and checks the page's media links. */
export class MediaLinks {
  private readonly dataDir: string;

  constructor(
    dataDir: string,
    private readonly links: SignedLinks,
  ) {
    this.dataDir = resolve(dataDir);
  }

  /** A link token for a file sent to a person; null when the path is neither a store path nor under the data folder. */
  register(path: string, personId: number, meta: { mime?: string; name?: string } = {}): string | null {
    let target: string;
    if (isAbsolute(path)) {
      if (!this.underDataDir(path)) return null;
      target = resolve(path);
    } else {
      if (!isStorePath(path)) return null;
      target = path;
    }
    return this.links.sign({ path: target, personId, ...meta });
  }

  /** The file behind a token, only for the person it was sent to; `expired` once its time is over. */
  lookup(token: string, personId: number): MediaEntry | 'expired' | null {
    const verified = this.links.verify(token);
    if (!verified.ok) return verified.reason === 'expired' ? 'expired' : null;
    const { claims, expiresAt } = verified;
    if (claims.personId !== personId) return null;
    const meta = { ...(claims.mime ? { mime: claims.mime } : {}), ...(claims.name ? { name: claims.name } : {}), expiresAt };
    if (isAbsolute(claims.path)) return this.underDataDir(claims.path) ? { absPath: resolve(claims.path), ...meta } : null;
    return isStorePath(claims.path) ? { storePath: claims.path, ...meta } : null;
  }

  private underDataDir(path: string): boolean {
    const rel = relative(this.dataDir, resolve(path));
    return !(rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'));
  }
}

/** Converts engine messages for the page; `request-phone` is meaningless on the web (logged in by code) and dropped. */
export function renderForWeb(messages: OutboundMessage[], personId: number, media: MediaLinks): WebMessage[] {
  const out: WebMessage[] = [];
  for (const m of messages) {
    switch (m.kind) {
      case 'text':
      case 'answered':
        out.push({ kind: m.kind, text: m.text });
        break;
      case 'choices':
        out.push({
          kind: 'choices',
          text: m.text,
          choices: m.choices,
          ...(m.typeHint ? { typeHint: m.typeHint } : {}),
          ...(m.columns ? { columns: m.columns } : {}),
          ...(m.persistent ? { persistent: true } : {}),
        });
        break;
      case 'image': {
        const id = media.register(m.path, personId, { mime: m.mime });
        if (id) out.push({ kind: 'image', url: `/api/web/media/${id}`, ...(m.caption ? { caption: m.caption } : {}) });
        else if (m.caption) out.push({ kind: 'text', text: m.caption });
        break;
      }
      case 'file': {
        const id = media.register(m.path, personId, { mime: m.mime, name: m.name });
        if (id) out.push({ kind: 'file', url: `/api/web/media/${id}`, name: m.name, ...(m.caption ? { caption: m.caption } : {}) });
        else if (m.caption) out.push({ kind: 'text', text: m.caption });
        break;
      }
      case 'request-phone':
        break;
    }
  }
  return out;
}
