/**
 * Decimal rounding without floating-point noise: points are shown to people and compared against band bounds,
 * so 0.1 + 0.2 must be 0.3 and 1.005 must round to 1.01 (half away from zero, as people round by hand).
 */

/**
 * How far from a half the scaled value must be for `Math.round` to be trusted as is. Below `FAST_LIMIT` the
 * 15 significant digits of `toPrecision(15)` move a value by less than 1e-9, so a value further than this from
 * x.5 rounds the same with or without that correction (the fast path gives exactly the slow path's result).
 */
const HALF_MARGIN = 1e-6;
const FAST_LIMIT = 1e6;

/** Rounds half away from zero to `decimals` places (2.5 → 3, −2.5 → −3, 1.005 → 1.01). */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const factor = 10 ** decimals;
  const magnitude = Math.abs(value) * factor;
  let scaled = magnitude;
  const fraction = magnitude - Math.floor(magnitude);
  if (magnitude >= FAST_LIMIT || Math.abs(fraction - 0.5) <= HALF_MARGIN) {
    // Near a half: toPrecision(15) drops the binary noise of the multiplication (1.005 × 100 = 100.49999999999999).
    scaled = Number(magnitude.toPrecision(15));
  }
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Totals and percentages are kept to 2 decimals. */
export function round2(value: number): number {
  return roundHalfAwayFromZero(value, 2);
}
