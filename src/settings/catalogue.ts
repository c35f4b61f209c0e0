/**
 * The catalogue of a unit's settings (issue 16 "Settings", issue 17): every place where the seeds leave a choice,
 * one entry per key `thidua settings set` and the dashboard's /cai-dat accept, with its Vietnamese label, the seed's
 * words, the readings and the default. Both render from here, so the page and the command line cannot drift.
 *
 * Why derived and not listed: the readings come from `SETTING_DESCRIPTIONS` (src/scoring/unit-settings.ts), so a
 * setting added there appears here, in the CLI and on the page without touching this file; an object-valued reading
 * (`ties`) becomes one entry per part (`ties.people`, `ties.department`). The approval chain's two settings
 * (`directorReviewer`, `listOrder`, src/settings/unit-rules.ts) are described here, next to them.
 */
import { DEFAULT_UNIT_SETTINGS, SETTING_DESCRIPTIONS, type SettingChoice, type SettingDescription, type UnitSettings } from '../scoring/unit-settings.js';
import { PERIOD_RULE_KEYS, PERIOD_RULES_KEY, periodRulesSchema, type ChainRules, type PeriodRules } from './unit-rules.js';

/**
 * How a setting's value is typed: one of its choices; a list of departments (`;`-separated, `null` for the
 * rubric's own, `none` for none); or the person who reviews the director (`office`, `none` or a leader's id).
 */
export type SettingKind = 'choice' | 'departments' | 'reviewer';

/** One key of the catalogue. */
export interface CatalogueEntry {
  /** The key as typed: `yearScore`, `ties.people`, `directorReviewer`. */
  key: string;
  label: string;
  /** The seed and its words. */
  source: string;
  explanation: string;
  choices: readonly SettingChoice[];
  defaultValue: string;
  kind: SettingKind;
  /** Whether a period may read it differently (`--period`, the page's per-period form). */
  perPeriod: boolean;
}

/** An entry with the unit's current value. */
export interface CatalogueValue extends CatalogueEntry {
  /** As typed (`/4`, `null`, `Phòng A; Phòng B`, `none`, `office`, `12`). */
  value: string;
  isDefault: boolean;
  /** The current value in words. */
  valueLabel: string;
  /** The readings not in use. */
  others: readonly SettingChoice[];
}

/** Vietnamese names of an object-valued reading's parts (`ties.people`…); an unknown part is named as is. */
const PART_LABELS: Record<string, string> = { people: 'cá nhân', department: 'tập thể' };

const SEED_000 = 'Kế hoạch “Chiến binh số”, Sở TT&TT Đắk Nông (seed 000)';

