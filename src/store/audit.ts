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

export interface AuditRepository {
  /** Appends one entry; returns its id. */
  record(entry: AuditEntry): Promise<number>;
  /** The matching entries, oldest first. */
  search(filter: AuditSearch): Promise<AuditRecord[]>;
}
