/**
 * Long polling (`getUpdates`) for a unit without a public URL. Our own loop rather than telegraf's `launch()`:
 * telegraf's launch promise never settles while polling, cannot be stopped before it has started, and a throwing
 * handler ends its loop. Here `stop()` always works, errors back off (429 by `retry_after`), and each batch is
 * handed over the way the webhook receives it: a chat's next update only once the previous one was answered
 * (different chats concurrently). That is Telegram's own delivery contract, not a second ordering of the engine's
 * steps (the engine orders those itself): it keeps a chat's REPLIES in order and a file being downloaded ahead of
 * the text typed after it, both of which happen outside the engine.
 *
 * An update's offset is confirmed only by the next `getUpdates`, so a crash re-serves the last batch; the one
 * inbound-event log (the engine's, and the channel's own units of work for updates the engine never sees) makes
 * that harmless.
 */
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';

export interface PollingLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LongPollingOptions {
  telegram: Telegram;
  handle: (update: unknown) => Promise<void>;
  logger: PollingLogger;
  allowedUpdates: string[];
  /** Long-poll timeout in seconds (Telegram caps it at 50). */
  timeoutSeconds?: number;
  /** Multiplies back-off delays (tests). */
  timeScale?: number;
}

const MAX_BACKOFF_MS = 30_000;

export class LongPolling {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private offset = 0;

  constructor(private readonly options: LongPollingOptions) {}

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  /** Stops polling after the batch in progress, then confirms the processed offset. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    if (this.offset > 0) {
      await this.options.telegram.callApi('getUpdates', { offset: this.offset, limit: 1, timeout: 0 }).catch(() => undefined);
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const scale = this.options.timeScale ?? 1;
    let failures = 0;
    while (!signal.aborted) {
      let updates: unknown[];
      try {
        updates = await this.options.telegram.callApi(
          'getUpdates',
          {
            offset: this.offset,
            timeout: this.options.timeoutSeconds ?? 50,
            allowed_updates: this.options.allowedUpdates as never,
          },
          // telegraf types its signal with the `abort-controller` package; Node's AbortSignal is what it uses.
          { signal: signal as never },
        );
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof TelegramError && (error.code === 401 || error.code === 409)) {
          this.options.logger.error({ status: error.code }, 'telegram: polling refused (token revoked, or a webhook/another poller is active)');
          return;
        }
        failures++;
        const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        const delay = retryAfter !== undefined ? retryAfter * 1000 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        this.options.logger.warn({ failures, delayMs: delay * scale }, 'telegram: getUpdates failed, retrying');
        await abortableSleep(delay * scale, signal);
        continue;
      }
      if (updates.length === 0) continue;
      await Promise.all(byChat(updates).map(async (chatUpdates) => {
        for (const u of chatUpdates) await this.options.handle(u);
      }));
      const last = updates[updates.length - 1];
      this.offset = updateIdOf(last) + 1;
    }
  }
}

function updateIdOf(update: unknown): number {
  const id = (update as { update_id?: unknown } | null)?.update_id;
  return typeof id === 'number' ? id : -1;
}

/** Groups a batch by chat, keeping order inside each chat. */
function byChat(updates: unknown[]): unknown[][] {
  const groups = new Map<string, unknown[]>();
  for (const u of updates) {
    const key = chatKeyOf(u);
    const list = groups.get(key) ?? [];
    list.push(u);
    groups.set(key, list);
  }
  return [...groups.values()];
}

function chatKeyOf(update: unknown): string {
  const u = update as {
    message?: { chat?: { id?: number } };
    callback_query?: { from?: { id?: number } };
    my_chat_member?: { chat?: { id?: number } };
  } | null;
  const id = u?.message?.chat?.id ?? u?.callback_query?.from?.id ?? u?.my_chat_member?.chat?.id;
  return id === undefined ? `u${updateIdOf(update)}` : String(id);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
