/**
 * The initiatives register ("sổ sáng kiến", issue 14 item 1). Why a repository of its own: three seeds read the same
 * records — seed 000's yearly "Sáng kiến đổi mới" award, seed 002's individual rule (1 recognised at provincial or
 * national level, or 2 at grassroots level) and seed 004's +10/+30 bonus of the organisation index — so the
 * recognition (level, body, decision number and date) is stored once, by the office, and queried by year.
 */

/** Kinds the seeds name: sáng kiến, sáng kiến kinh nghiệm, mô hình, giải pháp. */
export const INITIATIVE_KINDS = ['sang-kien', 'sang-kien-kinh-nghiem', 'mo-hinh', 'giai-phap'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

/** Digital transformation in general, or one of its three pillars (seed 002 §3). */
export const INITIATIVE_TOPICS = ['chuyen-doi-so', 'chinh-quyen-so', 'kinh-te-so', 'xa-hoi-so'] as const;
export type InitiativeTopic = (typeof INITIATIVE_TOPICS)[number];

/** Recognition levels ("phạm vi ảnh hưởng… ở cấp cơ sở / cấp tỉnh / cấp toàn quốc", seed 002 §3.3). */
export const RECOGNITION_LEVELS = ['co-so', 'tinh', 'toan-quoc'] as const;
export type RecognitionLevel = (typeof RECOGNITION_LEVELS)[number];

/** An evidence file (stored by content, like self-assessment evidence) or a link. */
export type InitiativeEvidence =
  | { kind: 'file'; path: string; sha256: string; size: number; mime: string; name: string | null }
  | { kind: 'link'; url: string };

/** The office's record of a recognition decision. */
export interface Recognition {
  level: RecognitionLevel;
  /** The recognising body ("Hội đồng sáng kiến tỉnh", "Sở TT&TT"…). */
  body: string;
  decisionNumber: string;
  /** `YYYY-MM-DD` (local): its year is the year the initiative counts for. */
  decisionDate: string;
  recognisedById: number | null;
  recognisedAt: number;
}

export interface NewInitiative {
  unitId: string;
  title: string;
  kind: InitiativeKind;
  topic: InitiativeTopic;
  /** People of the unit, at least one unless `collective` is given. */
  authorIds: number[];
  collective: string | null;
  departmentId: number | null;
  summary: string | null;
  evidence: InitiativeEvidence[];
  registeredById: number | null;
  now: number;
}

export interface InitiativeRecord extends Omit<NewInitiative, 'now'> {
  id: number;
  createdAt: number;
  /** Null until the office records the recognition. */
  recognition: Recognition | null;
}

export interface InitiativeRepository {
  create(input: NewInitiative): Promise<number>;
  get(id: number): Promise<InitiativeRecord | null>;
  /** Every initiative of a unit, newest first. */
  listByUnit(unitId: string): Promise<InitiativeRecord[]>;
  /** Records (or corrects) the recognition; false when there is no such initiative. */
  recognise(id: number, recognition: Recognition): Promise<boolean>;
  /** The unit's initiatives whose recognition decision is dated in `year`, by decision date then id. */
  recognisedIn(unitId: string, year: number): Promise<InitiativeRecord[]>;
}
