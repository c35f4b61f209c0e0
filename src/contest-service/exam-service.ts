/**
 * The theory test on the exam room's computers (seed 001, issue 15 item 4), as services over `tx`:
 * sign-in with the candidate number and the room's code, the candidate's state (questions without the key, saved
 * answers, remaining time), saving an answer as it is clicked, submitting, and the server's time-out. The proctor's
 * room view and added time are in proctor-service.ts; the drawn tests' cache in drawn-tests.ts.
 *
 * Why the server keeps the clock: the deadline (start + duration + counted extensions) is stored with the attempt
 * and every request is judged against the server's `now`; a refresh or another computer resumes with the deadline
 * as stored. The drawn test is rebuilt from the attempt's seed (cached in memory by {@link DrawnTests}: it is
 * derived data, so a restart loses nothing).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { candidateView, type CandidateTest } from '../contest/candidate-view.js';
import { bankFingerprint, drawTest } from '../contest/draw-test.js';
import { ContestNotSettledError, theoryDurationMinutes } from '../contest/open-values.js';
import { MINUTE } from '../contest/timekeeping.js';
import type { AttemptRecord } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { contestOf, refuse, type ContestCatalogue, type ContestOutcome, type ContestRefusal } from './catalogue.js';
import type { DrawnTests } from './drawn-tests.js';
import { hashRoomCode } from './registration-service.js';

/** The stored form of a session token (sha256, hex): the token itself is only in the candidate's cookie. */
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

/** Whether two hex hashes are equal, in constant time (session tokens, room and proctor codes). */
export function sameHash(a: string, b: string): boolean {
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

/** Submits an attempt at its deadline, by the server (audited); false when it was already submitted. */
export async function submitAtDeadline(tx: Tx, attempt: AttemptRecord): Promise<boolean> {
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
