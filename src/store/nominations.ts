/**
 * Nominations and the council's decisions (issue 14 items 4 and 5). Why one repository: a nomination lives from the
 * proposal (the office or a unit), through its checklist and signed file, to the decision of a council meeting; the
 * nomination file (item 6) reads all of it together.
 */

/** The rule sets: seed 002 (gương điển hình tiên tiến), seed 004 (Bằng khen, file due 15 November), seed 000 (year). */
export const NOMINATION_SCHEMES = ['tt-002', 'kh-004', 'cbs-000'] as const;
export type NominationScheme = (typeof NOMINATION_SCHEMES)[number];

export const NOMINEE_KINDS = ['person', 'department', 'enterprise', 'initiative'] as const;
export type NomineeKind = (typeof NOMINEE_KINDS)[number];

/** One qualitative criterion answered by the nominee or the office (the council judges it). */
export interface ChecklistAnswer {
  criterionId: string;
  /** What was done, in the nominee's words. */
  answer: string;
  evidence: string[];
}

/** The nomination file as sent: what was checked of it, never the certificate (see `src/nominations/pdf-signature.ts`). */
export interface NominationFile {
  name: string;
  sha256: string;
  size: number;
  /** The day it was sent (`YYYY-MM-DD`, local). */
  sentOn: string;
  /** The PDF carries a signature dictionary (/Type /Sig with /ByteRange): "có chữ ký số". */
  signed: boolean;
  /** Every document of the file is there (Tờ trình, Biên bản, Báo cáo thành tích, Bảng điểm). */
  complete: boolean;
}

export interface NewNomination {
  unitId: string;
  year: number;
  scheme: NominationScheme;
  award: string;
  nomineeKind: NomineeKind;
  personId: number | null;
  departmentId: number | null;
  initiativeId: number | null;
  nomineeName: string;
  proposedById: number | null;
  now: number;
}

export interface CouncilDecision {
  councilId: number;
  approved: boolean;
  votesFor: number | null;
  votesAgainst: number | null;
  note: string | null;
  decidedAt: number;
}

export interface NominationRecord extends Omit<NewNomination, 'now'> {
  id: number;
  createdAt: number;
  checklist: ChecklistAnswer[];
  file: NominationFile | null;
  decision: CouncilDecision | null;
}

export interface CouncilMember {
  personId: number | null;
  name: string;
  /** "Chủ tịch Hội đồng", "Phó Chủ tịch", "Thư ký", "Ủy viên". */
  role: string;
}

export interface CouncilRecord {
  id: number;
  unitId: string;
  year: number;
  meetingDate: string;
  members: CouncilMember[];
  minutesNumber: string | null;
  createdById: number | null;
  createdAt: number;
  closedAt: number | null;
}

export interface NominationRepository {
  create(input: NewNomination): Promise<number>;
  get(id: number): Promise<NominationRecord | null>;
  /** The unit's nominations of the year, by id. */
  list(unitId: string, year: number): Promise<NominationRecord[]>;
  /** Every nomination of a scheme over a range of years (seed 002's five-year target), by id. */
  listScheme(unitId: string, scheme: NominationScheme, fromYear: number, toYear: number): Promise<NominationRecord[]>;
  setChecklist(id: number, checklist: ChecklistAnswer[]): Promise<void>;
  setFile(id: number, file: NominationFile | null): Promise<void>;
  decide(id: number, decision: CouncilDecision): Promise<void>;
  createCouncil(input: Omit<CouncilRecord, 'id' | 'closedAt'>): Promise<number>;
  getCouncil(id: number): Promise<CouncilRecord | null>;
  closeCouncil(id: number, at: number): Promise<void>;
}
