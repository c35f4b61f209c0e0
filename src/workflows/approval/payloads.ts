/**
 * Button payloads of the review workflow: `ap:<action>:<id>[:<n>][:<key>]`, ASCII, at most 48 bytes.
 *
 * Payloads come back from chat platforms, so they are parsed strictly (a forged or truncated payload is simply
 * not understood) and carry ids only: every action re-loads the records and re-checks authority and state.
 */

/** The module's button prefix (not one of the engine's reserved prefixes). */
export const PAYLOAD_PREFIX = 'ap:';

/**
 * Actions: `a` approve, `j` adjust (pick section or criterion), `js` section picked (n: section index), `jc` pick level, `jl` level chosen, `r` return, `v` view
 * details; lists: `la` accept (shows the confirmation), `lr` return, `lc` comment; period: `pt` report to director and
 * `pf` finalise (each shows its confirmation), `pr` director sends back. Confirmations (id, `0`, the stamp of the
 * state shown as key): `sl` send the department list (id: period), `ac` accept (id: list), `tc` report (id: period),
 * `fc` finalise (id: period); `cx` cancels any of them.
 */
export const PAYLOAD_ACTIONS = ['a', 'j', 'js', 'jc', 'jl', 'r', 'v', 'la', 'lr', 'lc', 'pt', 'pf', 'pr', 'sl', 'ac', 'tc', 'fc', 'cx'] as const;
export type PayloadAction = (typeof PAYLOAD_ACTIONS)[number];

export interface ParsedPayload {
  action: PayloadAction;
  id: number;
  /** Revision (a, j, r), section index (js) or criterion index (jc, jl). */
  n: number | null;
  /** Level key (jl): `c`, `b.2`, `pass`, `fail`, `y`, `n`; a confirmation's stamp (sl, ac, tc, fc). */
  key: string | null;
}

const PATTERN = /^ap:([a-z]{1,2}):(\d{1,10})(?::(\d{1,6}))?(?::([a-z0-9.]{1,8}))?$/;

/** Builds a payload; throws when it would not fit (a programming error, never user input). */
export function payload(action: PayloadAction, id: number, n?: number, key?: string): string {
  const parts = [PAYLOAD_PREFIX + action, String(id)];
  if (n !== undefined) parts.push(String(n));
  if (key !== undefined) parts.push(key);
  const text = parts.join(':');
  if (Buffer.byteLength(text) > 48 || !PATTERN.test(text)) throw new Error(`invalid approval payload ${action}`);
  return text;
}

/** Parses a payload, or null when it is not one of ours. */
export function parsePayload(text: string): ParsedPayload | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const action = PAYLOAD_ACTIONS.find((a) => a === m[1]);
  if (!action) return null;
  return { action, id: Number(m[2]), n: m[3] === undefined ? null : Number(m[3]), key: m[4] ?? null };
}
