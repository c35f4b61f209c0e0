/** Unit settings: defaults are the literal reading of the seeds; every setting is described in Vietnamese. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UNIT_SETTINGS,
  parseUnitSettings,
  resolveSettings,
  SETTING_DESCRIPTIONS,
  unitSettingsSchema,
} from '../../src/scoring/unit-settings.js';

describe('unit settings', () => {
  it('defaults to the literal reading of the seeds', () => {
    expect(DEFAULT_UNIT_SETTINGS).toEqual({
      yearScore: '/4',
      departmentScore: 'all-members',
      departmentArticle: 'best-department-only',
      ties: { people: 'director-chooses', department: 'director-chooses' },
      yearTop5: false,
      laborerChienBinhSo: 'refuse',
      articleWindow: 'last-6-months',
      subLevelDepartments: null,
      percentGap: 'lower-band',
      dti47: 'per-issue-max-10',
      initiativeBonus: 'may-exceed',
    });
    expect(Object.isFrozen(DEFAULT_UNIT_SETTINGS)).toBe(true);
  });

  it('fills a partial object with the defaults and keeps what was given', () => {
    const s = parseUnitSettings({ yearScore: 'mean-of-present', ties: { people: 'dong-hang' } });
    expect(s.yearScore).toBe('mean-of-present');
    expect(s.ties).toEqual({ people: 'dong-hang', department: 'director-chooses' });
    expect(s.departmentScore).toBe('all-members');
    expect(parseUnitSettings(undefined)).toEqual(DEFAULT_UNIT_SETTINGS);
    expect(resolveSettings(null)).toBe(DEFAULT_UNIT_SETTINGS);
  });

  it('refuses unknown values and unknown fields', () => {
    expect(() => parseUnitSettings({ yearScore: 'trung-binh' })).toThrow();
    expect(() => parseUnitSettings({ khongCo: true })).toThrow();
  });

  it('describes every setting with Vietnamese labels, the seed words and a valid default', () => {
    const keys = Object.keys(unitSettingsSchema.shape).sort();
    expect(SETTING_DESCRIPTIONS.map((d) => d.key).sort()).toEqual(keys);
    for (const d of SETTING_DESCRIPTIONS) {
      expect(d.choices.length, d.key).toBeGreaterThanOrEqual(2);
      expect(d.choices.map((c) => c.value), d.key).toContain(d.defaultValue);
      expect(d.source, d.key).toMatch(/seed 00[034]/);
      expect(d.label + d.explanation, d.key).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
    }
  });
});
