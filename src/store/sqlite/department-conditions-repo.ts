/** A department's own conditions of a period ({@link DepartmentConditionRepository}) on prepared statements. */
import type Database from 'better-sqlite3';
import type { DepartmentConditionRepository } from '../department-conditions.js';
import { CONDITION_COLUMNS, toDepartmentCondition } from '../shared/department-condition-rows.js';

export function createDepartmentConditionRepository(c: Database.Database): DepartmentConditionRepository {
  const upsert = c.prepare(
    `INSERT INTO department_conditions (unit_id, period_id, department_id, condition_id, value, evidence, answered_by_id, answered_at)
     VALUES (@unitId, @periodId, @departmentId, @conditionId, @value, @evidence, @answeredById, @answeredAt)
     ON CONFLICT (period_id, department_id, condition_id) DO UPDATE SET unit_id = excluded.unit_id, value = excluded.value,
       evidence = excluded.evidence, answered_by_id = excluded.answered_by_id, answered_at = excluded.answered_at
     RETURNING ${CONDITION_COLUMNS}`,
  );
  const byPeriod = c.prepare(
    `SELECT ${CONDITION_COLUMNS} FROM department_conditions WHERE period_id = ? ORDER BY department_id, condition_id`,
  );
  return {
    async answer(input) {
      return toDepartmentCondition(upsert.get(input));
    },
    async forPeriod(periodId) {
      return byPeriod.all(periodId).map(toDepartmentCondition);
    },
  };
}
