/**
 * The real app (createApp) with the Zalo channel pointed at fake Zalo servers on loopback, a seeded unit, a
 * movable clock, and helpers to post signed webhook events and wait until they are fully handled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/create-app.js';
import type { ZaloChannelRuntime } from '../../src/channels/zalo/create-zalo-channel.js';
import { silentLogger } from '../../src/logger.js';
import { FakeZalo, type SentMessage } from '../helpers/fake-zalo.js';
import { seedUnit, type SeededUnit } from '../helpers/seed-unit.js';
import { testConfig, zaloEnv } from '../helpers/test-config.js';
import { postSigned, zaloEvent, type EventPatch, type FixtureName } from '../helpers/zalo-events.js';

export const OA_SECRET = 'oa-secret-for-tests';
/** 2026-12-03 09:00 in Hà Nội (Q4 period open, before the self-assessment deadline). */
export const T0 = Date.parse('2026-12-03T02:00:00Z');

export interface ZaloHarness {
  app: App;
  url: string;
  fake: FakeZalo;
  zalo: ZaloChannelRuntime;
  unit: SeededUnit;
  clock: { now(): Date; advance(ms: number): void; ms(): number };
  /** Posts a signed event (time = the clock) and waits until it and everything it queued is delivered. */
  send(name: FixtureName, patch?: EventPatch): Promise<number>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

let msgCounter = 0;

export async function startZaloHarness(options: { groupId?: string; start?: boolean } = {}): Promise<ZaloHarness> {
  const fake = await FakeZalo.start();
  const dir = mkdtempSync(join(tmpdir(), 'thidua-zalo-'));
  let t = T0;
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms), ms: () => t };
  const config = testConfig(dir, zaloEnv(fake, { oaSecretKey: OA_SECRET, refreshToken: fake.issuePair().refreshToken, groupId: options.groupId }));
  const app = createApp({ config, logger: silentLogger(), clock });
  const unit = seedUnit(app.services.db);
  const zalo = app.channels.find((c): c is ZaloChannelRuntime => c.name === 'zalo');
  if (!zalo) throw new Error('zalo channel not created');
  const { url } = await app.start();
  const busy = app.services.db.$client.prepare(
    `SELECT count(*) AS n FROM outbox WHERE channel = 'zalo' AND (status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?))`,
  );
  /** Waits until the webhook's events are processed and the Zalo outbox has nothing due or in flight. */
  const settle = async () => {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setImmediate(r));
      await zalo.processor.idle();
      await zalo.worker.drainOnce();
      if ((busy.get(t) as { n: number }).n === 0) {
        await zalo.processor.idle();
        if ((busy.get(t) as { n: number }).n === 0) return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error('settle: Zalo outbox did not drain');
  };
  return {
    app,
    url,
    fake,
    zalo,
    unit,
    clock,
    settle,
    async send(name, patch = {}) {
      msgCounter += 1;
      const event = zaloEvent(name, { msgId: `mid${Date.now()}${msgCounter}`, timestamp: String(t), ...patch });
      const status = await postSigned(`${url}/zalo/webhook`, event, fake.appId, OA_SECRET);
      await settle();
      return status;
    },
    async close() {
      await app.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Buttons of a sent consultation message: `{ title, payload }`. */
export function buttonsOf(m: SentMessage | undefined): Array<{ title: string; payload: string }> {
  const attachment = m?.message.attachment as { payload?: { buttons?: Array<{ title: string; payload: string }> } } | undefined;
  return attachment?.payload?.buttons ?? [];
}

export function textOf(m: SentMessage | undefined): string {
  return typeof m?.message.text === 'string' ? m.message.text : '';
}
