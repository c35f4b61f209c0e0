/**
 * The FileStore contract: what every evidence file store (the local folder, an S3-compatible bucket) must do, so
 * the engine, the channels and `thidua db copy` can use either. Run by `file-store.test.ts` on both.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { MediaLinks } from '../../src/channels/web/render-outbound.js';
import { SignedLinks } from '../../src/http/signed-links.js';
import type { FileStore } from '../../src/store/file-store.js';
import { sweepUnreferencedFiles, UNREFERENCED_FILE_MIN_AGE_MS } from '../../src/store/files/sweep-files.js';
import { testStore } from '../helpers/test-store.js';

export interface FileStoreFixture {
  files: FileStore;
  /** The data folder the store keeps its temporary files in. */
  dataDir: string;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function readAll(files: FileStore, path: string): Promise<Buffer | null> {
  const opened = await files.open(path);
  return opened ? buffer(opened.stream) : null;
}

export function describeFileStoreContract(name: string, fresh: () => Promise<FileStoreFixture>): void {
  describe(`FileStore contract: ${name}`, () => {
    it('keeps received bytes under their content address and reads them back', async () => {
      const { files } = await fresh();
      const data = new TextEncoder().encode('%PDF-1.4 minh chứng Quý IV');
      const received = await files.receive(data);
      expect(received).toMatchObject({ sha256: sha256(data), size: data.byteLength });
      const path = files.pathFor(received.sha256, 'application/pdf', 'Giấy chứng nhận.PDF');
      expect(path).toBe(`evidence/${received.sha256.slice(0, 2)}/${received.sha256}.pdf`);
      expect(await files.exists(path)).toBe(false);
      expect(await files.keep(received, path)).toEqual({ created: true });
      await files.discard(received);
      expect(existsSync(received.tempPath)).toBe(false);
      expect(await files.exists(path)).toBe(true);
      const opened = await files.open(path);
      expect(opened?.size).toBe(data.byteLength);
      expect(Buffer.from(await buffer(opened!.stream)).equals(Buffer.from(data))).toBe(true);
    });

    it('keeping the same bytes again is idempotent: created false, one file, content unchanged', async () => {
      const { files } = await fresh();
      const data = randomBytes(4096);
      const first = await files.receive(data);
      const path = files.pathFor(first.sha256, 'image/png', 'anh.png');
      expect((await files.keep(first, path)).created).toBe(true);
      const second = await files.receive(data);
      expect(second.sha256).toBe(first.sha256);
      expect(await files.keep(second, path)).toEqual({ created: false });
      await files.discard(first);
      await files.discard(second);
      expect(sha256((await readAll(files, path))!)).toBe(first.sha256);
    });

    it('a received file that is never kept leaves nothing; remove deletes a kept file; missing files read as null', async () => {
      const { files } = await fresh();
      const unkept = await files.receive(randomBytes(100));
      const unkeptPath = files.pathFor(unkept.sha256, 'application/pdf', 'x.pdf');
      await files.discard(unkept);
      await files.discard(unkept); // twice: never throws
      expect(existsSync(unkept.tempPath)).toBe(false);
      expect(await files.exists(unkeptPath)).toBe(false);
      expect(await files.open(unkeptPath)).toBeNull();

      const kept = await files.receive(randomBytes(100));
      const keptPath = files.pathFor(kept.sha256, 'application/pdf', 'y.pdf');
      await files.keep(kept, keptPath);
      await files.discard(kept);
      await files.remove(keptPath);
      expect(await files.exists(keptPath)).toBe(false);
      expect(await files.open(keptPath)).toBeNull();
      await files.remove(keptPath); // a second remove never throws
    });

    it('streams a multi-megabyte file through keep and open intact', async () => {
      const { files } = await fresh();
      const data = randomBytes(6 * 1024 * 1024 + 123);
      const received = await files.receive(data);
      const path = files.pathFor(received.sha256, 'video/mp4', 'clip.mp4');
      await files.keep(received, path);
      await files.discard(received);
      const opened = await files.open(path);
      expect(opened?.size).toBe(data.length);
      expect(sha256(await buffer(opened!.stream))).toBe(sha256(data));
    });

    it('never reads or writes outside the store: paths with .. or absolute paths are refused', async () => {
      const { files } = await fresh();
      for (const bad of ['../thidua.db', 'evidence/../../etc/passwd', '/etc/passwd', '', 'evidence//x.pdf']) {
        expect(await files.open(bad)).toBeNull();
        expect(await files.exists(bad)).toBe(false);
      }
      const received = await files.receive(randomBytes(10));
      await expect(files.keep(received, '../escape.bin')).rejects.toThrow();
      await files.discard(received);
    });

    it('a signed link opens the kept file until it expires; a tampered or foreign link is refused', async () => {
      const { files, dataDir } = await fresh();
      const data = new TextEncoder().encode('bảng tổng hợp');
      const received = await files.receive(data);
      const path = files.pathFor(received.sha256, 'text/plain', 'tong-hop.txt');
      await files.keep(received, path);
      await files.discard(received);
      let now = Date.parse('2026-12-01T02:00:00Z');
      const links = new SignedLinks({ secret: randomBytes(32), ttlMs: 15 * 60_000, now: () => now });
      const media = new MediaLinks(dataDir, links);
      const token = media.register(path, 7, { name: 'tong-hop.txt', mime: 'text/plain' });
      expect(token).not.toBeNull();

      const entry = media.lookup(token!, 7);
      if (entry === null || entry === 'expired' || !entry.storePath) throw new Error('link refused');
      expect(entry).toMatchObject({ storePath: path, name: 'tong-hop.txt', mime: 'text/plain' });
      expect((await readAll(files, entry.storePath))?.toString('utf8')).toBe('bảng tổng hợp');

      expect(media.lookup(token!, 8)).toBeNull(); // someone else's session
      const [body, mac] = token!.split('.') as [string, string];
      const forged = Buffer.from(JSON.stringify({ p: 'evidence/00/other.pdf', u: 7, e: now + 60_000 })).toString('base64url');
      expect(media.lookup(`${forged}.${mac}`, 7)).toBeNull(); // another path under the same mac
      const flipped = `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BA' : 'AA'}`;
      expect(media.lookup(flipped, 7)).toBeNull(); // an altered mac
      const otherSecret = new MediaLinks(dataDir, new SignedLinks({ secret: randomBytes(32), ttlMs: 15 * 60_000, now: () => now }));
      expect(otherSecret.lookup(token!, 7)).toBeNull(); // signed by another deployment

      now += 15 * 60_000;
      expect(media.lookup(token!, 7)).toBe('expired');
    });

    it('lists kept files with when they were written; the sweep removes the day-old ones no row names', async () => {
      const { files } = await fresh();
      const keep = async (): Promise<string> => {
        const received = await files.receive(randomBytes(64));
        const path = files.pathFor(received.sha256, 'application/pdf', 'a.pdf');
        await files.keep(received, path);
        await files.discard(received);
        return path;
      };
      const [named, orphan] = [await keep(), await keep()];
      const listed = new Map<string, number>();
      for await (const page of files.list()) for (const f of page) listed.set(f.path, f.writtenAt);
      for (const path of [named, orphan]) expect(Math.abs((listed.get(path) ?? 0) - Date.now()), path).toBeLessThan(60_000);
      const store = testStore();
      try {
        await store.transaction((tx) =>
          tx.outbox.enqueue({ dedupeKey: 'k', channel: 'telegram', chatId: '1', purpose: 'notice', now: 1, messages: [{ kind: 'image', path: named }] }),
        );
        // Written just now: a unit of work may still be under way, nothing goes.
        await sweepUnreferencedFiles(store, files, Date.now());
        expect([await files.exists(named), await files.exists(orphan)]).toEqual([true, true]);
        // A day later the orphan goes; the file a row names stays.
        expect(await sweepUnreferencedFiles(store, files, Date.now() + UNREFERENCED_FILE_MIN_AGE_MS + 60_000)).toBeGreaterThanOrEqual(1);
        expect([await files.exists(named), await files.exists(orphan)]).toEqual([true, false]);
      } finally {
        await store.close();
      }
    });
  });
}
