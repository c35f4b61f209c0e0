/**
 * The server of `npm run bench:contest`, in its own process so the 500 simulated candidates do not share its event
 * loop: the exam room alone over a SQLite FILE store (WAL), the system clock, the time-out sweep running.
 * argv: <database file>. Prints `PORT <n>`.
 */
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { contestCatalogue } from '../helpers/contest-world.js';
import { startExamServer } from '../helpers/exam-server.js';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: contest-server.ts <database file>');
const store = createSqliteStore(path);
const { catalogue, contest } = contestCatalogue({ theoryMinutes: 60 });
const server = await startExamServer(store, catalogue, contest.id);
server.room.start();
process.stdout.write(`PORT ${new URL(server.url).port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => store.close()).then(() => process.exit(0));
});
