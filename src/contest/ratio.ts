/**
 * Exact rational numbers over bigint. Why: the 50% rule ("đạt dưới 50% số điểm") must put 49.995% below the line
 * and 50% exactly on it, whatever the weights and the examiners' decimals; binary floating point and rounding to
 * the shown 2 decimals would both get some of those wrong. Decimal inputs (7.25, 0.1) are read from their shortest
 * decimal spelling, so 0.1 is exactly 1/10.
 */

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** An exact fraction `num / den`, always reduced, `den > 0`. Immutable. */
export class Ratio {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    if (den === 0n) throw new RangeError('Ratio: mẫu số bằng 0');
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(num, den) || 1n;
    this.num = (sign * num) / g;
    this.den = (sign * den) / g;
  }

  static readonly ZERO = new Ratio(0n, 1n);

  /** `num / den` from integers. */
  static of(num: bigint | number, den: bigint | number = 1n): Ratio {
    const n = typeof num === 'number' ? BigInt(num) : num;
    const d = typeof den === 'number' ? BigInt(den) : den;
    return new Ratio(n, d);
  }

  /** A finite number read from its shortest decimal spelling (`String(x)`): 0.1 → 1/10, 1e-7 → 1/10000000. */
  static fromDecimal(value: number): Ratio {
    if (!Number.isFinite(value)) throw new RangeError(`Ratio: không phải số hữu hạn: ${value}`);
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(value));
    if (!match) throw new RangeError(`Ratio: không đọc được số ${value}`);
    const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
    let num = BigInt(whole + fraction);
    let den = 10n ** BigInt(fraction.length);
    const exp = Number(exponent);
    if (exp > 0) num *= 10n ** BigInt(exp);
    if (exp < 0) den *= 10n ** BigInt(-exp);
    return new Ratio(sign === '-' ? -num : num, den);
  }

  add(other: Ratio): Ratio {
    return new Ratio(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Ratio): Ratio {
    return new Ratio(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Ratio): Ratio {
    return new Ratio(this.num * other.num, this.den * other.den);
  }

  div(other: Ratio): Ratio {
    if (other.num === 0n) throw new RangeError('Ratio: chia cho 0');
    return new Ratio(this.num * other.den, this.den * other.num);
  }

  /** −1, 0 or 1. */
  compare(other: Ratio): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Ratio): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  abs(): Ratio {
    return this.num < 0n ? new Ratio(-this.num, this.den) : this;
  }

  /** Nearest double; for display and JSON only, never for comparisons. */
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }

  /**
   * Decimal text truncated toward zero to `decimals` places ("49.999…" → "49.99"). Truncation, not rounding, so
   * a percentage shown as 50.00 is never below 50 in fact.
   */
  toFixedDown(decimals = 2): string {
    const scale = 10n ** BigInt(decimals);
    const negative = this.num < 0n;
    const magnitude = ((negative ? -this.num : this.num) * scale) / this.den;
    const digits = magnitude.toString().padStart(decimals + 1, '0');
    const whole = digits.slice(0, digits.length - decimals);
    const fraction = digits.slice(digits.length - decimals);
    const text = decimals > 0 ? `${whole}.${fraction}` : whole;
    return negative && magnitude !== 0n ? `-${text}` : text;
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/** Sum of a list (0 for an empty one). */
export function sumRatios(values: readonly Ratio[]): Ratio {
  return values.reduce((sum, v) => sum.add(v), Ratio.ZERO);
}

/** Vietnamese decimal spelling with a comma: "49,99". */
export function viDecimal(value: Ratio, decimals = 2): string {
  return value.toFixedDown(decimals).replace('.', ',');
}
