/**
 * Decimal rounding without floating-point noise: points are shown to people and compared against band bounds,
 * so 0.1 + 0.2 must be 0.3 and 1.005 must round to 1.01 (half away from zero, as people round by hand).
 */

/** Rounds half away from zero to `decimals` places (2.5 → 3, −2.5 → −3, 1.005 → 1.01). */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const factor = 10 ** decimals;
  // toPrecision(15) drops the binary noise of the multiplication (1.005 × 100 = 100.49999999999999).
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Totals and percentages are kept to 2 decimals. */
export function round2(value: number): number {
  return roundHalfAwayFromZero(value, 2);
}
