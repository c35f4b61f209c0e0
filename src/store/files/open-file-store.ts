/**
 * Opens the file store the configuration names: the data folder (`FILE_STORE=local`, the default) or an
 * S3-compatible bucket (`FILE_STORE=s3`). One function, so the server and `thidua db copy` open the same store.
 */
import type { FileStoreConfig } from '../../config.js';
import type { FileStore } from '../file-store.js';
import { createLocalFileStore } from './local-file-store.js';
import { createS3FileStore } from './s3-file-store.js';

/** The store and how to check and close it (a folder needs neither). */
export interface OpenedFileStore {
  files: FileStore;
  /** Refuses to start when the bucket cannot be reached (a clear Vietnamese message). */
  check(): Promise<void>;
  close(): void;
}

export function openFileStore(config: FileStoreConfig, dataDir: string): OpenedFileStore {
  if (config.kind === 's3') {
    const s3 = createS3FileStore(config.s3, { dataDir });
    return { files: s3, check: () => s3.checkBucket(), close: () => s3.close() };
  }
  return { files: createLocalFileStore({ dataDir }), check: async () => {}, close: () => {} };
}
