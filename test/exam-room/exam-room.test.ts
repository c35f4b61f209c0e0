/**
 * Issue 15, item 4, over HTTP: sign-in with candidate number and room code, the key never on the wire before the
 * attempt ends, answers saved as clicked, resume on another computer with the server's remaining time, one attempt,
 * time-out submits (on a request and by the server's sweep), the proctor's live view and audited added time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createTestDatabase } from '../helpers/pg-test-db.js';
import { DrawnTests } from '../../src/contest-service/drawn-tests.js';
import type { Store } from '../../src/store/store.js';
import { seedContestWorld, type ContestWorld } from '../helpers/contest-world.js';
import { ExamClient, startExamServer, type ExamServer } from '../helpers/exam-server.js';
import { testStore } from '../helpers/test-store.js';

const T0 = Date.UTC(2024, 5, 15, 1, 30);
const MIN = 60_000;
let now = T0;
let store: Store;
let world: ContestWorld;
let server: ExamServer;

let dropDatabase: (() => Promise<void>) | null = null;

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<void> {
  now = T0;
  if (dialect === 'sqlite') store = testStore();
  else {
    const db = await createTestDatabase();
    store = createPostgresStore(db.config, { skipMigrations: true });
    dropDatabase = () => db.drop();
  }
  world = await seedContestWorld(store, { now: T0 - 86_400_000 });
  server = await startExamServer(store, world.catalogue, world.contestId, () => now);
}
afterEach(async () => {
  await server.close();
  await store.close();
  await dropDatabase?.();
  dropDatabase = null;
});

function first(): { number: string; code: string } {
  const c = world.candidates[0];
  if (!c) throw new Error('no candidate');
  return { number: c.candidateNumber, code: world.roomCodes.get(c.roomId) ?? '' };
}

/** Every key of every object in a JSON value (recursively). */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
describe(`exam room (issue 15, item 4) on ${dialect}`, () => {
  beforeEach(() => setUp(dialect));

  it('refuses a wrong room code or number with the same message, and signs in with the right ones', async () => {
    const { number, code } = first();
    const pc = new ExamClient(server.url);
    const wrongCode = await pc.signIn(number, 'ZZZZZZ');
    const wrongNumber = await pc.signIn('TP999', code);
    expect(wrongCode.status).toBe(403);
    expect(wrongNumber.data.error).toBe(wrongCode.data.error);
    expect(String(wrongCode.data.error)).toContain('Số báo danh hoặc mã phòng thi không đúng');
    expect((await pc.state()).status).toBe(401);
    expect((await pc.signIn(number.toLowerCase(), code.toLowerCase())).status).toBe(200);
    const state = await pc.state();
    expect(state.status).toBe(200);
    expect(state.data).toMatchObject({ candidateNumber: number, status: 'in-progress', remainingMs: 30 * MIN, questionCount: 40, answeredCount: 0 });
  });

  it('stops guessing a room code after 10 failures for a candidate number (10 minutes)', async () => {
    const { number, code } = first();
    const pc = new ExamClient(server.url);
    for (let i = 0; i < 10; i += 1) expect((await pc.signIn(number, `WRONG${i}`)).status).toBe(403);
    const blocked = await pc.signIn(number, code);
    expect(blocked.status).toBe(429);
    expect(String(blocked.data.error)).toContain('Nhập sai quá nhiều lần');
    now += 10 * MIN + 1;
    expect((await pc.signIn(number, code)).status).toBe(200);
  });

  it('never puts a correct option on the wire before the attempt ends', async () => {
    const { number, code } = first();
    const pc = new ExamClient(server.url);
    await pc.signIn(number, code);
    const state = await pc.state();
    const test = state.data.test as { questions: Array<{ number: number; text: string; options: Array<{ label: string; text: string }> }> };
    for (const q of test.questions) {
      expect(Object.keys(q).sort()).toEqual(['number', 'options', 'text']);
      for (const o of q.options) expect(Object.keys(o).sort()).toEqual(['label', 'text']);
    }
    // Answer every question (each click acknowledged), change some answers, look at the state again, then submit.
    for (const q of test.questions) expect((await pc.answer(q.number, 'A')).status).toBe(200);
    for (const q of test.questions.slice(0, 5)) expect((await pc.answer(q.number, 'B')).status).toBe(200);
    now += 5 * MIN;
    await pc.state();
    await pc.call('POST', '/api/exam/ping');
    // The server's key for this attempt: its labels must not appear as a key/field anywhere the page received.
    const attempt = await store.read((tx) => tx.contest.attempt(world.contestId, number));
    if (!attempt) throw new Error('no attempt');
    const drawn = new DrawnTests(world.catalogue).of(attempt);
    const bank = world.catalogue.banks.get(attempt.bankId);
    const forbiddenKeys = ['correctLabel', 'correct', 'answer', 'key', 'seed', 'questionId', 'topic', 'bankId', 'bankFingerprint', 'source'];
    for (const body of pc.bodies) {
      const parsed: unknown = body === '' ? null : JSON.parse(body);
      for (const k of forbiddenKeys) expect(keysOf(parsed).has(k), `${k} in ${body.slice(0, 80)}`).toBe(false);
      for (const q of bank?.questions ?? []) expect(body.includes(`"${q.id}"`), q.id).toBe(false);
      expect(body.includes(String(attempt.seed))).toBe(false);
    }
    // The page's options for each question are exactly the drawn options in display order (text only, no marker).
    for (const q of test.questions) {
      const d = drawn.questions[q.number - 1];
      expect(q.options).toEqual(d?.options);
    }
    expect((await pc.call('POST', '/api/exam/submit')).status).toBe(200);
    const after = await pc.state();
    expect(after.data).toMatchObject({ status: 'submitted', test: null, answeredCount: 40 });
  });

  it('saves every click (last click wins) and resumes on another computer with the server’s remaining time', async () => {
    const { number, code } = first();
    const pc1 = new ExamClient(server.url);
    await pc1.signIn(number, code);
    expect((await pc1.answer(1, 'A')).status).toBe(200);
    expect((await pc1.answer(2, 'C')).status).toBe(200);
    expect((await pc1.answer(1, 'D')).status).toBe(200);
    expect((await pc1.answer(41, 'A')).status).toBe(409);
    expect((await pc1.answer(1, 'Z')).status).toBe(400);
    now += 7 * MIN + 1234;
    // The computer crashes; the candidate sits at another one and signs in again.
    const pc2 = new ExamClient(server.url);
    expect((await pc2.signIn(number, code)).status).toBe(200);
    const state = await pc2.state();
    expect(state.data).toMatchObject({ status: 'in-progress', remainingMs: 30 * MIN - 7 * MIN - 1234, answers: { '1': 'D', '2': 'C' }, answeredCount: 2 });
    // The old computer's session is gone.
    expect((await pc1.answer(3, 'A')).status).toBe(401);
  });

  it('submits at time-out: a late click is refused, the attempt is submitted at the deadline, one attempt only', async () => {
    const { number, code } = first();
    const pc = new ExamClient(server.url);
    await pc.signIn(number, code);
    await pc.answer(1, 'B');
    now = T0 + 30 * MIN - 1;
    expect((await pc.answer(2, 'B')).status).toBe(200);
    now = T0 + 30 * MIN;
    const late = await pc.answer(3, 'B');
    expect(late.status).toBe(409);
    expect(String(late.data.error)).toContain('Đã hết giờ làm bài');
    const attempt = await store.read((tx) => tx.contest.attempt(world.contestId, number));
    expect(attempt).toMatchObject({ submittedAt: T0 + 30 * MIN, submittedBy: 'timeout' });
    expect(await store.read(async (tx) => (await tx.contest.answers(attempt?.id ?? 0)).map((a) => [a.questionNumber, a.label]))).toEqual([
      [1, 'B'],
      [2, 'B'],
    ]);
    expect((await pc.state()).data).toMatchObject({ status: 'timed-out', test: null, remainingMs: 0 });
    const again = await new ExamClient(server.url).signIn(number, code);
    expect(again.status).toBe(403);
    expect(String(again.data.error)).toContain('chỉ được thi một lần');
  });

  it('the server submits overdue attempts by itself (no request from the page)', async () => {
    const [a, b] = world.candidates;
    if (!a || !b) throw new Error('two candidates');
    await new ExamClient(server.url).signIn(a.candidateNumber, world.roomCodes.get(a.roomId) ?? '');
    now += 10 * MIN;
    await new ExamClient(server.url).signIn(b.candidateNumber, world.roomCodes.get(b.roomId) ?? '');
    now = T0 + 30 * MIN + 1;
    expect(await server.room.sweep()).toBe(1);
    const rows = await store.read((tx) => tx.contest.attemptsOf(world.contestId));
    expect(rows.map((r) => [r.candidateNumber, r.submittedBy, r.submittedAt])).toEqual([
      [a.candidateNumber, 'timeout', T0 + 30 * MIN],
      [b.candidateNumber, null, null],
    ]);
  });

  it('shows the proctor the room live and lets them add time for an incident (audited, not after time-out)', async () => {
    const [a, b] = world.candidates;
    if (!a || !b) throw new Error('two candidates');
    const roomId = a.roomId;
    const proctor = world.proctors.get(roomId);
    const desk = new ExamClient(server.url);
    expect((await desk.call('POST', '/api/exam/proctor/sign-in', { roomId, code: 'WRONG123' })).status).toBe(403);
    expect((await desk.call('POST', '/api/exam/proctor/sign-in', { roomId, code: proctor?.code })).status).toBe(200);
    const pcA = new ExamClient(server.url);
    await pcA.signIn(a.candidateNumber, world.roomCodes.get(roomId) ?? '');
    await pcA.answer(1, 'A');
    const view = await desk.call('GET', '/api/exam/proctor/room');
    const rows = view.data.rows as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.candidateNumber === a.candidateNumber)).toMatchObject({ status: 'in-progress', online: true, answered: 1 });
    expect(rows.find((r) => r.candidateNumber === b.candidateNumber)).toMatchObject({ status: 'not-started' });

    now += 10 * MIN;
    const added = await desk.call('POST', '/api/exam/proctor/add-time', { candidateNumber: a.candidateNumber, minutes: 5, reason: 'Máy tính bị treo, đổi máy' });
    expect(added.status).toBe(200);
    expect((await pcA.state()).data.remainingMs).toBe(25 * MIN);
    const log = (await store.read((tx) => tx.audit.search({ unitId: a.unitId, subjectPersonId: a.personId }))).find((e) => e.action === 'contest_add_time');
    expect(log).toMatchObject({ actorPersonId: proctor?.personId, reason: 'Máy tính bị treo, đổi máy', subjectPersonId: a.personId });
    expect((await desk.call('POST', '/api/exam/proctor/add-time', { candidateNumber: a.candidateNumber, minutes: 5, reason: '' })).status).toBe(400);

    now = T0 + 35 * MIN;
    const tooLate = await desk.call('POST', '/api/exam/proctor/add-time', { candidateNumber: a.candidateNumber, minutes: 5, reason: 'Mất điện' });
    expect(tooLate.status).toBe(409);
    expect(String(tooLate.data.error)).toContain('hết giờ');
    const done = await desk.call('GET', '/api/exam/proctor/room');
    expect((done.data.rows as Array<Record<string, unknown>>).find((r) => r.candidateNumber === a.candidateNumber)).toMatchObject({ status: 'timed-out', addedMinutes: 5 });
  });

  it('serves the pages with the security headers and no external asset', async () => {
    for (const path of ['/thi', '/thi/giam-thi', '/thi/assets/exam.js']) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const body = await res.text();
      expect(body, path).not.toMatch(/https?:\/\//);
    }
  });
});
}
