/**
 * A unit with people, chat accounts and periods on a test store, a real dispatcher + outbox, captured logs and a
 * fake group poster, for the scheduler and honours tests. Times are local Asia/Ho_Chi_Minh via `vn(…)`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq, like } from 'drizzle-orm';
import { chatAccounts, outbox, submissions, units } from '../../db/schema.js';
import { zaloNudger, zaloWindowPolicy } from '../../src/channels/zalo/window-policy.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { createLogger } from '../../src/logger.js';
import { openPeriod } from '../../src/periods/open-period.js';
import type { SchedulerDeps, ZaloNudger } from '../../src/scheduler/deps.js';
import { zonedTimeToUtc } from '../../src/scheduler/slots.js';
import type { PeriodRecord } from '../../src/store/periods.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit, type SeededUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

export const TZ = 'Asia/Ho_Chi_Minh';

/** A local time in Vietnam as a Date. */
export function vn(year: number, month: number, day: number, hour = 8, minute = 0): Date {
  return new Date(zonedTimeToUtc(year, month, day, hour, minute, TZ));
}

export interface GroupPost {
  channel: string;
  chatId: string;
  messages: OutboundMessage[];
}

export interface Harness {
  deps: SchedulerDeps;
  /** The test store (`store.db` seeds rows and reads them back for assertions). */
  store: SqliteStore;
  unit: SeededUnit;
  logs: Record<string, unknown>[];
  posts: GroupPost[];
  periods: Record<string, PeriodRecord>;
  /** Outbox rows whose dedupe key starts with `prefix`. */
  rows(prefix: string): { personId: number | null; dedupeKey: string; text: string; channel: string }[];
  submit(personKey: string, code: string, status: 'draft' | 'submitted' | 'returned' | 'approved', extra?: { total?: number; returnReason?: string }): void;
}

/** The Zalo-window nudge as the composition root wires it (the rule is the Zalo channel's). */
export const nudgeZalo: ZaloNudger = zaloNudger();

/** Seeds the default unit (seed-unit.ts people) with every Q of 2026 open and accounts linked. */
export async function createHarness(options: { codes?: string[]; failGroup?: boolean } = {}): Promise<Harness> {
  const store = testStore();
  const { db } = store;
  const unit = await seedUnit(store, { periodCode: null });
  db.update(units).set({ createdAt: 0 }).where(eq(units.id, unit.unitId)).run();
  const periods: Record<string, PeriodRecord> = {};
  for (const code of options.codes ?? ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
    periods[code] = await store.transaction((tx) => openPeriod(tx, { unitId: unit.unitId, rubric: unit.rubric, code, by: null }));
  }
  const p = unit.people;
  const link = (key: string, channel: 'telegram' | 'zalo', extra: { status?: 'active' | 'blocked'; last?: number } = {}) =>
    db
      .insert(chatAccounts)
      .values({
        personId: p[key] ?? 0,
        channel,
        externalUserId: `${channel}-${key}`,
        chatId: `${channel}-chat-${key}`,
        status: extra.status ?? 'active',
        lastInteractionAt: extra.last ?? null,
        linkedAt: 1,
        linkedVia: 'phone',
      })
      .run();
  // staff2 is not linked; laborer blocked the bot; staff3 is on Zalo only and was last seen long ago.
  for (const key of ['head', 'staff', 'head2', 'office', 'leader', 'director']) link(key, 'telegram');
  link('laborer', 'telegram', { status: 'blocked' });
  link('staff3', 'zalo', { last: 1 });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'zalo', 'web']), policies: [zaloWindowPolicy] });
  const posts: GroupPost[] = [];
  const deps: SchedulerDeps = {
    store,
    clock: { now: () => new Date() },
    logger: createLogger('info', stream),
    dispatcher,
    async postToGroup(channel, chatId, messages) {
      if (options.failGroup && channel === 'zalo') throw new Error('zalo down');
      posts.push({ channel, chatId, messages });
    },
    timeZone: TZ,
    dataDir: mkdtempSync(join(tmpdir(), 'thidua-sched-')),
    nudgeZalo,
  };
  return {
    deps,
    store,
    unit,
    logs,
    posts,
    periods,
    rows(prefix) {
      return db
        .select()
        .from(outbox)
        .where(like(outbox.dedupeKey, `${prefix}%`))
        .all()
        .map((r) => ({
          personId: r.personId,
          dedupeKey: r.dedupeKey,
          channel: r.channel,
          text: (r.payload as OutboundMessage[]).map((m) => ('text' in m ? m.text : '')).join('\n'),
        }));
    },
    submit(personKey, code, status, extra = {}) {
      const period = periods[code];
      if (!period) throw new Error(`no period ${code}`);
      db.insert(submissions)
        .values({
          periodId: period.id,
          personId: p[personKey] ?? 0,
          status,
          selfTotal: extra.total ?? null,
          reviewedTotal: extra.total ?? null,
          classified: extra.total !== undefined ? true : null,
          returnReason: extra.returnReason ?? null,
          updatedAt: 0,
        })
        .run();
    },
  };
}
