/**
 * Evidence files stored by content under the data folder: `<dataDir>/evidence/ab/abcdef….ext`. Platform file
 * links expire (Telegram, Zalo), so the bytes are kept. Idempotent: the same bytes are kept once. Received files
 * wait in `<dataDir>/tmp/` (same file system) until a step keeps them (a rename) or they are discarded.
 */
import { link, mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStore } from '../file-store.js';
import { receiveBytes } from './receive-stream.js';

const EXTENSION_BY_MIME: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'video/mp4': 'mp4',
};

/** Evidence files under `<dataDir>/evidence/ab/<sha256>.<ext>` (one instance, or several sharing a folder). */
export function createLocalFileStore(options: { dataDir: string }): FileStore {
  const { dataDir } = options;
  return {
    receive: (data) => receiveBytes(data, { dataDir }),
    pathFor(sha256, mime, originalName) {
      return `evidence/${sha256.slice(0, 2)}/${sha256}.${extensionOf(originalName, mime)}`;
    },
    async keep(received, path) {
      const full = join(dataDir, path);
      await mkdir(dirname(full), { recursive: true });
      // A hard link never replaces an existing file (EEXIST: the same bytes are already kept) and never exposes a
      // half-written file under the final name: the temporary file was complete before the step began.
      try {
        await link(received.tempPath, full);
        return { created: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
        throw error;
      }
    },
    async remove(path) {
      await unlink(join(dataDir, path)).catch(() => undefined);
    },
    async discard(received) {
      await unlink(received.tempPath).catch(() => undefined);
    },
    async read(received) {
      return readFile(received.tempPath);
    },
  };
}

/** A safe extension: the file name's (letters/digits, ≤ 8), else one from the MIME type, else `bin`. */
export function extensionOf(name: string, mime: string): string {
  const fromName = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return fromName ?? EXTENSION_BY_MIME[mime.toLowerCase()] ?? 'bin';
}
