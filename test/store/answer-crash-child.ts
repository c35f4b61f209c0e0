/**
 * Child process of answer-crash.test.ts (run with `node --import tsx`): several people answer their questions
 * through the real engine on a SQLite FILE store, at the same time (their steps share units of work), until the
 * parent SIGKILLs it or `answersPerUser` is reached.
 *
 * argv: <database file> <run number> <answers per user, 0 = until killed>. Run 0 seeds the standard unit.
 * Prints `READY` once every chat is linked, then for each answer `SEND {"p":personId,"c":criterionId,"v":value}`
 * before `engine.handle` and `ACK {…}` only AFTER `engine.handle` for the answer has resolved and its reply
 * echoes it (`✔ Câu N`). stdout on a pipe is written synchronously on Linux, so an ACK the parent reads was
 * printed after the commit, and nothing printed is lost by the kill.
 */
import { assessmentRole } from '../../src/directory/self-assessing.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import { levelChoicesFor } from '../../src/scoring/answer-points.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import type { ChannelName, InboundEvent } from '../../src/conversation/types.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { BASE_WORKFLOWS, makeEngine, textOf } from '../conversation/harness.js';
import { DEFAULT_DEPARTMENTS, DEFAULT_PEOPLE, seed000Rubric, seedUnit } from '../helpers/seed-unit.js';

const [path, runArg, perUserArg] = process.argv.slice(2);
if (!path || runArg === undefined) throw new Error('usage: answer-crash-child.ts <database file> <run> [answers per user]');
const run = Number(runArg);
const answersPerUser = Number(perUserArg ?? 0);

const store = createSqliteStore(path);
if (run === 0) await seedUnit(store);
const rubric = seed000Rubric();
const h = makeEngine(store, { workflows: BASE_WORKFLOWS });
const channel: ChannelName = 'telegram';
let seq = 0;

/** Event ids unique across runs: the engine's idempotency log would drop a repeated id as a duplicate. */
function event(userId: string, body: Partial<InboundEvent> & Pick<InboundEvent, 'kind'>): InboundEvent {
  seq += 1;
  return { channel, userId, chatId: userId, eventId: `r${run}-${seq}`, receivedAt: h.clock.now(), ...body } as InboundEvent;
}

const USERS = ['head', 'staff', 'staff2', 'head2', 'office', 'staff3'];

interface User {
  userId: string;
  personId: number;
  /** Questions with plain levels (a, b, c…): 1-based number, criterion, level keys. */
  questions: { n: number; criterion: Criterion; keys: string[] }[];
}

async function setUp(key: string): Promise<User> {
  const p = DEFAULT_PEOPLE.find((x) => x.key === key);
  if (!p?.phone) throw new Error(`no person ${key}`);
  const userId = `crash-${key}`;
  // Linking again on a restart is answered "already linked": harmless.
  await h.engine.handle(event(userId, { kind: 'contact', phone: p.phone, verified: true }));
  const departmentName = p.department === null ? null : (DEFAULT_DEPARTMENTS[p.department] ?? null);
  const role = assessmentRole(p.roles, rubric);
  if (!role) throw new Error(`${key} answers nothing`);
  const questions = criteriaFor(rubric, { role, departmentName }).flatMap((criterion, i) => {
    if (criterion.kind !== 'levels') return [];
    const keys = levelChoicesFor(rubric, criterion, departmentName).map((c) => c.key);
    return keys.length >= 3 && keys.every((k) => /^[a-z]$/.test(k)) ? [{ n: i + 1, criterion, keys }] : [];
  });
  const personId = await store.read(async (tx) => (await tx.directory.findAccount(channel, userId))?.personId ?? null);
  if (personId === null || questions.length === 0) throw new Error(`${key} not linked or no level question`);
  return { userId, personId, questions };
}

async function answerLoop(u: User): Promise<void> {
  for (let round = 0; answersPerUser === 0 || round < answersPerUser; round += 1) {
    const q = u.questions[round % u.questions.length];
    if (!q) return;
    // The same question gets a different level each time it comes round (and a different one on each run).
    const value = q.keys[(Math.floor(round / u.questions.length) + run) % q.keys.length] ?? 'a';
    await h.engine.handle(event(u.userId, { kind: 'command', name: 'tudanhgia', args: String(q.n) }));
    const line = JSON.stringify({ p: u.personId, c: q.criterion.id, v: value });
    process.stdout.write(`SEND ${line}\n`);
    const result = await h.engine.handle(event(u.userId, { kind: 'text', text: value }));
    if (textOf(result.replies).includes(`✔ Câu ${q.n}:`)) process.stdout.write(`ACK ${line}\n`);
    else process.stdout.write(`NOACK ${JSON.stringify({ ...JSON.parse(line), said: textOf(result.replies).slice(0, 200) })}\n`);
  }
}

const users: User[] = [];
for (const key of USERS) users.push(await setUp(key));
process.stdout.write('READY\n');
await Promise.all(users.map(answerLoop));
await store.close();
process.stdout.write('DONE\n');
