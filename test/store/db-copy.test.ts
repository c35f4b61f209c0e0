/**
 * `thidua db copy` (issue 12, item 5): a unit that ran a whole quarter on SQLite (seeded, walked through the engine:
 * submissions, approvals, lists, the office, the director; notifications in the outbox, sent; the audit trail;
 * evidence links and files) is copied to PostgreSQL and its evidence files to the target's file store.
 * - Into a fresh database, files to an S3-compatible bucket (s3rver on loopback): every copied table's row count;
 *   the printed per-table checksums; the copied store answering the same queries as the original; new rows get
 *   fresh ids; the files in the bucket. A second copy of the same unit is refused, writing nothing.
 * - Into a province database that already holds another unit whose ids are the same numbers (both start at 1), files
 *   to a local folder and to the bucket: the other unit untouched; the moved unit's people, roles, submissions,
 *   lists (their JSON snapshot's person ids), chat links, audit trail found under their new ids; chats back at the
 *   menu; a message held for later kept as failed.
 * - Refused before writing anything (no row, no file): a phone or a chat link the target has in another unit, an
 *   undrained outbox.
 * - A source file that is missing is reported (exit 1) while the rows are still copied.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { createS3FileStore } from '../../src/store/files/s3-file-store.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sqliteCopyTables } from '../../src/store/sqlite/table-source.js';
import type { Tx } from '../../src/store/store.js';
import { engineDriver } from '../approval/engine-driver.js';
import { acceptListVia, approveVia, fillAnswers, finaliseVia, reportVia, seed000Answers, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';
import { DEFAULT_DEPARTMENTS, DEFAULT_PEOPLE, seedUnit, type SeededUnit } from '../helpers/seed-unit.js';

const dirs: string[] = [];
const databases: TestDatabase[] = [];
let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  for (const db of databases) await db.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-copy-'));
  dirs.push(dir);
  return dir;
}

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

interface Walked {
  store: SqliteStore;
  dbPath: string;
  dataDir: string;
  unit: SeededUnit;
  /** Evidence files kept, with their bytes. */
  files: { path: string; bytes: Buffer }[];
  submissionIds: number[];
}

/** A unit's quarter on a SQLite file: Lan and Hoa submit (with evidence), are approved, lists sent, finalised. */
async function walkedQuarter(): Promise<Walked> {
  const dataDir = tempDir();
  const dbPath = join(dataDir, 'thidua.db');
  const store = createSqliteStore(dbPath, { backgroundCheckpoints: false });
  const unit = await seedUnit(store, { unitId: 'stttt' });
  const p = unit.people as Record<string, number>;
  const period = unit.period;
  if (!period) throw new Error('no period');
  const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'web']) });
  const d = engineDriver(store, Object.values(p), undefined, { notifier: dispatcher });
  d.clock.ms = Date.UTC(2026, 11, 3, 2, 0);
  const local = createLocalFileStore({ dataDir });
  const files: Walked['files'] = [];
  const submissionIds: number[] = [];
  for (const [key, profile, dept] of [
    ['staff', 'ddcccdddd', DEFAULT_DEPARTMENTS[0]],
    ['staff3', 'ccccccccc', DEFAULT_DEPARTMENTS[1]],
  ] as const) {
    const personId = p[key] ?? -1;
    await fillAnswers(store, { periodId: period.id, personId, rubric: unit.rubric, ctx: { role: 'staff', departmentName: dept ?? null }, answers: seed000Answers(profile), now: d.clock.ms });
    // Evidence: a link and a file (kept in the data folder, as the engine keeps an upload).
    const bytes = Buffer.from(`%PDF-1.4 minh chứng của ${key} ${randomUUID()} — ${'x'.repeat(2000)}`);
    const received = await local.receive(bytes);
    const path = local.pathFor(received.sha256, 'application/pdf', 'chứng nhận.pdf');
    await local.keep(received, path);
    await local.discard(received);
    files.push({ path, bytes });
    await store.transaction(async (tx) => {
      const submission = await tx.assessment.ensureSubmission(period.id, personId, d.clock.ms);
      submissionIds.push(submission.id);
      await tx.assessment.addEvidence(submission.id, 'cbs.I.2', { kind: 'link', url: 'https://dichvucong.gov.vn/ho-so/123' }, d.clock.ms);
      await tx.assessment.addEvidence(
        submission.id,
        'cbs.I.1',
        { kind: 'file', filePath: path, sha256: received.sha256, size: bytes.length, mime: 'application/pdf', originalName: 'chứng nhận.pdf' },
        d.clock.ms,
      );
    });
    expect(textOf(await submitVia(d, personId))).toContain('Đã nộp');
  }
  expect(textOf(await approveVia(d, p.head ?? -1, 'Trần Thị Lan'))).toContain('Đã duyệt');
  expect(textOf(await approveVia(d, p.head2 ?? -1, 'Đỗ Thị Hoa'))).toContain('Đã duyệt');
  for (const head of [p.head, p.head2]) expect(textOf(await sendListVia(d, head ?? -1))).toContain('Đã gửi danh sách');
  for (const dept of DEFAULT_DEPARTMENTS) expect(textOf(await acceptListVia(d, p.office ?? -1, dept))).toContain('Đã tiếp nhận');
  expect(textOf(await reportVia(d, p.office ?? -1))).toContain('Đã trình Giám đốc');
  expect(textOf(await finaliseVia(d, p.director ?? -1))).toContain('Đã phê duyệt');
  expect(d.errors).toEqual([]);
  return { store, dbPath, dataDir, unit, files, submissionIds };
}

