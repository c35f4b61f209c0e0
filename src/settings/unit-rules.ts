/**
 * A unit's rules as stored and applied (issue 17): the seeds' readings (`UnitSettings`, src/scoring/unit-settings.ts)
 * and the approval chain's own choices, kept in the unit's settings JSON next to the scheduler's `reminders` and
 * `honours` keys:
 *
 * - `rules`: the readings, validated with the scoring schema (strict: a misspelt key is an error, not ignored);
 * - `rulesByPeriod`: per-period overrides of the readings a seed ties to a period (Phụ lục 02 adoption, the article
 *   window — the pilot period may read them differently), keyed by period code (`2026-Q4`, `2024-TD`);
 * - `chain`: who reviews the director's own self-assessment (issue 17 item 7) and the order of the leader's comment
 *   and the office (item 8).
 *
 * Why one loader: results, honours, the score sheet, the chat and the scheduler all compute with these rules, and
 * none may fall back to the defaults where the unit set something. {@link loadUnitRules} (or {@link unitRulesOf} on
 * settings read with other rows) is the only reader; a stored value that no longer validates is an error
 * ({@link UnitRulesError}, in Vietnamese), never silently the default. Writing goes through `change-unit-rules.ts` (validated, audited).
 */
import { z } from 'zod';
import { ARTICLE_WINDOWS, parseUnitSettings, unitSettingsSchema, type UnitSettings } from '../scoring/unit-settings.js';
import type { Tx } from '../store/store.js';

/** The stored key of each part. */
export const RULES_KEY = 'rules';
export const PERIOD_RULES_KEY = 'rulesByPeriod';
export const CHAIN_KEY = 'chain';

/** Readings a unit may set for one period only. */
export const periodRulesSchema = z
  .object({
    articleWindow: z.enum(ARTICLE_WINDOWS).optional(),
    subLevelDepartments: z.array(z.string().trim().min(1)).nullable().optional(),
  })
  .strict();
export type PeriodRules = z.infer<typeof periodRulesSchema>;
export const PERIOD_RULE_KEYS = ['articleWindow', 'subLevelDepartments'] as const;

/** The order of the leader's comment and the office after a department sends its list (seed 000 III.3.a). */
export const LIST_ORDERS = ['leader-first', 'parallel'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/** The approval chain's settings. */
export const chainSchema = z
  .object({
    /**
     * Who reviews the director's own self-assessment (the seed ranks the director but names no reviewer): `office`
     * (anyone holding the office role) or a person's id (a deputy director); null: nobody is set, and the director
     * is told so when submitting.
     */
    directorReviewer: z.union([z.literal('office'), z.number().int().positive()]).nullable().default(null),
    /**
     * `leader-first` (default, the seed's order: "Tổng hợp gửi lãnh đạo phụ trách cho ý kiến. Gửi về Văn phòng Sở"):
     * the office receives a department's list after its leader in charge commented. `parallel`: both at once.
     */
    listOrder: z.enum(LIST_ORDERS).default('leader-first'),
  })
  .strict();
export type ChainRules = z.infer<typeof chainSchema>;

/** Everything a unit set, defaults applied. */
export interface UnitRules {
  /** The readings for the period asked about (its overrides applied), as every scoring function takes them. */
  scoring: UnitSettings;
  chain: ChainRules;
}

/** A stored rule that does not validate (edited by hand, or written by an older version). */
export class UnitRulesError extends Error {}

/** The unit's rules from its raw settings JSON; `periodCode` applies that period's overrides. Throws on bad data. */
export function readUnitRules(raw: unknown, unitId: string, periodCode?: string | null): UnitRules {
  const json = isRecord(raw) ? raw : {};
  const base = parsePart(unitId, RULES_KEY, () => unitSettingsSchema.parse(json[RULES_KEY] ?? {}));
  const chain = parsePart(unitId, CHAIN_KEY, () => chainSchema.parse(json[CHAIN_KEY] ?? {}));
  const byPeriod = isRecord(json[PERIOD_RULES_KEY]) ? json[PERIOD_RULES_KEY] : {};
  const override = periodCode ? byPeriod[periodCode] : undefined;
  if (override === undefined) return { scoring: base, chain };
  const own = parsePart(unitId, `${PERIOD_RULES_KEY}.${periodCode}`, () => periodRulesSchema.parse(override));
  return { scoring: parseUnitSettings({ ...base, ...definedOnly(own) }), chain };
}

/**
 * The unit's rules, read through the store; `periodCode` applies that period's overrides. Read on every chat event
 * (never stale across instances); the parsed rules are memoised by the stored JSON, so an unchanged setting costs one
 * row read and the scoring functions get the same object each time (they cache their own parse by identity).
 */
export async function loadUnitRules(tx: Pick<Tx, 'settings'>, unitId: string, periodCode?: string | null): Promise<UnitRules> {
  const unit = await tx.settings.getUnit(unitId);
  return unitRulesOf(unit?.settings, unitId, periodCode);
}

/**
 * The rules from settings JSON the caller read in the same unit of work (e.g. with the session's other rows,
 * `assessment.loadOpenSession`); memoised as {@link loadUnitRules} is.
 */
export function unitRulesOf(settings: unknown, unitId: string, periodCode?: string | null): UnitRules {
  const key = `${unitId}\u0000${periodCode ?? ''}\u0000${JSON.stringify(settings ?? null)}`;
  const known = memo.get(key);
  if (known) return known;
  const rules = readUnitRules(settings, unitId, periodCode);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value ?? '');
  memo.set(key, rules);
  return rules;
}

const MEMO_SIZE = 256;
const memo = new Map<string, UnitRules>();

/** Shorthand: the readings only (what scoring functions take). */
export async function loadScoringRules(tx: Pick<Tx, 'settings'>, unitId: string, periodCode?: string | null): Promise<UnitSettings> {
  return (await loadUnitRules(tx, unitId, periodCode)).scoring;
}

function parsePart<T>(unitId: string, key: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => [key, ...i.path].join('.')).join(', ') : String(error);
    throw new UnitRulesError(
      `Thiết lập "${key}" của đơn vị ${unitId} không hợp lệ (${detail}); hãy sửa bằng lệnh thidua settings trước khi tính điểm.`,
    );
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
