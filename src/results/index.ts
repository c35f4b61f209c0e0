/** Results of a unit: rows from `tx.results`, computed by pure functions (leaderboard, year). */
export { departmentsOf, isRankable, leaderboardOf } from './leaderboard.js';
export type { DepartmentResult, Leaderboard, LeaderboardEntry, QuarterResults } from './leaderboard.js';
export { leftOutLines, type LeaderboardLeftOut } from './leaderboard-left-out.js';
export { quarterResults, unitLeaderboard, yearResults, type ResultsReader } from './load-results.js';
export { periodOf, toResult } from './person-result.js';
export type { PersonQuarterResult, ResultOptions, ResultPeriod, SubmissionStatus } from './person-result.js';
export { yearOf } from './year-results.js';
export type { PersonYearResult, YearInput, YearResults } from './year-results.js';
export {
  conditionAnswerText,
  departmentArticleRuleText,
  departmentArticleSummary,
  departmentConditionLines,
  departmentConditionStatus,
  departmentConditionStatuses,
  memberDepartmentConditionUnmet,
  memberDepartmentReason,
  scoreWithDepartmentConditions,
  statusOf,
  unmetConsequence,
  withDepartmentConditions,
  type DepartmentArticleSummary,
  type DepartmentConditionStatus,
  type MemberScore,
} from './department-conditions.js';
