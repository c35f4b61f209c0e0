/**
 * Row mappers of the contest tables, shared by the SQLite and PostgreSQL repositories: JSON columns arrive as text
 * (SQLite) or parsed (jsonb), booleans as 0/1 or true/false; everything else is the same.
 */
import { z } from 'zod';
import {
  contestBoardMemberSchema,
  contestRoomSchema,
  contestRunUnitSchema,
  resultFiguresSchema,
  type AttemptRecord,
  type CandidateRecord,
  type ContestResultRecord,
  type ContestRunRecord,
  type PracticalMarkRecord,
  type RegistrationRecord,
} from '../contest.js';
import { int, intOrNull, oneOf, str, strOrNull } from './row-check.js';

const LEVELS = ['city', 'district', 'commune'] as const;
const parsed = <T>(schema: z.ZodType<T>, value: unknown): T => schema.parse(typeof value === 'string' ? JSON.parse(value) : value);

export function runOf(r: Record<string, unknown>): ContestRunRecord {
  return {
    contestId: str(r.contest_id, 'contest_id'),
    status: oneOf(r.status, ['registration', 'closed'], 'status'),
    bankId: strOrNull(r.bank_id, 'bank_id'),
    units: parsed(z.array(contestRunUnitSchema), r.units),
    boardMembers: parsed(z.array(contestBoardMemberSchema), r.board_members),
    rooms: parsed(z.array(contestRoomSchema), r.rooms),
    openedAt: int(r.opened_at, 'opened_at'),
    closedAt: intOrNull(r.closed_at, 'closed_at'),
  };
}

export function registrationOf(r: Record<string, unknown>): RegistrationRecord {
  return {
    contestId: str(r.contest_id, 'contest_id'),
    unitId: str(r.unit_id, 'unit_id'),
    personId: int(r.person_id, 'person_id'),
    fullName: str(r.full_name, 'full_name'),
    positionId: str(r.position_id, 'position_id'),
    submittedById: intOrNull(r.submitted_by_id, 'submitted_by_id'),
    channel: str(r.channel, 'channel'),
    submittedAt: int(r.submitted_at, 'submitted_at'),
  };
}

export function candidateOf(r: Record<string, unknown>): CandidateRecord {
  return {
    contestId: str(r.contest_id, 'contest_id'),
    candidateNumber: str(r.candidate_number, 'candidate_number'),
    personId: int(r.person_id, 'person_id'),
    fullName: str(r.full_name, 'full_name'),
    unitId: str(r.unit_id, 'unit_id'),
    unitName: str(r.unit_name, 'unit_name'),
    level: oneOf(r.level, LEVELS, 'level'),
    positionId: str(r.position_id, 'position_id'),
    roomId: str(r.room_id, 'room_id'),
    seat: int(r.seat, 'seat'),
  };
}

export function attemptOf(r: Record<string, unknown>): AttemptRecord {
  return {
    id: int(r.id, 'id'),
    contestId: str(r.contest_id, 'contest_id'),
    candidateNumber: str(r.candidate_number, 'candidate_number'),
    seed: int(r.seed, 'seed'),
    bankId: str(r.bank_id, 'bank_id'),
    bankFingerprint: int(r.bank_fingerprint, 'bank_fingerprint'),
    startedAt: int(r.started_at, 'started_at'),
    durationMinutes: int(r.duration_minutes, 'duration_minutes'),
    deadlineAt: int(r.deadline_at, 'deadline_at'),
    submittedAt: intOrNull(r.submitted_at, 'submitted_at'),
    submittedBy: r.submitted_by === null ? null : oneOf(r.submitted_by, ['candidate', 'timeout'] as const, 'submitted_by'),
    sessionHash: strOrNull(r.session_hash, 'session_hash'),
    lastSeenAt: intOrNull(r.last_seen_at, 'last_seen_at'),
  };
}

export function markOf(r: Record<string, unknown>): PracticalMarkRecord {
  return {
    contestId: str(r.contest_id, 'contest_id'),
    candidateNumber: str(r.candidate_number, 'candidate_number'),
    kind: oneOf(r.kind, ['mark', 'decision'], 'kind'),
    byPersonId: int(r.by_person_id, 'by_person_id'),
    points: z.number().parse(r.points),
    reason: strOrNull(r.reason, 'reason'),
    at: int(r.at, 'at'),
  };
}

export function resultOf(r: Record<string, unknown>): ContestResultRecord {
  return {
    contestId: str(r.contest_id, 'contest_id'),
    candidateNumber: str(r.candidate_number, 'candidate_number'),
    personId: int(r.person_id, 'person_id'),
    unitId: str(r.unit_id, 'unit_id'),
    level: str(r.level, 'level'),
    attendance: oneOf(r.attendance, ['present', 'absent'], 'attendance'),
    figures: r.figures === null ? null : parsed(resultFiguresSchema, r.figures),
    belowThreshold: r.below_threshold === true || r.below_threshold === 1,
    rank: intOrNull(r.rank, 'rank'),
    computedAt: int(r.computed_at, 'computed_at'),
  };
}
