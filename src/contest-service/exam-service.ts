/**
 * The theory test on the exam room's computers (seed 001, issue 15 item 4), as services over `tx`:
 * sign-in with the candidate number and the room's code, the candidate's state (questions without the key, saved
 * answers, remaining time), saving an answer as it is clicked, submitting, the server's time-out, and the proctor's
 * room view and added time.
 *
 * Why the server keeps the clock: the deadline (start + duration + counted extensions) is stored with the attempt
 * and every request is judged against the server's `now`; a refresh or another computer resumes with the deadline
 * as stored. The drawn test is rebuilt from the attempt's seed (cached in memory by {@link DrawnTests}: it is
 * derived data, so a restart loses nothing).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { candidateView, type CandidateTest } from '../contest/candidate-view.js';
import { bankFingerprint, drawTest, redrawTest, type DrawnTest } from '../contest/draw-test.js';
import { ContestNotSettledError, theoryDurationMinutes } from '../contest/open-values.js';
import { checkExtension, timeState, type TimeExtension } from '../contest/timekeeping.js';
import type { AttemptRecord, CandidateRecord } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { contestOf, refuse, type ContestCatalogue, type ContestOutcome, type ContestRefusal } from './catalogue.js';
import { hashRoomCode } from './registration-service.js';

const MINUTE = 60_000;

/** Rebuilt tests by attempt id (bounded; rebuilt from the seed when evicted). */
export class DrawnTests {
  private readonly byAttempt = new Map<number, DrawnTest>();
  constructor(
    private readonly catalogue: ContestCatalogue,
    private readonly max = 5000,
  ) {}