async function copy(args: string[], targetDataDir = tempDir(), files: 'local' | 's3' = 's3'): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['db', 'copy', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, {
    env: { ...(files === 's3' ? s3.env : {}), DATA_DIR: targetDataDir, LOG_LEVEL: 'silent' },
  });
  return { code, out, err };
}

/** Tables the copy leaves behind (the source machine's own state). */
const LEFT_BEHIND = ['inbound_events', 'login_attempts', 'zalo_tokens', 'telegram_chat_state', 'leases'];

/** The source's sender delivered everything; one message stays held for later (it is copied as failed). */
function drain(store: SqliteStore, heldUntil = Date.UTC(2099, 0, 1)): number {
  const db = store.db.$client;
  const held = db.prepare(`SELECT min(id) AS id FROM outbox WHERE status = 'pending'`).get() as { id: number | null };
  if (held.id === null) throw new Error('the walk queued no message');
  db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE id = ?').run(heldUntil, held.id);
  db.prepare(`UPDATE outbox SET status = 'sent', sent_at = 1 WHERE status IN ('pending', 'sending') AND id <> ?`).run(held.id);
  return held.id;
}

function sqliteCounts(store: SqliteStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of sqliteCopyTables()) {
    counts.set(t.name, (store.db.$client.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n);
  }
  return counts;
}

async function pgCounts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = new Map<string, number>();
    for (const t of sqliteCopyTables()) counts.set(t.name, Number((await client.query(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n));
    return counts;
  } finally {
    await client.end();
  }
}

