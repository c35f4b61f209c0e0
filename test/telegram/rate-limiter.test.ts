import { describe, expect, it } from 'vitest';
import { RateLimiter, scaleLimits, TELEGRAM_LIMITS, type LimiterClock } from '../../src/channels/telegram/rate-limiter.js';

/** A manual clock: timers fire when `advance` passes them. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const clock: LimiterClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => void (timers = timers.filter((t) => t !== h)),
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = Math.max(now, due.at);
      timers = timers.filter((t) => t !== due);
      due.fn();
    }
    now = end;
    await new Promise((r) => setImmediate(r));
  };
  return { clock, advance, now: () => now };
}

describe('rate limiter', () => {
  it('uses Telegram’s figures by default and scales only the windows', () => {
    expect(new RateLimiter().limits).toEqual(TELEGRAM_LIMITS);
    expect(scaleLimits(0.01)).toEqual({ ...TELEGRAM_LIMITS, globalWindowMs: 10, privateWindowMs: 10, groupWindowMs: 600 });
  });

  it('spaces a private chat one window after the previous response, without holding up other chats', async () => {
    const { clock, advance, now } = manualClock();
    const limiter = new RateLimiter({}, clock);
    const started: string[] = [];
    const job = (chat: string, label: string) => limiter.run(chat, 'message', async () => void started.push(`${label}@${now()}`));
    const all = Promise.all([job('1', 'a1'), job('1', 'a2'), job('2', 'b1'), job('1', 'a3')]);
    await advance(0);
    expect(started).toEqual(['a1@0', 'b1@0']);
    await advance(999);
    expect(started).toHaveLength(2);
    await advance(1);
    expect(started).toEqual(['a1@0', 'b1@0', 'a2@1000']);
    await advance(1000);
    await all;
    expect(started).toEqual(['a1@0', 'b1@0', 'a2@1000', 'a3@2000']);
  });

  it('caps the global rate, private edits are exempt from the per-chat limit, groups get 20 a minute', async () => {
    const { clock, advance, now } = manualClock();
    const limiter = new RateLimiter({}, clock);
    const times: number[] = [];
    const sends = Array.from({ length: 45 }, (_, i) => limiter.run(String(100 + i), 'message', async () => void times.push(now())));
    await advance(0);
    expect(times).toHaveLength(30);
    await advance(1000);
    await Promise.all(sends);
    expect(times.filter((t) => t === 1000)).toHaveLength(15);

    const edits: number[] = [];
    await Promise.all([1, 2, 3].map(() => limiter.run('7', 'edit', async () => void edits.push(now()))));
    expect(new Set(edits).size).toBe(1);

    const group: number[] = [];
    const posts = Array.from({ length: 21 }, () => limiter.run('-100123', 'message', async () => void group.push(now())));
    await advance(59_999);
    expect(group).toHaveLength(20);
    await advance(2000);
    await Promise.all(posts);
    expect(group).toHaveLength(21);
    expect((group[20] as number) - (group[0] as number)).toBeGreaterThanOrEqual(60_000);
  });

  it('pauses everything for a 429’s retry_after', async () => {
    const { clock, advance, now } = manualClock();
    const limiter = new RateLimiter({}, clock);
    limiter.pauseFor(3000);
    const at: number[] = [];
    const p = limiter.run('5', 'message', async () => void at.push(now()));
    await advance(2999);
    expect(at).toEqual([]);
    await advance(1);
    await p;
    expect(at).toEqual([3000]);
  });

  it('passes failures through and frees the slot', async () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({}, clock);
    await expect(limiter.run('5', 'message', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const next = limiter.run('5', 'message', async () => 'ok');
    await advance(1000);
    await expect(next).resolves.toBe('ok');
  });
});
