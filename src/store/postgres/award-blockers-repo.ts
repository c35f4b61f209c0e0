/** PostgreSQL: award blockers (see repositories.ts for what differs from SQLite). */
import type { AwardBlockerRepository } from '../award-blockers.js';
import { blockerOf } from '../shared/contest-rows.js';
import { type Client, rows } from './pg-query.js';

export function awardBlockerRepository(c: Client): AwardBlockerRepository {
  return {
    async replaceFrom(source, sourceRef, list) {
      await rows(c, 'award_blockers_delete', 'DELETE FROM award_blockers WHERE source = $1 AND source_ref = $2', [source, sourceRef]);
      for (const r of list) {
        await rows(c, 'award_blocker_insert', 'INSERT INTO award_blockers (person_id, year, source, source_ref, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
          r.personId,
          r.year,
          source,
          sourceRef,
          r.reason,
          r.detail,
        ]);
      }
    },
    async ofYear(year) {
      return (await rows(c, 'award_blockers_year', 'SELECT * FROM award_blockers WHERE year = $1 ORDER BY person_id, source COLLATE "C", source_ref COLLATE "C"', [year])).map(blockerOf);
    },
    async ofPerson(personId, year) {
      return (
        await rows(c, 'award_blockers_person', 'SELECT * FROM award_blockers WHERE person_id = $1 AND year = $2 ORDER BY source COLLATE "C", source_ref COLLATE "C"', [personId, year])
      ).map(blockerOf);
    },
  };
}
