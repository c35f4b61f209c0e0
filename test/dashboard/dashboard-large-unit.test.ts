/**
 * The progress and calibration pages of a large unit (issue 16's 50,000-person province, here the demo unit grown
 * past the thresholds): progress shows counts per department and each department's people on its own page
 * (`/tien-do?phong=<id>`), still within the viewer's scope; calibration draws one chart (the unit's, or the chosen
 * department's) next to a summary table instead of a chart per department.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROGRESS_NAMES_MAX } from '../../src/dashboard/dashboard-data.js';
import { INLINE_CHARTS_MAX } from '../../src/dashboard/views/calibration-view.js';
import type { Tx } from '../../src/store/store.js';
import { startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { dashboardLogin, get } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';

/** The demo unit's logins: 1 the head of TTBC, 2 the office, 3 the director. */
async function signIn(harness: Harness, i: number): Promise<CookieJar> {
  const l = harness.demo.logins[i];
  if (!l) throw new Error('demo login missing');
  return dashboardLogin(harness, l.code);
}

async function periodOf(harness: Harness): Promise<{ id: number; code: string; unitId: string }> {
  const unitId = harness.demo.unitId ?? '';
  const period = await harness.store.read((tx) => tx.periods.find(unitId, harness.demo.periodCode ?? ''));
  if (!period) throw new Error('no demo period');
  return { id: period.id, code: period.code, unitId };
}

/** A new department of `n` staff named `<prefix> 1…n`; returns its id and the people's ids. */
async function addDepartment(tx: Tx, unitId: string, name: string, prefix: string, n: number, now: number): Promise<{ id: number; people: number[] }> {
  const id = await tx.staff.createDepartment(unitId, name);
  const people: number[] = [];
  for (let i = 1; i <= n; i++) {
    people.push(await tx.staff.createPerson(unitId, { departmentId: id, fullName: `${prefix} ${i}`, phone: null, email: null, position: null, noGroupMention: false }, ['staff'], now));
  }
  return { id, people };
}

/** Submits `personId`'s self-assessment with `total`, and approves it with the same total when `approve`. */
async function scored(tx: Tx, periodId: number, personId: number, total: number, approve: boolean, now: number): Promise<void> {
  const s = await tx.assessment.ensureSubmission(periodId, personId, now);
  await tx.assessment.updateSubmission(s.id, { status: 'submitted', selfTotal: total, submittedAt: now }, now);
  if (approve) await tx.reviews.updateReview(s.id, { status: 'approved', reviewedTotal: total, reviewedAt: now }, now);
}

describe('dashboard: a large unit', () => {
  it('progress: counts per department first, a department’s people on its own page, within the viewer’s scope', async () => {
    h = await startHarness();
    const harness = h;
    const now = harness.clock.now().getTime();
    const period = await periodOf(harness);
    const big = await harness.store.transaction(async (tx) => {
      const d = await addDepartment(tx, period.unitId, 'Phòng Đông Người', 'Cán bộ đông', PROGRESS_NAMES_MAX, now);
      const [first, second, third] = d.people;
      if (first === undefined || second === undefined || third === undefined) throw new Error('not seeded');
      await scored(tx, period.id, first, 70, true, now);
      await scored(tx, period.id, second, 50, false, now);
      const slot = { job: 'self-reminder', unitId: period.unitId, slot: now - 3_600_000 };
      await tx.jobs.claimRun(slot, slot.slot, 'test');
      await tx.jobs.recordDelivery(slot, { personId: third, outcome: 'not_linked' }, slot.slot);
      return d;
    });
    const office = await signIn(harness, 2);
    const overview = await get(harness, '/tien-do', office);
    expect(overview.status).toBe(200);
    // No one's name: the counts, and a link to the department's own page (same period).
    expect(overview.body).not.toContain('Cán bộ đông');
    const href = `/tien-do?phong=${big.id}&amp;ky=${period.code}`;
    const row = overview.body.split('<tr>').find((r) => r.includes('<b>Phòng Đông Người</b>')) ?? '';
    expect(row).toContain(`<a href="${href}">`);
    const cells = [...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // people, approved, waiting for review, missing, returned, not reached
    expect(cells).toEqual([PROGRESS_NAMES_MAX, 1, 1, PROGRESS_NAMES_MAX - 2, 0, 1]);
    expect(overview.body).toContain(`<b>${TTBC}</b>`);
    expect(overview.body).toContain('bấm tên phòng để xem từng người');

    const one = await get(harness, href.replace('&amp;', '&'), office);
    expect(one.status).toBe(200);
    expect(one.body).toContain(`Cán bộ đông ${PROGRESS_NAMES_MAX}`);
    expect(one.body).toContain('Cán bộ đông 2</td>'); // waiting for review
    expect(one.body).toContain('Cán bộ đông 3 (chưa liên kết');
    expect(one.body).not.toContain(`<b>${TTBC}</b>`);
    expect(one.body).toContain('Tất cả các phòng');

    // Anything but a department id is the overview; a department outside the viewer's scope is refused.
    expect((await get(harness, '/tien-do?phong=abc', office)).body).toContain('bấm tên phòng để xem từng người');
    const head = await signIn(harness, 1);
    const refused = await get(harness, `/tien-do?phong=${big.id}`, head);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Cán bộ đông');
    // The head's own scope is one small department: every name, as before.
    const own = await get(harness, '/tien-do', head);
    expect(own.body).toContain(`<b>${TTBC}</b>`);
    expect(own.body).not.toContain('Phòng Đông Người');
    expect(own.body).not.toContain('bấm tên phòng');
  });

  it('calibration: one chart (the unit’s or the chosen department’s) beside a summary table when there are many departments', async () => {
    h = await startHarness();
    const harness = h;
    const now = harness.clock.now().getTime();
    const period = await periodOf(harness);
    const added = await harness.store.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 1; i <= INLINE_CHARTS_MAX; i++) {
        const d = await addDepartment(tx, period.unitId, `Phòng Thêm ${i}`, `Người thêm ${i}`, 2, now);
        const [a, b] = d.people;
        if (a === undefined || b === undefined) throw new Error('not seeded');
        await scored(tx, period.id, a, 40 + i, true, now);
        await scored(tx, period.id, b, 90, true, now);
        ids.push(d.id);
      }
      return ids;
    });
    const director = await signIn(harness, 3);
    const unit = await get(harness, '/hieu-chuan', director);
    expect(unit.status).toBe(200);
    expect(unit.body.match(/<svg/g)?.length).toBe(1);
    expect(unit.body).toContain('Phân bố điểm: toàn cơ quan');
    // The unit's chart: 12 people in 40–59, 12 at 90.
    expect(unit.body).toContain('90–100 điểm: 12 người');
    const first = added[0] ?? 0;
    expect(unit.body).toContain(`<a href="/hieu-chuan?phong=${first}"><b>Phòng Thêm 1</b></a>`);

    const chosen = await get(harness, `/hieu-chuan?phong=${first}`, director);
    expect(chosen.body.match(/<svg/g)?.length).toBe(1);
    expect(chosen.body).toContain('Phân bố điểm: Phòng Thêm 1');
    expect(chosen.body).toContain('40–49 điểm: 1 người');
    expect(chosen.body).toContain('90–100 điểm: 1 người');
    expect(chosen.body).toContain('<tr class="selected">');

    const unknown = await get(harness, '/hieu-chuan?phong=999999', director);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toContain('Không tìm thấy phòng này');
    expect(unknown.body).toContain('Phân bố điểm: toàn cơ quan');
    expect((await get(harness, '/hieu-chuan', await signIn(harness, 1))).status).toBe(403);
  });
});
