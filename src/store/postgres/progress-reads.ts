/**
 * PostgreSQL: the progress and calibration pages' grouped reads (part of the review repository): a whole province's
 * unit (50,000 people) in one statement each, the rows shaped by `shared/progress-rows.ts` as on SQLite.
 */
import type { ReviewRepository } from '../reviews.js';
import { toApprovedScores, toProgressCounts, toProgressMembers } from '../shared/progress-rows.js';
import { type Client, rows } from './pg-query.js';

export function progressReads(c: Client): Pick<ReviewRepository, 'progressMembers' | 'progressCounts' | 'approvedScores'> {
  return {
    // Roles are aggregated once for the people concerned (a hash join), not by a subquery per person: for a whole
    // province (50,000 people) the per-person form cost several times the plain count (issue 16's bench).
    async progressMembers(unitId, periodId, departmentIds) {
      if (departmentIds !== undefined && departmentIds.length === 0) return [];
      const inDepartments = departmentIds === undefined ? '' : 'AND p.department_id = ANY($3::int[])';
      const text = `SELECT p.id, p.full_name, p.department_id, r.roles, s.status, s.submitted_late, s.reviewed_late
         FROM people p
         LEFT JOIN (SELECT x.person_id, string_agg(x.role, ',') AS roles FROM person_roles x JOIN people p ON p.id = x.person_id
                    WHERE p.unit_id = $2 AND p.active ${inDepartments} GROUP BY x.person_id) r ON r.person_id = p.id
         LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = $1
         WHERE p.unit_id = $2 AND p.active ${inDepartments} ORDER BY p.id`;
      return toProgressMembers(
        departmentIds === undefined
          ? await rows(c, 'reviews_progress_unit', text, [periodId, unitId])
          : await rows(c, 'reviews_progress_departments', text, [periodId, unitId, [...departmentIds]]),
      );
    },
    async progressCounts(unitId, periodId) {
      const found = await rows(
        c,
        'reviews_progress_counts',
        `SELECT m.department_id, r.roles, m.status, count(*)::int AS n
         FROM (SELECT p.id, p.department_id, s.status FROM people p
               LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = $1
               WHERE p.unit_id = $2 AND p.active) m
         LEFT JOIN (SELECT x.person_id, string_agg(x.role, ',') AS roles FROM person_roles x JOIN people p ON p.id = x.person_id
                    WHERE p.unit_id = $2 AND p.active GROUP BY x.person_id) r ON r.person_id = m.id
         GROUP BY m.department_id, r.roles, m.status`,
        [periodId, unitId],
      );
      return toProgressCounts(found);
    },
    async approvedScores(unitId, periodId) {
      const found = await rows(
        c,
        'reviews_approved_scores',
        `SELECT p.id, p.full_name, p.department_id, s.reviewed_total, s.self_total
         FROM submissions s JOIN people p ON p.id = s.person_id
         WHERE s.period_id = $1 AND p.unit_id = $2 AND p.active AND p.department_id IS NOT NULL
           AND s.status = 'approved' AND s.reviewed_total IS NOT NULL
         ORDER BY p.department_id, p.id`,
        [periodId, unitId],
      );
      return toApprovedScores(found);
    },
  };
}
