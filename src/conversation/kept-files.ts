/**
 * Keeping a step's file before its transaction commits, and undoing it when the transaction rolls back.
 *
 * Why before the commit (and not in `tx.afterCommit`): a crash between COMMIT and a later move would leave an
 * evidence row without its file. Moving first, a crash can only leave a file without a row (an unreferenced,
 * content-addressed file: harmless). When the step's transaction then rolls back, the file is removed again, but
 * only if this step created it and no other step held the same content meanwhile (two people sending the same
 * bytes at once): keeping and removing one path run one at a time, and a path held by two steps is never removed.
 * The bookkeeping is per process; with several instances on one folder a rolled-back file is simply left (harmless).
 */
import type { FileStore, ReceivedFile } from '../store/file-store.js';
import { KeyedMutex } from './keyed-mutex.js';

/** What one step kept (so the engine can settle it after the transaction). */
export interface KeptFile {
  path: string;
  created: boolean;
}

export class KeptFiles {
  private readonly byPath = new KeyedMutex();
  private readonly holders = new Map<string, { count: number; shared: boolean }>();

  constructor(private readonly files: FileStore) {}

  /** Moves the received file to `path` inside the step (before COMMIT); the step's transaction must be settled with {@link settle}. */
  keep(received: ReceivedFile, path: string): Promise<KeptFile> {
    return this.byPath.run(path, async () => {
      const entry = this.holders.get(path) ?? { count: 0, shared: false };
      entry.count += 1;
      if (entry.count > 1) entry.shared = true;
      this.holders.set(path, entry);
      try {
        const { created } = await this.files.keep(received, path);
        return { path, created };
      } catch (error) {
        this.release(path);
        throw error;
      }
    });
  }

  /** After the transaction: committed files stay; a rolled-back step's file goes if it created it alone. */
  settle(kept: KeptFile, committed: boolean): Promise<void> {
    return this.byPath.run(kept.path, async () => {
      const entry = this.holders.get(kept.path);
      if (!committed && kept.created && entry && !entry.shared) await this.files.remove(kept.path);
      this.release(kept.path);
    });
  }

  private release(path: string): void {
    const entry = this.holders.get(path);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count <= 0) this.holders.delete(path);
  }
}
