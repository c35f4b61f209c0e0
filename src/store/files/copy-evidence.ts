/**
 * Evidence files for `thidua db copy`: from the source's data folder to the target's file store (a bucket, or
 * another folder). Each file is checked against the sha256 its row records before it is written, and written
 * through {@link FileStore.keep}, so a file already there (same content, same path) is not written again and a
 * repeated copy is harmless. The source folder is only read. When the copy's rows are rolled back, the files it
 * wrote are removed again (`undo`); one left by a crash is removed by the file sweep (src/store/files/sweep-files.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EvidenceCopier, EvidenceCopyReport } from '../copy-report.js';
import type { FileStore } from '../file-store.js';
import { isStorePath } from './evidence-path.js';

export function localEvidenceCopier(sourceDir: string, target: FileStore): EvidenceCopier {
  return {
    async copy(files) {
      const report: EvidenceCopyReport = { copied: 0, alreadyThere: 0, missing: [], mismatched: [], created: [] };
      for (const file of files) {
        if (!isStorePath(file.path)) {
          report.missing.push(file.path);
          continue;
        }
        if (await target.exists(file.path)) {
          report.alreadyThere += 1;
          continue;
        }
        const full = join(sourceDir, file.path);
        const size = await stat(full).then(
          (info) => (info.isFile() ? info.size : null),
          () => null,
        );
        if (size === null) {
          report.missing.push(file.path);
          continue;
        }
        if ((await sha256Of(full)) !== file.sha256) {
          report.mismatched.push(file.path);
          continue;
        }
        // The source file stands in for a received one; it is never discarded (that would delete it).
        const { created } = await target.keep({ tempPath: full, sha256: file.sha256, size }, file.path);
        if (created) {
          report.copied += 1;
          report.created.push(file.path);
        } else report.alreadyThere += 1;
      }
      return report;
    },
    async undo(paths) {
      for (const path of paths) await target.remove(path);
    },
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
