/**
 * The director's summary before finalising applies and names the unit's own tie rule (setting `ties.people`, the
 * one the results service computes with), not the seed's default: with `dong-hang` everyone tied at the 5th place
 * is listed "đồng hạng" and honoured; with `director-chooses` the tied group is the director's choice. The chat's
 * summary says the same (shown as if the office had reported: here the period is still open).
 */
import { describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { activeActor, actorOf } from '../../src/approval/review-target.js';
import { directorData, type DirectorData } from '../../src/dashboard/dashboard-data.js';
import { directorPage } from '../../src/dashboard/views/director-view.js';
import { changeUnitRules } from '../../src/settings/change-unit-rules.js';
import { finaliseConfirmation } from '../../src/workflows/approval/render-confirmations.js';
import { textOf } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { seedPerson, seedSubmission } from '../persistence/results-fixture.js';

const DONG_HANG_RULE = 'nếu nhiều người đồng hạng ở vị trí thứ 5 thì tất cả đều được biểu dương.';
const CHOOSES_RULE = 'nếu nhiều người bằng điểm ở vị trí thứ 5, Giám đốc Sở chọn trong số đó cho đủ 5 cá nhân';

/** Six approved people, two of them tied at the 5th place (70 points). */
async function unitWithTie() {
  const store = testStore();
  const unit = await seedUnit(store);
  const period = unit.period;
  if (!period) throw new Error('no period');
  const dept = unit.departmentIds[0] ?? null;
  const totals: [string, number][] = [['An', 90], ['Bình', 85], ['Chi', 80], ['Dũng', 75], ['Giang', 70], ['Hà', 70]];
  const ids = new Map(totals.map(([name, total]) => {
    const id = seedPerson(store.db, unit.unitId, `Nguyễn Văn ${name}`, dept);
    seedSubmission(store.db, period.id, id, { selfTotal: total, reviewedTotal: total });
    return [name, id];
  }));
  const director = unit.people.director ?? 0;
  const summary = async (): Promise<DirectorData> => {
    const r = await store.read((tx) => directorData(tx, createApprovalService(), { actorId: director, now: new Date(Date.UTC(2026, 11, 20)), channel: 'web' }));
    if (!r.ok) throw new Error(r.refusal.code);
    return r.outcome;
  };
  const setTies = (value: string) =>
    store.transaction(async (tx) => {
      const me = await activeActor(tx, director);
      if (!me) throw new Error('no director');
      const r = await changeUnitRules(tx, { unitId: unit.unitId, actor: actorOf(me), assignments: [`ties.people=${value}`], periodCode: null, now: 1, channel: 'web' });
      if (!r.ok) throw new Error(r.refusal.code);
    });
  const viewer = { personId: director, fullName: 'Đặng Văn Giám', roles: ['director' as const], departmentName: null, csrf: 'x' };
  return { store, ids, summary, setTies, page: (d: DirectorData) => directorPage(viewer, d, null) };
}

const rowOf = (page: string, name: string): string => page.split('<tr>').find((r) => r.includes(name)) ?? '';

describe('the director’s summary and the unit’s tie rule', () => {
  it('with the unit set to dong-hang: both tied people are honoured "đồng hạng", and the rule says so', async () => {
    const { store, ids, summary, setTies, page } = await unitWithTie();
    await setTies('dong-hang');
    const d = await summary();
    expect(d.ties.people).toBe('dong-hang');
    expect(d.tieChoice).toBeNull();
    const html = page(d);
    expect(rowOf(html, 'Nguyễn Văn Giang')).toContain('5 (đồng hạng)');
    expect(rowOf(html, 'Nguyễn Văn Hà')).toContain('5 (đồng hạng)');
    expect(html).toContain('danh sách có 6 người, tất cả đều được biểu dương');
    expect(html).toContain(DONG_HANG_RULE);
    expect(html).not.toContain(CHOOSES_RULE);
    expect(textOf(finaliseConfirmation({ ...d, finaliseBlocked: null }))).toContain(DONG_HANG_RULE);
    expect(ids.size).toBe(6);
    await store.close();
  });

  it('with the default director-chooses: the tied pair is left to the director’s choice of one seat, and the rule says so', async () => {
    const { store, ids, summary, page } = await unitWithTie();
    const d = await summary();
    expect(d.ties.people).toBe('director-chooses');
    expect(d.tieChoice).toEqual({ seats: 1, personIds: [ids.get('Giang'), ids.get('Hà')].sort((a, b) => (a ?? 0) - (b ?? 0)) });
    const html = page(d);
    expect(rowOf(html, 'Nguyễn Văn Giang')).toContain('bằng điểm — Giám đốc chọn');
    expect(rowOf(html, 'Nguyễn Văn An')).not.toContain('Giám đốc chọn');
    expect(html).toContain('Có 2 người bằng điểm ở vị trí cuối: Giám đốc Sở chọn 1 người trong số đó cho đủ 5 cá nhân.');
    expect(html).toContain(CHOOSES_RULE);
    expect(html).not.toContain(DONG_HANG_RULE);
    expect(textOf(finaliseConfirmation({ ...d, finaliseBlocked: null }))).toContain('bằng điểm — Giám đốc chọn');
    await store.close();
  });
});
