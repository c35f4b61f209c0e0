/** PostgreSQL: honour posts (see repositories.ts for what differs from SQLite); `content` is jsonb. */
import type { HonourRepository } from '../honours.js';
import { toHonourPost } from '../shared/honour-rows.js';
import { type Client, rows } from './pg-query.js';

const SELECT = 'SELECT id, unit_id, period_code, kind, content::text AS content, posted_at, posted_by_id FROM honour_posts';

export function honourRepository(c: Client): HonourRepository {
  return {
    async claim(key, content, now, postedById) {
      const result = await c.query({
        name: 'thidua_honours_claim',
        text: `INSERT INTO honour_posts (unit_id, period_code, kind, content, posted_at, posted_by_id)
               VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT DO NOTHING`,
        values: [key.unitId, key.periodCode, key.kind, JSON.stringify(content), now, postedById],
      });
      return result.rowCount === 1;
    },
    async find(key) {
      const [row] = await rows(c, 'honours_find', `${SELECT} WHERE unit_id = $1 AND period_code = $2 AND kind = $3`, [
        key.unitId,
        key.periodCode,
        key.kind,
      ]);
      return row ? toHonourPost(row) : null;
    },
    async updateContent(id, content) {
      await rows(c, 'honours_update', 'UPDATE honour_posts SET content = $1::jsonb WHERE id = $2', [JSON.stringify(content), id]);
    },
    async listPosts(unitId) {
      return (await rows(c, 'honours_list', `${SELECT} WHERE unit_id = $1 ORDER BY id`, [unitId])).map(toHonourPost);
    },
  };
}
