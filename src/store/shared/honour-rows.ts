/**
 * The honour post row and its view, shared by the SQLite and the PostgreSQL repositories (`content` arrives as JSON
 * text from both: PostgreSQL selects `content::text`).
 */
import { z } from 'zod';
import type { HonourPostKey, HonourPostView } from '../honours.js';

const postRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  period_code: z.string(),
  kind: z.enum(['quarter', 'year']),
  content: z.string(),
  posted_at: z.number(),
  posted_by_id: z.number().int().nullable(),
});

export function toHonourPost(row: unknown): HonourPostView & HonourPostKey {
  const r = postRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    periodCode: r.period_code,
    kind: r.kind,
    content: JSON.parse(r.content) as unknown,
    postedAt: r.posted_at,
    postedById: r.posted_by_id,
  };
}
