/**
 * Which stored files rows still name. Why a repository of its own: evidence files are written to the file store
 * BEFORE the unit of work that records them (a file must never be missing behind a row), so a crash or a failed
 * unit of work can leave a file no row names; the daily sweep (src/store/files/sweep-files.ts) removes those, and
 * must ask every place a file path is written: evidence and organisation-index evidence rows, the initiatives'
 * evidence lists (JSON) and messages in the outbox (an image sent from the store).
 */
export interface FileRefRepository {
  /** Of `paths` (store paths, `evidence/ab/<sha256>.<ext>`), those some row names. */
  referenced(paths: readonly string[]): Promise<Set<string>>;
}

/** Paths per query: far below both dialects' parameter limits. */
export const FILE_REF_BATCH = 500;
