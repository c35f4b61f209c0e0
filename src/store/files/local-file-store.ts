/**
 * Evidence files stored by content under the data folder: `<dataDir>/evidence/ab/abcdef….ext`. Platform file
 * links expire (Telegram, Zalo), so the bytes are kept. Idempotent: the same bytes are kept once. Received files
 * wait in `<dataDir>/tmp/` (same file system) until a step keeps them (a rename) or they are discarded.
 *
 * For one instance, or several sharing the folder (NFS). Several instances without a shared folder need the S3
 * store (`s3-file-store.ts`): a file kept by one instance would be missing on the other.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStore, KeptFileInfo, OpenedFile, ReceivedFile } from '../file-store.js';
import { EVIDENCE_FOLDER, evidencePath, isStorePath } from './evidence-path.js';
import { readReceived, receiveBytes, temporaryFolder } from './receive-stream.js';

export { extensionOf } from './evidence-path.js';

/** Evidence files under `<dataDir>/evidence/ab/<sha256>.<ext>` (one instance, or several sharing a folder). */
export function createLocalFileStore(options: { dataDir: string }): FileStore {
  const { dataDir } = options;
  const full = (path: string): string => {
    if (!isStorePath(path)) throw new Error('file store: invalid path');
    return join(dataDir, path);
  };
  return {
    description: `thư mục ${dataDir}`,
    receive: (data) => receiveBytes(data, { dataDir }),
    pathFor: evidencePath,
    async keep(received, path) {
      const target = full(path);
      await mkdir(dirname(target), { recursive: true });
      // A hard link never replaces an existing file (EEXIST: the same bytes are already kept) and never exposes a
      // half-written file under the final name: the temporary file was complete before the step began.
      try {
        await link(received.tempPath, target);
        return { created: true };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return { created: false };
        if (code === 'EXDEV') return linkCopy(received, target, dataDir);
        throw error;
      }
    },
    async remove(path) {
      if (isStorePath(path)) await unlink(join(dataDir, path)).catch(() => undefined);
    },
    async discard(received) {
      await unlink(received.tempPath).catch(() => undefined);
    },
    async open(path): Promise<OpenedFile | null> {
      if (!isStorePath(path)) return null;
      const target = join(dataDir, path);
      try {
        const info = await stat(target);
        if (!info.isFile()) return null;
        return { stream: createReadStream(target), size: info.size };
      } catch {
        return null;
      }
    },
    async exists(path) {
      if (!isStorePath(path)) return false;
      return stat(join(dataDir, path)).then(
        (info) => info.isFile(),
        () => false,
      );
    },
    read: readReceived,
    async *list() {
      // evidence/<ab>/<file>: two levels, read one folder at a time.
      const root = join(dataDir, EVIDENCE_FOLDER);
      for (const folder of await readdir(root).catch(() => [] as string[])) {
        const page: KeptFileInfo[] = [];
        for (const name of await readdir(join(root, folder)).catch(() => [] as string[])) {
          const path = `${EVIDENCE_FOLDER}/${folder}/${name}`;
          if (!isStorePath(path)) continue;
          const info = await stat(join(dataDir, path)).catch(() => null);
          if (info?.isFile()) page.push({ path, writtenAt: info.mtimeMs });
        }
        if (page.length > 0) yield page;
      }
    },
  };
}

/**
 * The file to keep is on another file system (`thidua db copy` from another folder): copy it to this store's
 * temporary folder first, then link, so the final name still never shows a half-written file.
 */
async function linkCopy(received: ReceivedFile, target: string, dataDir: string): Promise<{ created: boolean }> {
  const dir = temporaryFolder(dataDir);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `copy-${randomBytes(8).toString('hex')}.tmp`);
  try {
    await copyFile(received.tempPath, temp);
    await link(temp, target);
    return { created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
