/** The leaders' contest ({@link ContestRepository}): tables `contest_*`. */
import type Database from 'better-sqlite3';
import type { ContestRepository } from '../contest.js';
import { attemptOf, candidateOf, markOf, registrationOf, resultOf, runOf } from '../shared/contest-rows.js';
import { int, str } from '../shared/row-check.js';

const json = (value: unknown): string => JSON.stringify(value);

type Row = Record<string, unknown>;

export function createContestRepository(c: Database.Database): ContestRepository {
  const s = {
    getRun: c.prepare('SELECT * FROM contest_runs WHERE contest_id = ?'),
    saveRun: c.prepare(
      `INSERT INTO contest_runs (contest_id, status, bank_id, units, board_members, rooms, opened_at, closed_at)
       VALUES (@contestId, @status, @bankId, @units, @boardMembers, @rooms, @openedAt, @closedAt)
       ON CONFLICT (contest_id) DO UPDATE SET status = excluded.status, bank_id = excluded.bank_id, units = excluded.units,
         board_members = excluded.board_members, rooms = excluded.rooms, opened_at = excluded.opened_at, closed_at = excluded.closed_at`,
    ),
    deleteUnitRegs: c.prepare('DELETE FROM contest_registrations WHERE contest_id = ? AND unit_id = ?'),
    insertReg: c.prepare(
      `INSERT INTO contest_registrations (contest_id, unit_id, person_id, full_name, position_id, submitted_by_id, channel, submitted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    registrations: c.prepare('SELECT * FROM contest_registrations WHERE contest_id = ? ORDER BY id'),
    insertCandidate: c.prepare(
      `INSERT INTO contest_candidates (contest_id, candidate_number, person_id, full_name, unit_id, unit_name, level, position_id, room_id, seat)
       VALUES (@contestId, @candidateNumber, @personId, @fullName, @unitId, @unitName, @level, @positionId, @roomId, @seat)`,
    ),
    candidates: c.prepare('SELECT * FROM contest_candidates WHERE contest_id = ? ORDER BY candidate_number'),
    candidate: c.prepare('SELECT * FROM contest_candidates WHERE contest_id = ? AND candidate_number = ?'),
    createAttempt: c.prepare(
      `INSERT INTO contest_attempts (contest_id, candidate_number, seed, bank_id, bank_fingerprint, started_at, duration_minutes, deadline_at, session_hash)
       VALUES (@contestId, @candidateNumber, @seed, @bankId, @bankFingerprint, @startedAt, @durationMinutes, @deadlineAt, @sessionHash) RETURNING *`,
    ),
    attempt: c.prepare('SELECT * FROM contest_attempts WHERE contest_id = ? AND candidate_number = ?'),
    attemptById: c.prepare('SELECT * FROM contest_attempts WHERE id = ?'),
    attemptsOf: c.prepare('SELECT * FROM contest_attempts WHERE contest_id = ? ORDER BY candidate_number'),
    setSession: c.prepare('UPDATE contest_attempts SET session_hash = ?, last_seen_at = ? WHERE id = ?'),
    setDeadline: c.prepare('UPDATE contest_attempts SET deadline_at = ? WHERE id = ?'),
    submit: c.prepare('UPDATE contest_attempts SET submitted_at = ?, submitted_by = ? WHERE id = ? AND submitted_at IS NULL'),
    overdue: c.prepare('SELECT * FROM contest_attempts WHERE submitted_at IS NULL AND deadline_at <= ? ORDER BY deadline_at, id LIMIT ?'),
    saveAnswer: c.prepare(
      `INSERT INTO contest_answers (attempt_id, question_number, label, answered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (attempt_id, question_number) DO UPDATE SET label = excluded.label, answered_at = excluded.answered_at`,
    ),
    touch: c.prepare('UPDATE contest_attempts SET last_seen_at = ? WHERE id = ?'),
    answers: c.prepare('SELECT question_number, label, answered_at FROM contest_answers WHERE attempt_id = ? ORDER BY question_number'),
    answerCounts: c.prepare(
      `SELECT a.id AS attempt_id, COUNT(x.question_number) AS n FROM contest_attempts a
       LEFT JOIN contest_answers x ON x.attempt_id = a.id WHERE a.contest_id = ? GROUP BY a.id`,
    ),
    addExtension: c.prepare('INSERT INTO contest_time_extensions (attempt_id, minutes, reason, by_person_id, at) VALUES (?, ?, ?, ?, ?)'),
    extensions: c.prepare('SELECT attempt_id, minutes, reason, by_person_id, at FROM contest_time_extensions WHERE attempt_id = ? ORDER BY at, id'),
    saveMark: c.prepare(
      `INSERT INTO contest_practical_marks (contest_id, candidate_number, kind, by_person_id, points, reason, at)
       VALUES (@contestId, @candidateNumber, @kind, @byPersonId, @points, @reason, @at)
       ON CONFLICT (contest_id, candidate_number, kind, by_person_id) DO UPDATE SET points = excluded.points, reason = excluded.reason, at = excluded.at`,
    ),
    marks: c.prepare('SELECT * FROM contest_practical_marks WHERE contest_id = ? ORDER BY candidate_number, kind, at, by_person_id'),
    deleteResults: c.prepare('DELETE FROM contest_results WHERE contest_id = ?'),
    insertResult: c.prepare(
      `INSERT INTO contest_results (contest_id, candidate_number, person_id, unit_id, level, attendance, figures, below_threshold, rank, computed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    results: c.prepare('SELECT * FROM contest_results WHERE contest_id = ? ORDER BY candidate_number'),
  };
  return {
    async getRun(contestId) {
      const row = s.getRun.get(contestId) as Row | undefined;
      return row ? runOf(row) : null;
    },
    async saveRun(run) {
      s.saveRun.run({ ...run, units: json(run.units), boardMembers: json(run.boardMembers), rooms: json(run.rooms) });
    },
    async replaceUnitRegistrations(contestId, unitId, rows) {
      s.deleteUnitRegs.run(contestId, unitId);
      for (const r of rows) s.insertReg.run(contestId, unitId, r.personId, r.fullName, r.positionId, r.submittedById, r.channel, r.submittedAt);
    },
    async registrations(contestId) {
      return (s.registrations.all(contestId) as Row[]).map(registrationOf);
    },
    async insertCandidates(rows) {
      for (const r of rows) s.insertCandidate.run(r);
    },
    async candidates(contestId) {
      return (s.candidates.all(contestId) as Row[]).map(candidateOf);
    },
    async candidate(contestId, candidateNumber) {
      const row = s.candidate.get(contestId, candidateNumber) as Row | undefined;
      return row ? candidateOf(row) : null;
    },
    async createAttempt(attempt) {
      return attemptOf(s.createAttempt.get(attempt) as Row);
    },
    async attempt(contestId, candidateNumber) {
      const row = s.attempt.get(contestId, candidateNumber) as Row | undefined;
      return row ? attemptOf(row) : null;
    },
    async attemptById(id) {
      const row = s.attemptById.get(id) as Row | undefined;
      return row ? attemptOf(row) : null;
    },
    async attemptsOf(contestId) {
      return (s.attemptsOf.all(contestId) as Row[]).map(attemptOf);
    },
    async setSession(attemptId, sessionHash, at) {
      s.setSession.run(sessionHash, at, attemptId);
    },
    async setDeadline(attemptId, deadlineAt) {
      s.setDeadline.run(deadlineAt, attemptId);
    },
    async touch(attemptId, at) {
      s.touch.run(at, attemptId);
    },
    async submit(attemptId, at, by) {
      return s.submit.run(at, by, attemptId).changes === 1;
    },
    async overdue(now, limit) {
      return (s.overdue.all(now, limit) as Row[]).map(attemptOf);
    },
    async saveAnswer(attemptId, questionNumber, label, at) {
      s.saveAnswer.run(attemptId, questionNumber, label, at);
      s.touch.run(at, attemptId);
    },
    async answers(attemptId) {
      return (s.answers.all(attemptId) as Row[]).map((r) => ({
        questionNumber: int(r.question_number, 'question_number'),
        label: str(r.label, 'label'),
        answeredAt: int(r.answered_at, 'answered_at'),
      }));
    },
    async answerCounts(contestId) {
      return new Map((s.answerCounts.all(contestId) as Row[]).map((r) => [int(r.attempt_id, 'attempt_id'), int(r.n, 'n')]));
    },
    async addExtension(e) {
      s.addExtension.run(e.attemptId, e.minutes, e.reason, e.byPersonId, e.at);
    },
    async extensions(attemptId) {
      return (s.extensions.all(attemptId) as Row[]).map((r) => ({
        attemptId: int(r.attempt_id, 'attempt_id'),
        minutes: int(r.minutes, 'minutes'),
        reason: str(r.reason, 'reason'),
        byPersonId: int(r.by_person_id, 'by_person_id'),
        at: int(r.at, 'at'),
      }));
    },
    async saveMark(mark) {
      s.saveMark.run(mark);
    },
    async marks(contestId) {
      return (s.marks.all(contestId) as Row[]).map(markOf);
    },
    async replaceResults(contestId, rows) {
      s.deleteResults.run(contestId);
      for (const r of rows) {
        s.insertResult.run(r.contestId, r.candidateNumber, r.personId, r.unitId, r.level, r.attendance, r.figures === null ? null : json(r.figures), r.belowThreshold ? 1 : 0, r.rank, r.computedAt);
      }
    },
    async results(contestId) {
      return (s.results.all(contestId) as Row[]).map(resultOf);
    },
  };
}
