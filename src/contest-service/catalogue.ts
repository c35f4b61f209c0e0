/**
 * The contests and question banks a server serves, loaded once from `flows/` (or given by a test). Why a value
 * passed in: services stay free of file I/O and a test can run a contest whose open values are set.
 */
import { loadContestsFromDir, loadQuestionBanksFromDir } from '../contest/load-contest.js';
import type { Contest } from '../contest/contest-schema.js';
import type { QuestionBank } from '../contest/question-bank-schema.js';

export interface ContestCatalogue {
  contests: ReadonlyMap<string, Contest>;
  banks: ReadonlyMap<string, QuestionBank>;
}

/** Loads every contest of `flows/contests/` and bank of `flows/question-banks/` (or the given folders). */
export function loadContestCatalogue(dirs: { contests?: string; banks?: string } = {}): ContestCatalogue {
  return { contests: loadContestsFromDir(dirs.contests), banks: loadQuestionBanksFromDir(dirs.banks) };
}

/** A refusal: a Vietnamese sentence for the person who asked (shown as is in chat, on the page and in the CLI). */
export interface ContestRefusal {
  ok: false;
  message: string;
}

export type ContestOutcome<T> = ({ ok: true } & T) | ContestRefusal;

export function refuse(message: string): ContestRefusal {
  return { ok: false, message };
}

/** The contest file of `contestId`, or a refusal. */
export function contestOf(catalogue: ContestCatalogue, contestId: string): Contest | ContestRefusal {
  return catalogue.contests.get(contestId) ?? refuse(`Không có cuộc thi “${contestId}”.`);
}

export function isRefusal(value: unknown): value is ContestRefusal {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && typeof (value as { message?: unknown }).message === 'string';
}
