/**
 * Issue 15, "done when": a SIGKILL of the server mid-test loses no saved answer, and the candidate resumes with the
 * right remaining time. The exam room runs in a child process on a SQLite file; six candidates click answers over
 * HTTP as fast as the server acknowledges; the child is SIGKILLed at a random moment three times and restarted.
 * After each kill every acknowledged answer (HTTP 200) must be in the database — the stored label is the last
 * acknowledged one unless a later click on that question was in flight — and after the restart each candidate's
 * page (same cookie) shows those answers and the remaining time as start + 30 min − now (server clock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ExamClient } from '../helpers/exam-server.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-exam-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startChild(dbPath: string, infoPath: string, seed: boolean): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'exam-crash-child.ts'), dbPath, infoPath, seed ? 'seed' : ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^PORT (\d+)$/m.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`child ended (${code}) before listening:\n${out}\n${err}`)));
  });
}

interface Click {
  n: number;
  label: string;
  acked: boolean;
}

describe('exam room across crashes (issue 15)', () => {
  it('loses no acknowledged answer over 3 SIGKILLs and resumes with the right remaining time', async () => {
    const dbPath = join(dir, 'exam.sqlite');
    const infoPath = join(dir, 'info.json');
    let { child, url } = await startChild(dbPath, infoPath, true);
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as { candidates: Array<{ number: string; code: string }> };
    expect(info.candidates).toHaveLength(6);
    const clients = info.candidates.map((c) => ({ ...c, pc: new ExamClient(url) }));
    for (const c of clients) expect((await c.pc.signIn(c.number, c.code)).status).toBe(200);
    const clicks = new Map<string, Click[]>(clients.map((c) => [c.number, []]));
    let totalAcked = 0;

    for (let run = 0; run < 3; run += 1) {
      let stop = false;
      const loops = clients.map(async (c, i) => {
        const mine = clicks.get(c.number) ?? [];
        for (let k = 0; !stop; k += 1) {
          const click: Click = { n: ((k * 7 + i) % 40) + 1, label: 'ABCD'[(k + run + i) % 4] ?? 'A', acked: false };
          mine.push(click);
          try {
            const res = await c.pc.answer(click.n, click.label);
            if (res.status === 200) click.acked = true;
            else throw new Error(`answer refused: ${res.status} ${res.text}`);
          } catch (error) {
            if (error instanceof Error && error.message.startsWith('answer refused')) throw error;
            return; // the connection died with the server
          }
        }
      });
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 400)));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(loops);
      await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

      // Nothing acknowledged is lost: per question, the stored label is the last acknowledged one, or a later
      // click that was in flight at the kill.
      const db = new Database(dbPath, { readonly: true });
      const stored = db.prepare(
        `SELECT x.question_number AS n, x.label FROM contest_answers x JOIN contest_attempts a ON a.id = x.attempt_id WHERE a.candidate_number = ?`,
      );
      const lost: string[] = [];
      for (const c of clients) {
        const rows = new Map((stored.all(c.number) as Array<{ n: number; label: string }>).map((r) => [r.n, r.label]));
        const byQuestion = new Map<number, Click[]>();
        for (const k of clicks.get(c.number) ?? []) byQuestion.set(k.n, [...(byQuestion.get(k.n) ?? []), k]);
        for (const [n, list] of byQuestion) {
          const lastAcked = list.map((k, i) => ({ k, i })).filter((x) => x.k.acked).pop();
          if (!lastAcked) continue;
          const allowed = new Set([lastAcked.k.label, ...list.slice(lastAcked.i + 1).map((k) => k.label)]);
          if (!allowed.has(rows.get(n) ?? '')) lost.push(`${c.number} câu ${n}: ${rows.get(n)} ≠ ${lastAcked.k.label}`);
        }
      }
      const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]?.integrity_check;
      const started = new Map(
        (db.prepare('SELECT candidate_number, started_at, deadline_at FROM contest_attempts').all() as Array<{ candidate_number: string; started_at: number; deadline_at: number }>).map(
          (r) => [r.candidate_number, r],
        ),
      );
      db.close();
      expect({ run, lost, integrity }).toEqual({ run, lost: [], integrity: 'ok' });
      totalAcked += [...clicks.values()].flat().filter((k) => k.acked).length;

      // Restart; each candidate's page (same cookie, new server) resumes with the answers and the right time left.
      ({ child, url } = await startChild(dbPath, infoPath, false));
      for (const c of clients) {
        const pc = new ExamClient(url);
        pc.adoptCookies(c.pc);
        c.pc = pc;
        const before = Date.now();
        const state = await pc.state();
        const after = Date.now();
        const row = started.get(c.number);
        if (!row) throw new Error('no attempt');
        expect(row.deadline_at).toBe(row.started_at + 30 * 60_000);
        expect(state.data.status).toBe('in-progress');
        const remaining = Number(state.data.remainingMs);
        expect(remaining).toBeLessThanOrEqual(row.deadline_at - before);
        expect(remaining).toBeGreaterThanOrEqual(row.deadline_at - after);
        const answers = state.data.answers as Record<string, string>;
        const lastAckedPerQ = new Map<number, string>();
        for (const k of clicks.get(c.number) ?? []) if (k.acked) lastAckedPerQ.set(k.n, k.label);
        expect(Object.keys(answers).length).toBeGreaterThanOrEqual(lastAckedPerQ.size);
      }
    }
    child.kill('SIGKILL');
    expect(totalAcked).toBeGreaterThan(30);
  }, 90_000);
});
