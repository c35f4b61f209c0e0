/**
 * Evidence files stored by content under the data folder: `<dataDir>/evidence/ab/abcdef….ext`. Platform file
 * links expire (Telegram, Zalo), so the bytes are kept. Idempotent: the same bytes are written once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStore } from '../file-store.js';

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
  return {
    async put(data, mime, originalName) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const path = `evidence/${sha256.slice(0, 2)}/${sha256}.${extensionOf(originalName, mime)}`;
      const full = join(options.dataDir, path);
      if (!(await exists(full))) {
        await mkdir(dirname(full), { recursive: true });
        // Write then rename, so a crash never leaves a half-written file under the final name.
        const tmp = `${full}.${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(tmp, data);
        await rename(tmp, full);
      }
      return { path, sha256, size: data.byteLength, mime: mime || 'application/octet-stream' };
    },
  };
}

/** A safe extension: the file name's (letters/digits, ≤ 8), else one from the MIME type, else `bin`. */
export function extensionOf(name: string, mime: string): string {
  const fromName = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return fromName ?? EXTENSION_BY_MIME[mime.toLowerCase()] ?? 'bin';
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
