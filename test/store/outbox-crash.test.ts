/**
 * Issue 11, "done when": a SIGKILL between a head-prompting step and its delivery loses no prompt. The approval
 * prompt is written to the outbox in the step's own transaction (the engine hands every notification of a step to
 * the dispatcher inside that transaction), so once `engine.handle` has resolved the prompt is durable, even if the
 * process dies before any outbox worker runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Committed {
  headId: number;
  staffId: number;
  woken: string[];
}

/** Runs the child until it prints COMMITTED, then SIGKILLs it; resolves with what it printed and how it ended. */
function runAndKill(dbPath: string, mode: 'in-step' | 'after-commit' = 'in-step'): Promise<{ committed: Committed; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'outbox-crash-child.ts'), dbPath, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let committed: Committed | undefined;
    child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^COMMITTED (.*)$/m.exec(out);
      if (line?.[1] && !committed) {
        committed = JSON.parse(line[1]) as Committed;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!committed) reject(new Error(`child ended (code ${code}, signal ${signal}) before committing:\n${out}\n${err}`));
      else resolve({ committed, signal, stderr: err });
    });
  });
}

describe('outbox durability across a crash', () => {
  it('a SIGKILL right after the submitting step still leaves the head’s approval prompt in the outbox', async () => {
    const dbPath = join(dir, 'crash.sqlite');
    const { committed, signal } = await runAndKill(dbPath);
    expect(signal).toBe('SIGKILL');

    const store = createSqliteStore(dbPath, { backgroundCheckpoints: false });
    try {
      const prompts = await store.read((tx) => tx.outbox.listForPeople([committed.headId], 0));
      expect(prompts).toEqual([
        expect.objectContaining({
          channel: 'telegram',
          chatId: 'head-1',
          personId: committed.headId,
          purpose: 'approval',
          status: 'pending',
          attempts: 0,
        }),
      ]);
      expect(JSON.stringify(prompts[0]?.messages)).toContain('Trần Thị Lan');
      // Nothing was delivered before the crash, and a worker starting now finds the prompt due.
      const claimed = await store.transaction((tx) => tx.outbox.claimDue('telegram', Date.now() + 86_400_000, 100, { instanceId: 'test', leaseMs: 60_000 }));
      expect(claimed.filter((i) => i.personId === committed.headId && i.purpose === 'approval')).toHaveLength(1);
      const submission = await store.read(async (tx) => {
        const period = await tx.assessment.openPeriodFor('u1');
        return period ? tx.assessment.findSubmission(period.id, committed.staffId) : null;
      });
      expect(submission?.status).toBe('submitted');
    } finally {
      await store.close();
    }
  }, 180_000);

  it('control: the same crash loses the prompt when it is queued only after the step commits (so the test can fail)', async () => {
    const dbPath = join(dir, 'control.sqlite');
    const { committed, signal } = await runAndKill(dbPath, 'after-commit');
    expect(signal).toBe('SIGKILL');
    const store = createSqliteStore(dbPath, { backgroundCheckpoints: false });
    try {
      expect(await store.read((tx) => tx.outbox.listForPeople([committed.headId], 0))).toEqual([]);
      const submission = await store.read(async (tx) => {
        const period = await tx.assessment.openPeriodFor('u1');
        return period ? tx.assessment.findSubmission(period.id, committed.staffId) : null;
      });
      expect(submission?.status).toBe('submitted');
    } finally {
      await store.close();
    }
  }, 180_000);
});
