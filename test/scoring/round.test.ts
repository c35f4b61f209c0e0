import { describe, expect, it } from 'vitest';
import { round2, roundHalfAwayFromZero } from '../../src/scoring/round.js';

/** The reference algorithm (every value through toPrecision(15)); the fast path must give exactly its result. */
function reference(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Deterministic PRNG (Park–Miller), so a failure is reproducible. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

describe('roundHalfAwayFromZero', () => {
  it('rounds halves away from zero despite binary noise', () => {
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(-1.005, 2)).toBe(-1.01);
    expect(roundHalfAwayFromZero(1.255, 2)).toBe(1.26);
    expect(roundHalfAwayFromZero(8.345, 2)).toBe(8.35);
    expect(roundHalfAwayFromZero(0.285, 2)).toBe(0.29);
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(2.4999, 0)).toBe(2);
    expect(round2(0.1 + 0.2)).toBe(0.3);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
    expect(roundHalfAwayFromZero(Number.NaN, 2)).toBeNaN();
    expect(roundHalfAwayFromZero(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(roundHalfAwayFromZero(123456789.125, 2)).toBe(123456789.13);
  });

  it('gives exactly the toPrecision(15) result for sums, means, halves and large values', () => {
    const rand = prng(20261231);
    const values: [number, number][] = [];
    for (let i = 0; i < 40_000; i++) {
      const d = Math.floor(rand() * 5);
      const k = Math.floor(rand() * 1e6) / 10 ** (d + 1);
      values.push([k, d], [-k, d]); // exact decimals, many of them halves at d places
      values.push([Math.floor(rand() * 1e5) / 1000 + Math.floor(rand() * 1e4) / 100, d]); // noisy sums
      values.push([(Math.floor(rand() * 2e4) + 0.5) / 10 ** d, d]); // near halves
      values.push([(rand() - 0.5) * 10 ** Math.floor(rand() * 12), d]); // any magnitude, up to 1e11
    }
    for (let x = 0; x < 20_000; x++) values.push([x * 0.005, 2], [x * 0.015, 2], [x / 3, 2], [x * 0.1, 1]);
    const mismatches = values.filter(([v, d]) => !Object.is(roundHalfAwayFromZero(v, d), reference(v, d)));
    expect(mismatches).toEqual([]);
  });
});
