/**
 * Wires the Zalo OA channel: token manager + refresh, API client, sender (ChannelSender) and its outbox worker,
 * the 7-day window policy and the group fallback for the dispatcher, the webhook route and its event processor,
 * and group posts. `createZaloChannel(deps)` is called by the composition root when `config.zalo` is set; every
 * read and write goes through `deps.store`, every event through `deps.handle` (the engine).
 */
import type { Express } from 'express';
import type { OutboundMessage } from '../../conversation/types.js';
import { groupPostKey } from '../../delivery/dedupe-key.js';
import { OutboxWorker } from '../../delivery/outbox-worker.js';
import { createLocalFileStore } from '../../store/files/local-file-store.js';
import type { LeaderRole } from '../../leadership/leadership.js';
import type { ChannelRuntime } from '../channel-runtime.js';
import { OutboundFiles } from '../outbound-files.js';
import { DEFAULT_ATTACHMENT_POLICY, downloadAttachment, type AttachmentPolicy } from './attachment-download.js';
import { createZaloGroupFallback } from './group-fallback.js';
import { ZaloEventProcessor } from './process-events.js';
import { mountZaloWebhook } from './webhook.js';
import { zaloWindowPolicy } from './window-policy.js';
import { ZaloClient } from './zalo-client.js';
import type { ZaloChannelDeps } from './zalo-channel-deps.js';
import { GROUP_CHAT_PREFIX, ZaloSender } from './zalo-sender.js';
import { refreshZaloToken, ZaloTokenManager } from './zalo-tokens.js';

export type { ZaloChannelDeps, ZaloLogger } from './zalo-channel-deps.js';

/** Check the token this often so it is refreshed before expiry even when the bot is idle. */
const TOKEN_CHECK_MS = 30 * 60_000;

export interface ZaloChannelOptions {
  /** Injected fetch for API and OAuth calls (tests, proxies). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Image shown in the `request_user_info` card. */
  infoImageUrl?: string;
  maxFileBytes?: number;
  /** Outbox items sent at the same time (Zalo allows 4,000 API calls a minute per app). */
  outboxConcurrency?: number;
  /** Where attachment downloads may go (default: https on Zalo's CDN, public addresses only). */
  attachments?: AttachmentPolicy;
  /** How far a signed event's timestamp may be from our clock (default 15 minutes). */
  maxEventSkewMs?: number;
}

/** The runtime plus its parts (tests, CLI health checks). */
export interface ZaloChannelRuntime extends ChannelRuntime {
  readonly sender: ZaloSender;
  readonly client: ZaloClient;
  readonly tokens: ZaloTokenManager;
  readonly processor: ZaloEventProcessor;
  readonly worker: OutboxWorker;
}

