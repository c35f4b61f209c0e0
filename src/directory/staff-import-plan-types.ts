/**
 * The staff import plan's shapes: a person as stored and as the file wants them, a planned row, a bad row and the
 * column it is about, the questions the office answers with an option, and the plan itself. Apart from
 * `plan-staff-import.ts` so the callers that only show, fingerprint or apply a plan (CLI, dashboard,
 * `import-staff.ts`) need not import the planner, and the planner's two halves share one definition.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { StaffField } from './staff-headers.js';
/** A person as stored, in the shape the diff needs: the same fields as the desired state, plus the id. */
export interface ExistingPerson extends StaffRecord {
  id: number;
}

/** The desired state of one person after the import. */
export interface StaffRecord {
  fullName: string;
  phone: string | null;
  email: string | null;
  position: string | null;
  departmentName: string | null;
  roles: Role[];
  /** The departments they are in charge of (exactly these, when the file has the column). */
  leadsDepartments: string[];
  /** Not to be @-mentioned in group chats (seed 000: still honoured, by plain name). */
  noGroupMention: boolean;
  /** The day they joined the unit (`YYYY-MM-DD`, for `yearScore: mean-of-present`); null when not recorded. */
  joinedOn: string | null;
}

/** One valid row and what applying it does. `changes` names the fields that differ (empty when unchanged). */
export interface PlannedRow {
  rowNumber: number;
  action: 'create' | 'update' | 'unchanged';
  personId: number | null;
  record: StaffRecord;
  changes: StaffField[];
}

/** A bad row: its spreadsheet row number (header = 1) and every reason, in Vietnamese. */
export interface RowError {
  rowNumber: number;
  reasons: string[];
  /**
   * The column each reason is about (`columns[i]` for `reasons[i]`; null when it is about the whole row), so a page
   * can point at the cell the office must fix (line, column, reason).
   */
  columns: (RowErrorColumn | null)[];
}

/** A column of the file as the office sees it: the field, its 0-based position and the header text typed. */
export interface RowErrorColumn {
  field: StaffField;
  index: number;
  header: string;
}

/** A row the office must decide about; also one of the row's `rowErrors` (so the plan is not applied as it is). */
export type ImportQuestion =
  /** The department typed is close to an existing one: a typo, or a new department (`createDepartments`)? */
  | { kind: 'department'; rowNumber: number; typed: string; existing: string }
  /** No phone/email match, but the same name in the same department: the same person (`update`) or another (`new`)? */
  | { kind: 'same-name'; rowNumber: number; fullName: string; personIds: number[] };

/** How the plan answers its questions; unset: each is asked (a row error). */
export interface PlanStaffImportOptions {
  /** Create departments whose names are close to existing ones instead of asking (`--create-departments`). */
  createDepartments?: boolean;
  /** A row matching one existing person only by name within the department: that person (`update`) or a new one. */
  sameName?: 'ask' | 'update' | 'new';
}

export interface StaffImportPlan {
  /** Problems with the file as a whole (missing name column…). */
  fileErrors: string[];
  rowErrors: RowError[];
  /** The row errors that are questions, with what the caller needs to name the option that answers them. */
  questions: ImportQuestion[];
  rows: PlannedRow[];
  /** Departments that do not exist yet and will be created. */
  newDepartments: string[];
  /** Headers that were not recognised and are ignored. */
  ignoredHeaders: string[];
  counts: { created: number; updated: number; unchanged: number };
}
