/**
 * Several app instances on one PostgreSQL database, as child processes running the real server (`src/main.ts`
 * through tsx, configured only by the environment), for the multi-instance test and the reminder benchmark.
 * Also the seeding those need (through the store's repositories, so it works on PostgreSQL) and small helpers to
 * drive a chat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openPeriod } from '../../src/periods/open-period.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import type { Store } from '../../src/store/store.js';
import { SEED_000_RUBRIC_FILE } from './seed-unit.js';

const ROOT = join(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One running app process. */
export class AppInstance {
  child: ChildProcess | undefined;
  output = '';
  url = '';

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the process and resolves once it serves `/healthz`. */
  async start(timeoutMs = 30_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1', INSTANCE_ID: this.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => void (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => void (this.output += chunk.toString('utf8')));
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('Nhấn Ctrl+C để dừng.')) {
      if (child.exitCode !== null) throw new Error(`instance ${this.id} exited (${child.exitCode}):\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`instance ${this.id} did not start in time:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends a signal and waits for the process to end; resolves with its exit code (null after SIGKILL). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  /** The health endpoint's body. */
  async health(): Promise<{ ok: boolean; instance?: string; roles?: { name: string; leader: boolean }[] }> {
    const res = await fetch(`${this.url}/healthz`);
    return (await res.json()) as { ok: boolean; instance?: string; roles?: { name: string; leader: boolean }[] };
  }
}

/** Waits until `predicate` holds (polling), or throws naming `what`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface SeededPeople {
  unitId: string;
  /** Person ids of the Telegram people (chat id `telegramChat(i)`), then of the Zalo people (user `zaloUser(i)`). */
  telegram: number[];
  zalo: number[];
}

export const telegramChat = (i: number): string => String(7_100_000_000 + i);
export const zaloUser = (i: number): string => `8${String(1_000_000_000 + i)}`;

/**
 * Unit `u1` with `telegram + zalo` staff members, each linked to one chat account, and the seed 000 quarter of
 * `now` (Asia/Ho_Chi_Minh) open, so a reminder slot just before `now` belongs to it. Written through the
 * repositories (any dialect).
 */
export async function seedLinkedPeople(store: Store, counts: { telegram: number; zalo: number }, now = Date.now()): Promise<SeededPeople> {
  const rubric = loadRubricFile(SEED_000_RUBRIC_FILE);
  return store.transaction(async (tx) => {
    await tx.staff.createUnit({ id: 'u1', name: 'Sở Thông tin và Truyền thông' });
    const dept = await tx.staff.createDepartment('u1', 'Văn phòng Sở');
    const person = (n: number) =>
      tx.staff.createPerson('u1', { departmentId: dept, fullName: `Cán bộ ${n}`, phone: null, email: null, position: null, noGroupMention: true }, ['staff'], now);
    const telegram: number[] = [];
    const zalo: number[] = [];
    for (let i = 0; i < counts.telegram; i++) {
      const id = await person(i);
      await tx.directory.linkAccount({ personId: id, channel: 'telegram', externalUserId: telegramChat(i), chatId: telegramChat(i), via: 'phone', now });
      telegram.push(id);
    }
    for (let i = 0; i < counts.zalo; i++) {
      const id = await person(counts.telegram + i);
      await tx.directory.linkAccount({ personId: id, channel: 'zalo', externalUserId: zaloUser(i), chatId: zaloUser(i), via: 'phone', now });
      zalo.push(id);
    }
    const local = new Date(now + 7 * 3_600_000);
    await openPeriod(tx, { unitId: 'u1', rubric, code: `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`, by: null });
    return { unitId: 'u1', telegram, zalo };
  });
}

/** A Telegram private-chat text update as the Bot API sends it (commands get their entity). */
export function telegramTextUpdate(updateId: number, chatId: string, text: string): Record<string, unknown> {
  const id = Number(chatId);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id, is_bot: false, first_name: 'Cán bộ', language_code: 'vi' },
      chat: { id, first_name: 'Cán bộ', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(text.startsWith('/') ? { entities: [{ offset: 0, length: text.split(' ')[0]?.length ?? text.length, type: 'bot_command' }] } : {}),
    },
  };
}

/** The answer confirmations (`✔ Câu k: Đạt`) in a chat's texts, in arrival order. */
export function confirmedQuestions(texts: readonly string[]): number[] {
  const out: number[] = [];
  for (const text of texts) for (const m of text.matchAll(/✔ Câu (\d+): Đạt/g)) out.push(Number(m[1]));
  return out;
}

/** The questions asked (`Câu k/N` at the start of a message) in a chat's texts, in arrival order. */
export function askedQuestions(texts: readonly string[]): number[] {
  const out: number[] = [];
  for (const text of texts) {
    const m = /^Câu (\d+)\/\d+/m.exec(text);
    if (m) out.push(Number(m[1]));
  }
  return out;
}