export function createZaloChannel(deps: ZaloChannelDeps, options: ZaloChannelOptions = {}): ZaloChannelRuntime {
  const { store, config } = deps;
  const zalo = config.zalo;
  const logger = deps.logger.child({ channel: 'zalo' });
  const now = (): number => deps.clock.now().getTime();
  const tokens = new ZaloTokenManager({
    store,
    refresh: (refreshToken) =>
      refreshZaloToken(
        { oauthRoot: zalo.oauthRoot, appId: zalo.appId, appSecret: zalo.appSecret, fetch: options.fetch, timeoutMs: options.timeoutMs },
        refreshToken,
      ),
    seedRefreshToken: zalo.refreshToken,
    now,
    logger,
    ...(config.instanceId ? { instanceId: config.instanceId } : {}),
  });
  const client = new ZaloClient({ apiRoot: zalo.apiRoot, fetch: options.fetch, tokens, timeoutMs: options.timeoutMs, logger });
  const sender = new ZaloSender({
    client,
    store,
    files: new OutboundFiles(deps.files ?? createLocalFileStore({ dataDir: config.dataDir })),
    infoImageUrl: options.infoImageUrl,
    publicUrl: config.publicUrl,
    now,
  });
  const worker = new OutboxWorker({
    store,
    sender,
    logger,
    now,
    ...(config.instanceId ? { instanceId: config.instanceId } : {}),
    ...(config.leaseTtlMs ? { claimLeaseMs: 2 * config.leaseTtlMs } : {}),
    concurrency: options.outboxConcurrency,
    // Several instances: replies queued by the others wait for this poll (as the composition root's workers).
    ...(store.dialect === 'postgres' ? { pollMs: 200 } : {}),
    onUnreachable: async (tx, item, reason) => {
      const outcome = await deps.dispatcher.handleUnreachable(tx, item, reason, now());
      if (outcome) logger.info({ outboxId: item.id, personId: item.personId, status: outcome.status }, 'outbox: re-routed');
    },
    ...(deps.onGivenUp ? { onGivenUp: deps.onGivenUp } : {}),
  });
  const attachments = options.attachments ?? DEFAULT_ATTACHMENT_POLICY;
  const processor = new ZaloEventProcessor({
    store,
    sender,
    download: (url, max) => downloadAttachment(url, max, { policy: attachments, timeoutMs: (options.timeoutMs ?? 10_000) * 3 }),
    handle: (event) => deps.handle(event),
    logger,
    now,
    maxFileBytes: options.maxFileBytes,
    onQueued: () => worker.notify(),
    // As the composition root's engine: on PostgreSQL replies are the `sender:zalo` holder's to send.
    repliesThroughOutbox: store.dialect === 'postgres',
  });
  let timer: NodeJS.Timeout | undefined;
  const leaseMs = config.leaseTtlMs ?? 30_000;
  let sweep: NodeJS.Timeout | undefined;
  const recover = (): void => {
    processor.resumeStale(2 * leaseMs).then(
      (n) => void (n > 0 && logger.warn({ resumed: n }, 'zalo: processing events a stopped instance left pending')),
      (error: unknown) => logger.error({ err: error }, 'zalo: recovery sweep failed'),
    );
  };
  /**
   * The one Zalo sender of the deployment (`sender:zalo` lease): the outbox worker, and the recovery of what a dead
   * instance left. Taking the role sweeps at once: the worker's first claim takes the items a dead leader claimed but
   * did not finish (their claim's lease has passed), and the events a stopped instance acknowledged but never
   * processed are resumed (then every lease period). The engine's inbound-event log applies an event once, so an event
   * its own instance is still working on may be taken too without a second answer.
   */
  const senderRole: LeaderRole = {
    name: 'sender:zalo',
    async start() {
      worker.start();
      recover();
      sweep ??= setInterval(recover, leaseMs);
      sweep.unref();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      sweep = undefined;
      await worker.stop();
    },
  };

  return {
    name: 'zalo',
    sender,
    client,
    tokens,
    processor,
    worker,
    roles: [senderRole],
    policies: [zaloWindowPolicy],
    fallbacks: [createZaloGroupFallback()],
    mount(app: Express) {
      mountZaloWebhook(app, { appId: zalo.appId, oaSecretKey: zalo.oaSecretKey, logger, now, processor, maxSkewMs: options.maxEventSkewMs });
    },
    /**
     * Group posts (honour lists, announcements) go through the outbox like every other Zalo message, so the one
     * `sender:zalo` holder sends them within Zalo's limits and a post survives the instance that queued it. The key
     * `group:<postKey>@zalo` (by default the post's content) makes a repeated post (a retry, a second instance) a
     * no-op. Resolves once the post is queued (durable); the worker delivers it.
     */
    async postToGroup(chatId: string, messages: OutboundMessage[], postKey?: string) {
      const groupId = chatId.startsWith(GROUP_CHAT_PREFIX) ? chatId.slice(GROUP_CHAT_PREFIX.length) : chatId;
      const at = now();
      await store.transaction(async (tx) => {
        const { created } = await tx.outbox.enqueue({
          dedupeKey: groupPostKey('zalo', groupId, messages, postKey),
          channel: 'zalo',
          chatId: GROUP_CHAT_PREFIX + groupId,
          personId: null,
          purpose: 'announcement',
          messages,
          now: at,
        });
        if (created) tx.afterCommit(() => worker.notify());
      });
    },
    async start() {
      await tokens.init();
      if (zalo.groupId) await registerGroup(deps, zalo.groupId, now());
      const resumed = await processor.resumePending();
      if (resumed > 0) logger.warn({ resumed }, 'zalo: processing events left pending');
      const check = (): void => {
        tokens.getAccessToken().catch((error: unknown) => {
          logger.error({ code: error instanceof Error && 'code' in error ? error.code : 0 }, 'zalo: token check failed');
        });
      };
      timer = setInterval(check, TOKEN_CHECK_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await senderRole.stop();
      await processor.stop();
    },
  };
}

/**
 * Registers `ZALO_GROUP_ID` as the Zalo announcement target of the default unit (or the only unit), so the honour
 * list, announcements and the group fallback find it like any registered group. A group already registered is
 * left as it is.
 */
async function registerGroup(deps: ZaloChannelDeps, groupId: string, now: number): Promise<void> {
  await deps.store.transaction(async (tx) => {
    let unitId = deps.config.defaultUnitId;
    if (!unitId) {
      const units = await tx.settings.listUnits();
      if (units.length !== 1) return;
      unitId = units[0]!.id;
    }
    if (await tx.groups.findByChat('zalo', groupId)) return;
    await tx.groups.register({ unitId, channel: 'zalo', chatId: groupId, title: 'Nhóm Zalo của cơ quan', registeredById: null, registeredAt: now });
  });
}
