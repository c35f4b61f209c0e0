/** SQLite: which store paths rows name ({@link FileRefRepository}); JSON lists read with `json_each`. */
import type Database from 'better-sqlite3';
import { FILE_REF_BATCH, type FileRefRepository } from '../file-refs.js';

export function createFileRefRepository(c: Database.Database): FileRefRepository {
  return {
    async referenced(paths) {
      const found = new Set<string>();
      for (let start = 0; start < paths.length; start += FILE_REF_BATCH) {
        const chunk = paths.slice(start, start + FILE_REF_BATCH);
        const marks = chunk.map(() => '?').join(', ');
        const rows = c
          .prepare(
            `SELECT file_path AS path FROM evidence WHERE file_path IN (${marks})
             UNION SELECT file_path FROM org_evidence WHERE file_path IN (${marks})
             UNION SELECT json_extract(e.value, '$.path') FROM initiatives, json_each(initiatives.evidence) e
                    WHERE json_extract(e.value, '$.path') IN (${marks})
             UNION SELECT json_extract(m.value, '$.path') FROM outbox, json_each(outbox.payload) m
                    WHERE json_type(outbox.payload) = 'array' AND json_extract(m.value, '$.path') IN (${marks})`,
          )
          .pluck()
          .all(...chunk, ...chunk, ...chunk, ...chunk) as string[];
        for (const path of rows) found.add(path);
      }
      return found;
    },
  };
}
