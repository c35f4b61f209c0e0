/** PostgreSQL: the single-row `zalo_tokens` table (see repositories.ts for what differs from SQLite). */
import { toZaloTokens, ZALO_TOKEN_COLUMNS, ZALO_TOKEN_ROW_ID as ROW_ID } from '../shared/zalo-token-rows.js';
import type { ZaloTokenRepository } from '../zalo-tokens.js';
import { type Client, rows } from './pg-query.js';

export function zaloTokenRepository(c: Client): ZaloTokenRepository {
  return {
    async load() {
      const [row] = await rows(c, 'zalo_tokens_load', `SELECT ${ZALO_TOKEN_COLUMNS} FROM zalo_tokens WHERE id = $1`, [ROW_ID]);
      return row ? toZaloTokens(row) : null;
    },
    async loadForUpdate() {
      const [row] = await rows(c, 'zalo_tokens_load_for_update', `SELECT ${ZALO_TOKEN_COLUMNS} FROM zalo_tokens WHERE id = $1 FOR UPDATE`, [ROW_ID]);
      return row ? toZaloTokens(row) : null;
    },
    async save(p) {
      await rows(
        c,
        'zalo_tokens_save',
        `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at, refresh_expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at,
           updated_at = excluded.updated_at`,
        [ROW_ID, p.accessToken, p.refreshToken, p.accessExpiresAt, p.refreshExpiresAt, p.updatedAt],
      );
    },
    async seed(refreshToken, now) {
      const result = await c.query({
        name: 'thidua_zalo_tokens_seed',
        text: `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at, refresh_expires_at, updated_at)
               VALUES ($1, '', $2, 0, NULL, $3) ON CONFLICT (id) DO NOTHING`,
        values: [ROW_ID, refreshToken, now],
      });
      return (result.rowCount ?? 0) > 0;
    },
  };
}