/** The approval chain's settings (not seed readings of a score, but choices the seed leaves open all the same). */
export const CHAIN_ENTRIES: readonly CatalogueEntry[] = [
  {
    key: 'directorReviewer',
    label: 'Người duyệt bản tự đánh giá của Giám đốc',
    source: `${SEED_000}: Giám đốc Sở cũng tự đánh giá và được xếp hạng, nhưng văn bản không nêu ai duyệt bản của Giám đốc.`,
    explanation:
      'Mặc định chưa đặt: bản của Giám đốc không được duyệt nên không được tính, và Giám đốc được báo khi nộp. ' +
      'Đơn vị chọn Văn phòng hoặc một Phó Giám đốc (lãnh đạo của đơn vị) duyệt.',
    choices: [
      { value: 'none', label: 'Chưa đặt' },
      { value: 'office', label: 'Văn phòng' },
      { value: 'leader', label: 'Một Phó Giám đốc (mã số cán bộ)' },
    ],
    defaultValue: 'none',
    kind: 'reviewer',
    perPeriod: false,
  },
  {
    key: 'listOrder',
    label: 'Thứ tự sau khi phòng gửi danh sách',
    source: `${SEED_000}, mục III.3.a: “Tổng hợp gửi lãnh đạo phụ trách cho ý kiến. Gửi về Văn phòng Sở”.`,
    explanation:
      'Mặc định theo thứ tự của văn bản: lãnh đạo phụ trách cho ý kiến trước, Văn phòng tiếp nhận sau. ' +
      'Cách khác: gửi lãnh đạo phụ trách và Văn phòng cùng lúc.',
    choices: [
      { value: 'leader-first', label: 'lãnh đạo phụ trách cho ý kiến trước, rồi mới gửi Văn phòng (đúng văn bản)' },
      { value: 'parallel', label: 'gửi lãnh đạo phụ trách và Văn phòng cùng lúc' },
    ],
    defaultValue: 'leader-first',
    kind: 'choice',
    perPeriod: false,
  },
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every key, in the order a page shows them: the seed readings (from `descriptions`), then the chain's. */
export function settingsCatalogue(descriptions: readonly SettingDescription[] = SETTING_DESCRIPTIONS): CatalogueEntry[] {
  const perPeriod = new Set<string>(PERIOD_RULE_KEYS);
  const readings = descriptions.flatMap((d): CatalogueEntry[] => {
    const fallback: unknown = (DEFAULT_UNIT_SETTINGS as Record<string, unknown>)[d.key];
    const kind: SettingKind = fallback === null || Array.isArray(fallback) ? 'departments' : 'choice';
    const base = { label: d.label, source: d.source, explanation: d.explanation, choices: d.choices, defaultValue: d.defaultValue, kind };
    if (isPlainObject(fallback)) {
      return Object.keys(fallback).map((part) => ({ ...base, key: `${d.key}.${part}`, label: `${d.label} (${PART_LABELS[part] ?? part})`, perPeriod: false }));
    }
    return [{ ...base, key: d.key, perPeriod: perPeriod.has(d.key) }];
  });
  return [...readings, ...CHAIN_ENTRIES];
}

/** The keys `thidua settings set` and the page accept. */
export function catalogueKeys(): string[] {
  return settingsCatalogue().map((e) => e.key);
}

/** A stored value as typed: `null`, `none` for an empty list, `;`-joined names, `true`… */
export function typedValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join('; ');
  return String(value);
}

function valueAt(scoring: UnitSettings, chain: ChainRules, key: string): unknown {
  if (key === 'directorReviewer') return chain.directorReviewer ?? 'none';
  if (key === 'listOrder') return chain.listOrder;
  return key.split('.').reduce<unknown>((v, part) => (isPlainObject(v) ? v[part] : undefined), scoring);
}

/** The current value of `entry` in words. */
export function valueLabel(entry: CatalogueEntry, value: string): string {
  if (entry.kind === 'reviewer') {
    if (value === 'none') return 'CHƯA ĐẶT (bản của Giám đốc không được duyệt nên không được tính)';
    if (value === 'office') return 'Văn phòng';
    return `cán bộ mã số ${value}`;
  }
  const choice = entry.choices.find((c) => c.value === value);
  if (choice) return choice.label;
  if (entry.kind === 'departments') return value === 'none' ? 'không phòng nào' : `danh sách riêng: ${value}`;
  return value;
}

/** Every entry with the unit's value (`scoring` with a period's overrides applied, when one was asked for). */
export function catalogueValues(scoring: UnitSettings, chain: ChainRules, descriptions?: readonly SettingDescription[]): CatalogueValue[] {
  return settingsCatalogue(descriptions).map((entry) => {
    const value = typedValue(valueAt(scoring, chain, entry.key));
    return {
      ...entry,
      value,
      isDefault: value === entry.defaultValue,
      valueLabel: valueLabel(entry, value),
      others: entry.choices.filter((c) => c.value !== value && !(entry.kind === 'reviewer' && c.value === 'leader' && /^\d+$/.test(value))),
    };
  });
}

/** What a period overrides (only what it set; the rest follows the unit), from the unit's raw settings JSON. */
export function periodOverrides(raw: unknown, periodCode: string): PeriodRules {
  const byPeriod = isPlainObject(raw) && isPlainObject(raw[PERIOD_RULES_KEY]) ? raw[PERIOD_RULES_KEY] : {};
  const parsed = periodRulesSchema.safeParse(byPeriod[periodCode] ?? {});
  return parsed.success ? parsed.data : {};
}
