/** The states rows can be in, shared by the schema (as column enums) and the code (as types). */
export { PERIOD_STATUSES, SUBMISSION_STATUSES, type PeriodStatus, type SubmissionStatus } from './assessment.js';

export const ACCOUNT_STATUSES = ['active', 'blocked', 'unfollowed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
