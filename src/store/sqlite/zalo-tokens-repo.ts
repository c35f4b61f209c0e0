/** The single-row `zalo_tokens` table ({@link ZaloTokenRepository}). */
import type Database from 'better-sqlite3';
import { toZaloTokens, ZALO_TOKEN_COLUMNS, ZALO_TOKEN_ROW_ID as ROW_ID } from '../shared/zalo-token-rows.js';
import type { ZaloTokenRepository } from '../zalo-tokens.js';

export function createZaloTokenRepository(c: Database.Database): ZaloTokenRepository {
  const load = c.prepare(
    `SELECT ${ZALO_TOKEN_COLUMNS} FROM zalo_tokens WHERE id = ?`,
  );
  const save = c.prepare(
    `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at, refresh_expires_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
       access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at,
       updated_at = excluded.updated_at`,
  );
  const seed = c.prepare(
    `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at, refresh_expires_at, updated_at)
     VALUES (?, '', ?, 0, NULL, ?) ON CONFLICT(id) DO NOTHING`,
  );
  return {
    async load() {
      const raw: unknown = load.get(ROW_ID);
      if (raw === undefined) return null;
      return toZaloTokens(raw);
    },
    async loadForUpdate() {
      // One writer: inside a unit of work nobody else can change the row.
      const raw: unknown = load.get(ROW_ID);
      return raw === undefined ? null : toZaloTokens(raw);
    },
    async save(p) {
      save.run(ROW_ID, p.accessToken, p.refreshToken, p.accessExpiresAt, p.refreshExpiresAt, p.updatedAt);
    },
    async seed(refreshToken, now) {
      return seed.run(ROW_ID, refreshToken, now).changes > 0;
    },
  };
}
