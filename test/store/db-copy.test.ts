/**
 * `thidua db copy` (issue 12, item 5): a unit that ran a whole quarter on SQLite (seeded, walked through the engine:
 * submissions, approvals, lists, the office, the director; notifications in the outbox; the audit trail; evidence
 * links and files) is copied to a fresh PostgreSQL database and its evidence files to an S3-compatible bucket
 * (s3rver on loopback). Checked: every table's row count; the printed per-table checksums; the copied store answering
 * the same queries as the original; the identity sequences moved past the copied ids; the files in the bucket.
 * Then: a second copy into the same database is refused, and with --allow-non-empty it collides and rolls back
 * whole; a source file that is missing is reported (exit 1) while the rows are still copied.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
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
import { DEFAULT_DEPARTMENTS, seedUnit, type SeededUnit } from '../helpers/seed-unit.js';

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

async function copy(args: string[], targetDataDir = tempDir()): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['db', 'copy', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, {
    env: { ...s3.env, DATA_DIR: targetDataDir, LOG_LEVEL: 'silent' },
  });
  return { code, out, err };
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

describe('thidua db copy', () => {
  it('copies a walked quarter to PostgreSQL and its evidence to a bucket, verified, and the copy answers the same queries', async () => {
    const w = await walkedQuarter();
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
    expect(text).toContain('số dòng và tổng kiểm của từng bảng khớp giữa nguồn và đích');
    expect(text).toContain('Tệp minh chứng: 2 tệp đã chép, 0 tệp đã có sẵn ở kho đích.');
    expect(text).not.toContain(target.url.split('@')[0] ?? 'x'); // no credentials printed
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(text).toContain(`Đã chép ${total} dòng của ${counts.size} bảng`);
    for (const [table, n] of counts) expect(result.out.some((l) => new RegExp(`^\\s+${table}\\s+${n} dòng\\s+sha256 [0-9a-f]{16}$`).test(l)), table).toBe(true);

    // Every table has the same number of rows on both sides.
    expect(await pgCounts(target.url)).toEqual(counts);

    // The copied store answers the same queries as the original.
    const copied = createPostgresStore(target.config, { skipMigrations: true });
    try {
      const period = w.unit.period!;
      const ask = async (tx: Tx) => ({
        people: await tx.staff.listPeople(w.unit.unitId),
        periods: await tx.periods.list(w.unit.unitId),
        audit: await tx.audit.search({ unitId: w.unit.unitId, periodId: period.id }),
        progress: await tx.assessment.progressByDepartment(period.id),
        answers: await Promise.all(w.submissionIds.map((id) => tx.assessment.listAnswers(id))),
        evidence: await Promise.all(w.submissionIds.map((id) => tx.assessment.listEvidence(id))),
        submissions: await Promise.all(w.submissionIds.map((id) => tx.assessment.getSubmission(id))),
      });
      const before = await w.store.read(ask);
      const after = await copied.read(ask);
      expect(before.audit.length).toBeGreaterThan(5);
      expect(before.submissions.map((s) => s?.status)).toEqual(['approved', 'approved']);
      expect(after).toEqual(before);

      // The sequences were moved past the copied ids: new rows get fresh ids.
      const maxAudit = Math.max(...before.audit.map((a) => a.id));
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

    // A second copy into the same database is refused…
    const again = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`]);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toContain('Cơ sở dữ liệu đích đã có dữ liệu');
    // …and told to go ahead, its rows collide and the whole copy is rolled back (the files were already there).
    const forced = await copy([`--from=sqlite:${w.dbPath}`, `--to=${target.url}`, '--allow-non-empty']);
    expect(forced.code).toBe(1);
    expect(forced.err.join('\n')).toContain('đã huỷ toàn bộ lần chép (cơ sở dữ liệu đích giữ nguyên)');
    const afterForced = await pgCounts(target.url);
    expect(afterForced.get('people')).toBe(counts.get('people'));
    expect(afterForced.get('audit_log')).toBe((counts.get('audit_log') ?? 0) + 1);
    await w.store.close();
  }, 120_000);

  it('reports an evidence file missing from the source folder (exit 1) and still copies every row', async () => {
    const w = await walkedQuarter();
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
