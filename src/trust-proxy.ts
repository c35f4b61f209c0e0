/**
 * `TRUST_PROXY`: which reverse proxies express may believe about the client's address (`X-Forwarded-For`). The
 * login-attempt limits count addresses, so trusting everyone (`true`) lets any client pick a fresh address for
 * every attempt and switches the limit off. `0`, `false` or nothing: no proxy is trusted. Only what names the proxy is accepted: a hop count, the proxy's
 * addresses or subnets, or express's named ranges (`loopback`, `linklocal`, `uniquelocal`), comma-separated.
 */
import { isIP } from 'node:net';

/** express's names for address ranges (proxy-addr). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const EXAMPLES = 'ví dụ: TRUST_PROXY=1 (số lớp proxy), TRUST_PROXY=loopback hoặc TRUST_PROXY=10.0.0.5,10.1.0.0/16';

export type TrustProxy = number | string;

/** The value for express's `trust proxy`, or the Vietnamese problem naming the variable. Unset/empty: none trusted. */
export function parseTrustProxy(value: string | undefined): { ok: true; value: TrustProxy | undefined } | { ok: false; problem: string } {
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'false') return { ok: true, value: undefined };
  const text = value.trim();
  if (text.toLowerCase() === 'true') {
    return {
      ok: false,
      problem:
        'TRUST_PROXY: không nhận giá trị "true" vì khi đó mọi máy khách tự khai được địa chỉ IP (X-Forwarded-For) và ' +
        `giới hạn số lần đăng nhập sai mất tác dụng. Hãy ghi số lớp proxy hoặc địa chỉ của proxy (${EXAMPLES})`,
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops === 0) return { ok: true, value: undefined };
    if (hops <= 10) return { ok: true, value: hops };
    return { ok: false, problem: `TRUST_PROXY: số lớp proxy phải từ 1 đến 10 (đang là ${text})` };
  }
  const parts = text.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !isProxyAddress(p));
  if (bad.length > 0) {
    return {
      ok: false,
      problem: `TRUST_PROXY: "${bad.join('", "')}" không phải số lớp proxy, địa chỉ IP, dải mạng hay loopback (${EXAMPLES})`,
    };
  }
  return { ok: true, value: parts.join(',') };
}

/** An IPv4/IPv6 address, a CIDR subnet (`10.0.0.0/8`, `fd00::/8`) or one of express's named ranges. */
function isProxyAddress(part: string): boolean {
  if (NAMED_RANGES.has(part)) return true;
  const [address = '', prefix, ...rest] = part.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
