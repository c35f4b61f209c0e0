/**
 * Every repository over one PostgreSQL connection (the unit of work's pooled client, or a read-only one).
 *
 * The queries mirror `src/store/sqlite/*-repo.ts`: SQL over the `pg` driver with `$n` parameters, as named prepared
 * statements where the text is fixed (prepared once per connection). Differences from SQLite, on purpose:
 * booleans are `boolean`; JSON columns are `jsonb` (written as JSON text parameters, read back parsed); int8 comes
 * back as a number (the parser installed by open-postgres.ts); NULLs sort first explicitly and text sorts with
 * `COLLATE "C"` where the SQLite order (binary, NULLs first) is part of the result.
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
import { resultsRepository } from './results-repo.js';
import { reviewRepository } from './reviews-repo.js';
import { inviteRepository, settingsRepository, staffRepository } from './staff-repo.js';
import { deliveryRepository } from './delivery-repo.js';
import { departmentConditionRepository } from './department-conditions-repo.js';
import { contestRepository } from './contest-repo.js';
import { awardBlockerRepository } from './award-blockers-repo.js';
import { initiativeRepository } from './initiatives-repo.js';
import { nominationRepository } from './nominations-repo.js';
import { registrationRepository } from './registrations-repo.js';
import { orgIndexRepository } from './org-index-repo.js';
import { leaseRepository } from './leases-repo.js';
import { fileRefRepository } from './file-refs-repo.js';
import { groupRepository } from './groups-repo.js';
import { honourRepository } from './honours-repo.js';
import { jobRepository } from './jobs-repo.js';
import { outboxRepository } from './outbox-repo.js';
import { telegramChatRepository } from './telegram-chats-repo.js';
import { webSessionRepository } from './web-sessions-repo.js';
import { zaloTokenRepository } from './zalo-tokens-repo.js';

export type { RubricCache } from './pg-query.js';

/** How each repository is made over a connection (the assessment's also takes the shared rubric cache). */
const FACTORIES: { readonly [K in keyof Repositories]: (c: Client, rubrics: RubricCache) => Repositories[K] } = {
  conversations: conversationRepository,
  inboundEvents: inboundEventRepository,
  directory: directoryRepository,
  assessment: assessmentRepository,
  audit: auditRepository,
  periods: periodRepository,
  staff: staffRepository,
  settings: settingsRepository,
  invites: inviteRepository,
  inboundQueue: inboundQueueRepository,
  results: resultsRepository,
  reviews: reviewRepository,
  jobs: jobRepository,
  honours: honourRepository,
  groups: groupRepository,
  webSessions: webSessionRepository,
  telegramChats: telegramChatRepository,
  outbox: outboxRepository,
  delivery: deliveryRepository,
  zaloTokens: zaloTokenRepository,
  loginAttempts: loginAttemptRepository,
  contest: contestRepository,
  initiatives: initiativeRepository,
  awardBlockers: awardBlockerRepository,
  registrations: registrationRepository,
  nominations: nominationRepository,
  orgIndex: orgIndexRepository,
  leases: leaseRepository,
  fileRefs: fileRefRepository,
  departmentConditions: departmentConditionRepository,
};

/**
 * The repositories of one connection, each made on first use and kept for the connection's unit of work. Why lazily:
 * a unit is opened for every chat event and uses three or four of the thirty repositories; making all of them (a few
 * hundred closures) for each event was a measurable share of the engine's CPU and garbage on PostgreSQL.
 */
class LazyRepositories {
  readonly made = new Map<keyof Repositories, unknown>();
  constructor(
    readonly connection: Client,
    readonly rubrics: RubricCache,
  ) {}
}
for (const key of Object.keys(FACTORIES) as (keyof Repositories)[]) {
  Object.defineProperty(LazyRepositories.prototype, key, {
    enumerable: true,
    get(this: LazyRepositories): unknown {
      let repository = this.made.get(key);
      if (repository === undefined) {
        repository = FACTORIES[key](this.connection, this.rubrics);
        this.made.set(key, repository);
      }
      return repository;
    },
  });
}

export function createPostgresRepositories(c: Client, rubrics: RubricCache = new Map()): Repositories {
  return new LazyRepositories(c, rubrics) as unknown as Repositories;
}
