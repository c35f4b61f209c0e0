/**
 * Calibration (issue 16): how each department's heads scored compared with the others — the distribution of the
 * agreed totals per department, how many scores the reviewers changed (agreed total ≠ self-assessed total) and by
 * how much on average, and the people far from their department's mean. Read-only, for the office and the director
 * (the same scope as the whole progress, `progressScope`). Three statements whatever the unit's size: the
 * departments, the approved scores of the whole unit (`approvedScores`, one query), the period.
 */
import { done, type ActionResult } from '../approval/approval-types.js';
import type { Who } from '../approval/approval-service.js';
import { currentPeriod } from '../approval/period-queries.js';
import type { PeriodRecord } from '../store/periods.js';
import type { ApprovedScore } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { resultsScope } from './dashboard-data.js';

/** Counts per 10-point bin of agreed totals: 0–9, 10–19, …, 90–100. */
export interface ScoreDistribution {
  name: string;
  bins: number[];
}

export interface DepartmentCalibration extends ScoreDistribution {
  departmentId: number;
  /** Agreed totals of approved submissions. */
  totals: number[];
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
  /** The whole unit's distribution (the chart of a large unit's page when no department is chosen). */
  unit: ScoreDistribution;
  departments: DepartmentCalibration[];
  /** The department asked for with `?phong=` (its chart is drawn), null when none or not one of the unit's. */
  selected: DepartmentCalibration | null;
  /** `?phong=` named no department of the unit. */
  unknownDepartment: boolean;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function binsOf(totals: readonly number[]): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const t of totals) {
    const i = Math.min(9, Math.max(0, Math.floor(t / 10)));
    bins[i] = (bins[i] ?? 0) + 1;
  }
  return bins;
}

function calibrate(departmentId: number, name: string, scored: readonly ApprovedScore[]): DepartmentCalibration {
  const totals = scored.map((x) => x.reviewedTotal);
  const m = mean(totals);
  const changes = scored.filter((x) => x.selfTotal !== null && Math.abs(x.reviewedTotal - x.selfTotal) > 1e-9).map((x) => x.reviewedTotal - (x.selfTotal ?? 0));
  const sd = m === null || totals.length < 5 ? null : Math.sqrt(totals.reduce((a, t) => a + (t - m) ** 2, 0) / totals.length);
  return {
    departmentId,
    name,
    totals,
    bins: binsOf(totals),
    mean: m,
    adjusted: changes.length,
    meanChange: mean(changes),
    outliers:
      sd && m !== null && sd > 0 ? scored.filter((x) => Math.abs(x.reviewedTotal - m) > 2 * sd).map((x) => ({ fullName: x.fullName, total: x.reviewedTotal })) : [],
  };
}

export async function calibrationData(tx: Tx, who: Who, departmentId: number | null = null): Promise<ActionResult<CalibrationData>> {
  const scope = await resultsScope(tx, who);
  if (!scope.ok) return scope;
  const me = scope.outcome;
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return { ok: false, refusal: { code: 'no-period' } };
  const byDepartment = new Map<number, ApprovedScore[]>();
  for (const s of await tx.reviews.approvedScores(me.unitId, period.id)) {
    const list = byDepartment.get(s.departmentId);
    if (list) list.push(s);
    else byDepartment.set(s.departmentId, [s]);
  }
  const departments = (await tx.reviews.departmentsWithMembers(me.unitId)).map((d) => calibrate(d.id, d.name, byDepartment.get(d.id) ?? []));
  const all = departments.flatMap((d) => d.totals);
  const selected = departmentId === null ? null : (departments.find((d) => d.departmentId === departmentId) ?? null);
  return done({
    period,
    unitMean: mean(all),
    unit: { name: 'toàn cơ quan', bins: binsOf(all) },
    departments,
    selected,
    unknownDepartment: departmentId !== null && selected === null,
  });
}
