/**
 * Which of the contest's values are still the organiser's to announce, and the settled values each computation
 * needs. Why: seed 001 says "Về thể lệ và hình thức thi cụ thể sẽ có thông báo sau"; the product must not invent
 * a weight, a duration or a prize rule. A computation asks for the values it needs through the getters below,
 * which throw {@link ContestNotSettledError} (Vietnamese, naming each missing value) instead of guessing.
 */
import type { AbsentRule, CollectiveRule, Contest, Setting, TieRule } from './contest-schema.js';
import { Ratio } from './ratio.js';

/** What a value is needed for. */
export type Purpose =
  | 'announce-date'
  | 'draw-test'
  | 'theory-timing'
  | 'practical-timing'
  | 'practical-scores'
  | 'candidate-results'
  | 'award-blockers'
  | 'collective-prizes';

/** Vietnamese names of the purposes, used in messages. */
export const PURPOSE_LABELS: Readonly<Record<Purpose, string>> = {
  'announce-date': 'thông báo ngày thi',
  'draw-test': 'tạo đề thi lý thuyết cho thí sinh',
  'theory-timing': 'tính giờ thi lý thuyết',
  'practical-timing': 'tính giờ thi thực hành',
  'practical-scores': 'chấm điểm thực hành',
  'candidate-results': 'tính điểm của thí sinh',
  'award-blockers': 'lập danh sách chưa xem xét khen thưởng',
  'collective-prizes': 'xét giải cho tập thể',
};

interface OpenSettingSpec {
  path: string;
  label: string;
  neededFor: readonly Purpose[];
  get: (contest: Contest) => Setting<unknown>;
}

const RESULTS: readonly Purpose[] = ['candidate-results', 'award-blockers', 'collective-prizes'];

/** Every value the plan may leave open, with what it is needed for. */
const SPECS: readonly OpenSettingSpec[] = [
  { path: 'schedule.date', label: 'ngày thi', neededFor: ['announce-date'], get: (c) => c.schedule.date },
  { path: 'theory.topicQuotas', label: 'số câu hỏi lý thuyết theo từng chủ đề', neededFor: ['draw-test'], get: (c) => c.theory.topicQuotas },
  { path: 'theory.weight', label: 'trọng số (số điểm trong tổng) của phần thi lý thuyết', neededFor: RESULTS, get: (c) => c.theory.weight },
  { path: 'theory.durationMinutes', label: 'số phút làm bài thi lý thuyết', neededFor: ['theory-timing'], get: (c) => c.theory.durationMinutes },
  { path: 'practical.maxPoints', label: 'thang điểm chấm bài thi thực hành', neededFor: ['practical-scores', ...RESULTS], get: (c) => c.practical.maxPoints },
  { path: 'practical.weight', label: 'trọng số (số điểm trong tổng) của phần thi thực hành', neededFor: RESULTS, get: (c) => c.practical.weight },
  { path: 'practical.durationMinutes', label: 'số phút làm bài thi thực hành', neededFor: ['practical-timing'], get: (c) => c.practical.durationMinutes },
  { path: 'practical.disagreementMargin', label: 'mức chênh lệch điểm giữa hai giám khảo phải báo Trưởng Ban Giám khảo', neededFor: ['practical-scores'], get: (c) => c.practical.disagreementMargin },
  { path: 'results.absent', label: 'cách xử lý thí sinh vắng thi', neededFor: ['award-blockers', 'collective-prizes'], get: (c) => c.results.absent },
  { path: 'results.collective', label: 'cách tính kết quả của tập thể từ kết quả các thí sinh', neededFor: ['collective-prizes'], get: (c) => c.results.collective },
  { path: 'results.ties', label: 'cách xử lý các tập thể bằng điểm', neededFor: ['collective-prizes'], get: (c) => c.results.ties },
];

/** A value still open: where it is in the file, its Vietnamese name, and what cannot be computed without it. */
export interface OpenValue {
  path: string;
  label: string;
  neededFor: readonly Purpose[];
  /** One line for the organiser: "Chưa công bố: … (theory.weight) — cần để …". */
  message: string;
}

/** The values of `contest` still open (decided by the organiser, not yet announced), in file order. */
export function openValues(contest: Contest): OpenValue[] {
  return SPECS.filter((spec) => spec.get(contest).value === null).map((spec) => ({
    path: spec.path,
    label: spec.label,
    neededFor: spec.neededFor,
    message: `Ban Tổ chức chưa công bố ${spec.label} (${spec.path}) — cần để ${spec.neededFor.map((p) => PURPOSE_LABELS[p]).join(', ')}.`,
  }));
}

