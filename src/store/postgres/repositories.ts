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
    results: resultsRepository(c),
    reviews: reviewRepository(c),
    jobs: jobRepository(c),
    honours: honourRepository(c),
    groups: groupRepository(c),
    webSessions: webSessionRepository(c),
    telegramChats: telegramChatRepository(c),
    outbox: outboxRepository(c),
    delivery: deliveryRepository(c),
    zaloTokens: zaloTokenRepository(c),
    loginAttempts: loginAttemptRepository(c),
    contest: contestRepository(c),
    initiatives: initiativeRepository(c),
    awardBlockers: awardBlockerRepository(c),
    registrations: registrationRepository(c),
    nominations: nominationRepository(c),
    orgIndex: orgIndexRepository(c),
    leases: leaseRepository(c),
    fileRefs: fileRefRepository(c),
    departmentConditions: departmentConditionRepository(c),
  };
}
