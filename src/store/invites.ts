/**
 * One-time linking codes the office issues (`thidua invite`, the demo seed). Why a repository: the code is made and
 * hashed by the directory service (`src/directory/issue-invite-code.ts`); the store only keeps its sha256, so a
 * leaked database gives no usable code. Redeeming a code is part of linking an account
 * (`DirectoryRepository.redeemInvite`).
 */

export interface NewInvite {
  /** sha256 hex of the canonical code. */
  codeHash: string;
  personId: number;
  expiresAt: number;
}

export interface InviteRepository {
  /** Stores a new code (earlier codes of the person stay valid until used or expired). */
  create(invite: NewInvite, now: number): Promise<void>;
}
