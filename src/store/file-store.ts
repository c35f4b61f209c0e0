/**
 * Evidence bytes, stored by content. Why a port apart from the database: files go to a local folder for one
 * instance, or to an S3-compatible bucket for several; the engine only asks "keep these bytes".
 * Called BEFORE the unit of work (disk or network I/O must not hold a transaction open); idempotent by sha256.
 */
export interface FileStore {
  put(data: Uint8Array, mime: string, originalName: string): Promise<StoredFile>;
}

export interface StoredFile {
  /** Path relative to the data folder (local store) or object key: `evidence/ab/abcdef….pdf`. */
  path: string;
  sha256: string;
  size: number;
  mime: string;
}
