/**
 * Child process of exam-crash.test.ts (run with `node --import tsx`): the exam room alone on a SQLite FILE store and
 * the system clock. argv: <database file> <info file>. When the database is new it seeds a contest world and writes
 * the candidates and room codes to the info file. Prints `PORT <n>` once listening; the parent SIGKILLs it.
 */
import { writeFileSync } from 'node:fs';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { contestCatalogue, seedContestWorld } from '../helpers/contest-world.js';
import { startExamServer } from '../helpers/exam-server.js';

const [path, infoPath, seedArg] = process.argv.slice(2);
if (!path || !infoPath) throw new Error('usage: exam-crash-child.ts <database file> <info file> [seed]');
const store = createSqliteStore(path);
let contestId: string;
const { catalogue } = contestCatalogue({ theoryMinutes: 30 });
if (seedArg === 'seed') {
  const world = await seedContestWorld(store, { cityUnits: 3, districtUnits: 0, now: Date.now() });
  contestId = world.contestId;
  writeFileSync(infoPath, JSON.stringify({ candidates: world.candidates.map((c) => ({ number: c.candidateNumber, code: world.roomCodes.get(c.roomId) })) }));
} else {
  contestId = [...catalogue.contests.keys()][0] ?? '';
}
const server = await startExamServer(store, catalogue, contestId);
server.room.start();
process.stdout.write(`PORT ${new URL(server.url).port}\n`);
