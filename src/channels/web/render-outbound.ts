/**
 * Outbound messages as the chat page receives them. Pictures and files are never addressed by path: each one gets
 * a random id, valid for the person it was sent to, served by `GET /api/web/media/:id` (files under the data
 * folder only).
 */
import { randomBytes } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Choice, OutboundMessage } from '../../conversation/types.js';

/** The page's message shape (JSON). */
export type WebMessage =
  | { kind: 'text'; text: string }
  | { kind: 'choices'; text: string; choices: Choice[]; typeHint?: string; columns?: number }
  | { kind: 'image'; url: string; caption?: string }
  | { kind: 'file'; url: string; name: string; caption?: string }
  | { kind: 'answered'; text: string };

interface MediaEntry {
  absPath: string;
  personId: number;
  mime?: string;
  name?: string;
}

/** In-memory id → file map (bounded). After a restart, re-pulled outbox messages get fresh ids. */
export class MediaRegistry {
  private readonly entries = new Map<string, MediaEntry>();
  private readonly dataDir: string;

  constructor(dataDir: string, private readonly maxEntries = 5000) {
    this.dataDir = resolve(dataDir);
  }

  /** Registers a file for a person; returns null when the path is outside the data folder (never served). */
  register(path: string, personId: number, meta: { mime?: string; name?: string } = {}): string | null {
    const absPath = isAbsolute(path) ? resolve(path) : resolve(this.dataDir, path);
    const rel = relative(this.dataDir, absPath);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
    const id = randomBytes(16).toString('base64url');
    this.entries.set(id, { absPath, personId, ...meta });
    while (this.entries.size > this.maxEntries) {
      const first = this.entries.keys().next().value;
      if (first === undefined) break;
      this.entries.delete(first);
    }
    return id;
  }

  /** The file behind an id, only for the person it was sent to. */
  lookup(id: string, personId: number): MediaEntry | null {
    const entry = this.entries.get(id);
    return entry && entry.personId === personId ? entry : null;
  }
}

/** Converts engine messages for the page; `request-phone` is meaningless on the web (logged in by code) and dropped. */
export function renderForWeb(messages: OutboundMessage[], personId: number, media: MediaRegistry): WebMessage[] {
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
