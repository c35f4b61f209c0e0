/**
 * Changing a unit's rules (`thidua settings set`): `key=value` assignments validated with the same schemas the
 * loader reads with (nothing is stored unless all of them are valid), written into the unit's settings JSON with
 * every other key unchanged, and audited (`unit.rules_changed`, before and after) with the person who changed them.
 * Only the office or the director may (`canChangeRules`); a reviewer of the director must be a leader of the unit.
 * Returns data; the CLI words it.
 */
import { z } from 'zod';
import { canChangeRules, type Actor } from '../approval/authorize.js';
import { DEFAULT_UNIT_SETTINGS, unitSettingsSchema, type UnitSettings } from '../scoring/unit-settings.js';
import { catalogueKeys } from './catalogue.js';
import type { Tx } from '../store/store.js';
import {
  CHAIN_KEY,
  chainSchema,
  PERIOD_RULE_KEYS,
  PERIOD_RULES_KEY,
  periodRulesSchema,
  readUnitRules,
  RULES_KEY,
  type ChainRules,
} from './unit-rules.js';

/**
 * The keys `thidua settings set` and the dashboard's /cai-dat accept: the catalogue's (src/settings/catalogue.ts),
 * derived from `SETTING_DESCRIPTIONS`, so a setting described there is settable without touching this file.
 */
export const UNIT_RULE_KEYS: readonly string[] = catalogueKeys();

const CHAIN_KEYS = new Set(['directorReviewer', 'listOrder']);
/** Typed to remove a per-period override (the unit's value applies again). */
const UNSET = new Set(['default', 'mặc-định', 'mac-dinh']);

export type RulesChangeRefusal =
  | { code: 'not-allowed' }
  | { code: 'unknown-unit'; unitId: string }
  | { code: 'bad-assignment'; text: string }
  | { code: 'unknown-key'; key: string; keys: readonly string[] }
  | { code: 'not-per-period'; key: string }
  | { code: 'invalid'; problems: string[] }
  | { code: 'reviewer-not-leader'; personId: number };

export interface RulesChange {
  changed: string[];
  before: { rules: UnitSettings; chain: ChainRules };
  after: { rules: UnitSettings; chain: ChainRules };
}

export interface ChangeRulesInput {
  unitId: string;
  actor: Actor;
  /** `key=value`; a list (subLevelDepartments) is `;`-separated, `null` for the rubric's departments, `none` for none. */
  assignments: readonly string[];
  /** Only the period's overrides (`articleWindow`, `subLevelDepartments`). */
  periodCode?: string | null;
  now: number;
  channel?: string;
}

