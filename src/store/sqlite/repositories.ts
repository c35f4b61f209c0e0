/** Builds every repository over one SQLite connection (each holds its prepared statements). */
import type Database from 'better-sqlite3';
import type { Repositories } from '../repositories.js';
import { createAssessmentRepository } from './assessment-repo.js';
import { createAuditRepository } from './audit-repo.js';
import { createAwardBlockerRepository } from './award-blockers-repo.js';
import { createContestRepository } from './contest-repo.js';
import { createInitiativeRepository } from './initiatives-repo.js';
import { createNominationRepository } from './nominations-repo.js';
import { createRegistrationRepository } from './registrations-repo.js';
import { createConversationRepository } from './conversations-repo.js';
import { createDeliveryRepository } from './delivery-repo.js';
import { createDepartmentConditionRepository } from './department-conditions-repo.js';
import { createDirectoryRepository } from './directory-repo.js';
import { createGroupRepository } from './groups-repo.js';
import { createHonourRepository } from './honours-repo.js';
import { createInboundEventRepository } from './inbound-events-repo.js';
import { createInboundQueueRepository } from './inbound-queue-repo.js';
import { createJobRepository } from './jobs-repo.js';
import { createLeaseRepository } from './leases-repo.js';
import { createFileRefRepository } from './file-refs-repo.js';
import { createLoginAttemptRepository } from './login-attempts-repo.js';
import { createInviteRepository } from './invites-repo.js';
import { createOrgIndexRepository } from './org-index-repo.js';
import { createOutboxRepository } from './outbox-repo.js';
import { createPeriodRepository } from './periods-repo.js';
import { createResultsRepository } from './results-repo.js';
import { createReviewRepository } from './reviews-repo.js';
import type { RubricVersions } from './rubric-versions.js';
import { createSettingsRepository } from './settings-repo.js';
import { createStaffRepository } from './staff-repo.js';
import { createTelegramChatRepository } from './telegram-chats-repo.js';
import { createWebSessionRepository } from './web-sessions-repo.js';
import { createZaloTokenRepository } from './zalo-tokens-repo.js';

export function createSqliteRepositories(c: Database.Database, rubrics: RubricVersions): Repositories {
  const inboundEvents = createInboundEventRepository(c);
  const directory = createDirectoryRepository(c);
  const settings = createSettingsRepository(c);
  return {
    conversations: createConversationRepository(c, { inboundEvents, directory }),
    inboundEvents,
    directory,
    assessment: createAssessmentRepository(c, rubrics, settings),
    audit: createAuditRepository(c),
    periods: createPeriodRepository(c),
    results: createResultsRepository(c),
    reviews: createReviewRepository(c),
    staff: createStaffRepository(c),
    invites: createInviteRepository(c),
    jobs: createJobRepository(c),
    honours: createHonourRepository(c),
    groups: createGroupRepository(c),
    settings,
    webSessions: createWebSessionRepository(c),
    telegramChats: createTelegramChatRepository(c),
    outbox: createOutboxRepository(c),
    delivery: createDeliveryRepository(c),
    inboundQueue: createInboundQueueRepository(c),
    zaloTokens: createZaloTokenRepository(c),
    loginAttempts: createLoginAttemptRepository(c),
    contest: createContestRepository(c),
    initiatives: createInitiativeRepository(c),
    awardBlockers: createAwardBlockerRepository(c),
    registrations: createRegistrationRepository(c),
    nominations: createNominationRepository(c),
    orgIndex: createOrgIndexRepository(c),
    leases: createLeaseRepository(c),
    fileRefs: createFileRefRepository(c),
    departmentConditions: createDepartmentConditionRepository(c),
  };
}
