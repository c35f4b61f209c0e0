/**
 * The Zalo OA token pair (one row). Why a repository: Zalo refresh tokens are single-use, so the rotated pair must
 * be durable before anyone uses the new access token; the token manager decides, the store keeps it.
 */

export interface StoredTokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number | null;
  updatedAt: number;
}

export interface ZaloTokenRepository {
  load(): Promise<StoredTokenPair | null>;
  /**
   * The pair, locked until the unit of work ends (PostgreSQL: `SELECT … FOR UPDATE`; SQLite has one writer). Why:
   * several instances share one single-use refresh token; the instance about to refresh reads the latest committed
   * pair under this lock (another may have rotated it a moment ago) and saves the new one under it.
   */
  loadForUpdate(): Promise<StoredTokenPair | null>;
  /** Replaces the pair (call inside its own unit of work: committed before the access token is used). */
  save(pair: StoredTokenPair): Promise<void>;
  /** Stores a refresh token from the environment only when nothing is stored. Returns true if seeded. */
  seed(refreshToken: string, now: number): Promise<boolean>;
}
