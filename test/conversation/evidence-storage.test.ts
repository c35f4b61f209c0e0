/**
 * Issue 18, item 2: a file reaches the evidence folder only when a step records it; temporary files never stay;
 * a per-person quota per period.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { EngineLogger } from '../../src/conversation/engine-logger.js';
import type { FileStore } from '../../src/store/file-store.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { receiveStream } from '../../src/store/files/receive-stream.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { BASE_WORKFLOWS, Chat, FakeClock, silent } from './harness.js';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

async function setup(options: { files?: (inner: FileStore) => FileStore; store?: (inner: SqliteStore) => Store; quota?: number } = {}) {
  const store = testStore();
  await seedUnit(store);
  const dataDir = mkdtempSync(join(tmpdir(), 'thidua-evidence-'));
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const logger: EngineLogger = { ...silent, error: (obj) => void errors.push(obj), child: () => logger };
  const local = createLocalFileStore({ dataDir });
  let n = 0;
  const engine = new ConversationEngine({
    store: options.store ? options.store(store) : store,
    files: options.files ? options.files(local) : local,
    notifier: { dispatch: async () => undefined },
    clock,
    logger,
    workflows: BASE_WORKFLOWS,
    dataLimits: options.quota ? { maxEvidenceBytesPerPeriod: options.quota } : undefined,
    newNonce: () => `n${(n += 1).toString(36)}`,
  });
  const chat = new Chat({ engine, clock }, '1');
  await chat.contact('0912000002');
  const evidenceRows = () => store.db.$client.prepare('SELECT file_path FROM evidence').all() as { file_path: string }[];
  return { store, dataDir, chat, errors, evidenceRows };
}

/** Opens question 9 (file evidence accepted) and its evidence prompt. */
async function openEvidence(chat: Chat): Promise<void> {
  await chat.command('tudanhgia', '9');
  await chat.press('Minh chứng');
}

const bytes = (label: string, size = 1024) => {
  const data = new Uint8Array(size);
  data.set(new TextEncoder().encode(label));
  return data;
};

describe('evidence files are stored only when a step keeps them (issue 18, item 2)', () => {
  it('20 files sent with no question open leave nothing on disk and no evidence row', async () => {
    const { dataDir, chat, evidenceRows } = await setup();
    for (let i = 0; i < 20; i++) await chat.file(`tep-${i}.pdf`, 'application/pdf', bytes(`tệp ${i}`, 64 * 1024));
    expect(evidenceRows()).toHaveLength(0);
    expect(filesUnder(join(dataDir, 'evidence'))).toEqual([]);
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('the file is written to the store before the unit of work that records it, never inside one', async () => {
    let inTransaction = false;
    const writes: boolean[] = [];
    const { dataDir, chat, evidenceRows } = await setup({
      files: (inner) => ({ ...inner, keep: (received, path) => (writes.push(inTransaction), inner.keep(received, path)) }),
      store: (inner) => ({
        dialect: inner.dialect,
        read: (fn) => inner.read(fn),
        ping: () => inner.ping(),
        close: () => inner.close(),
        transaction: async (fn, options) => {
          inTransaction = true;
          try {
            return await inner.transaction(fn, options);
          } finally {
            inTransaction = false;
          }
        },
      }),
    });
    await openEvidence(chat);
    await chat.file('chung-nhan.pdf', 'application/pdf', bytes('giấy chứng nhận'));
    expect(evidenceRows()).toHaveLength(1);
    expect(writes).toEqual([false]);
    expect(filesUnder(join(dataDir, 'evidence'))).toHaveLength(1);
  });

  it('a kept file is at its content-addressed place and no temporary file stays', async () => {
    const { dataDir, chat, evidenceRows } = await setup();
    await openEvidence(chat);
    await chat.file('chung-nhan.pdf', 'application/pdf', bytes('giấy chứng nhận'));
    expect(chat.said).toContain('Đã lưu minh chứng');
    const rows = evidenceRows();
    expect(rows).toHaveLength(1);
    expect(filesUnder(join(dataDir, 'evidence'))).toHaveLength(1);
    expect(existsSync(join(dataDir, rows[0]?.file_path ?? 'x'))).toBe(true);
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('a failed write leaves no *.tmp file behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'thidua-evidence-'));
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(4096, 1));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(receiveStream(broken, { dataDir, maxBytes: 1 << 20 })).rejects.toThrow('connection reset');
    expect(filesUnder(dataDir)).toEqual([]);
    await expect(receiveStream(Readable.from([Buffer.alloc(2048)]), { dataDir, maxBytes: 1024 })).rejects.toThrow(/more than 1024/);
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('when keeping the file fails, no evidence row is committed and the temporary file is removed', async () => {
    const { dataDir, chat, evidenceRows, errors } = await setup({
      files: (inner) => ({ ...inner, keep: () => Promise.reject(new Error('disk full')) }),
    });
    await openEvidence(chat);
    await chat.file('chung-nhan.pdf', 'application/pdf', bytes('giấy chứng nhận'));
    expect(chat.said).toContain('lỗi');
    expect(errors).toHaveLength(1);
    expect(evidenceRows()).toHaveLength(0);
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('a step whose transaction rolls back after keeping removes the file it created', async () => {
    let failNext = false;
    const { dataDir, chat, evidenceRows } = await setup({
      store: (inner) => ({
        dialect: inner.dialect,
        read: (fn) => inner.read(fn),
        ping: () => inner.ping(),
        close: () => inner.close(),
        transaction: (fn, options) =>
          inner.transaction(async (tx) => {
            const result = await fn(tx);
            if (failNext) throw new Error('commit failed');
            return result;
          }, options),
      }),
    });
    await openEvidence(chat);
    failNext = true;
    await chat.file('chung-nhan.pdf', 'application/pdf', bytes('giấy chứng nhận'));
    failNext = false;
    expect(evidenceRows()).toHaveLength(0);
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('refuses files over the per-person quota of the period in Vietnamese, storing nothing more', async () => {
    const { dataDir, chat, evidenceRows, errors } = await setup({ quota: 2500 });
    await openEvidence(chat);
    await chat.file('a.pdf', 'application/pdf', bytes('tệp một', 1000));
    await chat.file('b.pdf', 'application/pdf', bytes('tệp hai', 1000));
    expect(chat.said).toContain('Đã lưu minh chứng');
    await chat.file('c.pdf', 'application/pdf', bytes('tệp ba', 1000));
    expect(errors).toEqual([]);
    expect(chat.said).toContain('mỗi người được lưu tối đa');
    expect(chat.said).toContain('đường liên kết');
    expect(evidenceRows()).toHaveLength(2);
    expect(filesUnder(join(dataDir, 'evidence'))).toHaveLength(2);
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
  });
});