  /** The attempt's test, rebuilt from its seed (throws when the bank changed since the attempt began). */
  of(attempt: AttemptRecord): DrawnTest {
    const cached = this.byAttempt.get(attempt.id);
    if (cached) return cached;
    const contest = this.catalogue.contests.get(attempt.contestId);
    const bank = this.catalogue.banks.get(attempt.bankId);
    if (!contest || !bank) throw new Error(`contest ${attempt.contestId} or bank ${attempt.bankId} is not loaded`);
    const test = redrawTest(contest, bank, { seed: attempt.seed, bankId: attempt.bankId, bankFingerprint: attempt.bankFingerprint });
    if (this.byAttempt.size >= this.max) {
      const oldest = this.byAttempt.keys().next();
      if (!oldest.done) this.byAttempt.delete(oldest.value);
    }
    this.byAttempt.set(attempt.id, test);
    return test;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const WRONG_SIGN_IN = 'Số báo danh hoặc mã phòng thi không đúng. Anh/chị kiểm tra lại số báo danh và mã phòng do cán bộ coi thi đọc.';

/** Signs a candidate in: starts their one attempt, or resumes it on this computer (a new session replaces the old). */
export async function signIn(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; candidateNumber: string; roomCode: string; now: number },
): Promise<ContestOutcome<{ attemptId: number; token: string; started: boolean }>> {
  const contest = contestOf(catalogue, input.contestId);
  if ('ok' in contest) return contest;
  const run = await tx.contest.getRun(contest.id);
  if (!run || run.status !== 'closed') return refuse('Cuộc thi chưa khoá sổ đăng ký nên chưa có số báo danh; chưa thể vào thi.');
  const candidate = await tx.contest.candidate(contest.id, input.candidateNumber.trim().toUpperCase());
  const room = candidate ? run.rooms.find((r) => r.id === candidate.roomId) : undefined;
  if (!candidate || !room) return refuse(WRONG_SIGN_IN);
  if (room.codeHash === null) return refuse(`${room.name} chưa có mã phòng thi; anh/chị chờ cán bộ coi thi đọc mã.`);
  if (!sameHash(room.codeHash, hashRoomCode(input.roomCode))) return refuse(WRONG_SIGN_IN);

  const token = randomBytes(24).toString('base64url');
  const sessionHash = hashToken(token);
  const existing = await tx.contest.attempt(contest.id, candidate.candidateNumber);
  if (existing) {
    const ended = await endIfOver(tx, existing, input.now);
    if (ended) return ended;
    await tx.contest.setSession(existing.id, sessionHash, input.now);
    return { ok: true, attemptId: existing.id, token, started: false };
  }
  const bank = run.bankId === null ? undefined : catalogue.banks.get(run.bankId);
  if (!bank) return refuse('Chưa có ngân hàng câu hỏi cho cuộc thi; báo Ban Tổ chức.');
  let durationMinutes: number;
  const seed = randomInt(2 ** 32);
  try {
    durationMinutes = theoryDurationMinutes(contest);
    drawTest(contest, bank, seed);
  } catch (error) {
    if (error instanceof ContestNotSettledError || error instanceof RangeError) return refuse(`Chưa thể bắt đầu bài thi: ${error.message}`);
    throw error;
  }
  const attempt = await tx.contest.createAttempt({
    contestId: contest.id,
    candidateNumber: candidate.candidateNumber,
    seed,
    bankId: bank.id,
    bankFingerprint: bankFingerprint(bank),
    startedAt: input.now,
    durationMinutes,
    deadlineAt: input.now + durationMinutes * MINUTE,
    sessionHash,
  });
  await tx.audit.record({
    at: input.now,
    unitId: candidate.unitId,
    channel: 'exam',
    action: 'contest_attempt_start',
    entityType: 'contest_attempt',
    entityId: String(attempt.id),
    subjectPersonId: candidate.personId,
    after: { contestId: contest.id, candidateNumber: candidate.candidateNumber, deadlineAt: attempt.deadlineAt },
  });
  return { ok: true, attemptId: attempt.id, token, started: true };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The attempt of a session (attempt id and token from the page's cookie), or null. */
export async function attemptOfSession(tx: Tx, attemptId: number, token: string): Promise<AttemptRecord | null> {
  const attempt = await tx.contest.attemptById(attemptId);
  if (!attempt?.sessionHash || !sameHash(attempt.sessionHash, hashToken(token))) return null;
  return attempt;
}

/**
 * Submits an attempt whose deadline has passed (submitted at the deadline, by the server) and returns the refusal
 * to give; null while it is still running.
 */
async function endIfOver(tx: Tx, attempt: AttemptRecord, now: number): Promise<ContestRefusal | null> {
  if (attempt.submittedAt !== null) return refuse(ALREADY_SUBMITTED);
  if (now < attempt.deadlineAt) return null;
  await submitAtDeadline(tx, attempt);
  return refuse(TIMED_OUT);
}

const ALREADY_SUBMITTED = 'Anh/chị đã nộp bài thi. Mỗi thí sinh chỉ được thi một lần.';
const TIMED_OUT = 'Đã hết giờ làm bài; bài thi đã được nộp tự động với các câu đã chọn.';

async function submitAtDeadline(tx: Tx, attempt: AttemptRecord): Promise<boolean> {
  const done = await tx.contest.submit(attempt.id, attempt.deadlineAt, 'timeout');
  if (done) {
    await tx.audit.record({ at: attempt.deadlineAt, channel: 'exam', action: 'contest_attempt_timeout', entityType: 'contest_attempt', entityId: String(attempt.id) });
  }
  return done;
}

/** What the candidate's page receives: never the key, the seed, the bank or a question id. */
export interface ExamState {
  candidateNumber: string;
  fullName: string;
  roomName: string;
  status: 'in-progress' | 'submitted' | 'timed-out';
  /** Milliseconds left on the server's clock (0 once ended). */
  remainingMs: number;
  deadlineAt: number;
  questionCount: number;
  answeredCount: number;
  /** The questions, only while the attempt is in progress. */
  test: CandidateTest | null;
  /** Saved answers by question number (display labels). */
  answers: Record<string, string>;
}

/** The candidate's state; submits first when the deadline has passed. */
export async function examState(tx: Tx, tests: DrawnTests, attempt: AttemptRecord, now: number): Promise<ExamState> {
  let current = attempt;
  if (current.submittedAt === null && now >= current.deadlineAt) {
    await submitAtDeadline(tx, current);
    current = (await tx.contest.attemptById(current.id)) ?? current;
  }
  const candidate = await tx.contest.candidate(current.contestId, current.candidateNumber);
  const run = await tx.contest.getRun(current.contestId);
  const roomName = run?.rooms.find((r) => r.id === candidate?.roomId)?.name ?? '';
  const saved = await tx.contest.answers(current.id);
  const test = tests.of(current);
  const running = current.submittedAt === null;
  return {
    candidateNumber: current.candidateNumber,
    fullName: candidate?.fullName ?? '',
    roomName,
    status: running ? 'in-progress' : current.submittedBy === 'timeout' ? 'timed-out' : 'submitted',
    remainingMs: running ? Math.max(0, current.deadlineAt - now) : 0,
    deadlineAt: current.deadlineAt,
    questionCount: test.questions.length,
    answeredCount: saved.length,
    test: running ? candidateView(test) : null,
    answers: Object.fromEntries(saved.map((a) => [String(a.questionNumber), a.label])),
  };
}

/** Saves the answer to one question as clicked (the last click wins). Refused once the attempt has ended. */
export async function saveExamAnswer(
  tx: Tx,
  tests: DrawnTests,
  attempt: AttemptRecord,
  input: { questionNumber: number; label: string; now: number },
): Promise<ContestOutcome<{ remainingMs: number }>> {
  const ended = await endIfOver(tx, attempt, input.now);
  if (ended) return ended;
  const question = tests.of(attempt).questions[input.questionNumber - 1];
  if (!question) return refuse(`Không có câu ${input.questionNumber} trong bài thi.`);
  if (!question.options.some((o) => o.label === input.label)) return refuse(`Câu ${input.questionNumber} không có phương án ${input.label}.`);
  await tx.contest.saveAnswer(attempt.id, input.questionNumber, input.label, input.now);
  return { ok: true, remainingMs: attempt.deadlineAt - input.now };
}

/** The candidate submits (nộp bài) before time. */
export async function submitExam(tx: Tx, attempt: AttemptRecord, now: number): Promise<ContestOutcome<{ submittedAt: number }>> {
  const ended = await endIfOver(tx, attempt, now);
  if (ended) return ended;
  await tx.contest.submit(attempt.id, now, 'candidate');
  await tx.audit.record({ at: now, channel: 'exam', action: 'contest_attempt_submit', entityType: 'contest_attempt', entityId: String(attempt.id) });
  return { ok: true, submittedAt: now };
}

/** Submits every attempt whose deadline has passed (the server's time-out, run every few seconds). */
export async function submitOverdue(tx: Tx, now: number, limit = 500): Promise<number> {
  let n = 0;
  for (const attempt of await tx.contest.overdue(now, limit)) if (await submitAtDeadline(tx, attempt)) n += 1;
  return n;
}

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

