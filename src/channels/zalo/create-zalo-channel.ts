/**
 * Wires the Zalo OA channel: token store + refresh, API client, sender (ChannelSender), the 7-day window policy and
 * the group fallback for the dispatcher, the webhook route and its event processor, and group posts.
 * `createZaloChannel(services)` is called by the composition root when `config.zalo` is set.
 */
import type { Express } from 'express';
import { units, announcementTargets } from '../../../db/schema.js';
import type { AppServices, ChannelRuntime } from '../../app/services.js';
import type { OutboundMessage } from '../../conversation/types.js';
import { OutboxWorker } from '../../delivery/outbox-worker.js';
import { createZaloGroupFallback } from './group-fallback.js';
import { ZaloEventProcessor } from './process-events.js';
import { mountZaloWebhook } from './webhook.js';
import { zaloWindowPolicy } from './window-policy.js';
import { ZaloClient } from './zalo-client.js';
import { toDeliveryError } from './zalo-errors.js';
import { GROUP_CHAT_PREFIX, ZaloSender } from './zalo-sender.js';
import { refreshZaloToken, TokenStore, ZaloTokenManager } from './zalo-tokens.js';

/** Check the token this often so it is refreshed before expiry even when the bot is idle. */
const TOKEN_CHECK_MS = 30 * 60_000;

export interface ZaloChannelOptions {
  /** Injected fetch (tests, proxies). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Image shown in the `request_user_info` card. */
  infoImageUrl?: string;
  maxFileBytes?: number;
  /** Users whose events are processed at the same time. */
  processConcurrency?: number;
  /** Outbox items sent at the same time (Zalo allows 4,000 API calls a minute per app). */
  outboxConcurrency?: number;
}

/** The runtime plus its parts (tests, CLI health checks). */
export interface ZaloChannelRuntime extends ChannelRuntime {
  readonly sender: ZaloSender;
  readonly client: ZaloClient;
  readonly tokens: ZaloTokenManager;
  readonly processor: ZaloEventProcessor;
  readonly worker: OutboxWorker;
}

export function createZaloChannel(services: AppServices, options: ZaloChannelOptions = {}): ZaloChannelRuntime {
  const zalo = services.config.zalo;
  if (!zalo) throw new Error('createZaloChannel: config.zalo is not set');
  const { db, logger: rootLogger, outbox } = services;
  const logger = rootLogger.child({ channel: 'zalo' });
  const now = () => services.clock.now().getTime();
  const tokens = new ZaloTokenManager({
    store: new TokenStore(db),
    refresh: (refreshToken) =>
      refreshZaloToken(
        { oauthRoot: zalo.oauthRoot, appId: zalo.appId, appSecret: zalo.appSecret, fetch: options.fetch, timeoutMs: options.timeoutMs },
        refreshToken,
      ),
    seedRefreshToken: zalo.refreshToken,
    now,
    logger,
  });
  tokens.init();
  const client = new ZaloClient({ apiRoot: zalo.apiRoot, fetch: options.fetch, tokens, timeoutMs: options.timeoutMs, logger });
  const sender = new ZaloSender({
    client,
    db,
    dataDir: services.config.dataDir,
    infoImageUrl: options.infoImageUrl,
    publicUrl: services.config.publicUrl,
    now,
  });
  const worker = new OutboxWorker({
    repo: outbox,
    sender,
    logger,
    now,
    concurrency: options.outboxConcurrency,
    onUnreachable: (item, reason) => {
      const outcome = services.dispatcher.handleUnreachable(item, reason, now());
      if (outcome) logger.info({ outboxId: item.id, personId: item.personId, status: outcome.status }, 'outbox: re-routed');
    },
  });
  const processor = new ZaloEventProcessor({
    db,
    outbox,
    sender,
    download: (url, max) => client.download(url, max),
    handleInbound: (event) => services.handleInbound(event),
    logger,
    now,
    concurrency: options.processConcurrency,
    maxFileBytes: options.maxFileBytes,
    onQueued: () => worker.notify(),
  });
  const fallback = createZaloGroupFallback({ db, outbox });
  let timer: NodeJS.Timeout | undefined;

  return {
    name: 'zalo',
    sender,
    client,
    tokens,
    processor,
    worker,
    policies: [zaloWindowPolicy],
    fallbacks: [fallback],
    mount(app: Express) {
      mountZaloWebhook(app, {
        db,
        appId: zalo.appId,
        oaSecretKey: zalo.oaSecretKey,
        logger,
        now,
        onStored: (eventId, event, receivedAt) => processor.accept(eventId, event, receivedAt),
      });
    },
    async postToGroup(chatId: string, messages: OutboundMessage[]) {
      const groupId = chatId.startsWith(GROUP_CHAT_PREFIX) ? chatId.slice(GROUP_CHAT_PREFIX.length) : chatId;
      try {
        await sender.sendToGroup(groupId, messages);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async start() {
      if (zalo.groupId) registerGroup(services, zalo.groupId);
      const resumed = processor.resumePending();
      if (resumed > 0) logger.warn({ resumed }, 'zalo: processing events left pending');
      const check = () => {
        tokens.getAccessToken().catch((error: unknown) => {
          logger.error({ code: error instanceof Error && 'code' in error ? error.code : 0 }, 'zalo: token check failed');
        });
      };
      timer = setInterval(check, TOKEN_CHECK_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await processor.stop();
    },
  };
}

/**
 * Registers `ZALO_GROUP_ID` as the Zalo announcement target of the default unit (or the only unit), so the honour
 * list, announcements and the group fallback find it like any registered group.
 */
function registerGroup(services: AppServices, groupId: string): void {
  const { db, config, clock } = services;
  let unitId = config.defaultUnitId;
  if (!unitId) {
    const all = db.select({ id: units.id }).from(units).limit(2).all();
    if (all.length !== 1) return;
    unitId = all[0]!.id;
  }
  db.insert(announcementTargets)
    .values({ unitId, channel: 'zalo', chatId: groupId, title: 'Nhóm Zalo của cơ quan', registeredAt: clock.now().getTime() })
    .onConflictDoNothing()
    .run();
}
