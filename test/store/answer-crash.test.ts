/**
 * Issue 18, "done when": a bounded crash test. Six people answer through the real engine in a child process on a
 * SQLite file; the child is SIGKILLed five times at random moments while they answer, and restarted each time.
 * After each kill (the child dead, nothing flushed on its behalf) every answer the child acknowledged — it prints
 * `ACK` only after `engine.handle` resolved — must be in the database, and `PRAGMA integrity_check` must be ok.
 * A sixth run ends normally and is checked the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'thidua-answer-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  p: number;
  c: string;
  v: string;
}

interface RunOutcome {
  signal: NodeJS.Signals | null;
  code: number | null;
  sent: Line[];
  acked: Line[];
  notAcked: number;
  stderr: string;
}

const KILLS = 5;

/** One run of the child; SIGKILLed `killAfterMs` after it is READY (null: runs to its end). */
function runChild(dbPath: string, run: number, killAfterMs: number | null, answersPerUser: number): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'answer-crash-child.ts'), dbPath, String(run), String(answersPerUser)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!ready && /^READY$/m.test(out)) {
        ready = true;
        if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const parse = (tag: string) =>
        out
          .split('\n')
          .filter((l) => l.startsWith(`${tag} `))
          .map((l) => JSON.parse(l.slice(tag.length + 1)) as Line);
      if (!ready) return reject(new Error(`run ${run} ended (code ${code}, signal ${signal}) before READY:\n${out}\n${err}`));
      resolve({ signal, code, sent: parse('SEND'), acked: parse('ACK'), notAcked: parse('NOACK').length, stderr: err });
    });
  });
}

/**
 * Acknowledged answers not in the database: per person and criterion, the stored value must be the last one
 * acknowledged, unless a later answer to the same criterion was sent and not acknowledged (in flight at the kill).
 */
function lostAnswers(dbPath: string, outcome: RunOutcome): { lost: Line[]; integrity: string } {
  const db = new Database(dbPath);
  try {
    const stored = db.prepare(
      `SELECT a.value FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.person_id = ? AND a.criterion_id = ?`,
    );
    const ackedPerPerson = new Map<number, number>();
    for (const a of outcome.acked) ackedPerPerson.set(a.p, (ackedPerPerson.get(a.p) ?? 0) + 1);
    const lost: Line[] = [];
    const byKey = new Map<string, { acked: Line; later: Line[] }>();
    const sentPerPerson = new Map<number, Line[]>();
    for (const s of outcome.sent) sentPerPerson.set(s.p, [...(sentPerPerson.get(s.p) ?? []), s]);
    for (const [person, sent] of sentPerPerson) {
      const ackCount = ackedPerPerson.get(person) ?? 0;
      // Each person sends one answer at a time: the first `ackCount` sends were acknowledged, the rest were not.
      sent.forEach((s, i) => {
        const key = `${s.p}:${s.c}`;
        if (i < ackCount) byKey.set(key, { acked: s, later: [] });
        else byKey.get(key)?.later.push(s);
      });
    }
    for (const { acked, later } of byKey.values()) {
      const row = stored.get(acked.p, acked.c) as { value: string } | undefined;
      const value = row ? (JSON.parse(row.value) as unknown) : undefined;
      if (value !== acked.v && !later.some((l) => l.v === value)) lost.push(acked);
    }
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    return { lost, integrity };
  } finally {
    db.close();
  }
}

describe('answers across crashes (issue 18)', () => {
  it(`loses no acknowledged answer over ${KILLS} SIGKILLs at random moments, and the database stays intact`, async () => {
    const dbPath = join(dir, 'answers.sqlite');
    let totalAcked = 0;
    for (let run = 0; run <= KILLS; run += 1) {
      const killed = run < KILLS;
      // A random moment while six people answer (their steps share units of work); the last run ends by itself.
      const outcome = await runChild(dbPath, run, killed ? 60 + Math.floor(Math.random() * 340) : null, killed ? 0 : 20);
      if (killed) expect(outcome.signal, outcome.stderr).toBe('SIGKILL');
      else expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.notAcked).toBe(0);
      expect(outcome.acked.length).toBeGreaterThan(0);
      totalAcked += outcome.acked.length;
      const { lost, integrity } = lostAnswers(dbPath, outcome);
      expect({ run, lost, integrity }).toEqual({ run, lost: [], integrity: 'ok' });
    }
    expect(totalAcked).toBeGreaterThan(6 * 20);
  }, 60_000);
});
