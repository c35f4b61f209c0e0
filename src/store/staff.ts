/**
 * The office's administration of the staff directory: units, departments (with their leader in charge), people and
 * their roles, as the staff import, `thidua department`, `thidua invite` and the demo seed read and write them.
 *
 * Why a repository apart from `DirectoryRepository` (`directory.ts`): that one answers the engine's hot-path
 * look-ups (an account, a person by phone, a department's heads) on every event; this one is the cold, whole-unit
 * side (list a unit's people to diff a staff file against, create and update rows) used by the CLI and at start-up.
 * Both read the same tables.
 */
import type { Role } from '../scoring/rubric-schema.js';

/** A government unit (Sở, UBND xã…). */
export interface StaffUnit {
  id: string;
  name: string;
}

/** A department of a unit. */
export interface StaffDepartment {
  id: number;
  unitId: string;
  name: string;
  /** The leader (Phó Giám đốc) or director who reviews the head's own self-assessment; null when none. */
  leaderInChargeId: number | null;
}

/** A person as stored, with every role they hold (never logged: contains a name and a phone number). */
export interface StaffPerson {
  id: number;
  unitId: string;
  departmentId: number | null;
  fullName: string;
  /** Normalised (`0912345678`). */
  phone: string | null;
  email: string | null;
  position: string | null;
  active: boolean;
  noGroupMention: boolean;
  /** The day they joined the unit (`YYYY-MM-DD`), null when not recorded (see `setJoinedOn`). */
  joinedOn: string | null;
  roles: Role[];
}

/** The fields of a person the staff import writes. */
export interface StaffPersonFields {
  departmentId: number | null;
  fullName: string;
  phone: string | null;
  email: string | null;
  position: string | null;
  noGroupMention: boolean;
}

/** How to look a person up inside a unit (exactly one key). */
export type StaffPersonQuery = { phone: string } | { fullName: string };

/** Active people per department (`departmentId` null: people in no department). */
export interface DepartmentHeadcount {
  departmentId: number | null;
  members: number;
}

export interface StaffRepository {
  getUnit(unitId: string): Promise<StaffUnit | null>;
  /** Every unit, by id. */
  listUnits(): Promise<StaffUnit[]>;
  createUnit(unit: StaffUnit): Promise<void>;

  /** The unit's departments in creation order. */
  listDepartments(unitId: string): Promise<StaffDepartment[]>;
  /** Creates a department (names are unique within a unit); returns its id. */
  createDepartment(unitId: string, name: string): Promise<number>;
  setLeaderInCharge(departmentId: number, personId: number | null): Promise<void>;
  /**
   * The day the person joined the unit (`YYYY-MM-DD`, null: not recorded), for the year score under
   * `yearScore: mean-of-present` (quarters that ended before it are left out); returns the previous value.
   */
  setJoinedOn(personId: number, joinedOn: string | null): Promise<string | null>;
  /** Active people per department of the unit. */
  headcounts(unitId: string): Promise<DepartmentHeadcount[]>;

  /** A person by id, in any unit (so a caller can say the person belongs to another unit). */
  getPerson(personId: number): Promise<StaffPerson | null>;
  /** The unit's people (active or not), by id. */
  listPeople(unitId: string): Promise<StaffPerson[]>;
  /** People of the unit with that normalised phone or exactly that full name, by id. */
  findPeople(unitId: string, query: StaffPersonQuery): Promise<StaffPerson[]>;
  /** Creates an active person with their roles; returns the id. */
  createPerson(unitId: string, fields: StaffPersonFields, roles: readonly Role[], now: number): Promise<number>;
  /** Overwrites the person's fields (only within `unitId`) and marks them active again. */
  updatePerson(personId: number, unitId: string, fields: StaffPersonFields, now: number): Promise<void>;
  /** Replaces the person's roles by exactly `roles`. */
  setRoles(personId: number, roles: readonly Role[]): Promise<void>;
}
