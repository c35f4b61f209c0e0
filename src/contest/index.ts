/**
 * The contest core (seed 001, issue 15): contest and question bank as data, registration, candidate numbers and
 * rooms, the drawn test and its candidate-facing view, timekeeping, scoring, rankings, collective prizes and award
 * blockers. Pure except `load-contest.ts`; storage, chat and web pages build on these functions.
 */
export * from './contest-schema.js';
export * from './open-values.js';
export * from './load-contest.js';
export * from './question-bank-schema.js';
export * from './prng.js';
export * from './ratio.js';
export * from './draw-test.js';
export * from './candidate-view.js';
export * from './registration.js';
export * from './candidate-numbers.js';
export * from './timekeeping.js';
export * from './theory-score.js';
export * from './practical-score.js';
export * from './candidate-results.js';
export * from './ranking.js';
export * from './award-blockers.js';
