/**
 * The proctor's side of the exam room (seed 001, issue 15 item 4), as services over `tx`: signing in with the room's
 * proctor code, the room's live view (who is in, online, how far, time left) and the time added for an incident.
 * Why apart from the candidate's exam-service.ts: a different person, a different page, the same attempts.
 */
import { checkExtension, MINUTE, timeState, type TimeExtension } from '../contest/timekeeping.js';
import type { CandidateRecord } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { refuse, type ContestCatalogue, type ContestOutcome } from './catalogue.js';
import { sameHash, submitAtDeadline } from './exam-service.js';
import { hashRoomCode } from './registration-service.js';

/** The proctor of a room signed in with their code, or a refusal. */
export async function proctorOf(
  tx: Tx,
  input: { contestId: string; roomId: string; code: string },
): Promise<ContestOutcome<{ personId: number; roomName: string }>> {
  const run = await tx.contest.getRun(input.contestId);
  const room = run?.rooms.find((r) => r.id === input.roomId);
  const hash = hashRoomCode(input.code);
  const proctor = room?.proctors.find((p) => sameHash(p.codeHash, hash));
  if (!room || !proctor) return refuse('Mã cán bộ coi thi không đúng với phòng thi này.');
  return { ok: true, personId: proctor.personId, roomName: room.name };
}

/** One row of the proctor's live view. */
export interface RoomRow {
  candidateNumber: string;
  fullName: string;
  unitName: string;
  seat: number;
  status: 'not-started' | 'in-progress' | 'submitted' | 'timed-out';
  /** The page was seen in the last minute (signed in, answered or pinged). */
  online: boolean;
  answered: number;
  remainingMs: number;
  addedMinutes: number;
}

export interface RoomView {
  roomId: string;
  roomName: string;
  questionCount: number | null;
  rows: RoomRow[];
}

/** The room as the proctor sees it, live. */
export async function roomView(tx: Tx, catalogue: ContestCatalogue, input: { contestId: string; roomId: string; now: number }): Promise<RoomView> {
  const run = await tx.contest.getRun(input.contestId);
  const room = run?.rooms.find((r) => r.id === input.roomId);
  const candidates = (await tx.contest.candidates(input.contestId)).filter((c) => c.roomId === input.roomId);
  const attempts = new Map((await tx.contest.attemptsOf(input.contestId)).map((a) => [a.candidateNumber, a]));
  const counts = await tx.contest.answerCounts(input.contestId);
  const contest = catalogue.contests.get(input.contestId);
  const quotas = contest?.theory.topicQuotas.value;
  const rows: RoomRow[] = [];
  for (const c of candidates.sort((a, b) => a.seat - b.seat)) {
    const a = attempts.get(c.candidateNumber);
    if (!a) {
      rows.push({ candidateNumber: c.candidateNumber, fullName: c.fullName, unitName: c.unitName, seat: c.seat, status: 'not-started', online: false, answered: 0, remainingMs: 0, addedMinutes: 0 });
      continue;
    }
    const running = a.submittedAt === null && input.now < a.deadlineAt;
    const status = running ? 'in-progress' : a.submittedBy === 'candidate' ? 'submitted' : 'timed-out';
    rows.push({
      candidateNumber: c.candidateNumber,
      fullName: c.fullName,
      unitName: c.unitName,
      seat: c.seat,
      status,
      online: running && a.lastSeenAt !== null && input.now - a.lastSeenAt < MINUTE,
      answered: counts.get(a.id) ?? 0,
      remainingMs: running ? a.deadlineAt - input.now : 0,
      addedMinutes: Math.round((a.deadlineAt - a.startedAt) / MINUTE) - a.durationMinutes,
    });
  }
  return {
    roomId: input.roomId,
    roomName: room?.name ?? input.roomId,
    questionCount: quotas ? Object.values(quotas).reduce((x, y) => x + y, 0) : null,
    rows,
  };
}

/**
 * A proctor adds time to a candidate of their room for an incident (máy hỏng, mất điện…), with a reason. Audited.
 * Refused after the attempt ended (added time cannot reopen it) and for a candidate of another room.
 */
export async function addTime(
  tx: Tx,
  input: { contestId: string; candidateNumber: string; minutes: number; reason: string; proctorId: number; roomId: string; now: number },
): Promise<ContestOutcome<{ deadlineAt: number }>> {
  const candidate: CandidateRecord | null = await tx.contest.candidate(input.contestId, input.candidateNumber);
  if (!candidate || candidate.roomId !== input.roomId) return refuse(`Thí sinh ${input.candidateNumber} không thi ở phòng này.`);
  const attempt = await tx.contest.attempt(input.contestId, candidate.candidateNumber);
  if (!attempt) return refuse(`Thí sinh ${candidate.candidateNumber} chưa vào thi; thời gian chỉ tính từ lúc bắt đầu làm bài.`);
  const extensions: TimeExtension[] = (await tx.contest.extensions(attempt.id)).map((e) => ({ minutes: e.minutes, reason: e.reason, by: String(e.byPersonId), at: e.at }));
  const clock = { startedAt: attempt.startedAt, durationMinutes: attempt.durationMinutes, extensions, submittedAt: attempt.submittedAt ?? undefined };
  const extension: TimeExtension = { minutes: input.minutes, reason: input.reason.trim(), by: String(input.proctorId), at: input.now };
  const problem = checkExtension(clock, extension);
  if (problem) {
    if (attempt.submittedAt === null && input.now >= attempt.deadlineAt) await submitAtDeadline(tx, attempt);
    return refuse(problem);
  }
  await tx.contest.addExtension({ attemptId: attempt.id, minutes: input.minutes, reason: extension.reason, byPersonId: input.proctorId, at: input.now });
  const deadlineAt = timeState({ ...clock, extensions: [...extensions, extension] }, input.now).deadline;
  await tx.contest.setDeadline(attempt.id, deadlineAt);
  await tx.audit.record({
    at: input.now,
    unitId: candidate.unitId,
    actorPersonId: input.proctorId,
    channel: 'exam',
    action: 'contest_add_time',
    entityType: 'contest_attempt',
    entityId: String(attempt.id),
    subjectPersonId: candidate.personId,
    before: { deadlineAt: attempt.deadlineAt },
    after: { deadlineAt, minutes: input.minutes },
    reason: extension.reason,
  });
  return { ok: true, deadlineAt };
}
