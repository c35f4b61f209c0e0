/** Builds every port the conversation engine needs over one SQLite connection. */
import type { EnginePorts } from '../conversation/ports.js';
import { createAssessmentPort } from './assessment-port.js';
import { createAuditPort } from './audit.js';
import { createConversationStore } from './conversation-store.js';
import { createDirectoryPort } from './directory-port.js';
import { createEventLog } from './event-log.js';
import { createFileStore } from './file-store.js';
import { createBatchingTransactor, type BatchingTransactorOptions } from './batching-transactor.js';
import type { Db } from './open-db.js';
import { readCacheOf } from './read-cache.js';

export interface EnginePortsOptions {
  /** Evidence files go under `<dataDir>/evidence/`. */
  dataDir: string;
  /** Group-commit tuning (batch size, metrics hook). */
  batching?: BatchingTransactorOptions;
}

export function createEnginePorts(db: Db, options: EnginePortsOptions): EnginePorts {
  return {
    // The read cache is used only inside these batches (see read-cache.ts).
    transactor: createBatchingTransactor(db, { ...options.batching, hooks: readCacheOf(db) }),
    conversations: createConversationStore(db),
    events: createEventLog(db),
    directory: createDirectoryPort(db),
    assessment: createAssessmentPort(db),
    files: createFileStore({ dataDir: options.dataDir }),
    audit: createAuditPort(db),
  };
}
