/**
 * Receives a file into a temporary file under the data folder, hashing (sha256) and counting as it arrives, so a
 * 20 MB upload costs a few 64 KB chunks of memory instead of its whole body (issue 18, item 1). The size limit is
 * enforced while streaming: the stream is cut at the first byte over it. Whatever fails, no temporary file is left.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReceivedFile } from '../file-store.js';

/** The folder (under the data folder) where received files wait for a step's decision. */
export function temporaryFolder(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** A temporary file older than this is left over from a crash (an upload in flight takes minutes at most). */
export const TEMPORARY_FILE_MAX_AGE_MS = 60 * 60_000;

/**
 * Removes temporary files left in `<dataDir>/tmp/` by a crash (killed mid-upload, or between receiving a file and
 * the step's decision); run at start-up. Only files older than `maxAgeMs` go, so an instance sharing the data
 * folder never loses an upload in flight. Returns how many were removed; a missing folder is nothing to sweep.
 */
export async function sweepTemporaryFiles(dataDir: string, now: number, maxAgeMs = TEMPORARY_FILE_MAX_AGE_MS): Promise<number> {
  const dir = temporaryFolder(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs <= maxAgeMs) continue;
    await unlink(path).then(
      () => void (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

/** Thrown when the stream carries more than `maxBytes`. */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}

/** Streams `source` into a fresh temporary file under `<dataDir>/tmp/`. */
export async function receiveStream(source: Readable, options: { dataDir: string; maxBytes: number }): Promise<ReceivedFile> {
  const dir = temporaryFolder(options.dataDir);
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, `recv-${randomBytes(8).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) return callback(new FileTooLargeError(`more than ${options.maxBytes} bytes`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx' }));
    // On disk before a step records it: an evidence row must never outlive its bytes (a power cut after COMMIT).
    const handle = await open(tempPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

/** Writes bytes already in memory (a Telegram or Zalo download) the same way. */
export async function receiveBytes(data: Uint8Array, options: { dataDir: string }): Promise<ReceivedFile> {
  return receiveStream(Readable.from([data]), { dataDir: options.dataDir, maxBytes: Number.POSITIVE_INFINITY });
}

/** The bytes of a received temporary file (always on local disk, whichever store keeps it afterwards). */
export function readReceived(received: ReceivedFile): Promise<Uint8Array> {
  return readFile(received.tempPath);
}
