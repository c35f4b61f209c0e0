/**
 * Reads and validates the contest files (`flows/contests/*.yaml`) and question banks (`flows/question-banks/*.yaml`).
 * The only I/O of `src/contest`. These folders are below `flows/`, where the rubric loader reads only the files
 * directly inside, so contests and banks are never mistaken for rubrics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';
import { checkContest, contestSchema, type Contest } from './contest-schema.js';
import { checkQuestionBank, questionBankSchema, questionsPerTopic, type QuestionBank } from './question-bank-schema.js';

export const CONTESTS_DIR = projectPath('flows', 'contests');
export const QUESTION_BANKS_DIR = projectPath('flows', 'question-banks');

const viErrors = z.locales.vi().localeError;
const DATA_FILE = /\.ya?ml$/i;

/** A contest or bank file is invalid; `message` has one line per problem, prefixed with the file. */
export class ContestFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ContestFileError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, check: (value: T) => string[], source: string, fileName: string): T {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new ContestFileError(fileName, [`không đọc được tệp (cú pháp sai): ${detail}`]);
  }
  const parsed = schema.safeParse(data, { error: viErrors });
  if (!parsed.success) {
    throw new ContestFileError(
      fileName,
      parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)),
    );
  }
  const problems = check(parsed.data);
  if (problems.length > 0) throw new ContestFileError(fileName, problems);
  return parsed.data;
}

/** Parses and validates a contest file's text. */
export function parseContest(source: string, fileName: string): Contest {
  return parseWith(contestSchema, checkContest, source, fileName);
}

/** Parses and validates a question bank's text. */
export function parseQuestionBank(source: string, fileName: string): QuestionBank {
  return parseWith(questionBankSchema, checkQuestionBank, source, fileName);
}

export function loadContestFile(path: string): Contest {
  return parseContest(readFileSync(path, 'utf8'), path);
}

export function loadQuestionBankFile(path: string): QuestionBank {
  return parseQuestionBank(readFileSync(path, 'utf8'), path);
}

function filesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => DATA_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every contest of `dir`, keyed by id; the id must match the file name. */
export function loadContestsFromDir(dir: string = CONTESTS_DIR): Map<string, Contest> {
  const out = new Map<string, Contest>();
  for (const file of filesIn(dir)) {
    const contest = loadContestFile(file);
    const expected = file.slice(dir.length + 1).replace(DATA_FILE, '');
    if (contest.id !== expected) throw new ContestFileError(file, [`mã cuộc thi "${contest.id}" phải trùng tên tệp "${expected}"`]);
    out.set(contest.id, contest);
  }
  return out;
}

/** Every question bank of `dir`, keyed by id; the id must match the file name. */
export function loadQuestionBanksFromDir(dir: string = QUESTION_BANKS_DIR): Map<string, QuestionBank> {
  const out = new Map<string, QuestionBank>();
  for (const file of filesIn(dir)) {
    const bank = loadQuestionBankFile(file);
    const expected = file.slice(dir.length + 1).replace(DATA_FILE, '');
    if (bank.id !== expected) throw new ContestFileError(file, [`mã ngân hàng câu hỏi "${bank.id}" phải trùng tên tệp "${expected}"`]);
    out.set(bank.id, bank);
  }
  return out;
}

/**
 * Whether a bank can serve a contest: every plan topic has questions, and (once the organiser set the quotas)
 * enough questions per topic. One Vietnamese line per problem; empty when it fits.
 */
export function checkBankForContest(contest: Contest, bank: QuestionBank): string[] {
  const problems: string[] = [];
  const counts = questionsPerTopic(bank);
  for (const topic of contest.theory.topics) {
    const have = counts.get(topic.id);
    if (have === undefined || have === 0) problems.push(`ngân hàng ${bank.id} không có câu hỏi nào cho chủ đề “${topic.label}” (${topic.id})`);
  }
  const quotas = contest.theory.topicQuotas.value;
  if (quotas !== null) {
    for (const [topic, need] of Object.entries(quotas)) {
      const have = counts.get(topic) ?? 0;
      if (have < need) problems.push(`chủ đề ${topic}: đề cần ${need} câu nhưng ngân hàng ${bank.id} chỉ có ${have} câu`);
    }
  }
  return problems;
}
