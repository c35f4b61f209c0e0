/**
 * The daily sweep of evidence files no row names. Why there are such files: a file is written to the store before
 * the unit of work that records it commits (a row must never name a missing file), so a unit of work that fails or a
 * process that dies in between leaves the file behind. The engine removes a rolled-back step's file at once where it
 * can (src/conversation/kept-files.ts), `thidua db copy` removes its files when its rows roll back; this sweep
 * catches the rest (a crash, another instance's step, a bucket shared by instances).
 *
 * Only files older than a day are candidates: a younger one may belong to a unit of work still under way. Each page
 * of the store's listing is checked with one query (`tx.fileRefs.referenced`), outside any unit of work while files
 * are removed (file or network I/O never holds a transaction open).
 */
import type { FileStore } from '../file-store.js';
import type { Store } from '../store.js';

/** A file must be at least this old (ms) before the sweep may remove it. */
export const UNREFERENCED_FILE_MIN_AGE_MS = 24 * 3600_000;

/** Removes kept files older than `minAgeMs` that no row names; returns how many. */
export async function sweepUnreferencedFiles(
  store: Pick<Store, 'read'>,
  files: FileStore,
  now: number,
  minAgeMs: number = UNREFERENCED_FILE_MIN_AGE_MS,
): Promise<number> {
  let removed = 0;
  for await (const page of files.list()) {
    const old = page.filter((f) => now - f.writtenAt >= minAgeMs).map((f) => f.path);
    if (old.length === 0) continue;
    const referenced = await store.read((tx) => tx.fileRefs.referenced(old));
    for (const path of old) {
      if (referenced.has(path)) continue;
      await files.remove(path);
      removed += 1;
    }
  }
  return removed;
}
