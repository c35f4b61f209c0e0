/**
 * A department's own conditions of a period (seed 000 II.3.b: "Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý"),
 * answered by the head each quarter or recorded by the office. Why a repository of its own: the answer belongs to
 * the department, not to a member's submission, and the results, lists, honour board and reminders all read it.
 *
 * Plain TypeScript types only.
 */

/** One stored answer: the latest for its period, department and condition. */
export interface DepartmentConditionAnswer {
  id: number;
  unitId: string;
  periodId: number;
  departmentId: number;
  /** The rubric's `departmentConditions[].id` (seed 000: `dkp.bai-viet`). */
  conditionId: string;
  /** The count answered (articles); a pass/fail condition stores 1 (đạt) or 0. */
  value: number;
  /** A link or a short description of the evidence; null when none was given. */
  evidence: string | null;
  answeredById: number;
  answeredAt: number;
}

/** What a head or the office records. */
export type DepartmentConditionInput = Omit<DepartmentConditionAnswer, 'id'>;

export interface DepartmentConditionRepository {
  /** Records the answer, replacing an earlier one for the same period, department and condition; returns it. */
  answer(input: DepartmentConditionInput): Promise<DepartmentConditionAnswer>;
  /** Every answer of a period, by department id then condition id. */
  forPeriod(periodId: number): Promise<DepartmentConditionAnswer[]>;
}
