/**
 * One-time linking codes issued by the office (`thidua invite`) and the demo seed. The code is made here and only
 * its sha256 goes to the store; a code works once and expires (redeemed when a chat account is linked).
 */
import { DEFAULT_INVITE_TTL_MS, formatInviteCode, generateInviteCode, hashInviteCode } from '../conversation/invite-code.js';
import type { Tx } from '../store/store.js';

export interface IssuedInviteCode {
  /** As printed: `K7Q2-M9XH` (typed with or without the dash, any case). */
  code: string;
  expiresAt: number;
}

/** Issues a new code for the person (earlier codes stay valid until used or expired). */
export async function issueInviteCode(
  tx: Pick<Tx, 'invites'>,
  personId: number,
  now: number,
  ttlMs = DEFAULT_INVITE_TTL_MS,
): Promise<IssuedInviteCode> {
  const canonical = generateInviteCode();
  const expiresAt = now + ttlMs;
  await tx.invites.create({ codeHash: hashInviteCode(canonical), personId, expiresAt }, now);
  return { code: formatInviteCode(canonical), expiresAt };
}
