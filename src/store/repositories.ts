/**
 * Every repository a unit of work hands out. Each area adds its repository here (interface in `src/store/<name>.ts`,
 * SQLite implementation in `src/store/sqlite/<name>-repo.ts`, registered in `src/store/sqlite/repositories.ts`).
 */
import type { AssessmentRepository } from './assessment.js';
import type { AuditRepository } from './audit.js';
import type { AwardBlockerRepository } from './award-blockers.js';
import type { ContestRepository } from './contest.js';
import type { InitiativeRepository } from './initiatives.js';
import type { NominationRepository } from './nominations.js';
import type { RegistrationRepository } from './registrations.js';
import type { ConversationRepository } from './conversations.js';
import type { DeliveryRepository } from './delivery.js';
import type { DepartmentConditionRepository } from './department-conditions.js';
import type { DirectoryRepository } from './directory.js';
import type { FileRefRepository } from './file-refs.js';
import type { GroupRepository } from './groups.js';
import type { HonourRepository } from './honours.js';
import type { InboundEventRepository } from './inbound-events.js';
import type { InboundQueueRepository } from './inbound-queue.js';
import type { JobRepository } from './jobs.js';
import type { LeaseRepository } from './leases.js';
import type { LoginAttemptRepository } from './login-attempts.js';
import type { OrgIndexRepository } from './org-index.js';
import type { OutboxRepository } from './outbox.js';
import type { InviteRepository } from './invites.js';
import type { PeriodRepository } from './periods.js';
import type { ResultsRepository } from './results.js';
import type { ReviewRepository } from './reviews.js';
import type { SettingsRepository } from './settings.js';
import type { StaffRepository } from './staff.js';
import type { TelegramChatRepository } from './telegram-chats.js';
import type { WebSessionRepository } from './web-sessions.js';
import type { ZaloTokenRepository } from './zalo-tokens.js';

export interface Repositories {
  /** Per-chat dialog state (versioned JSON documents). */
  readonly conversations: ConversationRepository;
  /** The one idempotency log of platform events, for every channel. */
  readonly inboundEvents: InboundEventRepository;
  /** People, departments, roles, chat accounts, one-time codes. */
  readonly directory: DirectoryRepository;
  /** Periods, rubric versions, submissions, answers, evidence (the self-assessment's data). */
  readonly assessment: AssessmentRepository;
  /** The append-only audit log. */
  readonly audit: AuditRepository;
  /** Periods of a unit (status, deadlines) and the rubric versions they are scored with. */
  readonly periods: PeriodRepository;
  /** The rows behind official results (people × periods with their submissions). */
  readonly results: ResultsRepository;
  /** The review chain's rows: reviewed answers, department lists, role holders, audit entries read back. */
  readonly reviews: ReviewRepository;
  /** The office's directory administration: units, departments and their leader in charge, people, roles. */
  readonly staff: StaffRepository;
  /** One-time linking codes (stored as sha256). */
  readonly invites: InviteRepository;
  /** Scheduled job runs (exactly once per slot) and reminder deliveries (once per person and slot). */
  readonly jobs: JobRepository;
  /** Honour lists posted, with each announcement group's state. */
  readonly honours: HonourRepository;
  /** Registered group chats (announcement targets). */
  readonly groups: GroupRepository;
  /** Units and their raw per-unit settings. */
  readonly settings: SettingsRepository;
  /** Web chat sessions (token hashes), created in the login's unit of work. */
  readonly webSessions: WebSessionRepository;
  /** Telegram's per-chat memory (the current question with live buttons). */
  readonly telegramChats: TelegramChatRepository;
  /** The durable outbox: messages written in the transaction that caused them, delivered by channel workers. */
  readonly outbox: OutboxRepository;
  /** Chat accounts as delivery sees them (reachability, last interaction, accounts marked unreachable). */
  readonly delivery: DeliveryRepository;
  /** Events acknowledged to the platform but not processed yet (pending rows of the one inbound-event log). */
  readonly inboundQueue: InboundQueueRepository;
  /** The Zalo OA token pair (refresh tokens are single-use: stored before use). */
  readonly zaloTokens: ZaloTokenRepository;
  /** Failed attempts at one-time codes per address, code and chat user (login limits that survive a restart). */
  readonly loginAttempts: LoginAttemptRepository;
  /** The leaders' contest (seed 001): runs, registrations, candidates, attempts, answers, marks, results. */
  readonly contest: ContestRepository;
  /** People not to be considered for a year's awards (the contest's 50% rule; read by the nominations). */
  /** The initiatives register and the recognitions the office records (issue 14). */
  readonly initiatives: InitiativeRepository;
  /** Per-person, per-year records that keep someone from awards, with source and reason (issue 14). */
  readonly awardBlockers: AwardBlockerRepository;
  /** Emulation registrations at the start of the year and each unit's deadline (issue 14). */
  readonly registrations: RegistrationRepository;
  /** Nominations, their checklists and files, and the council's meetings and decisions (issue 14). */
  readonly nominations: NominationRepository;
  /** The organisation index (seed 003/004): index years, officials, assignments, answers and their review, evidence. */
  readonly orgIndex: OrgIndexRepository;
  /** Leadership leases (scheduler, channel senders, Telegram polling): one holder per role across instances. */
  readonly leases: LeaseRepository;
  /** Which stored files rows still name (the daily sweep removes the others once they are a day old). */
  readonly fileRefs: FileRefRepository;
  /** A department's own conditions of a period (seed 000: its article of the quarter), answered by the head. */
  readonly departmentConditions: DepartmentConditionRepository;
}
