/**
 * The leaders' contest (seed 001, issue 15): a run of a contest file, its registrations, candidates with their
 * numbers and rooms, theory attempts with every answer as clicked, proctors' time additions, practical marks and
 * the published results. Why one repository: every contest action reads several of these rows in one unit of work
 * (closing registration numbers candidates and seats them; a click checks the attempt's clock and saves the
 * answer), and no other feature writes them. The rules live in `src/contest/` (pure); the services in
 * `src/contest-service/`.
 */
import { z } from 'zod';

export const CONTEST_RUN_STATUSES = ['registration', 'closed'] as const;
export type ContestRunStatus = (typeof CONTEST_RUN_STATUSES)[number];

/** A unit invited to send candidates, with its level and kind (ids of the contest file). */
export const contestRunUnitSchema = z.object({ id: z.string().min(1), name: z.string().min(1), level: z.enum(['city', 'district', 'commune']), kind: z.string().min(1) }).strict();
export type ContestRunUnit = z.infer<typeof contestRunUnitSchema>;

/** A board member (excluded from taking part; proctors and examiners act with it). */
export const contestBoardMemberSchema = z
  .object({ personId: z.number().int(), board: z.enum(['organising-committee', 'jury', 'exam-setting', 'proctoring']), head: z.boolean().default(false) })
  .strict();
export type ContestBoardMember = z.infer<typeof contestBoardMemberSchema>;

/**
 * An exam room. Only hashes of codes are kept: `codeHash` is the room's code the proctor reads out to candidates,
 * `proctors` the proctors' own codes for the live room view.
 */
export const contestRoomSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    capacity: z.number().int().positive(),
    codeHash: z.string().nullable(),
    proctors: z.array(z.object({ personId: z.number().int(), codeHash: z.string() }).strict()).default([]),
  })
  .strict();
export type ContestRoom = z.infer<typeof contestRoomSchema>;

export interface ContestRunRecord {
  contestId: string;
  status: ContestRunStatus;
  bankId: string | null;
  units: ContestRunUnit[];
  boardMembers: ContestBoardMember[];
  rooms: ContestRoom[];
  openedAt: number;
  closedAt: number | null;
}

/** An accepted registration line. */
export interface RegistrationRecord {
  contestId: string;
  unitId: string;
  personId: number;
  fullName: string;
  positionId: string;
  submittedById: number | null;
  channel: string;
  submittedAt: number;
}

/** A numbered, seated candidate. */
export interface CandidateRecord {
  contestId: string;
  candidateNumber: string;
  personId: number;
  fullName: string;
  unitId: string;
  unitName: string;
  level: 'city' | 'district' | 'commune';
  positionId: string;
  roomId: string;
  seat: number;
}

export type AttemptEnd = 'candidate' | 'timeout';

/** A theory attempt (the test itself is rebuilt from `seed`, `bankId` and `bankFingerprint`). */
export interface AttemptRecord {
  id: number;
  contestId: string;
  candidateNumber: string;
  seed: number;
  bankId: string;
  bankFingerprint: number;
  startedAt: number;
  durationMinutes: number;
  /** Start + duration + extensions that counted; kept current so overdue attempts are found by index. */
  deadlineAt: number;
  submittedAt: number | null;
  submittedBy: AttemptEnd | null;
  sessionHash: string | null;
  lastSeenAt: number | null;
}

export type NewAttempt = Omit<AttemptRecord, 'id' | 'submittedAt' | 'submittedBy' | 'lastSeenAt'>;

export interface SavedAnswer {
  questionNumber: number;
  label: string;
  answeredAt: number;
}

export interface ExtensionRecord {
  attemptId: number;
  minutes: number;
  reason: string;
  byPersonId: number;
  at: number;
}

/** An examiner's mark (`mark`) or the jury head's decision (`decision`, with a reason). */
export interface PracticalMarkRecord {
  contestId: string;
  candidateNumber: string;
  kind: 'mark' | 'decision';
  byPersonId: number;
  points: number;
  reason: string | null;
  at: number;
}

/** Figures as shown (Vietnamese decimals, truncated to 2 places). */
export const resultFiguresSchema = z
  .object({
    theory: z.string(),
    practical: z.string(),
    total: z.string(),
    totalMax: z.string(),
    percent: z.string(),
    correct: z.number().int(),
    questionCount: z.number().int(),
  })
  .strict();
export type ResultFigures = z.infer<typeof resultFiguresSchema>;

export interface ContestResultRecord {
  contestId: string;
  candidateNumber: string;
  personId: number;
  unitId: string;
  level: string;
  attendance: 'present' | 'absent';
  figures: ResultFigures | null;
  belowThreshold: boolean;
  rank: number | null;
  computedAt: number;
}

export interface ContestRepository {
  getRun(contestId: string): Promise<ContestRunRecord | null>;
  /** Inserts or replaces the run's row. */
  saveRun(run: ContestRunRecord): Promise<void>;

  /** Replaces one unit's registration lines (a unit re-sending its list replaces the earlier one). */
  replaceUnitRegistrations(contestId: string, unitId: string, rows: readonly Omit<RegistrationRecord, 'contestId' | 'unitId'>[]): Promise<void>;
  /** Every line, in the order received. */
  registrations(contestId: string): Promise<RegistrationRecord[]>;

  /** Adds numbered candidates; a number or person already numbered in the contest is refused by the database. */
  insertCandidates(rows: readonly CandidateRecord[]): Promise<void>;
  /** Candidates in candidate-number order. */
  candidates(contestId: string): Promise<CandidateRecord[]>;
  candidate(contestId: string, candidateNumber: string): Promise<CandidateRecord | null>;

  /** Creates the one attempt of a candidate; a second one is refused by the database (unique candidate). */
  createAttempt(attempt: NewAttempt): Promise<AttemptRecord>;
  attempt(contestId: string, candidateNumber: string): Promise<AttemptRecord | null>;
  attemptById(id: number): Promise<AttemptRecord | null>;
  attemptsOf(contestId: string): Promise<AttemptRecord[]>;
  setSession(attemptId: number, sessionHash: string, at: number): Promise<void>;
  setDeadline(attemptId: number, deadlineAt: number): Promise<void>;
  /** Records that the candidate's page is still there (the proctor's live view shows who is in). */
  touch(attemptId: number, at: number): Promise<void>;
  /** Marks the attempt submitted unless it already is; true when this call submitted it. */
  submit(attemptId: number, at: number, by: AttemptEnd): Promise<boolean>;
  /** Unsubmitted attempts whose deadline has passed (the server submits them). */
  overdue(now: number, limit: number): Promise<AttemptRecord[]>;

  /** Saves (or replaces) the answer to one question and records the click as the attempt's last activity. */
  saveAnswer(attemptId: number, questionNumber: number, label: string, at: number): Promise<void>;
  answers(attemptId: number): Promise<SavedAnswer[]>;
  /** Answers given per attempt of the contest (the proctor's live view). */
  answerCounts(contestId: string): Promise<Map<number, number>>;

  addExtension(extension: ExtensionRecord): Promise<void>;
  extensions(attemptId: number): Promise<ExtensionRecord[]>;

  /** Inserts or replaces one examiner's mark or the jury head's decision. */
  saveMark(mark: PracticalMarkRecord): Promise<void>;
  marks(contestId: string): Promise<PracticalMarkRecord[]>;

  /** Replaces the contest's published results. */
  replaceResults(contestId: string, rows: readonly ContestResultRecord[]): Promise<void>;
  results(contestId: string): Promise<ContestResultRecord[]>;
}
