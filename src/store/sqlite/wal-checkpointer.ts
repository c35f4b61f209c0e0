/**
 * Background WAL checkpoints: a worker thread with its own connection runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * few milliseconds, and the main connection's automatic checkpoint is switched off.
 *
 * Why: with the default auto-checkpoint, the COMMIT that crosses 1,000 WAL pages copies them into the database file
 * and fsyncs, on the event loop: 5–9 ms during which every event of that batch (and every event queued behind it)
 * waits. A PASSIVE checkpoint never blocks writers or readers, so from another thread it costs the main thread
 * nothing. If the worker fails or is stopped, the connection's auto-checkpoint is switched back on.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open-sqlite.js';

export interface WalCheckpointerOptions {
  /** Pause between two checkpoints (default 25 ms). */
  intervalMs?: number;
}

/** A running background checkpointer; `stop()` ends the worker and restores the auto-checkpoint. */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** SQLite's default `wal_autocheckpoint`, restored when the worker stops. */
const DEFAULT_AUTOCHECKPOINT = 1000;

// Plain CommonJS evaluated in the worker (no TypeScript loader needed there).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 5000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let stopped = false;
function tick() {
  if (stopped) return;
  try { checkpoint.get(); } catch { /* busy: next tick */ }
  setTimeout(tick, workerData.intervalMs);
}
parentPort.on('message', () => { stopped = true; db.close(); parentPort.close(); });
tick();
`;

/** Starts checkpointing `db`'s file in a worker thread; returns null for an in-memory database (no WAL). */
export function startWalCheckpointer(db: Db, options: WalCheckpointerOptions = {}): WalCheckpointer | null {
  const c = db.$client;
  if (c.memory) return null;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: c.name,
      intervalMs: options.intervalMs ?? 25,
    },
  });
  worker.unref();
  const restore = (): void => {
    if (c.open) c.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.once('error', restore);
  worker.once('exit', restore);
  c.pragma('wal_autocheckpoint = 0');
  return {
    stop() {
      return new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.ref(); // keep the process alive until the worker has closed its connection
        worker.postMessage('stop');
      });
    },
  };
}
