/** Units ranked by their index (seed 003 II.2 "từ cao đến thấp"), on each unit's own maximum, ties shown. */
import { describe, expect, it } from 'vitest';
import { rankUnits } from '../../src/scoring/rank-units.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import { dti } from './seed-rubrics.js';

describe('rankUnits', () => {
  it('ranks by the exact share of each unit’s maximum: 361/379 above 361/381', () => {
    const rows = rankUnits([
      { id: 'xa', total: 361, max: 381 },
      { id: 'doan-thanh-nien', total: 361, max: 379 },
      { id: 'hoi-phu-nu', total: 200, max: 381 },
    ]);
    expect(rows.map((r) => [r.id, r.rank, r.tied, r.percent])).toEqual([
      ['doan-thanh-nien', 1, false, 95.25],
      ['xa', 2, false, 94.75],
      ['hoi-phu-nu', 3, false, 52.49],
    ]);
  });

  it('equal shares share a rank (1, 2, 2, 4) and keep the input order', () => {
    const rows = rankUnits([
      { id: 'a', total: 300, max: 381 },
      { id: 'b', total: 190.5, max: 381 },
      { id: 'c', total: 189.5, max: 379 }, // 50% as well
      { id: 'd', total: 381, max: 381 },
      { id: 'e', total: Number.NaN, max: 381 },
      { id: 'f', total: 10, max: 0 },
    ]);
    expect(rows.map((r) => `${r.id}:${r.rank}${r.tied ? '=' : ''}`)).toEqual(['d:1', 'a:2', 'b:3=', 'c:3=']);
  });

  it('three communes scored from answers (seed 003) and ranked', () => {
    const r = dti();
    const base = Object.fromEntries(
      r.criteria.map((c) => [c.id, c.kind === 'pass-fail' ? 'pass' : c.kind === 'info' ? 'có' : c.kind === 'parts' ? ['to-chuc', 'chu-tri'] : c.kind === 'rate' && c.invert ? 0 : c.kind === 'penalty' ? 0 : c.kind === 'monthly-quota' ? 12 : c.kind === 'count' ? 10 : 100]),
    );
    const units = [
      { id: 'A', ...scoreAnswers(r, { ...base, 'dti.24': 'fail' }, { role: 'office' }) }, // 351 / 381
      { id: 'B', ...scoreAnswers(r, { ...base, 'dti.1': 0 }, { role: 'office', notApplicable: ['dti.1'] }) }, // 379 / 379
      { id: 'C', ...scoreAnswers(r, base, { role: 'office' }) }, // 381 / 381
    ];
    expect(rankUnits(units).map((u) => `${u.id}:${u.rank}${u.tied ? '=' : ''}:${u.band}`)).toEqual(['B:1=:xuat-sac', 'C:1=:xuat-sac', 'A:3:tot']);
  });
});
