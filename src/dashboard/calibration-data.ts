/**
 * Calibration (issue 16): how each department's heads scored compared with the others — the distribution of the
 * agreed totals per department, how many scores the reviewers changed (agreed total ≠ self-assessed total) and by
 * how much on average, and the people far from their department's mean. Read-only, for the office and the director
 * (the same scope as the whole progress, `progressScope`).
 */
import { done, type ActionResult } from '../approval/approval-types.js';
import type { Who } from '../approval/approval-service.js';
import { currentPeriod } from '../approval/period-queries.js';
import type { PeriodRecord } from '../store/periods.js';
import type { Tx } from '../store/store.js';
import { resultsScope } from './dashboard-data.js';

export interface DepartmentCalibration {
  departmentId: number;
  name: string;
  /** Agreed totals of approved submissions. */
  totals: number[];
  /** Counts per 10-point bin: 0–9, 10–19, …, 90–100. */
  bins: number[];
  mean: number | null;
  /** Approved submissions whose agreed total differs from the self-assessed one, and the mean change. */
  adjusted: number;
  meanChange: number | null;
  /** Members far (over 2 standard deviations, at least 5 scores) from the department's mean. */
  outliers: { fullName: string; total: number }[];
}

export interface CalibrationData {
  period: PeriodRecord;
  unitMean: number | null;
  departments: DepartmentCalibration[];
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export async function calibrationData(tx: Tx, who: Who): Promise<ActionResult<CalibrationData>> {
  const scope = await resultsScope(tx, who);
  if (!scope.ok) return scope;
  const me = scope.outcome;
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return { ok: false, refusal: { code: 'no-period' } };
  const subs = new Map((await tx.reviews.submissionsOfPeriod(period.id)).map((s) => [s.personId, s]));
  const departments: DepartmentCalibration[] = [];
  const all: number[] = [];
  for (const d of await tx.reviews.departmentsWithMembers(me.unitId)) {
    const scored: { fullName: string; total: number; self: number | null }[] = [];
    for (const m of await tx.reviews.membersOf(d.id)) {
      const s = subs.get(m.id);
      if (s?.status === 'approved' && s.reviewedTotal !== null) scored.push({ fullName: m.fullName, total: s.reviewedTotal, self: s.selfTotal });
    }
    const totals = scored.map((x) => x.total);
    all.push(...totals);
    const bins = Array.from({ length: 10 }, () => 0);
    for (const t of totals) {
      const i = Math.min(9, Math.max(0, Math.floor(t / 10)));
      bins[i] = (bins[i] ?? 0) + 1;
    }
    const m = mean(totals);
    const changes = scored.filter((x) => x.self !== null && Math.abs(x.total - x.self) > 1e-9).map((x) => x.total - (x.self ?? 0));
    const sd = m === null || totals.length < 5 ? null : Math.sqrt(totals.reduce((a, t) => a + (t - m) ** 2, 0) / totals.length);
    departments.push({
      departmentId: d.id,
      name: d.name,
      totals,
      bins,
      mean: m,
      adjusted: changes.length,
      meanChange: mean(changes),
      outliers: sd && m !== null && sd > 0 ? scored.filter((x) => Math.abs(x.total - m) > 2 * sd).map(({ fullName, total }) => ({ fullName, total })) : [],
    });
  }
  return done({ period, unitMean: mean(all), departments });
}
