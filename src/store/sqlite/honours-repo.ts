/** Honour posts ({@link HonourRepository}) on prepared statements; `content` is stored as JSON text. */
import type Database from 'better-sqlite3';
import type { HonourPostKey, HonourRepository } from '../honours.js';
import { toHonourPost } from '../shared/honour-rows.js';

export function createHonourRepository(c: Database.Database): HonourRepository {
  const claim = c.prepare(
    `INSERT INTO honour_posts (unit_id, period_code, kind, content, posted_at, posted_by_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const SELECT = 'SELECT id, unit_id, period_code, kind, content, posted_at, posted_by_id FROM honour_posts';
  const find = c.prepare(`${SELECT} WHERE unit_id = ? AND period_code = ? AND kind = ?`);
  const list = c.prepare(`${SELECT} WHERE unit_id = ? ORDER BY id`);
  const update = c.prepare('UPDATE honour_posts SET content = ? WHERE id = ?');
  return {
    async claim(key: HonourPostKey, content, now, postedById) {
      return claim.run(key.unitId, key.periodCode, key.kind, JSON.stringify(content), now, postedById).changes === 1;
    },
    async find(key) {
      const row: unknown = find.get(key.unitId, key.periodCode, key.kind);
      return row === undefined ? null : toHonourPost(row);
    },
    async updateContent(id, content) {
      update.run(JSON.stringify(content), id);
    },
    async listPosts(unitId) {
      return list.all(unitId).map(toHonourPost);
    },
  };
}
