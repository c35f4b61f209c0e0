/**
 * The FileStore contract on the local folder and on a real S3-compatible server (s3rver on loopback), plus what only a bucket must do: a second instance with its own data folder reads what the first
 * kept, and a bucket that cannot be used is refused at start with a clear message.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { createS3FileStore, S3BucketError, type S3FileStore } from '../../src/store/files/s3-file-store.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';
import { describeFileStoreContract } from './file-store.contract.js';

const folders: string[] = [];
const s3Stores: S3FileStore[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-files-'));
  folders.push(dir);
  return dir;
}

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  for (const store of s3Stores) store.close();
  await s3.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function s3Store(dataDir = tempDir(), config = s3.config): S3FileStore {
  const store = createS3FileStore(config, { dataDir });
  s3Stores.push(store);
  return store;
}

describeFileStoreContract('local folder', async () => {
  const dataDir = tempDir();
  return { files: createLocalFileStore({ dataDir }), dataDir };
});

describeFileStoreContract('S3-compatible bucket (s3rver)', async () => {
  const dataDir = tempDir();
  return { files: s3Store(dataDir), dataDir };
});

describe('S3 file store', () => {
  it('a second instance (its own data folder, same bucket) reads the file the first kept', async () => {
    const first = s3Store();
    const second = s3Store();
    const data = randomBytes(2048);
    const received = await first.receive(data);
    const path = first.pathFor(received.sha256, 'application/pdf', 'minh-chung.pdf');
    await first.keep(received, path);
    await first.discard(received);
    expect(await second.exists(path)).toBe(true);
    const opened = await second.open(path);
    expect(Buffer.from(await buffer(opened!.stream)).equals(data)).toBe(true);
    // The second instance keeping the same bytes finds them there.
    const again = await second.receive(data);
    expect(await second.keep(again, path)).toEqual({ created: false });
    await second.discard(again);
  });

  it('checks the bucket at start: a missing bucket or a refused key is a clear Vietnamese message', async () => {
    await expect(s3Store().checkBucket()).resolves.toBeUndefined();
    const missing = s3Store(tempDir(), { ...s3.config, bucket: 'khong-co-bucket' });
    await expect(missing.checkBucket()).rejects.toThrow(S3BucketError);
    await expect(missing.checkBucket()).rejects.toThrow(/bucket không tồn tại/);
    const wrongKey = s3Store(tempDir(), { ...s3.config, accessKeyId: 'KHOA-LA' });
    await expect(wrongKey.checkBucket()).rejects.toThrow(/khóa truy cập bị từ chối/);
    // An upload with a key the server does not know is refused, not silently accepted.
    const received = await wrongKey.receive(randomBytes(10));
    await expect(wrongKey.keep(received, wrongKey.pathFor(received.sha256, 'text/plain', 'a.txt'))).rejects.toThrow();
    await wrongKey.discard(received);
  });
});
