/**
 * The settings catalogue (src/settings/catalogue.ts): derived from SETTING_DESCRIPTIONS, so a setting described
 * there is listed, settable and shown by the CLI without touching the catalogue; the CLI's listing and the keys
 * `change-unit-rules.ts` accepts are the catalogue's own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DEFAULT_UNIT_SETTINGS, SETTING_DESCRIPTIONS, type SettingDescription } from '../../src/scoring/unit-settings.js';
import { catalogueValues, settingsCatalogue } from '../../src/settings/catalogue.js';
import { UNIT_RULE_KEYS } from '../../src/settings/change-unit-rules.js';
import { chainSchema, PERIOD_RULE_KEYS } from '../../src/settings/unit-rules.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('settings catalogue', () => {
  it('lists every described reading (object-valued ones by part), then the chain’s two, with per-period flags', () => {
    const keys = settingsCatalogue().map((e) => e.key);
    const expected = SETTING_DESCRIPTIONS.flatMap((d) => {
      const v: unknown = DEFAULT_UNIT_SETTINGS[d.key];
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v).map((p) => `${d.key}.${p}`) : [d.key];
    });
    expect(keys).toEqual([...expected, 'directorReviewer', 'listOrder']);
    expect(keys).toContain('ties.people');
    expect(keys).toContain('ties.department');
    expect(UNIT_RULE_KEYS).toEqual(keys);
    expect(settingsCatalogue().filter((e) => e.perPeriod).map((e) => e.key)).toEqual([...PERIOD_RULE_KEYS].sort((a, b) => keys.indexOf(a) - keys.indexOf(b)));
  });

  it('picks up a setting added to the descriptions with no change of its own', () => {
    const added: SettingDescription = {
      key: 'yearTop5',
      label: 'Thiết lập mới của đồng nghiệp',
      source: 'Văn bản mới, mục 1: “…”.',
      explanation: 'Giải thích.',
      choices: [
        { value: 'false', label: 'Tắt' },
        { value: 'true', label: 'Bật' },
      ],
      defaultValue: 'false',
    };
    const withAdded = [...SETTING_DESCRIPTIONS.filter((d) => d.key !== 'yearTop5'), added];
    const entries = catalogueValues(DEFAULT_UNIT_SETTINGS, chainSchema.parse({}), withAdded);
    const entry = entries.find((e) => e.label === 'Thiết lập mới của đồng nghiệp');
    expect(entry).toMatchObject({ key: 'yearTop5', value: 'false', isDefault: true, valueLabel: 'Tắt', others: [{ value: 'true', label: 'Bật' }], kind: 'choice' });
  });

  it('gives each entry its value in words, the default flag and the other readings', () => {
    const scoring = { ...DEFAULT_UNIT_SETTINGS, yearScore: 'mean-of-present' as const, subLevelDepartments: ['Phòng A', 'Phòng B'], ties: { people: 'dong-hang' as const, department: 'director-chooses' as const } };
    const byKey = new Map(catalogueValues(scoring, { directorReviewer: 'office', listOrder: 'parallel' }).map((e) => [e.key, e]));
    expect(byKey.get('yearScore')).toMatchObject({ value: 'mean-of-present', isDefault: false, others: [{ value: '/4' }] });
    expect(byKey.get('subLevelDepartments')).toMatchObject({ value: 'Phòng A; Phòng B', valueLabel: 'danh sách riêng: Phòng A; Phòng B', kind: 'departments' });
    expect(byKey.get('ties.people')).toMatchObject({ value: 'dong-hang', label: 'Bằng điểm ở vị trí cuối danh sách biểu dương (cá nhân)' });
    expect(byKey.get('ties.department')).toMatchObject({ value: 'director-chooses', isDefault: true });
    expect(byKey.get('directorReviewer')).toMatchObject({ value: 'office', valueLabel: 'Văn phòng', kind: 'reviewer' });
    expect(byKey.get('listOrder')).toMatchObject({ value: 'parallel', isDefault: false });
  });

  it('`thidua settings` prints one line per catalogue entry, in its order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-catalogue-')), 'db.sqlite');
    const store = createSqliteStore(path);
    await seedUnit(store, { periodCode: null });
    await store.close();
    const out: string[] = [];
    expect(await runCli(['settings'], { out: (l) => void out.push(l), err: () => undefined }, { env: { DATABASE_PATH: path } })).toBe(0);
    const printed = out.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(' = ')[0]);
    expect(printed).toEqual(settingsCatalogue().map((e) => e.key));
  });
});
