/**
 * Lookups derived from a rubric once and cached per rubric object (WeakMap), so scoring tens of thousands of
 * people never re-walks the rubric: criteria by id, each role's criteria (bonuses by parent) and maximum, and the
 * department refinements by normalised name.
 */
import { normaliseDepartmentName } from './department-name.js';
import type { Criterion, DepartmentOverride, Gate, Role, Rubric, Section } from './rubric-schema.js';
import type { LevelChoice } from './types.js';

export type LevelsCriterion = Extract<Criterion, { kind: 'levels' }>;
export type BonusCriterion = Extract<Criterion, { kind: 'bonus' }>;
export type ConditionCriterion = Extract<Criterion, { kind: 'condition' }>;

/** The levels criteria as one department sees them (Phụ lục 02 sub-levels applied). */
export interface DepartmentView {
  override: DepartmentOverride | null;
  /** Levels criterion id → choices, in order. */
  choices: ReadonlyMap<string, LevelChoice[]>;
  /** Levels criterion id → choice key → points. */
  points: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** One criterion of a role's plan with everything scoring needs, looked up once. */
export interface PlanStep {
  criterion: Criterion;
  /** The gate the criterion belongs to (an all-pass group), or null. */
  gate: Gate | null;
  /** Maximum points on its own (0: carries no points itself). */
  max: number;
  /** Index in `pointSections`, or −1. */
  section: number;
  /** Bonus criteria of the role that add to this (levels) criterion. */
  bonuses: readonly BonusCriterion[];
  /** Reason messages, built once (tens of thousands of people share them). */
  messages: { failed: string; unanswered: string };
}

/** What one role answers and how it is scored. */
export interface RolePlan {
  criteria: readonly Criterion[];
  steps: readonly PlanStep[];
  ranked: boolean;
  /** Highest reachable total for the role (section caps applied). */
  max: number;
  /** Sections of the role that can carry points, in rubric order. */
  pointSections: readonly Section[];
  /** Sum of the criteria maxima of each point section before its cap (same order), to take out "không đánh giá". */
  sectionRawMax: readonly number[];
}

export interface CompiledRubric {
  byId: ReadonlyMap<string, Criterion>;
  sectionById: ReadonlyMap<string, Section>;
  /** Maximum points of each criterion on its own (bonus criteria: 0, they count inside their parent). */
  criterionMax: ReadonlyMap<string, number>;
  overrides: ReadonlyMap<string, DepartmentOverride>;
  plans: Map<Role, RolePlan>;
  /** Raw department name → its view, memoised because names repeat across thousands of people. */
  departmentCache: Map<string, DepartmentView>;
  /** One view per override (and one, keyed null, for departments without refinements). */
  views: Map<DepartmentOverride | null, DepartmentView>;
}

const cache = new WeakMap<Rubric, CompiledRubric>();
/** Distinct raw department names remembered per rubric (typed names vary; the cache must not grow forever). */
const DEPARTMENT_CACHE_LIMIT = 1_000;

export function compiled(rubric: Rubric): CompiledRubric {
  let entry = cache.get(rubric);
  if (!entry) {
    entry = compile(rubric);
    cache.set(rubric, entry);
  }
  return entry;
}

/**
 * The rubric's criterion with this id, or undefined. Why: review prompts, score writes and the history view look
 * criteria up by id on every call; they share the per-rubric map instead of rebuilding one each time.
 */
export function criterionById(rubric: Rubric, id: string): Criterion | undefined {
  return compiled(rubric).byId.get(id);
}

/** The maximum a criterion contributes on its own. */
export function maxOfCriterion(criterion: Criterion): number {
  switch (criterion.kind) {
    case 'pass-fail':
      return criterion.points;
    case 'levels':
    case 'count':
    case 'rate':
    case 'monthly-quota':
    case 'penalty':
      return criterion.max;
    case 'parts':
      return criterion.parts.reduce((sum, part) => sum + part.points, 0);
    case 'bonus':
    case 'condition':
    case 'info':
      return 0;
  }
}

export function rolePlan(rubric: Rubric, role: Role): RolePlan {
  const c = compiled(rubric);
  let plan = c.plans.get(role);
  if (!plan) {
    plan = buildPlan(rubric, c, role);
    c.plans.set(role, plan);
  }
  return plan;
}

/**
 * The department's view of the levels criteria (the rubric's own levels when it has no refinements). With
 * `adopted` (the unit setting `subLevelDepartments`), a department's Phụ lục 02 sub-levels apply only when it is
 * listed; null or undefined means every department the rubric names (seed 000's default).
 */
export function departmentView(
  rubric: Rubric,
  departmentName: string | null | undefined,
  adopted?: readonly string[] | null,
): DepartmentView {
  const view = namedDepartmentView(rubric, departmentName);
  if (adopted === null || adopted === undefined || view.override === null) return view;
  if (adoptedSet(adopted).has(normaliseDepartmentName(view.override.department))) return view;
  return plainView(rubric);
}

const adoptedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function adoptedSet(adopted: readonly string[]): ReadonlySet<string> {
  let set = adoptedSets.get(adopted);
  if (!set) {
    set = new Set(adopted.map(normaliseDepartmentName));
    adoptedSets.set(adopted, set);
  }
  return set;
}

function plainView(rubric: Rubric): DepartmentView {
  const c = compiled(rubric);
  let view = c.views.get(null);
  if (!view) {
    view = buildView(rubric, null);
    c.views.set(null, view);
  }
  return view;
}

function namedDepartmentView(rubric: Rubric, departmentName: string | null | undefined): DepartmentView {
  const c = compiled(rubric);
  const name = departmentName ?? '';
  let view = c.departmentCache.get(name);
  if (!view) {
    const override = name === '' ? null : (c.overrides.get(normaliseDepartmentName(name)) ?? null);
    view = c.views.get(override);
    if (!view) {
      view = buildView(rubric, override);
      c.views.set(override, view);
    }
    if (c.departmentCache.size >= DEPARTMENT_CACHE_LIMIT) c.departmentCache.clear();
    c.departmentCache.set(name, view);
  }
  return view;
}

function buildView(rubric: Rubric, override: DepartmentOverride | null): DepartmentView {
  const choices = new Map<string, LevelChoice[]>();
  const points = new Map<string, Map<string, number>>();
  for (const criterion of rubric.criteria) {
    if (criterion.kind !== 'levels') continue;
    const refined = override?.subLevels[criterion.id];
    const list = criterion.levels.flatMap((level) => {
      const subs = refined?.[level.key];
      return subs
        ? subs.map((s) => ({ key: s.key, label: s.label, points: s.points }))
        : [{ key: level.key, label: level.label, points: level.points }];
    });
    choices.set(criterion.id, list);
    points.set(criterion.id, new Map(list.map((ch) => [ch.key, ch.points])));
  }
  return { override, choices, points };
}

function compile(rubric: Rubric): CompiledRubric {
  const byId = new Map<string, Criterion>();
  const criterionMax = new Map<string, number>();
  for (const criterion of rubric.criteria) {
    byId.set(criterion.id, criterion);
    criterionMax.set(criterion.id, maxOfCriterion(criterion));
  }
  const overrides = new Map<string, DepartmentOverride>();
  for (const o of rubric.departmentOverrides) overrides.set(normaliseDepartmentName(o.department), o);
  return {
    byId,
    sectionById: new Map(rubric.sections.map((s) => [s.id, s])),
    criterionMax,
    overrides,
    plans: new Map(),
    departmentCache: new Map(),
    views: new Map(),
  };
}

function buildPlan(rubric: Rubric, c: CompiledRubric, role: Role): RolePlan {
  const rule = rubric.roleRules.find((r) => r.role === role);
  const groups = new Set(rule ? rule.groups : rubric.sections.map((s) => s.group));
  const criteria = rubric.criteria.filter(
    (cr) => cr.roles.includes(role) && groups.has(c.sectionById.get(cr.section)?.group ?? ''),
  );
  let max = 0;
  for (const section of rubric.sections) {
    if (!groups.has(section.group)) continue;
    let sum = 0;
    for (const cr of criteria) if (cr.section === section.id) sum += c.criterionMax.get(cr.id) ?? 0;
    max += section.cap === null ? sum : Math.min(section.cap, sum);
  }
  const gateOf = new Map<string, Gate>();
  for (const gate of rubric.gates) {
    if (!groups.has(gate.group)) continue;
    for (const cr of criteria) {
      if (cr.kind === 'pass-fail' && c.sectionById.get(cr.section)?.group === gate.group) gateOf.set(cr.id, gate);
    }
  }
  const bonusesFor = new Map<string, BonusCriterion[]>();
  for (const cr of criteria) {
    if (cr.kind !== 'bonus') continue;
    bonusesFor.set(cr.bonusFor, [...(bonusesFor.get(cr.bonusFor) ?? []), cr]);
  }
  const pointSections = rubric.sections.filter(
    (s) => groups.has(s.group) && criteria.some((cr) => cr.section === s.id && (c.criterionMax.get(cr.id) ?? 0) > 0),
  );
  const sectionRawMax = pointSections.map((s) =>
    criteria.reduce((sum, cr) => (cr.section === s.id ? sum + (c.criterionMax.get(cr.id) ?? 0) : sum), 0),
  );
  const sectionIndex = new Map(pointSections.map((section, i) => [section.id, i]));
  const steps = criteria.map((criterion) => ({
    criterion,
    gate: gateOf.get(criterion.id) ?? null,
    max: c.criterionMax.get(criterion.id) ?? 0,
    section: sectionIndex.get(criterion.section) ?? -1,
    bonuses: bonusesFor.get(criterion.id) ?? [],
    messages: reasonMessages(criterion, gateOf.get(criterion.id) ?? null),
  }));
  return { criteria, steps, ranked: rule?.ranked ?? true, max, pointSections, sectionRawMax };
}

/** Why a gated criterion or a condition blocks classification (min-count conditions add the count later). */
function reasonMessages(criterion: Criterion, gate: Gate | null): PlanStep['messages'] {
  if (gate) {
    const head = `${gate.failReason}: tiêu chí ${criterion.id} “${criterion.title}”`;
    return { failed: `${head} không đạt.`, unanswered: `${head} chưa được trả lời.` };
  }
  if (criterion.kind === 'condition') {
    return {
      failed: criterion.test.type === 'pass-fail' ? `${criterion.failReason}.` : criterion.failReason,
      unanswered: `Chưa trả lời điều kiện ${criterion.id} “${criterion.title}” nên chưa thể xếp loại.`,
    };
  }
  return { failed: '', unanswered: '' };
}
