/**
 * Downloads of what people send on Zalo (evidence images and files), guarded against server-side request forgery.
 *
 * A webhook event is signed by Zalo, but the attachment URL inside it is whatever the event says; fetching it
 * blindly would let anyone who can get a signed event (or a bug upstream) make the server request internal
 * addresses (`http://127.0.0.1:…`, cloud metadata, the LAN). So, by default:
 * - only `https:` (an `http:` link on an allowed host is upgraded: Zalo's photo CDN gives `http://…zdn.vn` links);
 * - only Zalo's attachment hosts (`*.zdn.vn`, reference §3.3);
 * - the host is resolved and EVERY address must be public: loopback, private, link-local, CGNAT, unique-local,
 *   multicast and unspecified addresses are refused; the check runs in the socket's own `lookup`, so the address
 *   connected to is the address checked (no second resolution to rebind);
 * - redirects are followed only to URLs that pass the same checks (at most 3);
 * - callers download only for linked people (see `process-events.ts`).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { readLimited } from '../download-limited.js';
import { ZaloError } from './zalo-errors.js';

/** Hosts Zalo serves user attachments from (suffix match on a label boundary). */
export const ZALO_ATTACHMENT_HOST_SUFFIXES: readonly string[] = ['zdn.vn'];

/** Where downloads may go. Tests point it at a loopback fake; production uses {@link DEFAULT_ATTACHMENT_POLICY}. */
export interface AttachmentPolicy {
  /** Allowed host names: exact, or any subdomain of one of them. */
  hostSuffixes: readonly string[];
  /** `https:` only in production. */
  protocols: readonly ('https:' | 'http:')[];
  /** Only for tests against a loopback fake: skips the public-address check. */
  allowPrivateAddresses: boolean;
}

export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = {
  hostSuffixes: ZALO_ATTACHMENT_HOST_SUFFIXES,
  protocols: ['https:'],
  allowPrivateAddresses: false,
};

export type Downloaded = { data: Uint8Array | null; mime: string; size: number };

const MAX_REDIRECTS = 3;

/** The URL to fetch, or null when the policy refuses it (wrong scheme, host not Zalo's, literal private IP). */
export function allowedAttachmentUrl(raw: string, policy: AttachmentPolicy = DEFAULT_ATTACHMENT_POLICY): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!policy.hostSuffixes.some((s) => host === s || host.endsWith(`.${s}`))) return null;
  if (url.protocol === 'http:' && !policy.protocols.includes('http:') && policy.protocols.includes('https:')) {
    url.protocol = 'https:';
    if (url.port === '80') url.port = '';
  }
  if (!(policy.protocols as readonly string[]).includes(url.protocol)) return null;
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !policy.allowPrivateAddresses && !isPublicAddress(literal)) return null;
  return url;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** False for loopback, private, link-local, CGNAT, documentation, multicast and unspecified addresses. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return !blocked.check(mapped[1]!, 'ipv4');
    return !blocked.check(address, 'ipv6');
  }
  return false;
}

/** A `lookup` for sockets that refuses non-public addresses (the address checked is the one connected to). */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, '', 0);
      return;
    }
    const list = Array.isArray(addresses) ? addresses : [];
    if (list.length === 0 || !list.every((a) => isPublicAddress(a.address))) {
      const refused = Object.assign(new Error(`refused address for ${hostname}`), { code: 'EADDRNOTALLOWED' });
      callback(refused, '', 0);
      return;
    }
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * Downloads `raw` under `policy`, reading at most `maxBytes` (then `data: null` with the size seen). Throws a
 * `ZaloError` (`invalid_request` for a refused URL or address, `network` otherwise).
 */
export async function downloadAttachment(
  raw: string,
  maxBytes: number,
  options: { policy?: AttachmentPolicy; timeoutMs?: number } = {},
): Promise<Downloaded> {
  const policy = options.policy ?? DEFAULT_ATTACHMENT_POLICY;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let url = allowedAttachmentUrl(raw, policy);
  for (let hop = 0; ; hop++) {
    if (!url) throw new ZaloError('invalid_request', 0, 'Zalo: địa chỉ tệp đính kèm không được phép', 'download');
    const res = await get(url, policy, timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location && hop < MAX_REDIRECTS) {
      res.resume();
      url = allowedAttachmentUrl(new URL(res.headers.location, url).toString(), policy);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new ZaloError('network', 0, `Zalo download: HTTP ${status}`, 'download');
    }
    const mime = (res.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      return { data: null, mime, size: declared };
    }
    const { data, size } = await readLimited(Readable.toWeb(res) as ReadableStream<Uint8Array>, maxBytes);
    return { data, mime, size };
  }
}

function get(url: URL, policy: AttachmentPolicy, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'GET',
      lookup: policy.allowPrivateAddresses ? undefined : publicOnlyLookup,
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', resolve);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === 'EADDRNOTALLOWED';
      reject(
        new ZaloError(
          refused ? 'invalid_request' : 'network',
          0,
          refused ? 'Zalo: địa chỉ tệp đính kèm không được phép' : `Zalo download: ${error.name}`,
          'download',
        ),
      );
    });
    req.end();
  });
}
