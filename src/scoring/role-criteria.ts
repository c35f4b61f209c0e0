/**
 * Which criteria a person answers (pure): their role's own, whether the role is ranked by points, and the
 * Chiến binh số part a laborer may volunteer when the unit accepts it (setting `laborerChienBinhSo`). Why apart from
 * `score.ts`: the chat, the review and the score sheet ask who answers what without scoring anything.
 */
import { rolePlan, type RolePlan } from './compiled.js';
import type { Criterion, Rubric } from './rubric-schema.js';
import type { Answers, ScoreContext } from './types.js';
import { resolveSettings, type SettingsArg } from './unit-settings.js';

/** The criteria the context's role answers, in rubric order (role list and the role's section groups). */
export function criteriaFor(rubric: Rubric, ctx: ScoreContext): Criterion[] {
  return rolePlan(rubric, ctx.role).criteria.slice();
}

/** Whether the role is ranked by points (seed 000: laborers answer Công dân số only and are not ranked). */
export function isRankedRole(rubric: Rubric, role: ScoreContext['role']): boolean {
  return rolePlan(rubric, role).ranked;
}

/**
 * Criteria a participant may answer beyond their own (seed 000: a laborer who wishes to answer the Chiến binh số
 * part, when the unit setting `laborerChienBinhSo` is `accept-and-rank`). Empty otherwise.
 */
export function optionalCriteriaFor(rubric: Rubric, ctx: ScoreContext, settings?: SettingsArg): Criterion[] {
  const own = rolePlan(rubric, ctx.role);
  if (own.ranked || resolveSettings(settings ?? ctx.settings).laborerChienBinhSo !== 'accept-and-rank') return [];
  const ranked = rankedPlan(rubric);
  if (!ranked) return [];
  const mine = new Set(own.criteria);
  return ranked.criteria.filter((c) => !mine.has(c));
}

/**
 * Every criterion the person may answer, in the order asked: their own, then the optional ones the unit's rules
 * (`ctx.settings`) let them volunteer (a laborer's Chiến binh số part under `accept-and-rank`).
 */
export function answerableCriteria(rubric: Rubric, ctx: ScoreContext): Criterion[] {
  return [...criteriaFor(rubric, ctx), ...optionalCriteriaFor(rubric, ctx)];
}

/** The plan of the ranked participants (seed 000: staff), or null when the rubric has none. */
function rankedPlan(rubric: Rubric): RolePlan | null {
  const plan = rolePlan(rubric, 'staff');
  return plan.ranked && plan.criteria.length > 0 ? plan : null;
}

/** A laborer who answered some of the Chiến binh số part is scored with the ranked plan. */
export function volunteeredPlan(rubric: Rubric, own: RolePlan, answers: Answers): RolePlan | null {
  const ranked = rankedPlan(rubric);
  if (!ranked) return null;
  const mine = new Set(own.criteria);
  return ranked.criteria.some((c) => !mine.has(c) && answers[c.id] !== undefined) ? ranked : null;
}
