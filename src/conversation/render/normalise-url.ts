/**
 * Evidence links, normalised so the same page is recognised twice and nothing odd is stored: WHATWG URL parsing,
 * http(s) only, lower-case host (done by URL), no credentials, no fragment, no tracking parameters.
 */

const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|zarsrc|mc_cid|mc_eid)$/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/i;
const URLS_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/gi;

export type NormalisedUrl = { ok: true; url: string } | { ok: false };

export function normaliseUrl(input: string, maxLength: number): NormalisedUrl {
  const raw = input.trim();
  if (raw.length === 0 || raw.length > maxLength) return { ok: false };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false };
  if (!url.hostname) return { ok: false };
  url.hash = '';
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  if ([...url.searchParams.keys()].length === 0) url.search = '';
  const out = url.toString();
  return out.length > maxLength ? { ok: false } : { ok: true, url: out };
}

/** The first http(s) link in a typed message, trailing punctuation removed; null when none. */
export function findUrl(text: string): string | null {
  const match = URL_IN_TEXT.exec(text);
  return match ? match[0].replace(/[),.;!?]+$/, '') : null;
}

/**
 * Every http(s) link in a typed message, in order, trailing punctuation removed (duplicates kept: the caller
 * compares them after {@link normaliseUrl}). Why: people paste several links in one message and expect all kept.
 */
export function findUrls(text: string): string[] {
  return [...text.matchAll(URLS_IN_TEXT)].map((m) => m[0].replace(/[),.;!?]+$/, ''));
}