/** Validates and stores the assignments in the caller's unit of work; a refusal stores nothing. */
export async function changeUnitRules(
  tx: Pick<Tx, 'settings' | 'staff' | 'audit'>,
  input: ChangeRulesInput,
): Promise<{ ok: true; change: RulesChange } | { ok: false; refusal: RulesChangeRefusal }> {
  const allowed = canChangeRules(input.actor);
  if (!allowed.ok || input.actor.unitId !== input.unitId) return { ok: false, refusal: { code: 'not-allowed' } };
  const unit = await tx.settings.getUnit(input.unitId);
  if (!unit) return { ok: false, refusal: { code: 'unknown-unit', unitId: input.unitId } };
  const raw: Record<string, unknown> = isRecord(unit.settings) ? structuredClone(unit.settings) : {};
  const beforeRules = readUnitRules(raw, input.unitId, input.periodCode);
  const period = input.periodCode ?? null;
  const rules: Record<string, unknown> = isRecord(raw[RULES_KEY]) ? { ...raw[RULES_KEY] } : {};
  const chain: Record<string, unknown> = isRecord(raw[CHAIN_KEY]) ? { ...raw[CHAIN_KEY] } : {};
  const byPeriod: Record<string, unknown> = isRecord(raw[PERIOD_RULES_KEY]) ? { ...raw[PERIOD_RULES_KEY] } : {};
  const periodRules: Record<string, unknown> = period && isRecord(byPeriod[period]) ? { ...byPeriod[period] } : {};
  const changed: string[] = [];
  for (const assignment of input.assignments) {
    const i = assignment.indexOf('=');
    if (i <= 0) return { ok: false, refusal: { code: 'bad-assignment', text: assignment } };
    const key = assignment.slice(0, i).trim();
    const text = assignment.slice(i + 1).trim();
    if (!UNIT_RULE_KEYS.includes(key)) return { ok: false, refusal: { code: 'unknown-key', key, keys: UNIT_RULE_KEYS } };
    if (period) {
      if (!(PERIOD_RULE_KEYS as readonly string[]).includes(key)) return { ok: false, refusal: { code: 'not-per-period', key } };
      if (UNSET.has(text)) delete periodRules[key];
      else periodRules[key] = valueOf(key, text);
    } else if (CHAIN_KEYS.has(key)) {
      chain[key] = valueOf(key, text);
    } else if (key.includes('.')) {
      // A part of an object-valued reading (`ties.people`): the other parts kept.
      const [top = '', part = ''] = key.split('.');
      const parts = isRecord(rules[top]) ? { ...(rules[top] as Record<string, unknown>) } : {};
      parts[part] = valueOf(key, text);
      rules[top] = parts;
    } else {
      rules[key] = valueOf(key, text);
    }
    changed.push(key);
  }
  const problems = [
    ...issues(RULES_KEY, unitSettingsSchema.safeParse(rules)),
    ...issues(CHAIN_KEY, chainSchema.safeParse(chain)),
    ...(period ? issues(`${PERIOD_RULES_KEY}.${period}`, periodRulesSchema.safeParse(periodRules)) : []),
  ];
  if (problems.length > 0) return { ok: false, refusal: { code: 'invalid', problems } };
  const reviewer = chainSchema.parse(chain).directorReviewer;
  if (typeof reviewer === 'number' && reviewer !== beforeRules.chain.directorReviewer) {
    const person = await tx.staff.getPerson(reviewer);
    if (!person || person.unitId !== input.unitId || !person.active || !person.roles.includes('leader')) {
      return { ok: false, refusal: { code: 'reviewer-not-leader', personId: reviewer } };
    }
  }
  raw[RULES_KEY] = rules;
  raw[CHAIN_KEY] = chain;
  if (period) {
    byPeriod[period] = periodRules;
    raw[PERIOD_RULES_KEY] = byPeriod;
  }
  const afterRules = readUnitRules(raw, input.unitId, period);
  await tx.settings.updateSettings(input.unitId, raw);
  await tx.audit.record({
    at: input.now,
    unitId: input.unitId,
    actorPersonId: input.actor.personId,
    channel: input.channel ?? 'cli',
    action: 'unit.rules_changed',
    entityType: 'unit',
    entityId: input.unitId,
    before: { rules: beforeRules.scoring, chain: beforeRules.chain, ...(period ? { period } : {}) },
    after: { rules: afterRules.scoring, chain: afterRules.chain, ...(period ? { period } : {}), changed },
  });
  return {
    ok: true,
    change: {
      changed,
      before: { rules: beforeRules.scoring, chain: beforeRules.chain },
      after: { rules: afterRules.scoring, chain: afterRules.chain },
    },
  };
}

/** A typed value as the schema expects it. */
function valueOf(key: string, text: string): unknown {
  switch (key) {
    case 'yearTop5':
      return text === 'true' || text === 'bật' ? true : text === 'false' || text === 'tắt' ? false : text;
    case 'subLevelDepartments':
      if (text === 'null') return null;
      if (text === 'none' || text === 'không' || text === '') return [];
      return text
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'directorReviewer':
      if (text === 'none' || text === 'null' || text === 'không') return null;
      if (text === 'office' || text === 'văn-phòng') return 'office';
      return /^\d{1,9}$/.test(text) ? Number(text) : text;
    default:
      // A yes/no reading added later is typed like yearTop5.
      if (typeof (DEFAULT_UNIT_SETTINGS as Record<string, unknown>)[key] === 'boolean') return valueOf('yearTop5', text);
      return text;
  }
}

function issues(key: string, result: z.ZodSafeParseResult<unknown>): string[] {
  return result.success ? [] : result.error.issues.map((i) => [key, ...i.path.map(String)].join('.'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
