/** The department condition row and its view, shared by the SQLite and the PostgreSQL repositories. */
import { z } from 'zod';
import type { DepartmentConditionAnswer } from '../department-conditions.js';

/** The columns both repositories select. */
export const CONDITION_COLUMNS =
  'id, unit_id, period_id, department_id, condition_id, value, evidence, answered_by_id, answered_at';

const conditionRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  period_id: z.number().int(),
  department_id: z.number().int(),
  condition_id: z.string(),
  value: z.number().int(),
  evidence: z.string().nullable(),
  answered_by_id: z.number().int(),
  answered_at: z.number(),
});

export function toDepartmentCondition(row: unknown): DepartmentConditionAnswer {
  const r = conditionRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    periodId: r.period_id,
    departmentId: r.department_id,
    conditionId: r.condition_id,
    value: r.value,
    evidence: r.evidence,
    answeredById: r.answered_by_id,
    answeredAt: r.answered_at,
  };
}
