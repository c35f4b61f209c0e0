/**
 * The emulation registration at the start of the year ("đăng ký thi đua", issue 14 item 2). Why stored: seed 004
 * makes it a condition of every award ("Có thực hiện đăng ký thi đua đầu năm"), so a nomination months later must
 * find it; each unit sets its own deadline per year.
 */

export type RegistrationSubject = 'person' | 'department';

export interface EmulationRegistration {
  id: number;
  unitId: string;
  year: number;
  subjectKind: RegistrationSubject;
  /** A person id or a department id. */
  subjectId: number;
  /** The titles aimed for ("Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"…). */
  titles: string[];
  registeredById: number | null;
  registeredAt: number;
}

export interface RegistrationRepository {
  /** Creates or replaces the subject's registration of the year; returns the titles it had before (null: new). */
  upsert(input: Omit<EmulationRegistration, 'id'>): Promise<{ id: number; before: string[] | null }>;
  find(unitId: string, year: number, subjectKind: RegistrationSubject, subjectId: number): Promise<EmulationRegistration | null>;
  /** The unit's registrations of the year, departments first, then people, by id. */
  list(unitId: string, year: number): Promise<EmulationRegistration[]>;
  /** Sets the unit's deadline for the year (`YYYY-MM-DD`, inclusive). */
  setDeadline(unitId: string, year: number, deadline: string, byId: number | null, at: number): Promise<void>;
  deadline(unitId: string, year: number): Promise<string | null>;
}
