/**
 * The organisation index's rows (seed 003, seed 004; issue 13): a unit's index years, who holds which official
 * role, who answers which indicator, the unit's answers with their review, and the evidence.
 *
 * Why a repository of its own: an organisation answers as a whole (several officials, one answer per indicator),
 * which the person-unique submissions cannot hold. The rules live in `src/org-index/`; this is storage only.
 * Plain TypeScript types; the implementations check rows on read.
 */

export const ORG_PERIOD_STATUSES = ['open', 'submitted', 'verified', 'approved'] as const;
export type OrgPeriodStatus = (typeof ORG_PERIOD_STATUSES)[number];

export const ORG_ANSWER_STATUSES = ['answered', 'accepted', 'adjusted', 'returned', 'not-applicable'] as const;
export type OrgAnswerStatus = (typeof ORG_ANSWER_STATUSES)[number];

/** Duties that are not rubric official roles: the steering committee (verifies) and its chair (approves). */
export const ORG_DUTIES = ['steering', 'chair'] as const;

/** One index year of a unit. `calendar` is the stored JSON (parsed by `src/org-index/org-calendar.ts`). */
export interface OrgPeriodRecord {
  id: number;
  unitId: string;
  rubricVersionId: number;
  year: number;
  status: OrgPeriodStatus;
  calendar: unknown;
  initiativeCount: number | null;
  submittedById: number | null;
  submittedAt: number | null;
  verifiedById: number | null;
  verifiedAt: number | null;
  approvedById: number | null;
  approvedAt: number | null;
}

export interface NewOrgPeriod {
  unitId: string;
  rubricVersionId: number;
  year: number;
  calendar: unknown;
}

/** Fields a service may change on a period (only the given ones). */
export type OrgPeriodPatch = Partial<
  Pick<
    OrgPeriodRecord,
    | 'status'
    | 'calendar'
    | 'initiativeCount'
    | 'submittedById'
    | 'submittedAt'
    | 'verifiedById'
    | 'verifiedAt'
    | 'approvedById'
    | 'approvedAt'
  >
>;

export interface OrgOfficial {
  personId: number;
  /** A rubric `officialRoles` code, or a duty of {@link ORG_DUTIES}. */
  code: string;
}

export interface OrgAssignment {
  criterionId: string;
  personId: number;
  assignedById: number | null;
  assignedAt: number;
}

/** The unit's answer to one indicator. Values are JSON as stored; the service checks them against the rubric. */
export interface OrgAnswerRecord {
  periodId: number;
  criterionId: string;
  value: unknown;
  detail: unknown;
  answeredById: number | null;
  answeredAt: number | null;
  status: OrgAnswerStatus;
  reviewedValue: unknown;
  reviewReason: string | null;
  reviewedById: number | null;
  reviewedAt: number | null;
  updatedAt: number;
}

export type OrgAnswerWrite = Omit<OrgAnswerRecord, 'updatedAt'> & { updatedAt: number };

export interface OrgEvidenceRecord {
  id: number;
  periodId: number;
  criterionId: string;
  kind: 'link' | 'file';
  url: string | null;
  filePath: string | null;
  sha256: string | null;
  size: number | null;
  mime: string | null;
  fileName: string | null;
  signed: boolean | null;
  addedById: number | null;
  createdAt: number;
}

export type NewOrgEvidence = Omit<OrgEvidenceRecord, 'id'>;

export interface OrgIndexRepository {
  /** Inserts an index year (status `open`); the caller checked the year is free for the unit. */
  insertPeriod(period: NewOrgPeriod): Promise<OrgPeriodRecord>;
  getPeriod(periodId: number): Promise<OrgPeriodRecord | null>;
  findPeriod(unitId: string, year: number): Promise<OrgPeriodRecord | null>;
  /** The unit's index years, oldest first. */
  listPeriodsOfUnit(unitId: string): Promise<OrgPeriodRecord[]>;
  /** Every unit's period of `year` (the province's ranking), by unit id. */
  listPeriodsOfYear(year: number): Promise<OrgPeriodRecord[]>;
  /** Every period in one of `statuses`, across units, oldest first (reminders). */
  listPeriodsByStatus(statuses: readonly OrgPeriodStatus[]): Promise<OrgPeriodRecord[]>;
  updatePeriod(periodId: number, patch: OrgPeriodPatch): Promise<OrgPeriodRecord>;

  /** The unit's officials (person × code), by person then code. */
  listOfficials(unitId: string): Promise<OrgOfficial[]>;
  /** Adds a role or duty to a person (no-op when held). */
  addOfficial(unitId: string, official: OrgOfficial): Promise<void>;
  /** Removes it; false when not held. */
  removeOfficial(unitId: string, official: OrgOfficial): Promise<boolean>;

  /** Who answers what in a period, by criterion id (text order) then person id. */
  listAssignments(periodId: number): Promise<OrgAssignment[]>;
  /** Replaces the people of one indicator. */
  setAssignees(periodId: number, criterionId: string, personIds: readonly number[], by: number | null, at: number): Promise<void>;

  listAnswers(periodId: number): Promise<OrgAnswerRecord[]>;
  getAnswer(periodId: number, criterionId: string): Promise<OrgAnswerRecord | null>;
  /** Inserts or replaces the answer of one indicator. */
  putAnswer(answer: OrgAnswerWrite): Promise<void>;

  /** Evidence of the period (of one indicator when given), oldest first. */
  listEvidence(periodId: number, criterionId?: string): Promise<OrgEvidenceRecord[]>;
  addEvidence(evidence: NewOrgEvidence): Promise<OrgEvidenceRecord>;
}
