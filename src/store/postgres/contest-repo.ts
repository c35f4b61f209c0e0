/** PostgreSQL: the leaders' contest (see repositories.ts for what differs from SQLite). */
import type { ContestRepository } from '../contest.js';
import { attemptOf, candidateOf, markOf, registrationOf, resultOf, runOf } from '../shared/contest-rows.js';
import { int, str } from '../shared/row-check.js';
import { type Client, rows } from './pg-query.js';

const json = (value: unknown): string => JSON.stringify(value);

export function contestRepository(c: Client): ContestRepository {
  return {
    async getRun(contestId) {
      const [row] = await rows(c, 'contest_run', 'SELECT * FROM contest_runs WHERE contest_id = $1', [contestId]);
      return row ? runOf(row) : null;
    },
    async saveRun(run) {
      await rows(
        c,
        'contest_run_save',
        `INSERT INTO contest_runs (contest_id, status, bank_id, units, board_members, rooms, opened_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (contest_id) DO UPDATE SET status = excluded.status, bank_id = excluded.bank_id, units = excluded.units,
           board_members = excluded.board_members, rooms = excluded.rooms, opened_at = excluded.opened_at, closed_at = excluded.closed_at`,
        [run.contestId, run.status, run.bankId, json(run.units), json(run.boardMembers), json(run.rooms), run.openedAt, run.closedAt],
      );
    },
    async replaceUnitRegistrations(contestId, unitId, list) {
      await rows(c, 'contest_regs_delete', 'DELETE FROM contest_registrations WHERE contest_id = $1 AND unit_id = $2', [contestId, unitId]);
      for (const r of list) {
        await rows(
          c,
          'contest_reg_insert',
          `INSERT INTO contest_registrations (contest_id, unit_id, person_id, full_name, position_id, submitted_by_id, channel, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [contestId, unitId, r.personId, r.fullName, r.positionId, r.submittedById, r.channel, r.submittedAt],
        );
      }
    },
    async registrations(contestId) {
      return (await rows(c, 'contest_regs', 'SELECT * FROM contest_registrations WHERE contest_id = $1 ORDER BY id', [contestId])).map(registrationOf);
    },
    async insertCandidates(list) {
      for (const r of list) {
        await rows(
          c,
          'contest_candidate_insert',
          `INSERT INTO contest_candidates (contest_id, candidate_number, person_id, full_name, unit_id, unit_name, level, position_id, room_id, seat)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [r.contestId, r.candidateNumber, r.personId, r.fullName, r.unitId, r.unitName, r.level, r.positionId, r.roomId, r.seat],
        );
      }
    },
    async candidates(contestId) {
      return (
        await rows(c, 'contest_candidates', 'SELECT * FROM contest_candidates WHERE contest_id = $1 ORDER BY candidate_number COLLATE "C"', [contestId])
      ).map(candidateOf);
    },
    async candidate(contestId, candidateNumber) {
      const [row] = await rows(c, 'contest_candidate', 'SELECT * FROM contest_candidates WHERE contest_id = $1 AND candidate_number = $2', [
        contestId,
        candidateNumber,
      ]);
      return row ? candidateOf(row) : null;
    },
    async createAttempt(a) {
      const [row] = await rows(
        c,
        'contest_attempt_create',
        `INSERT INTO contest_attempts (contest_id, candidate_number, seed, bank_id, bank_fingerprint, started_at, duration_minutes, deadline_at, session_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [a.contestId, a.candidateNumber, a.seed, a.bankId, a.bankFingerprint, a.startedAt, a.durationMinutes, a.deadlineAt, a.sessionHash],
      );
      if (!row) throw new Error('contest attempt: INSERT returned no row');
      return attemptOf(row);
    },
    async attempt(contestId, candidateNumber) {
      const [row] = await rows(c, 'contest_attempt', 'SELECT * FROM contest_attempts WHERE contest_id = $1 AND candidate_number = $2', [
        contestId,
        candidateNumber,
      ]);
      return row ? attemptOf(row) : null;
    },
    async attemptById(id) {
      const [row] = await rows(c, 'contest_attempt_by_id', 'SELECT * FROM contest_attempts WHERE id = $1', [id]);
      return row ? attemptOf(row) : null;
    },
    async attemptsOf(contestId) {
      return (
        await rows(c, 'contest_attempts_of', 'SELECT * FROM contest_attempts WHERE contest_id = $1 ORDER BY candidate_number COLLATE "C"', [contestId])
      ).map(attemptOf);
    },
    async setSession(attemptId, sessionHash, at) {
      await rows(c, 'contest_attempt_session', 'UPDATE contest_attempts SET session_hash = $1, last_seen_at = $2 WHERE id = $3', [sessionHash, at, attemptId]);
    },
    async setDeadline(attemptId, deadlineAt) {
      await rows(c, 'contest_attempt_deadline', 'UPDATE contest_attempts SET deadline_at = $1 WHERE id = $2', [deadlineAt, attemptId]);
    },
    async touch(attemptId, at) {
      await rows(c, 'contest_attempt_touch', 'UPDATE contest_attempts SET last_seen_at = $1 WHERE id = $2', [at, attemptId]);
    },
    async submit(attemptId, at, by) {
      const result = await c.query({
        name: 'thidua_contest_attempt_submit',
        text: 'UPDATE contest_attempts SET submitted_at = $1, submitted_by = $2 WHERE id = $3 AND submitted_at IS NULL',
        values: [at, by, attemptId],
      });
      return result.rowCount === 1;
    },
    async overdue(now, limit) {
      return (
        await rows(c, 'contest_overdue', 'SELECT * FROM contest_attempts WHERE submitted_at IS NULL AND deadline_at <= $1 ORDER BY deadline_at, id LIMIT $2', [
          now,
          limit,
        ])
      ).map(attemptOf);
    },
    async saveAnswer(attemptId, questionNumber, label, at) {
      await rows(
        c,
        'contest_answer_save',
        `INSERT INTO contest_answers (attempt_id, question_number, label, answered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (attempt_id, question_number) DO UPDATE SET label = excluded.label, answered_at = excluded.answered_at`,
        [attemptId, questionNumber, label, at],
      );
      await rows(c, 'contest_attempt_touch', 'UPDATE contest_attempts SET last_seen_at = $1 WHERE id = $2', [at, attemptId]);
    },
    async answers(attemptId) {
      return (
        await rows(c, 'contest_answers', 'SELECT question_number, label, answered_at FROM contest_answers WHERE attempt_id = $1 ORDER BY question_number', [
          attemptId,
        ])
      ).map((r) => ({ questionNumber: int(r.question_number, 'question_number'), label: str(r.label, 'label'), answeredAt: int(r.answered_at, 'answered_at') }));
    },
    async answerCounts(contestId) {
      const found = await rows(
        c,
        'contest_answer_counts',
        `SELECT a.id AS attempt_id, COUNT(x.question_number)::int AS n FROM contest_attempts a
         LEFT JOIN contest_answers x ON x.attempt_id = a.id WHERE a.contest_id = $1 GROUP BY a.id`,
        [contestId],
      );
      return new Map(found.map((r) => [int(r.attempt_id, 'attempt_id'), int(r.n, 'n')]));
    },
    async addExtension(e) {
      await rows(c, 'contest_extension_add', 'INSERT INTO contest_time_extensions (attempt_id, minutes, reason, by_person_id, at) VALUES ($1, $2, $3, $4, $5)', [
        e.attemptId,
        e.minutes,
        e.reason,
        e.byPersonId,
        e.at,
      ]);
    },
    async extensions(attemptId) {
      return (
        await rows(c, 'contest_extensions', 'SELECT attempt_id, minutes, reason, by_person_id, at FROM contest_time_extensions WHERE attempt_id = $1 ORDER BY at, id', [
          attemptId,
        ])
      ).map((r) => ({
        attemptId: int(r.attempt_id, 'attempt_id'),
        minutes: int(r.minutes, 'minutes'),
        reason: str(r.reason, 'reason'),
        byPersonId: int(r.by_person_id, 'by_person_id'),
        at: int(r.at, 'at'),
      }));
    },
    async saveMark(m) {
      await rows(
        c,
        'contest_mark_save',
        `INSERT INTO contest_practical_marks (contest_id, candidate_number, kind, by_person_id, points, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (contest_id, candidate_number, kind, by_person_id) DO UPDATE SET points = excluded.points, reason = excluded.reason, at = excluded.at`,
        [m.contestId, m.candidateNumber, m.kind, m.byPersonId, m.points, m.reason, m.at],
      );
    },
    async marks(contestId) {
      return (
        await rows(
          c,
          'contest_marks',
          'SELECT * FROM contest_practical_marks WHERE contest_id = $1 ORDER BY candidate_number COLLATE "C", kind COLLATE "C", at, by_person_id',
          [contestId],
        )
      ).map(markOf);
    },
    async replaceResults(contestId, list) {
      await rows(c, 'contest_results_delete', 'DELETE FROM contest_results WHERE contest_id = $1', [contestId]);
      for (const r of list) {
        await rows(
          c,
          'contest_result_insert',
          `INSERT INTO contest_results (contest_id, candidate_number, person_id, unit_id, level, attendance, figures, below_threshold, rank, computed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [r.contestId, r.candidateNumber, r.personId, r.unitId, r.level, r.attendance, r.figures === null ? null : json(r.figures), r.belowThreshold, r.rank, r.computedAt],
        );
      }
    },
    async results(contestId) {
      return (await rows(c, 'contest_results', 'SELECT * FROM contest_results WHERE contest_id = $1 ORDER BY candidate_number COLLATE "C"', [contestId])).map(resultOf);
    },
  };
}
