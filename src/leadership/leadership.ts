/**
 * Leader election over lease rows (`tx.leases`): the work only ONE app instance of a deployment may do — the
 * scheduler (cron and catch-up), each channel's outbox sender (so Telegram's 30 msg/s and Zalo's limits hold for the
 * whole deployment) and Telegram long polling (two `getUpdates` loops on one bot get 409 Conflict).
 *
 * Every `renewEveryMs` (a third of the lease) each role either renews its lease or, when it holds none, tries to
 * take it; a role starts when its lease is taken and stops the moment a renewal says the term is over (someone
 * else holds it: this instance stalled past its expiry). When the database cannot be reached, a leader keeps its
 * role only while its lease is surely still valid, and stops before it runs out. A refused attempt reads the
 * holder's expiry, and the next attempt is due right when it runs out when that comes before the next round; so a
 * leader that dies is replaced as soon as its lease expires (≤ ttl after its last renewal, ≤ ttl after its death:
 * 30 s with the default lease, instead of ttl + renewEveryMs when standbys only tried every round). `stop()`
 * (SIGTERM) stops the roles and releases their leases, so another instance takes over at its next attempt
 * (≤ renewEveryMs).
 *
 * Clocks: the lease row's instants are the instances' own (see leases.ts: they must agree to well under a lease).
 * The early attempt adds no dependence on them: its delay is the stored expiry minus this instance's clock, the
 * very clock and comparison its `acquire` is judged by (the row is free when `expiresAt <= now` as passed in), so
 * it fires when that `acquire` can first succeed; a holder whose clock runs behind is exposed exactly as it was to
 * an attempt that happened to fall at that moment, and its guard (below) still stops it before its own expiry.
 * Fencing is unchanged: every take still goes through `acquire` (a new term, generation + 1).
 *
 * `sole` mode (SQLite, which runs one instance): every role starts at `start()`, no lease row is involved, so a
 * restarted process never waits for its previous incarnation's lease to run out.
 */
import type { Lease } from '../store/leases.js';
import type { Store } from '../store/store.js';

/** Work that only the lease holder may do. `start` and `stop` are called alternately, never concurrently. */
export interface LeaderRole {
  /** The lease's name (`scheduler`, `sender:telegram`, `telegram-polling`…). */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Minimal logger surface (pino-compatible). */
export interface LeadershipLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LeadershipOptions {
  store: Store;
  /** This instance (`INSTANCE_ID`; default hostname and pid). Must be unique among the live instances. */
  instanceId: string;
  /** A lease's length (`LEASE_TTL_MS`, default 30 s). */
  ttlMs: number;
  /** Default a third of `ttlMs`. */
  renewEveryMs?: number;
  /** One instance only (SQLite): roles start at once, no lease rows. */
  sole?: boolean;
  logger: LeadershipLogger;
  /** Epoch ms (tests). */
  now?: () => number;
}

/** One role as the health endpoint reports it (no personal data). */
export interface RoleStatus {
  name: string;
  leader: boolean;
  /** The lease's term (fencing token) and expiry while this instance leads (absent in sole mode). */
  generation?: number;
  expiresAt?: number;
}

interface RoleState {
  role: LeaderRole;
  lease: Lease | null;
  /** True while the role runs here. */
  active: boolean;
  /** Fires shortly before the lease runs out unless a renewal moved it (see {@link Leadership.guard}). */
  guard?: NodeJS.Timeout;
  /** The role's last start or stop: the next waits for it (a start never overlaps a stop). */
  transition: Promise<void>;
  /** The role's next round (renewal or attempt): each role keeps its own time, so an attempt can fall at an expiry. */
  timer?: NodeJS.Timeout;
  /** The round in progress, if any (`stop()` waits for it; rounds of one role never overlap). */
  round?: Promise<void>;
}

/** After the expiry read by a refused attempt: timers may fire a millisecond early, and a retry that early is wasted. */
const TAKEOVER_SLACK_MS = 5;

export class Leadership {
  private readonly roles: RoleState[] = [];
  private readonly now: () => number;
  private readonly renewEveryMs: number;
  private running = false;

