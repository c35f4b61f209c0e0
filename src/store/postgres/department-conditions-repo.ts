/** PostgreSQL: a department's own conditions of a period (the same SQL as SQLite; text sorts with `COLLATE "C"`). */
import type { DepartmentConditionRepository } from '../department-conditions.js';
import { CONDITION_COLUMNS, toDepartmentCondition } from '../shared/department-condition-rows.js';
import { type Client, rows } from './pg-query.js';

export function departmentConditionRepository(c: Client): DepartmentConditionRepository {
  return {
    async answer(r) {
      const [row] = await rows(
        c,
        'department_conditions_answer',
        `INSERT INTO department_conditions (unit_id, period_id, department_id, condition_id, value, evidence, answered_by_id, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (period_id, department_id, condition_id) DO UPDATE SET unit_id = excluded.unit_id, value = excluded.value,
           evidence = excluded.evidence, answered_by_id = excluded.answered_by_id, answered_at = excluded.answered_at
         RETURNING ${CONDITION_COLUMNS}`,
        [r.unitId, r.periodId, r.departmentId, r.conditionId, r.value, r.evidence, r.answeredById, r.answeredAt],
      );
      return toDepartmentCondition(row);
    },
    async forPeriod(periodId) {
      const found = await rows(
        c,
        'department_conditions_period',
        `SELECT ${CONDITION_COLUMNS} FROM department_conditions WHERE period_id = $1 ORDER BY department_id, condition_id COLLATE "C"`,
        [periodId],
      );
      return found.map(toDepartmentCondition);
    },
  };
}
