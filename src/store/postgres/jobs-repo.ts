/**
 * PostgreSQL: job runs, reminder deliveries and the reminder jobs' period snapshot (see repositories.ts for what
 * differs from SQLite). The same statements as `src/store/sqlite/jobs-repo.ts`; a slot's exactly-once claim is the
 * primary key of `job_runs` (`INSERT … ON CONFLICT DO NOTHING`), which holds across instances too.
 */
import type { JobRepository, SlotKey } from '../jobs.js';
import { toDeliveryViews, toReminderSnapshot, toRunStatus, toSlots } from '../shared/job-rows.js';
import { type Client, rows, statementName } from './pg-query.js';

const KEY = 'job_name = $1 AND unit_id = $2 AND slot = $3';

export function jobRepository(c: Client): JobRepository {
  const key = (s: SlotKey) => [s.job, s.unitId, s.slot];
  const changed = async (name: string, text: string, values: unknown[]): Promise<number> => {
    const result = await c.query({ name: statementName(`jobs_${name}`), text, values });
    return result.rowCount ?? 0;
  };
  return {
    async claimRun(slot, now, owner) {
      const n = await changed(
        'claim_owned',
        `INSERT INTO job_runs (job_name, unit_id, slot, status, started_at, claimed_by, heartbeat_at)
         VALUES ($1, $2, $3, 'running', $4, $5, $4) ON CONFLICT DO NOTHING`,
        [...key(slot), now, owner],
      );
      return n === 1;
    },
    async takeOverRun(slot, owner, now, staleBefore) {
      const n = await changed(
        'take_over',
        `UPDATE job_runs SET claimed_by = $4, heartbeat_at = $5 WHERE ${KEY} AND status = 'running'
           AND (claimed_by IS NULL OR claimed_by = $4 OR heartbeat_at IS NULL OR heartbeat_at < $6)`,
        [...key(slot), owner, now, staleBefore],
      );
      return n === 1;
    },
    async heartbeat(slot, owner, now) {
      const n = await changed('heartbeat', `UPDATE job_runs SET heartbeat_at = $5 WHERE ${KEY} AND status = 'running' AND claimed_by = $4`, [
        ...key(slot),
        owner,
        now,
      ]);
      return n === 1;
    },
    async runStatus(slot) {
      const [row] = await rows(c, 'jobs_status', `SELECT status FROM job_runs WHERE ${KEY}`, key(slot));
      return row ? toRunStatus(row.status) : null;
    },
    async finishRun(slot, status, detail, now, owner) {
      const n = await changed(
        'finish_owned',
        `UPDATE job_runs SET status = $4, finished_at = $5, detail = $6::jsonb WHERE ${KEY} AND status = 'running' AND claimed_by = $7`,
        [...key(slot), status, now, JSON.stringify(detail ?? null), owner],
      );
      return n === 1;
    },
    async skipRun(slot, detail, now) {
      const n = await changed(
        'skip',
        `INSERT INTO job_runs (job_name, unit_id, slot, status, started_at, finished_at, detail)
         VALUES ($1, $2, $3, 'skipped', $4, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
        [...key(slot), now, JSON.stringify(detail ?? null)],
      );
      return n === 1;
    },
    async skippedSlots(unitId, jobs, from, to) {
      if (jobs.length === 0) return [];
      const found = await rows(
        c,
        'jobs_skipped',
        `SELECT job_name, slot FROM job_runs WHERE unit_id = $1 AND status = 'skipped' AND job_name = ANY($2::text[])
         AND slot >= $3 AND slot <= $4 ORDER BY slot, job_name COLLATE "C"`,
        [unitId, [...jobs], from, to],
      );
      return toSlots(found);
    },
    async hasDelivery(slot, personId) {
      return (await rows(c, 'jobs_has_delivery', `SELECT 1 FROM reminder_deliveries WHERE ${KEY} AND person_id = $4`, [...key(slot), personId])).length > 0;
    },
    async recordDelivery(slot, d, now) {
      await changed(
        'record',
        `INSERT INTO reminder_deliveries (job_name, unit_id, slot, person_id, outcome, channel, outbox_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [...key(slot), d.personId, d.outcome, d.channel ?? null, d.outboxId ?? null, now],
      );
    },
    async deliveries(unitId, jobs, from, to) {
      if (jobs.length === 0) return [];
      const found = await rows(
        c,
        'jobs_deliveries',
        `SELECT d.person_id, p.full_name, p.department_id, d.job_name, d.slot, d.outcome, o.status AS outbox_status, o.last_error AS outbox_error
         FROM reminder_deliveries d JOIN people p ON p.id = d.person_id LEFT JOIN outbox o ON o.id = d.outbox_id
         WHERE d.unit_id = $1 AND d.job_name = ANY($2::text[]) AND d.slot >= $3 AND d.slot <= $4
         ORDER BY d.slot, d.person_id`,
        [unitId, [...jobs], from, to],
      );
      return toDeliveryViews(found);
    },
    async reminderSnapshot(unitId, periodId) {
      const [people, submissions, openAnswers, departments, lists] = [
        await rows(
          c,
          'jobs_snapshot_people',
          `SELECT p.id, p.full_name, p.department_id, r.role FROM people p LEFT JOIN person_roles r ON r.person_id = p.id
           WHERE p.unit_id = $1 AND p.active ORDER BY p.id, r.role COLLATE "C"`,
          [unitId],
        ),
        await rows(c, 'jobs_snapshot_submissions', 'SELECT id, person_id, status, return_reason FROM submissions WHERE period_id = $1 ORDER BY id', [
          periodId,
        ]),
        await rows(
          c,
          'jobs_snapshot_answers',
          `SELECT a.submission_id, a.criterion_id, COALESCE(a.reviewed_value, a.value)::text AS value FROM answers a
           JOIN submissions s ON s.id = a.submission_id
           WHERE s.period_id = $1 AND s.status IN ('draft', 'returned') ORDER BY a.id`,
          [periodId],
        ),
        await rows(c, 'jobs_snapshot_departments', 'SELECT id, name, leader_in_charge_id FROM departments WHERE unit_id = $1 ORDER BY id', [unitId]),
        await rows(
          c,
          'jobs_snapshot_lists',
          'SELECT department_id, status, leader_comment FROM department_lists WHERE period_id = $1 ORDER BY department_id',
          [periodId],
        ),
      ];
      return toReminderSnapshot({ people, submissions, openAnswers, departments, lists });
    },
  };
}
