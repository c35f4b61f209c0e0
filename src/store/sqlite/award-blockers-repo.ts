/** Award blockers ({@link AwardBlockerRepository}), table `award_blockers`. */
import type Database from 'better-sqlite3';
import type { AwardBlockerRepository } from '../award-blockers.js';
import { blockerOf } from '../shared/contest-rows.js';

export function createAwardBlockerRepository(c: Database.Database): AwardBlockerRepository {
  const del = c.prepare('DELETE FROM award_blockers WHERE source = ? AND source_ref = ?');
  const insert = c.prepare('INSERT INTO award_blockers (person_id, year, source, source_ref, reason, detail) VALUES (?, ?, ?, ?, ?, ?)');
  const ofYear = c.prepare('SELECT * FROM award_blockers WHERE year = ? ORDER BY person_id, source, source_ref');
  const ofPerson = c.prepare('SELECT * FROM award_blockers WHERE person_id = ? AND year = ? ORDER BY source, source_ref');
  return {
    async replaceFrom(source, sourceRef, rows) {
      del.run(source, sourceRef);
      for (const r of rows) insert.run(r.personId, r.year, source, sourceRef, r.reason, r.detail);
    },
    async ofYear(year) {
      return (ofYear.all(year) as Record<string, unknown>[]).map(blockerOf);
    },
    async ofPerson(personId, year) {
      return (ofPerson.all(personId, year) as Record<string, unknown>[]).map(blockerOf);
    },
  };
}
