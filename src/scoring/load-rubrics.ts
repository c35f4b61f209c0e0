/**
 * Reads rubric files (`flows/*.yaml|yml|json`): parse, validate the shape with zod (Vietnamese messages), then
 * the semantic checks. Errors name the file, the criterion and the problem so whoever edits the yearly rubric can
 * fix it without reading code. The only I/O of `src/scoring`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';
import { isFrameTemplate } from './frame.js';
import { criterionSchema, rubricSchema, type Rubric } from './rubric-schema.js';
import { checkRubric, type RubricProblem } from './validate-rubric.js';

/** The project's `flows/` folder, wherever the process was started from (the CLI may run in any folder). */
export const FLOWS_DIR = projectPath('flows');

export type { RubricProblem } from './validate-rubric.js';

const RUBRIC_FILE = /\.(ya?ml|json)$/i;
const viErrors = z.locales.vi().localeError;
const KINDS = criterionSchema.options.map((o) => o.shape.kind.value).join(', ');

/** A rubric file is invalid. `message` has one line per problem: `FILE: tiêu chí ID: PROBLEM`. */
export class RubricValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly RubricProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'RubricValidationError';
  }
}

/** `flows/x.yaml: tiêu chí cbs.I.9: mức "e" trùng lặp` */
export function formatProblem(file: string, problem: RubricProblem): string {
  return problem.criterionId === undefined
    ? `${file}: ${problem.message}`
    : `${file}: tiêu chí ${problem.criterionId}: ${problem.message}`;
}

/** Parses and validates one rubric file's text. `fileName` decides the format (.json or YAML) and names errors. */
export function parseRubric(source: string, fileName: string): Rubric {
  let data: unknown;
  try {
    data = fileName.toLowerCase().endsWith('.json') ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new RubricValidationError(fileName, [{ message: `không đọc được tệp (cú pháp sai): ${detail}` }]);
  }
  const parsed = rubricSchema.safeParse(data, { error: viErrors });
  if (!parsed.success) {
    throw new RubricValidationError(fileName, parsed.error.issues.map((issue) => zodProblem(data, issue)));
  }
  const problems = checkRubric(parsed.data);
  if (problems.length > 0) throw new RubricValidationError(fileName, problems);
  return parsed.data;
}

/** Reads one rubric file. */
export function loadRubricFile(path: string): Rubric {
  return parseRubric(readFileSync(path, 'utf8'), path);
}

/** The rubric files of a directory, sorted by name. */
export function rubricFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => RUBRIC_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Options of `loadRubricsFromDir`. */
export interface LoadRubricsOptions {
  /**
   * Also return frame templates (seed 004 before a province fills it in). Off by default: what the app loads at
   * start-up is what a period can run on; a template is still validated, so a broken one fails as before.
   */
  includeTemplates?: boolean;
}

/**
 * Loads every rubric of `dir`, keyed by rubric id; throws on the first invalid file or a duplicated id. Frame
 * templates are validated and skipped unless `includeTemplates` (see `isRunnable` in `frame.ts`).
 */
export function loadRubricsFromDir(dir: string = FLOWS_DIR, options: LoadRubricsOptions = {}): Map<string, Rubric> {
  const rubrics = new Map<string, Rubric>();
  const fileOf = new Map<string, string>();
  for (const file of rubricFilesIn(dir)) {
    const rubric = loadRubricFile(file);
    const other = fileOf.get(rubric.id);
    if (other) throw new RubricValidationError(file, [{ message: `mã bảng điểm "${rubric.id}" trùng với tệp ${other}` }]);
    fileOf.set(rubric.id, file);
    if (isFrameTemplate(rubric) && !options.includeTemplates) continue;
    rubrics.set(rubric.id, rubric);
  }
  return rubrics;
}

/** The rubric with this id, or undefined. */
export function findRubric(rubrics: ReadonlyMap<string, Rubric>, id: string): Rubric | undefined {
  return rubrics.get(id.trim());
}

function zodProblem(data: unknown, issue: z.core.$ZodIssue): RubricProblem {
  const path = issue.path;
  let rest = path;
  let criterionId: string | undefined;
  if (path[0] === 'criteria' && typeof path[1] === 'number') {
    criterionId = criterionIdAt(data, path[1]);
    rest = path.slice(2);
  }
  const where = rest.length > 0 ? `${rest.map(String).join('.')}: ` : '';
  const detail =
    issue.code === 'invalid_union' && rest.length === 1 && rest[0] === 'kind'
      ? `loại tiêu chí không hợp lệ, chọn một trong: ${KINDS}`
      : issue.message;
  const message = `${where}${detail}`;
  return criterionId === undefined ? { message } : { criterionId, message };
}

function criterionIdAt(data: unknown, index: number): string {
  const list = typeof data === 'object' && data !== null && 'criteria' in data ? data.criteria : undefined;
  const item: unknown = Array.isArray(list) ? list[index] : undefined;
  const id = typeof item === 'object' && item !== null && 'id' in item ? item.id : undefined;
  return typeof id === 'string' && id !== '' ? id : `#${index + 1}`;
}
