import type { Readable } from 'node:stream';

/**
 * Evidence bytes, stored by content. Why a port apart from the database: files go to a local folder for one
 * instance, or to an S3-compatible bucket for several; the engine only asks "hold these bytes" and, once a step has
 * decided to keep them, "keep them".
 *
 * Why two stages (issue 18, item 2): a file must be on disk only when a step records it as evidence. A received
 * file is first written to a temporary file under the data folder, hashed as it arrives ({@link FileStore.receive},
 * or a channel streams it there itself: `src/store/files/receive-stream.ts`), BEFORE the unit of work (disk or
 * network I/O must not hold a transaction open). The step decides; only then is the temporary file moved to its
 * content-addressed place ({@link FileStore.keep}, a rename on the same file system). The temporary file is always
 * removed afterwards ({@link FileStore.discard}).
 *
 * Two implementations: `src/store/files/local-file-store.ts` (a folder) and `src/store/files/s3-file-store.ts` (any
 * S3-compatible bucket, for several instances). The paths are the same in both (`evidence/ab/<sha256>.<ext>`, the
 * object key in a bucket), so the database never says where the bytes live and `thidua db copy` can move them.
 */
export interface FileStore {
  /** Writes bytes to a temporary file, hashing them. A failed write leaves no temporary file behind. */
  receive(data: Uint8Array): Promise<ReceivedFile>;
  /** Where a received file would be kept (`evidence/ab/<sha256>.<ext>`), without touching the disk. */
  pathFor(sha256: string, mime: string, originalName: string): string;
  /**
   * Moves a received file to `path` (from {@link pathFor}). Idempotent by content: when the file is already there
   * the temporary file is left for {@link discard}. `created` tells whether this call put the file there.
   */
  keep(received: ReceivedFile, path: string): Promise<{ created: boolean }>;
  /** Removes a kept file again (only for a step that created it and then rolled back). Never throws. */
  remove(path: string): Promise<void>;
  /** Removes the temporary file if it is still there. Never throws. */
  discard(received: ReceivedFile): Promise<void>;
  /**
   * Opens a kept file for reading (sending it to a reviewer, serving a signed link): a stream, never the whole file
   * in memory. Null when there is no such file.
   */
  open(path: string): Promise<OpenedFile | null>;
  /** Whether a kept file is there. */
  exists(path: string): Promise<boolean>;
  /**
   * Every kept file with the time it was written, in pages (the daily sweep of files no row names:
   * src/store/files/sweep-files.ts). Temporary files are not listed.
   */
  list(): AsyncIterable<KeptFileInfo[]>;
  /** Where the files are, for logs and the operator (`thư mục ./data`, `s3://bucket`); never a secret. */
  readonly description: string;
  /**
   * The bytes of a received temporary file (local disk; at most the engine's file limit). Why: a step may look
   * inside a file it is about to keep (the organisation index checks whether a PDF carries a digital signature)
   * when the channel streamed it instead of handing over the bytes.
   */
  read(received: ReceivedFile): Promise<Uint8Array>;
}

/** A kept file as the store lists it. */
export interface KeptFileInfo {
  path: string;
  /** When it was written (ms): a file younger than a day may belong to a unit of work still under way. */
  writtenAt: number;
}

/** A kept file being read. The caller must consume or destroy `stream`. */
export interface OpenedFile {
  stream: Readable;
  size: number;
}

/** A file received and hashed, held in a temporary file until a step keeps it or it is discarded. */
export interface ReceivedFile {
  /** Absolute path of the temporary file (under the data folder, so keeping it is a rename). */
  tempPath: string;
  sha256: string;
  size: number;
}

/**
 * The file of a `file` event as a step sees it: where it WILL be stored, with its hash. It is stored only when the
 * step calls {@link StoredFile.keep} (after recording it as evidence); otherwise the engine removes it.
 */
export interface StoredFile {
  /** Path relative to the data folder (local store) or object key: `evidence/ab/abcdef….pdf`. */
  path: string;
  sha256: string;
  size: number;
  mime: string;
  /** Keep the file: the engine moves it to `path` before the step's transaction commits. */
  keep(): void;
  /** The file's bytes (read from the temporary file; local disk, bounded by the file limit). */
  read(): Promise<Uint8Array>;
}
