/**
 * Child process of outbox-crash.test.ts (run with `node --import tsx`): opens a SQLite FILE store at argv[2], seeds
 * the standard unit, builds the engine with the real dispatcher and the approval workflow, links a staff member and
 * their head, and submits the staff member's self-assessment (the step that prompts the head). It prints
 * `COMMITTED {"headId":…,"staffId":…}` once `engine.handle` for the confirmation has resolved, then blocks its event
 * loop so nothing else runs (no outbox worker exists here at all) until the parent SIGKILLs it.
 * With `after-commit` as argv[3] it queues each notification in a unit of work of its own after the step's commit
 * instead (the old design), so the test can show that the same crash then loses the prompt.
 */
import type { Notifier } from '../../src/conversation/notifier.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createApprovalWorkflow } from '../../src/workflows/approval/approval-workflow.js';
import { answerAll } from '../conversation/answer-all.js';
import { BASE_WORKFLOWS, linkedChat, makeEngine } from '../conversation/harness.js';
import { seedUnit } from '../helpers/seed-unit.js';

const path = process.argv[2];
if (!path) throw new Error('usage: outbox-crash-child.ts <database file> [after-commit]');
/** Control mode: queue notifications only after the step's commit, in a unit of its own (the design issue 11 removed). */
const afterCommit = process.argv[3] === 'after-commit';

const store = createSqliteStore(path, { backgroundCheckpoints: false });
const seeded = await seedUnit(store);
const woken: string[] = [];
const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'web']), onQueued: (channel) => void woken.push(channel) });
const deferred: Notifier = {
  async dispatch(tx, notification, now) {
    tx.afterCommit(() => void store.transaction((later) => dispatcher.dispatch(later, notification, now)).catch(() => {}));
  },
};
const h = makeEngine(store, { notifier: afterCommit ? deferred : dispatcher, workflows: [...BASE_WORKFLOWS, createApprovalWorkflow({})] });

await linkedChat(h, 'head-1', '0912000001');
const chat = await linkedChat(h, 'staff-1', '0912000002');
await answerAll(chat);
await chat.link('https://example.gov.vn/bai-1');
await chat.text('xong');
await chat.command('nop');
await chat.text('có'); // confirms: the step that prompts the head
if (!chat.said.includes('Đã nộp')) {
  process.stdout.write(`FAILED ${JSON.stringify({ said: chat.said, errors: h.errors.map(String) })}\n`);
  process.exit(1);
}
// Pipes are written synchronously on Linux: the parent has this line before the next statement runs.
process.stdout.write(`COMMITTED ${JSON.stringify({ headId: seeded.people.head, staffId: seeded.people.staff, woken })}\n`);
// Block the event loop: nothing (no afterCommit, no timer, no worker) may run before the SIGKILL.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
process.exit(2);
