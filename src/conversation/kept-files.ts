/**
 * Storing a step's file BEFORE its unit of work, and removing it again when the step does not keep it or its
 * transaction rolls back.
 *
 * Why before the unit of work: writing the file (a rename on a local folder, a PUT to a bucket) must not hold a
 * transaction open, and a crash between COMMIT and a later write would leave an evidence row without its file.
 * Storing first, a crash can only leave a file without a row (an unreferenced, content-addressed file: removed by the
 * daily sweep, src/store/files/sweep-files.ts). The engine {@link KeptFiles.prepare}s the received file before the
 * transaction; a step that records it calls {@link KeptFiles.keep} (no I/O then); after the transaction
 * {@link KeptFiles.settle} removes it at once unless the step kept it and committed — but only if this step created
 * it and no other step held the same content meanwhile (two people sending the same bytes at once): storing and
 * removing one path run one at a time, and a path held by two steps is never removed. The bookkeeping is per
 * process; with several instances, a file one of them removes while another records the same bytes is the
 * remaining window (the same content, on two instances, in the same second).
 */
import type { FileStore, ReceivedFile } from '../store/file-store.js';
import { KeyedMutex } from './keyed-mutex.js';

/** What one step stored (so the engine can settle it after the transaction). */
export interface KeptFile {
  path: string;
  created: boolean;
  /** The step recorded the file (it stays once the transaction commits). */
  decided: boolean;
}

export class KeptFiles {
  private readonly byPath = new KeyedMutex();
  private readonly holders = new Map<string, { count: number; shared: boolean }>();
  /** Files stored before their step, by temporary file (the step's {@link keep} finds them here). */
  private readonly prepared = new Map<string, KeptFile>();

  constructor(private readonly files: FileStore) {}

  /** Before the unit of work: stores the received file at `path`; settle it with {@link settle} afterwards. */
  async prepare(received: ReceivedFile, path: string): Promise<KeptFile> {
    const kept = await this.store(received, path, false);
    this.prepared.set(received.tempPath, kept);
    return kept;
  }

  /** Inside the step: the file stays. Already stored by {@link prepare} (no I/O here), else stored now. */
  keep(received: ReceivedFile, path: string): Promise<KeptFile> {
    const prepared = this.prepared.get(received.tempPath);
    if (prepared && prepared.path === path) {
      prepared.decided = true;
      return Promise.resolve(prepared);
    }
    return this.store(received, path, true);
  }

  /** After the transaction: a kept and committed file stays; otherwise it goes if this step created it alone. */
  settle(kept: KeptFile, committed: boolean): Promise<void> {
    for (const [temp, file] of this.prepared) if (file === kept) this.prepared.delete(temp);
    return this.byPath.run(kept.path, async () => {
      const entry = this.holders.get(kept.path);
      if (!(committed && kept.decided) && kept.created && entry && !entry.shared) await this.files.remove(kept.path);
      this.release(kept.path);
    });
  }

  private store(received: ReceivedFile, path: string, decided: boolean): Promise<KeptFile> {
    return this.byPath.run(path, async () => {
      const entry = this.holders.get(path) ?? { count: 0, shared: false };
      entry.count += 1;
      if (entry.count > 1) entry.shared = true;
      this.holders.set(path, entry);
      try {
        const { created } = await this.files.keep(received, path);
        return { path, created, decided };
      } catch (error) {
        this.release(path);
        throw error;
      }
    });
  }

  private release(path: string): void {
    const entry = this.holders.get(path);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count <= 0) this.holders.delete(path);
  }
}
