/**
 * Builds the province-sized data set of `score.bench.ts` in a SQLite file: units, departments, people with roles,
 * one quarter of answers (scored with the real rubric, so totals and per-answer points are consistent) and the
 * earlier quarters' approved totals. The rubric version goes through the store (`storeRubricVersion` in a unit of
 * work); the bulk rows are batched inserts through prepared statements on the store's writer connection
 * (`store.db`, test-only seeding) in one transaction.
 */
import { storeRubricVersion } from '../../src/periods/open-period.js';
import { defaultDeadlines, periodCode } from '../../src/scoring/period-calendar.js';
import type { Criterion, Role, Rubric } from '../../src/scoring/rubric-schema.js';
import { levelChoicesFor } from '../../src/scoring/answer-points.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

export interface DatasetSize {
  people: number;
  units: number;
  departmentsPerUnit: number;
  year: number;
  /** The quarter that has answers; earlier quarters of the year get totals only. */
  quarter: number;
}

export interface DatasetStats {
  people: number;
  submissions: number;
  answers: number;
}

const DEPARTMENT_NAMES = [
  'Văn phòng',
  'Phòng Kế hoạch – Tài chính',
  'Phòng Thông tin, Báo chí – Xuất bản',
  'Phòng Bưu chính, Viễn thông và Công nghệ thông tin',
  'Phòng Chuyển đổi số',
  'Thanh tra Sở',
  'Trung tâm Dữ liệu, Công nghệ và Truyền thông',
  'Phòng Tổ chức cán bộ',
];

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills an empty, migrated store. */
export async function buildDataset(store: SqliteStore, rubric: Rubric, size: DatasetSize): Promise<DatasetStats> {
  const sqlite = store.db.$client;
  const rubricVersionId = await store.transaction((tx) => storeRubricVersion(tx, rubric));
  const rand = prng(20261231);
  const stats: DatasetStats = { people: 0, submissions: 0, answers: 0 };
  const now = Date.UTC(size.year, 11, 1);
  const insertUnit = sqlite.prepare('INSERT INTO units (id, name) VALUES (?, ?)');
  const insertDepartment = sqlite.prepare('INSERT INTO departments (unit_id, name) VALUES (?, ?)');
  const insertPerson = sqlite.prepare(
    'INSERT INTO people (unit_id, department_id, full_name, phone, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertRole = sqlite.prepare('INSERT INTO person_roles (person_id, role) VALUES (?, ?)');
  const insertPeriod = sqlite.prepare(
    `INSERT INTO periods (unit_id, rubric_version_id, code, year, quarter, starts_on, ends_on, self_deadline,
       department_deadline, office_deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSubmission = sqlite.prepare(
    `INSERT INTO submissions (period_id, person_id, status, self_total, band, classified, submitted_at, updated_at)
     VALUES (?, ?, 'approved', ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = sqlite.prepare(
    'INSERT INTO answers (submission_id, criterion_id, value, self_points, updated_at) VALUES (?, ?, ?, ?, ?)',
  );

  // Rows go in the order the product writes them: the directory first, then quarter after quarter.
  sqlite.transaction(() => {
    const roster: { personId: number; departmentName: string | null; role: Role; periodIds: number[] }[] = [];
    let personNo = 0;
    for (let u = 0; u < size.units; u++) {
      const unitId = `unit-${String(u + 1).padStart(3, '0')}`;
      insertUnit.run(unitId, `Đơn vị số ${u + 1}`);
      const departmentIds = DEPARTMENT_NAMES.slice(0, size.departmentsPerUnit).map((name) =>
        Number(insertDepartment.run(unitId, name).lastInsertRowid),
      );
      const periodIds: number[] = [];
      for (let q = 1; q <= size.quarter; q++) {
        const d = defaultDeadlines(size.year, q);
        const status = q < size.quarter ? 'finalised' : 'open';
        const code = periodCode(size.year, q);
        const dates = [d.startsOn, d.endsOn, d.selfDeadline, d.departmentDeadline, d.officeDeadline];
        periodIds.push(
          Number(insertPeriod.run(unitId, rubricVersionId, code, size.year, q, ...dates, status).lastInsertRowid),
        );
      }
      const count = Math.floor(((u + 1) * size.people) / size.units) - Math.floor((u * size.people) / size.units);
      for (let i = 0; i < count; i++) {
        personNo++;
        const dIndex = i % departmentIds.length;
        const roles: Role[] = i < departmentIds.length ? ['head', 'staff'] : rand() < 0.06 ? ['laborer'] : ['staff'];
        const phone = `09${String(personNo).padStart(8, '0')}`;
        const departmentId = departmentIds[dIndex] ?? null;
        const personId = Number(insertPerson.run(unitId, departmentId, `Cán bộ ${personNo}`, phone, now).lastInsertRowid);
        for (const role of roles) insertRole.run(personId, role);
        const departmentName = DEPARTMENT_NAMES[dIndex] ?? null;
        roster.push({ personId, departmentName, role: roles.includes('laborer') ? 'laborer' : 'staff', periodIds });
        stats.people++;
      }
    }
    // Earlier quarters: approved totals only (what the year mean reads).
    for (let q = 1; q < size.quarter; q++) {
      for (const person of roster) {
        const laborer = person.role === 'laborer';
        const classified = !laborer && rand() < 0.9;
        const total = laborer ? 0 : Math.round(35 + rand() * 65);
        insertSubmission.run(person.periodIds[q - 1], person.personId, total, null, classified ? 1 : 0, now, now);
        stats.submissions++;
      }
    }
    // The measured quarter: realistic answers, scored with the real rubric.
    for (const person of roster) {
      const ctx = { role: person.role, departmentName: person.departmentName };
      const answers: Record<string, AnswerValue> = {};
      for (const criterion of criteriaFor(rubric, ctx)) {
        const value = randomAnswer(rubric, criterion, person.departmentName, rand);
        if (value !== undefined) answers[criterion.id] = value;
      }
      const result = scoreAnswers(rubric, answers, ctx);
      const periodId = person.periodIds[size.quarter - 1];
      const classified = result.classified ? 1 : 0;
      const submissionId = Number(
        insertSubmission.run(periodId, person.personId, result.total, result.band, classified, now, now).lastInsertRowid,
      );
      stats.submissions++;
      for (const [criterionId, value] of Object.entries(answers)) {
        insertAnswer.run(submissionId, criterionId, JSON.stringify(value), result.criteria[criterionId] ?? 0, now);
        stats.answers++;
      }
    }
  })();
  sqlite.pragma('optimize');
  sqlite.exec('ANALYZE');
  return stats;
}

/** A plausible answer: most people pass the Công dân số criteria; levels lean towards the middle and top. */
function randomAnswer(
  rubric: Rubric,
  criterion: Criterion,
  departmentName: string | null,
  rand: () => number,
): AnswerValue | undefined {
  switch (criterion.kind) {
    case 'pass-fail':
      return rand() < 0.97 ? 'pass' : 'fail';
    case 'levels': {
      const choices = levelChoicesFor(rubric, criterion, departmentName);
      const index = Math.min(choices.length - 1, Math.floor(Math.sqrt(rand()) * choices.length));
      return choices[index]?.key;
    }
    case 'bonus':
      return rand() < 0.3;
    case 'condition':
      return criterion.test.type === 'pass-fail'
        ? rand() < 0.97
          ? 'pass'
          : 'fail'
        : rand() < 0.93
          ? 1 + Math.floor(rand() * 3)
          : 0;
    case 'count':
    case 'penalty':
    case 'monthly-quota':
      return Math.floor(rand() * 5);
    case 'rate':
      return Math.round(rand() * 100);
    case 'parts':
      return criterion.parts.filter(() => rand() < 0.5).map((p) => p.key);
    case 'info':
      return undefined;
  }
}