  constructor(private readonly options: LeadershipOptions) {
    this.now = options.now ?? Date.now;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(100, Math.floor(options.ttlMs / 3));
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Registers a role (before `start()`). */
  add(role: LeaderRole): void {
    if (this.roles.some((r) => r.role.name === role.name)) throw new Error(`leadership: role ${role.name} registered twice`);
    this.roles.push({ role, lease: null, active: false, transition: Promise.resolve() });
  }

  /** Whether this instance currently plays `name`. */
  isLeader(name: string): boolean {
    return this.roles.some((r) => r.role.name === name && r.active);
  }

  /** This instance's roles (the health endpoint). */
  status(): RoleStatus[] {
    return this.roles.map((r) => ({
      name: r.role.name,
      leader: r.active,
      ...(r.active && r.lease ? { generation: r.lease.generation, expiresAt: r.lease.expiresAt } : {}),
    }));
  }

  /** Takes what it can at once (the first tick is awaited), then keeps renewing in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.sole) {
      for (const r of this.roles) await this.activate(r);
      return;
    }
    await Promise.all(this.roles.map((r) => this.round(r)));
  }

  /** Stops every role here (reverse order) and releases its lease, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    for (const r of this.roles) {
      if (r.timer) clearTimeout(r.timer);
      r.timer = undefined;
    }
    await Promise.all(this.roles.map((r) => r.round));
    for (const r of [...this.roles].reverse()) {
      if (r.guard) clearTimeout(r.guard);
      await this.deactivate(r, 'shutdown');
      const lease = r.lease;
      r.lease = null;
      if (!lease || this.options.sole) continue;
      try {
        await this.options.store.transaction((tx) => tx.leases.release(lease, this.now()), { upkeep: true });
        this.options.logger.info({ role: r.role.name, instanceId: this.instanceId }, 'leadership: lease released');
      } catch (error) {
        this.options.logger.warn({ err: error, role: r.role.name }, 'leadership: lease not released (it will expire)');
      }
    }
  }

  /** Runs one round of `r` now, then schedules its next (never throws). */
  private round(r: RoleState): Promise<void> {
    const round = (async () => {
      let nextInMs = this.renewEveryMs;
      try {
        nextInMs = await this.tickRole(r);
      } finally {
        r.round = undefined;
        this.schedule(r, nextInMs);
      }
    })();
    r.round = round;
    return round;
  }

  private schedule(r: RoleState, delayMs: number): void {
    if (!this.running) return;
    r.timer = setTimeout(() => {
      r.timer = undefined;
      void this.round(r);
    }, delayMs);
  }

  /** One round of a role: renew, or try to acquire. Returns when its next round is due (ms from now). */
  private async tickRole(r: RoleState): Promise<number> {
    const { store, instanceId, ttlMs, logger } = this.options;
    const name = r.role.name;
    const now = this.now();
    try {
      if (r.lease) {
        const held = r.lease;
        const renewed = await store.transaction((tx) => tx.leases.renew(held, now, ttlMs), { upkeep: true });
        if (renewed) {
          r.lease = renewed;
          this.guard(r);
          if (!r.active) await this.activate(r); // an earlier start failed: try again
          return this.renewEveryMs;
        }
        logger.warn({ role: name, instanceId, generation: held.generation }, 'leadership: lease lost, stepping down');
        r.lease = null;
        await this.deactivate(r, 'lost');
        // Fall through: the lease may be free again (it lapsed and nobody took it).
      }
      if (!this.running) return this.renewEveryMs;
      const taken = await store.transaction(
        async (tx) => {
          const lease = await tx.leases.acquire(name, instanceId, this.now(), ttlMs);
          return lease ? { lease } : { lease: null, holder: await tx.leases.current(name) };
        },
        { upkeep: true },
      );
      const lease = taken.lease;
      if (!lease) return this.untilFree(taken.holder);
      r.lease = lease;
      this.guard(r);
      if (!r.active) {
        logger.info({ role: name, instanceId, generation: lease.generation }, 'leadership: lease taken, starting');
        await this.activate(r);
      }
      return this.renewEveryMs;
    } catch (error) {
      logger.error({ err: error, role: name, instanceId }, 'leadership: lease round failed');
      // Without the database we cannot know; keep the role only while the lease surely still runs.
      if (r.lease && this.now() + this.renewEveryMs >= r.lease.expiresAt) {
        r.lease = null;
        await this.deactivate(r, 'expiring');
      }
      return this.renewEveryMs;
    }
  }

  /**
   * When to try again after `acquire` was refused: right after the holder's lease runs out when that comes before
   * the next round (the holder died: take over without waiting up to a round more), else at the next round (a live
   * holder renews long before). `now` is this instance's clock, the one `acquire` compares the expiry with.
   */
  private untilFree(holder: Lease | null): number {
    if (!holder) return this.renewEveryMs;
    const left = holder.expiresAt - this.now();
    return Math.min(this.renewEveryMs, Math.max(0, left) + TAKEOVER_SLACK_MS);
  }

  /**
   * A renewal can be late (the database is slow, the pool is busy, the event loop is blocked): the role stops on its
   * own a little before its lease runs out, so it never overlaps the next holder's term by more than the time its
   * stop takes (a sender finishing the requests already in flight).
   */
  private guard(r: RoleState): void {
    if (r.guard) clearTimeout(r.guard);
    const lease = r.lease;
    if (!lease || this.options.sole) return;
    const margin = Math.min(this.renewEveryMs, Math.floor(this.options.ttlMs / 4));
    r.guard = setTimeout(() => {
      if (r.lease !== lease) return;
      this.options.logger.warn({ role: r.role.name, instanceId: this.instanceId, generation: lease.generation }, 'leadership: lease not renewed in time, stepping down');
      r.lease = null;
      void this.deactivate(r, 'expiring');
    }, Math.max(0, lease.expiresAt - margin - this.now()));
    r.guard.unref();
  }

  private activate(r: RoleState): Promise<void> {
    if (r.active) return r.transition;
    r.active = true;
    r.transition = r.transition.then(async () => {
      if (!r.active) return;
      try {
        await r.role.start();
      } catch (error) {
        r.active = false;
        this.options.logger.error({ err: error, role: r.role.name }, 'leadership: role failed to start (retried at the next round)');
        await r.role.stop().catch(() => undefined);
      }
    });
    return r.transition;
  }

  private deactivate(r: RoleState, reason: 'lost' | 'expiring' | 'shutdown'): Promise<void> {
    if (!r.active) return r.transition;
    r.active = false;
    r.transition = r.transition.then(async () => {
      try {
        await r.role.stop();
        if (reason !== 'shutdown') this.options.logger.warn({ role: r.role.name, reason }, 'leadership: role stopped');
      } catch (error) {
        this.options.logger.error({ err: error, role: r.role.name }, 'leadership: role failed to stop');
      }
    });
    return r.transition;
  }
}
