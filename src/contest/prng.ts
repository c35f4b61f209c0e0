/**
 * The contest's deterministic random numbers. Why: a candidate's test (which questions, in which order, options in
 * which order) must be rebuilt exactly from the 32-bit seed stored with the attempt — after a crash, for a
 * complaint, for an audit — without storing the test itself. mulberry32 is small, fast, public-domain and gives the
 * same sequence on every JavaScript engine (it only uses 32-bit integer operations).
 *
 * The seed itself must be unpredictable to candidates: the server draws it with `crypto.randomInt(2 ** 32)` when it
 * creates the attempt (not from the candidate number), stores it, and never sends it to the candidate's page.
 */

/** A 32-bit unsigned seed: an integer 0 … 4 294 967 295. */
export type Seed = number;

/** Whether `value` is a valid 32-bit unsigned seed. */
export function isSeed(value: unknown): value is Seed {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** mulberry32: returns a function giving numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: Seed): () => number {
  if (!isSeed(seed)) throw new RangeError(`hạt giống phải là số nguyên 32 bit không âm, nhận được ${String(seed)}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) from a generator. */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** A shuffled copy (Fisher–Yates, from the last position down). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomIndex(random, i + 1);
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

/**
 * FNV-1a 32-bit hash of a text. Used to fingerprint a question bank (so an attempt records which bank version its
 * seed applies to) and to derive sub-seeds; not for secrecy.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
