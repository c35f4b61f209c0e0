/**
 * Reads the file an outbound message names, for every channel alike. A relative path (`evidence/ab/….pdf`) is a
 * kept evidence file: it comes from the file store (a folder, or a bucket shared by every instance), so whichever
 * instance sends the message finds it. An absolute path is a file this deployment rendered itself (an honour board
 * under the data folder) and is read from the local disk.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { FileStore, OpenedFile } from '../store/file-store.js';

export class OutboundFiles {
  constructor(private readonly files: FileStore) {}

  /** A stream of the file, or null when it is not there. */
  async open(path: string): Promise<OpenedFile | null> {
    if (!isAbsolute(path)) return this.files.open(path);
    try {
      const info = await stat(path);
      return info.isFile() ? { stream: createReadStream(path), size: info.size } : null;
    } catch {
      return null;
    }
  }

  /**
   * The whole file, for an API that takes bytes (Zalo's upload), when it has at most `maxBytes`; null when it is
   * missing or larger (the caller then says where to see it instead).
   */
  async read(path: string, maxBytes: number): Promise<{ bytes: Buffer; size: number } | null> {
    const opened = await this.open(path);
    if (!opened) return null;
    if (opened.size > maxBytes) {
      opened.stream.destroy();
      return null;
    }
    const bytes = await buffer(opened.stream);
    return { bytes, size: bytes.length };
  }
}
