/**
 * What `thidua db copy` takes and reports, and how it fails (src/store/copy-store.ts does the copy). Why apart: the
 * CLI, the evidence copier (src/store/files/copy-evidence.ts) and the refusals read these without the copy itself.
 */

/** An evidence file the copied rows refer to. */
export interface EvidenceFileRef {
  path: string;
  sha256: string;
  size: number;
}

/** What happened to the evidence files. */
export interface EvidenceCopyReport {
  /** Written to the target store by this copy. */
  copied: number;
  /** Already in the target store (the same content). */
  alreadyThere: number;
  /** Named by a row but not in the source folder. */
  missing: string[];
  /** In the source folder with other content than the row's sha256. */
  mismatched: string[];
  /** Paths this copy wrote (removed again if the rows are rolled back). */
  created: string[];
}

/** Copies the evidence files (the file stores are the caller's: a local folder to a bucket, or to a folder). */
export interface EvidenceCopier {
  copy(files: EvidenceFileRef[]): Promise<EvidenceCopyReport>;
  /** Removes files this copy wrote (its rows were rolled back, so nothing of it names them). Never throws. */
  undo(paths: string[]): Promise<void>;
}

export interface TableCopyReport {
  table: string;
  /** Rows copied (with their new ids). */
  rows: number;
  /** Source rows left behind by the table's rule (a chat the target already knows, deployment-wide job slots). */
  left: number;
  /** sha256 (hex) of the table's sorted row digests; equal on both sides. */
  checksum: string;
}

export interface CopyReport {
  source: string;
  target: string;
  /** The units moved (the counts and checksums are of their rows only, not of the target's other units). */
  units: string[];
  tables: TableCopyReport[];
  /** Tables not copied, with the reason (machine state of the source: leases, tokens, keyboards…). */
  skipped: { table: string; reason: string }[];
  files: EvidenceCopyReport | null;
}

export interface CopyOptions {
  /** Rows per batch (default 1,000). */
  batchSize?: number;
  /** Evidence files; without it only rows are copied. */
  evidence?: EvidenceCopier;
  /** The conversation state every copied chat starts from (the menu; the caller knows the engine's format). */
  conversationReset: { schemaVersion: number; state: string };
  /** The copy's time (default now): what the source's outbox still holds for later is "held", what is due is not. */
  now?: number;
  /** Called after each table is copied and verified (progress for the CLI). */
  onTable?: (report: TableCopyReport) => void;
}

/** The copy cannot start: different schemas, a unit or a person already in the target, an undrained source. Nothing was written. */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

/** The target does not hold what was copied. The transaction was rolled back: nothing was written. */
export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}