/** A value with every id left out (keys `id`, `…Id`, `entityId`): what two numberings of the same rows share. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => k === 'criterionId' || !/(^id|Id|Ids)$/.test(k)).map(([k, v]) => [k, withoutIds(v)]));
}

async function pgIds(url: string, table: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: number }>(`SELECT id::int AS id FROM "${table}" ORDER BY id`)).rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

/** What a unit's people look like without their ids (name, phone, roles, department by name). */
async function peopleOf(tx: Tx, unitId: string) {
  const departments = new Map((await tx.staff.listDepartments(unitId)).map((d) => [d.id, d.name]));
  return (await tx.staff.listPeople(unitId))
    .map((p) => ({ fullName: p.fullName, phone: p.phone, roles: [...p.roles].sort(), active: p.active, department: p.departmentId === null ? null : departments.get(p.departmentId) }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/** A province database holding another unit (Sở Y tế) whose ids are the same numbers as the source's. */
async function provinceWithOtherUnit(options: { samePhones?: boolean; sameChatLinks?: boolean } = {}) {
  const target = await freshDatabase();
  const store = createPostgresStore(target.config, { skipMigrations: true });
  const people = DEFAULT_PEOPLE.map((p) => ({ ...p, phone: options.samePhones ? p.phone ?? null : (p.phone ?? '').replace(/^0912/, '0988') }));
  const other = await seedUnit(store, { unitId: 'soyte', unitName: 'Sở Y tế', people });
  await store.transaction(async (tx) => {
    for (const id of Object.values(other.people)) {
      const externalUserId = options.sameChatLinks ? `u${id}` : `yt${id}`;
      await tx.directory.linkAccount({ personId: id, channel: 'telegram', externalUserId, chatId: externalUserId, via: 'demo', now: 1 });
    }
    await tx.audit.record({ at: 1, unitId: 'soyte', action: 'test', entityType: 'unit', entityId: 'soyte' });
  });
  return { target, store, other };
}

describe('thidua db copy', () => {
  it('copies a walked quarter to PostgreSQL and its evidence to a bucket, verified, and the copy answers the same queries', async () => {
    const w = await walkedQuarter();
    drain(w.store);
    const target = await freshDatabase();
    const counts = sqliteCounts(w.store);
    // The walk produced rows where it matters (so the comparison below is not over empty tables).
    for (const table of ['people', 'submissions', 'answers', 'evidence', 'department_lists', 'audit_log', 'outbox', 'inbound_events', 'conversations', 'rubric_versions']) {
      expect(counts.get(table), table).toBeGreaterThan(0);
    }

    const result = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const text = result.out.join('\n');
    expect(text).toContain('Đơn vị: stttt');
    expect(text).toContain('số dòng và tổng kiểm của từng bảng khớp giữa nguồn và đích');
    expect(text).toContain('Tệp minh chứng: 2 tệp đã chép, 0 tệp đã có sẵn ở kho đích.');
    expect(text).not.toContain(target.url.split('@')[0] ?? 'x'); // no credentials printed
    const expected = new Map([...counts].map(([table, n]) => [table, LEFT_BEHIND.includes(table) ? 0 : n]));
    for (const table of LEFT_BEHIND) expect(result.out.some((l) => new RegExp(`^\\s+${table}\\s+không chép: `).test(l)), table).toBe(true);
    for (const [table, n] of expected) {
      if (LEFT_BEHIND.includes(table)) continue;
      expect(result.out.some((l) => new RegExp(`^\\s+${table}\\s+${n} dòng\\s+sha256 [0-9a-f]{16}$`).test(l)), table).toBe(true);
    }

    // Every copied table has the same number of rows on both sides.
    expect(await pgCounts(target.url)).toEqual(expected);

    // The copied store answers the same queries as the original: the rows are numbered anew in the source's order
    // (the source's gaps closed), so the i-th submission of one is the i-th of the other; ids aside, all is equal.
    const copied = createPostgresStore(target.config, { skipMigrations: true });
    try {
      const sourceSubs = (w.store.db.$client.prepare('SELECT id FROM submissions').all() as { id: number }[]).map((r) => r.id);
      const targetSubs = await pgIds(target.url, 'submissions');
      const ask = (unitId: string, periodId: number, submissionIds: number[]) => async (tx: Tx) =>
        withoutIds({
          people: await tx.staff.listPeople(unitId),
          periods: await tx.periods.list(unitId),
          audit: await tx.audit.search({ unitId, periodId }),
          progress: await tx.assessment.progressByDepartment(periodId),
          answers: await Promise.all(submissionIds.map((id) => tx.assessment.listAnswers(id))),
          evidence: await Promise.all(submissionIds.map((id) => tx.assessment.listEvidence(id))),
          submissions: await Promise.all(submissionIds.map((id) => tx.assessment.getSubmission(id))),
        });
      const copiedPeriod = (await copied.read((tx) => tx.periods.list(w.unit.unitId)))[0]!.id;
      const copiedSubs = w.submissionIds.map((id) => targetSubs[[...sourceSubs].sort((a, b) => a - b).indexOf(id)]!);
      const before = (await w.store.read(ask(w.unit.unitId, w.unit.period!.id, w.submissionIds))) as { audit: unknown[]; submissions: { status: string }[] };
      const after = await copied.read(ask(w.unit.unitId, copiedPeriod, copiedSubs));
      expect(before.audit.length).toBeGreaterThan(5);
      expect(before.submissions.map((s) => s.status)).toEqual(['approved', 'approved']);
      expect(after).toEqual(before);
      const maxAudit = Math.max(...(await pgIds(target.url, 'audit_log')));

      // New rows get fresh ids from the sequences the copy took its ids from.
      await copied.transaction((tx) => tx.audit.record({ at: Date.now(), unitId: w.unit.unitId, action: 'test', entityType: 'x', entityId: '1' }));
      const newest = await copied.read((tx) => tx.audit.search({ unitId: w.unit.unitId }));
      expect(Math.max(...newest.map((a) => a.id))).toBeGreaterThan(maxAudit);
    } finally {
      await copied.close();
    }

    // The evidence files are in the bucket, byte for byte.
    const bucket = createS3FileStore(s3.config, { dataDir: tempDir() });
    try {
      for (const file of w.files) {
        const opened = await bucket.open(file.path);
        expect(opened, file.path).not.toBeNull();
        expect(Buffer.from(await buffer(opened!.stream)).equals(file.bytes)).toBe(true);
      }
    } finally {
      bucket.close();
    }

    // A second copy of the same unit is refused, and writes nothing.
    const again = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`]);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toContain('Không chép: Không thể ghép vào cơ sở dữ liệu đích: mã đơn vị stttt đã có ở cơ sở dữ liệu đích');
    const afterAgain = await pgCounts(target.url);
    expect(afterAgain.get('people')).toBe(expected.get('people'));
    expect(afterAgain.get('audit_log')).toBe((expected.get('audit_log') ?? 0) + 1);
    // The escape hatch is gone: a unit is merged, never copied over another.
    expect((await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`, '--allow-non-empty'])).code).not.toBe(0);
    await w.store.close();
  }, 120_000);

  it.each(['local', 's3'] as const)(
    'merges the unit into a province database holding another unit with the same ids (files to the %s store)',
    async (files) => {
      const w = await walkedQuarter();
      const heldId = drain(w.store);
      const { target, store, other } = await provinceWithOtherUnit();
      const targetDir = tempDir();
      try {
        const otherBefore = await store.read(async (tx) => ({ people: await tx.staff.listPeople('soyte'), audit: await tx.audit.search({ unitId: 'soyte' }) }));
        // The ids collide on purpose: the other unit's people hold the numbers the source's people hold.
        expect(Object.values(other.people).sort()).toEqual(Object.values(w.unit.people).sort());
        const sourceCounts = sqliteCounts(w.store);
        const targetBefore = await pgCounts(target.url);

        const result = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`], targetDir, files);
        expect(result.err).toEqual([]);
        expect(result.code).toBe(0);
        expect(result.out.join('\n')).toContain('Tệp minh chứng: 2 tệp đã chép');

        // Every copied table grew by the source's rows (the shared rubric version is reused, not copied again).
        const targetAfter = await pgCounts(target.url);
        for (const [table, n] of sourceCounts) {
          if (LEFT_BEHIND.includes(table)) expect(targetAfter.get(table), table).toBe(targetBefore.get(table));
          else if (table === 'rubric_versions') expect(targetAfter.get(table)).toBe(targetBefore.get(table));
          else expect(targetAfter.get(table), table).toBe((targetBefore.get(table) ?? 0) + n);
        }

        // The other unit is untouched.
        expect(await store.read(async (tx) => ({ people: await tx.staff.listPeople('soyte'), audit: await tx.audit.search({ unitId: 'soyte' }) }))).toEqual(otherBefore);

        // The moved unit, found under its new ids.
        const source = await w.store.read(async (tx) => ({
          people: await peopleOf(tx, 'stttt'),
          audit: (await tx.audit.search({ unitId: 'stttt' })).map((a) => a.action).sort(),
        }));
        const moved = await store.read(async (tx) => ({
          people: await peopleOf(tx, 'stttt'),
          audit: (await tx.audit.search({ unitId: 'stttt' })).map((a) => a.action).sort(),
        }));
        expect(moved).toEqual(source);
        const newPeople = await store.read((tx) => tx.staff.listPeople('stttt'));
        const byName = new Map(newPeople.map((p) => [p.fullName, p.id]));
        const oldPeople = await w.store.read((tx) => tx.staff.listPeople('stttt'));
        const newIdOf = new Map(oldPeople.map((p) => [p.id, byName.get(p.fullName)]));
        expect(newPeople.every((p) => !Object.values(other.people).includes(p.id))).toBe(true);

        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        try {
          // Submissions, with their people and evidence files, under the new ids.
          const subs = await client.query<{ person_id: number; status: string; files: string[] }>(
            `SELECT s.person_id, s.status, array_agg(e.file_path ORDER BY e.file_path) FILTER (WHERE e.kind = 'file') AS files
               FROM submissions s JOIN periods p ON p.id = s.period_id LEFT JOIN evidence e ON e.submission_id = s.id
              WHERE p.unit_id = 'stttt' GROUP BY s.person_id, s.status ORDER BY s.person_id`,
          );
          expect(subs.rows.map((r) => r.status)).toEqual(['approved', 'approved']);
          expect(subs.rows.map((r) => r.person_id).sort()).toEqual([newIdOf.get(w.unit.people.staff!), newIdOf.get(w.unit.people.staff3!)].sort());
          expect(subs.rows.flatMap((r) => r.files).sort()).toEqual(w.files.map((f) => f.path).sort());
          // A department list's JSON snapshot names the moved people by their new ids.
          const lists = await client.query<{ snapshot: { departmentId: number; entries: { personId: number; fullName: string }[] }; department_id: number }>(
            `SELECT l.snapshot, l.department_id FROM department_lists l JOIN departments d ON d.id = l.department_id WHERE d.unit_id = 'stttt'`,
          );
          expect(lists.rows.length).toBe(2);
          for (const l of lists.rows) {
            expect(l.snapshot.departmentId).toBe(l.department_id);
            for (const e of l.snapshot.entries) expect(e.personId, e.fullName).toBe(byName.get(e.fullName));
          }
          // Chat links follow their people; every chat is back at the menu; the held message is failed, not pending.
          const links = await client.query<{ person_id: number; external_user_id: string }>(
            `SELECT a.person_id, a.external_user_id FROM chat_accounts a JOIN people p ON p.id = a.person_id WHERE p.unit_id = 'stttt'`,
          );
          for (const l of links.rows) expect(l.external_user_id).toBe(`u${[...newIdOf].find(([, n]) => n === l.person_id)?.[0]}`);
          expect(links.rows.length).toBe(oldPeople.length);
          const states = await client.query<{ state: string }>(`SELECT state::text FROM conversations WHERE chat_key LIKE 'telegram:u%'`);
          expect(states.rows.length).toBeGreaterThan(0);
          for (const s of states.rows) expect(JSON.parse(s.state)).toEqual({ schemaVersion: 2, dialog: { type: 'idle' } });
          const outbox = await client.query<{ status: string; n: number }>(
            `SELECT status, count(*)::int AS n FROM outbox WHERE dedupe_key LIKE 'moved:stttt:%' GROUP BY status ORDER BY status`,
          );
          expect(outbox.rows).toEqual([
            { status: 'failed', n: 1 },
            { status: 'sent', n: (sourceCounts.get('outbox') ?? 0) - 1 },
          ]);
          expect(heldId).toBeGreaterThan(0);
        } finally {
          await client.end();
        }

        // The evidence files are in the target's store.
        const kept = files === 's3' ? createS3FileStore(s3.config, { dataDir: tempDir() }) : createLocalFileStore({ dataDir: targetDir });
        for (const file of w.files) {
          const opened = await kept.open(file.path);
          expect(opened, file.path).not.toBeNull();
          expect(Buffer.from(await buffer(opened!.stream)).equals(file.bytes)).toBe(true);
        }
      } finally {
        await store.close();
        await w.store.close();
      }
    },
    180_000,
  );

  it('refuses, writing no row and no file: a phone or a chat link already in another unit, an undrained outbox', async () => {
    const w = await walkedQuarter();
    const cases = [
      { setup: { samePhones: true }, message: 'số điện thoại …001 của người mã', drained: true },
      { setup: { sameChatLinks: true }, message: 'tài khoản telegram của người mã', drained: true },
      { setup: {}, message: 'Cơ sở dữ liệu nguồn chưa xử lý xong (hộp thư đi còn', drained: false },
    ];
    for (const c of cases) {
      if (c.drained) drain(w.store);
      else w.store.db.$client.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = 0 WHERE id = (SELECT max(id) FROM outbox)`).run();
      const { target, store } = await provinceWithOtherUnit(c.setup);
      const before = await pgCounts(target.url);
      const targetDir = tempDir();
      const result = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`], targetDir, 'local');
      expect(result.code, c.message).toBe(1);
      expect(result.err.join('\n')).toContain(`Không chép: `);
      expect(result.err.join('\n')).toContain(c.message);
      expect(result.err.join('\n')).not.toContain('0912000001'); // a phone is never printed whole
      expect(await pgCounts(target.url)).toEqual(before);
      expect(existsSync(join(targetDir, 'evidence'))).toBe(false);
      await store.close();
    }
    await w.store.close();
  }, 180_000);

  it('reports an evidence file missing from the source folder (exit 1) and still copies every row', async () => {
    const w = await walkedQuarter();
    drain(w.store);
    unlinkSync(join(w.dataDir, w.files[0]!.path));
    const target = await freshDatabase();
    const result = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`]);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toContain(`1 tệp không có ở thư mục nguồn (không chép được): ${w.files[0]!.path}`);
    expect((await pgCounts(target.url)).get('evidence')).toBe(sqliteCounts(w.store).get('evidence'));
    await w.store.close();
  }, 120_000);

  it('refuses bad arguments and a missing source file in Vietnamese, writing nothing', async () => {
    const target = await freshDatabase();
    expect((await copy(['--from=./thidua.db', `--to=${target.url}`])).err.join('\n')).toContain('--from phải có dạng sqlite:');
    expect((await copy(['--from=sqlite:./x.db', '--to=mysql://x'])).err.join('\n')).toContain('--to phải là địa chỉ PostgreSQL');
    const missing = await copy([`--from=sqlite:${join(tempDir(), 'khong-co.db')}`, `--to=${target.url}`]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toContain('Không tìm thấy tệp cơ sở dữ liệu SQLite');
    expect([...(await pgCounts(target.url)).values()].every((n) => n === 0)).toBe(true);
  });
});
