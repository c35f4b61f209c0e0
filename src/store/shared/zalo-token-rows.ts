/** The Zalo token row and its view, shared by the SQLite and the PostgreSQL repositories. */
import { z } from 'zod';
import type { StoredTokenPair } from '../zalo-tokens.js';

/** The table holds one row, this id. */
export const ZALO_TOKEN_ROW_ID = 1;

export const ZALO_TOKEN_COLUMNS = 'access_token, refresh_token, access_expires_at, refresh_expires_at, updated_at';

const tokenRow = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  access_expires_at: z.number(),
  refresh_expires_at: z.number().nullable(),
  updated_at: z.number(),
});

export function toZaloTokens(raw: unknown): StoredTokenPair {
  const r = tokenRow.parse(raw);
  return {
    accessToken: r.access_token,
    refreshToken: r.refresh_token,
    accessExpiresAt: r.access_expires_at,
    refreshExpiresAt: r.refresh_expires_at,
    updatedAt: r.updated_at,
  };
}
