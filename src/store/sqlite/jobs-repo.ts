/**
 * Job runs, reminder deliveries and the reminder jobs' period snapshot ({@link JobRepository}) on prepared
 * statements. Plain SQL that PostgreSQL runs too (`ON CONFLICT … DO NOTHING`, `IN (…)` lists built per call).
 */
import type Database from 'better-sqlite3';
import type { JobRepository, SlotKey } from '../jobs.js';
import { toDeliveryViews, toReminderSnapshot, toRunStatus, toSlots } from '../shared/job-rows.js';

const KEY = 'job_name = ? AND unit_id = ? AND slot = ?';

export function createJobRepository(c: Database.Database): JobRepository {
  const claim = c.prepare(
    `INSERT INTO job_runs (job_name, unit_id, slot, status, started_at, claimed_by, heartbeat_at)
     VALUES (?, ?, ?, 'running', ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const takeOver = c.prepare(
    `UPDATE job_runs SET claimed_by = ?, heartbeat_at = ? WHERE ${KEY} AND status = 'running'
       AND (claimed_by IS NULL OR claimed_by = ? OR heartbeat_at IS NULL OR heartbeat_at < ?)`,
  );
  const beat = c.prepare(`UPDATE job_runs SET heartbeat_at = ? WHERE ${KEY} AND status = 'running' AND claimed_by = ?`);
  const status = c.prepare(`SELECT status FROM job_runs WHERE ${KEY}`).pluck();
  const finish = c.prepare(`UPDATE job_runs SET status = ?, finished_at = ?, detail = ? WHERE ${KEY} AND status = 'running' AND claimed_by = ?`);
  const skip = c.prepare(
    `INSERT INTO job_runs (job_name, unit_id, slot, status, started_at, finished_at, detail)
     VALUES (?, ?, ?, 'skipped', ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const hasDelivery = c.prepare(`SELECT 1 FROM reminder_deliveries WHERE ${KEY} AND person_id = ?`).pluck();
  const record = c.prepare(
    `INSERT INTO reminder_deliveries (job_name, unit_id, slot, person_id, outcome, channel, outbox_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const people = c.prepare(
    `SELECT p.id, p.full_name, p.department_id, r.role FROM people p LEFT JOIN person_roles r ON r.person_id = p.id
     WHERE p.unit_id = ? AND p.active = 1 ORDER BY p.id`,
  );
  const submissions = c.prepare('SELECT id, person_id, status, return_reason FROM submissions WHERE period_id = ? ORDER BY id');
  const openAnswers = c.prepare(
    `SELECT a.submission_id, a.criterion_id, COALESCE(a.reviewed_value, a.value) AS value FROM answers a
     JOIN submissions s ON s.id = a.submission_id
     WHERE s.period_id = ? AND s.status IN ('draft', 'returned') ORDER BY a.id`,
  );
  const departments = c.prepare('SELECT id, name, leader_in_charge_id FROM departments WHERE unit_id = ? ORDER BY id');
  const lists = c.prepare('SELECT department_id, status, leader_comment FROM department_lists WHERE period_id = ? ORDER BY department_id');
  const key = (s: SlotKey) => [s.job, s.unitId, s.slot] as const;
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

  return {
    async claimRun(slot, now, owner) {
      return claim.run(...key(slot), now, owner, now).changes === 1;
    },
    async takeOverRun(slot, owner, now, staleBefore) {
      return takeOver.run(owner, now, ...key(slot), owner, staleBefore).changes === 1;
    },
    async heartbeat(slot, owner, now) {
      return beat.run(now, ...key(slot), owner).changes === 1;
    },
    async runStatus(slot) {
      const value: unknown = status.get(...key(slot));
      return value === undefined ? null : toRunStatus(value);
    },
    async finishRun(slot, runStatus, detail, now, owner) {
      return finish.run(runStatus, now, JSON.stringify(detail ?? null), ...key(slot), owner).changes === 1;
    },
    async skipRun(slot, detail, now) {
      return skip.run(...key(slot), now, now, JSON.stringify(detail ?? null)).changes === 1;
    },
    async skippedSlots(unitId, jobs, from, to) {
      if (jobs.length === 0) return [];
      const rows = c
        .prepare(
          `SELECT job_name, slot FROM job_runs WHERE unit_id = ? AND status = 'skipped' AND job_name IN (${placeholders(jobs.length)})
           AND slot >= ? AND slot <= ? ORDER BY slot, job_name`,
        )
        .all(unitId, ...jobs, from, to);
      return toSlots(rows);
    },
    async hasDelivery(slot, personId) {
      return hasDelivery.get(...key(slot), personId) !== undefined;
    },
    async recordDelivery(slot, d, now) {
      record.run(...key(slot), d.personId, d.outcome, d.channel ?? null, d.outboxId ?? null, now);
    },
    async deliveries(unitId, jobs, from, to) {
      if (jobs.length === 0) return [];
      const rows = c
        .prepare(
          `SELECT d.person_id, p.full_name, p.department_id, d.job_name, d.slot, d.outcome, o.status AS outbox_status, o.last_error AS outbox_error
           FROM reminder_deliveries d JOIN people p ON p.id = d.person_id LEFT JOIN outbox o ON o.id = d.outbox_id
           WHERE d.unit_id = ? AND d.job_name IN (${placeholders(jobs.length)}) AND d.slot >= ? AND d.slot <= ?
           ORDER BY d.slot, d.person_id`,
        )
        .all(unitId, ...jobs, from, to);
      return toDeliveryViews(rows);
    },
    async reminderSnapshot(unitId, periodId) {
      return toReminderSnapshot({
        people: people.all(unitId),
        submissions: submissions.all(periodId),
        openAnswers: openAnswers.all(periodId),
        departments: departments.all(unitId),
        lists: lists.all(periodId),
      });
    },
  };
}
