/** PostgreSQL: which store paths rows name ({@link FileRefRepository}); JSON lists read with `jsonb_array_elements`. */
import { FILE_REF_BATCH, type FileRefRepository } from '../file-refs.js';
import { type Client, rows } from './pg-query.js';

const SQL = `SELECT file_path AS path FROM evidence WHERE file_path = ANY($1::text[])
  UNION SELECT file_path FROM org_evidence WHERE file_path = ANY($1::text[])
  UNION SELECT e->>'path' FROM initiatives, jsonb_array_elements(CASE jsonb_typeof(initiatives.evidence) WHEN 'array' THEN initiatives.evidence ELSE '[]'::jsonb END) e
         WHERE e->>'path' = ANY($1::text[])
  UNION SELECT m->>'path' FROM outbox, jsonb_array_elements(CASE jsonb_typeof(outbox.payload) WHEN 'array' THEN outbox.payload ELSE '[]'::jsonb END) m
         WHERE m->>'path' = ANY($1::text[])`;

export function fileRefRepository(c: Client): FileRefRepository {
  return {
    async referenced(paths) {
      const found = new Set<string>();
      for (let start = 0; start < paths.length; start += FILE_REF_BATCH) {
        for (const row of await rows(c, 'file_refs', SQL, [paths.slice(start, start + FILE_REF_BATCH)])) {
          if (typeof row.path === 'string') found.add(row.path);
        }
      }
      return found;
    },
  };
}
