/**
 * Every repository over one PostgreSQL connection (the unit of work's pooled client, or a read-only one).
 *
 * The queries mirror `src/store/sqlite/*-repo.ts`: SQL over the `pg` driver with `$n` parameters, as named prepared
 * statements where the text is fixed (prepared once per connection). Differences from SQLite, on purpose:
 * booleans are `boolean`; JSON columns are `jsonb` (written as JSON text parameters, read back parsed); int8 comes
 * back as a number (the parser installed by open-postgres.ts); NULLs sort first explicitly and text sorts with
 * `COLLATE "C"` where the SQLite order (binary, NULLs first) is part of the result.
 *
 * Repositories not written for PostgreSQL yet are {@link notYet} stand-ins: any call fails with an error naming
 * the repository and method (see {@link POSTGRES_PENDING}).
 */
import type { Repositories } from '../repositories.js';
import type { Client, RubricCache } from './pg-query.js';
import { conversationRepository } from './conversations-repo.js';
import { inboundEventRepository, inboundQueueRepository } from './inbound-events-repo.js';
import { loginAttemptRepository } from './login-attempts-repo.js';
import { directoryRepository } from './directory-repo.js';
import { assessmentRepository } from './assessment-repo.js';
import { auditRepository } from './audit-repo.js';
import { periodRepository } from './periods-repo.js';
import { inviteRepository, settingsRepository, staffRepository } from './staff-repo.js';
import { deliveryRepository } from './delivery-repo.js';
import { contestRepository } from './contest-repo.js';
import { awardBlockerRepository } from './award-blockers-repo.js';

export type { RubricCache } from './pg-query.js';

/** Repositories not implemented on PostgreSQL yet (calls fail with {@link PostgresNotImplementedError}). */
export const POSTGRES_PENDING = [
  'results',
  'reviews',
  'jobs',
  'honours',
  'groups',
  'webSessions',
  'telegramChats',
  'outbox',
  'zaloTokens',
] as const satisfies readonly (keyof Repositories)[];

export class PostgresNotImplementedError extends Error {
  override name = 'PostgresNotImplementedError';
}

/** A stand-in whose every method rejects, naming what is missing. */
function notYet<T extends object>(repository: string): T {
  return new Proxy({} as T, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return () =>
        Promise.reject(new PostgresNotImplementedError(`tx.${repository}.${method} is not implemented on PostgreSQL yet`));
    },
  });
}




export function createPostgresRepositories(c: Client, rubrics: RubricCache = new Map()): Repositories {
  return {
    conversations: conversationRepository(c),
    inboundEvents: inboundEventRepository(c),
    directory: directoryRepository(c),
    assessment: assessmentRepository(c, rubrics),
    audit: auditRepository(c),
    periods: periodRepository(c),
    staff: staffRepository(c),
    settings: settingsRepository(c),
    invites: inviteRepository(c),
    inboundQueue: inboundQueueRepository(c),
    results: notYet('results'),
    reviews: notYet('reviews'),
    jobs: notYet('jobs'),
    honours: notYet('honours'),
    groups: notYet('groups'),
    webSessions: notYet('webSessions'),
    telegramChats: notYet('telegramChats'),
    outbox: notYet('outbox'),
    delivery: deliveryRepository(c),
    zaloTokens: notYet('zaloTokens'),
    loginAttempts: loginAttemptRepository(c),
    contest: contestRepository(c),
    awardBlockers: awardBlockerRepository(c),
  };
}
