/** The append-only audit log. Why: every link, point change and decision must be traceable (who, when, from where). */

export interface AuditEntry {
  at: number;
  unitId?: string | null;
  actorPersonId?: number | null;
  channel?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  subjectPersonId?: number | null;
  periodId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** A stored entry, as `thidua audit` prints it (`before`/`after` parsed back from JSON; null when absent). */
export interface AuditRecord {
  id: number;
  at: number;
  unitId: string | null;
  actorPersonId: number | null;
  channel: string | null;
  action: string;
  entityType: string;
  entityId: string;
  subjectPersonId: number | null;
  periodId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** Which entries to read: always one unit's, narrowed to a person and/or a period. */
export interface AuditSearch {
  unitId: string;
  /** Entries about this person (`subject_person_id`). */
  subjectPersonId?: number;
  periodId?: number;
}

/**
 * One page of the dashboard's audit search (issue 16): one unit's entries, newest first, narrowed by person (as the
 * one acting or the one it is about), period and action. Keyset paging on `id` (`beforeId` = the last id of the
 * previous page) so a page costs the same however deep, and entries written meanwhile do not shift the pages.
 */
export interface AuditPageQuery {
  unitId: string;
  /** Entries this person did or that are about them (`actor_person_id` or `subject_person_id`). */
  personId?: number;
  periodId?: number;
  /** The exact action code (e.g. `unit.rules_changed`). */
  action?: string;
  /** Only entries with a smaller id (the next page); absent: from the newest. */
  beforeId?: number;
  /** At most this many entries (1–500). */
  limit: number;
}

export interface AuditRepository {
  /** Appends one entry; returns its id. */
  record(entry: AuditEntry): Promise<number>;
  /** The matching entries, oldest first. */
  search(filter: AuditSearch): Promise<AuditRecord[]>;
  /** One page of matching entries, newest first (see {@link AuditPageQuery}). */
  page(query: AuditPageQuery): Promise<AuditRecord[]>;
}

/** The page size asked for, kept within 1–500 (both dialects clamp the same way). */
export function auditPageLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.min(500, Math.max(1, Math.floor(limit))) : 50;
}