/** The open values that block `purpose`. Empty when it can be computed. */
export function openValuesFor(contest: Contest, purpose: Purpose): OpenValue[] {
  return openValues(contest).filter((v) => v.neededFor.includes(purpose));
}

/** A computation was asked for while a value it needs is still the organiser's to announce. */
export class ContestNotSettledError extends Error {
  constructor(
    readonly purpose: Purpose,
    readonly missing: readonly OpenValue[],
  ) {
    super(
      `Chưa thể ${PURPOSE_LABELS[purpose]} vì Ban Tổ chức chưa công bố: ${missing.map((m) => `${m.label} (${m.path})`).join('; ')}.`,
    );
    this.name = 'ContestNotSettledError';
  }
}

/**
 * Throws {@link ContestNotSettledError} when a value `purpose` needs is open. `notNeeded` names values the caller
 * knows do not matter this time (the absent-candidate rule when nobody was absent).
 */
export function requireSettled(contest: Contest, purpose: Purpose, notNeeded: readonly string[] = []): void {
  const missing = openValuesFor(contest, purpose).filter((v) => !notNeeded.includes(v.path));
  if (missing.length > 0) throw new ContestNotSettledError(purpose, missing);
}

function settled<T>(s: Setting<T>): T {
  if (s.value === null) throw new Error('unreachable: requireSettled let an open value through');
  return s.value;
}

/** The weights and scale a candidate's total needs (as exact ratios). */
export interface ResultSettings {
  theoryWeight: Ratio;
  practicalWeight: Ratio;
  practicalMax: Ratio;
  /** The total's maximum: the sum of the weights. */
  totalMax: Ratio;
  thresholdPercent: Ratio;
}

export function resultSettings(contest: Contest): ResultSettings {
  requireSettled(contest, 'candidate-results');
  const theoryWeight = Ratio.fromDecimal(settled(contest.theory.weight));
  const practicalWeight = Ratio.fromDecimal(settled(contest.practical.weight));
  return {
    theoryWeight,
    practicalWeight,
    practicalMax: Ratio.fromDecimal(settled(contest.practical.maxPoints)),
    totalMax: theoryWeight.add(practicalWeight),
    thresholdPercent: Ratio.fromDecimal(contest.awardRule.thresholdPercent),
  };
}

/** What the examiners' marks need: the scale and the margin beyond which the jury head decides. */
export interface PracticalSettings {
  maxPoints: Ratio;
  margin: Ratio;
}

export function practicalSettings(contest: Contest): PracticalSettings {
  requireSettled(contest, 'practical-scores');
  return {
    maxPoints: Ratio.fromDecimal(settled(contest.practical.maxPoints)),
    margin: Ratio.fromDecimal(settled(contest.practical.disagreementMargin)),
  };
}

/** Questions per topic for the draw, in the plan's topic order (topics with 0 questions left out). */
export function drawQuotas(contest: Contest): Array<{ topic: string; count: number }> {
  requireSettled(contest, 'draw-test');
  const quotas = settled(contest.theory.topicQuotas);
  return contest.theory.topics
    .map((t) => ({ topic: t.id, count: quotas[t.id] ?? 0 }))
    .filter((q) => q.count > 0);
}

/** The theory test's duration in minutes. */
export function theoryDurationMinutes(contest: Contest): number {
  requireSettled(contest, 'theory-timing');
  return settled(contest.theory.durationMinutes);
}

/** The practical test's duration in minutes. */
export function practicalDurationMinutes(contest: Contest): number {
  requireSettled(contest, 'practical-timing');
  return settled(contest.practical.durationMinutes);
}

/**
 * The absent-candidate rule, or null when nobody was absent and the organiser has not set it (it then does not
 * matter). Throws when someone was absent and the rule is open.
 */
export function absentRule(contest: Contest, anyoneAbsent: boolean): AbsentRule | null {
  requireSettled(contest, 'award-blockers', anyoneAbsent ? [] : ['results.absent']);
  return contest.results.absent.value;
}

/** The prize rules: how a collective's result is formed, ties, absent candidates. */
export interface PrizeSettings {
  collective: CollectiveRule;
  ties: TieRule;
  /** Null only when nobody was absent and the organiser has not set the rule. */
  absent: AbsentRule | null;
}

/** The prize rules; the absent-candidate rule is required only when `anyoneAbsent`. */
export function prizeSettings(contest: Contest, anyoneAbsent: boolean): PrizeSettings {
  requireSettled(contest, 'collective-prizes', anyoneAbsent ? [] : ['results.absent']);
  return {
    collective: settled(contest.results.collective),
    ties: settled(contest.results.ties),
    absent: contest.results.absent.value,
  };
}
