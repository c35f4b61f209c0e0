/**
 * Scoring benchmark: 50,000 people of seed 000 (mixed roles and departments, one with Phụ lục 02 sub-levels) and
 * 1,000 DTI organisations, then ranking and department means. Must stay under 1 s in total.
 * Figures (median of 5 runs after a warm-up) are printed as ratios against a baseline measured in the same run
 * (a plain pass over the same answers).
 * Run: npx tsx test/bench/scoring-engine.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { departmentMean, rankTop } from '../../src/scoring/aggregate.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import type { Role } from '../../src/scoring/rubric-schema.js';
import { levelChoicesFor } from '../../src/scoring/answer-points.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { AnswerValue, ScoreResult } from '../../src/scoring/types.js';

const PEOPLE = 50_000;
const ORGANISATIONS = 1_000;
const BUDGET_MS = 1_000;
const DEPARTMENTS = ['Văn phòng Sở', 'Phòng Thông tin, Báo chí – Xuất bản', 'Phòng Bưu chính, Viễn thông', 'Trung tâm DLCN&TT'];
const ROLES: Role[] = ['staff', 'staff', 'staff', 'head', 'laborer'];

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const rubrics = loadRubricsFromDir('flows');
const cbs = rubrics.get('dak-nong-chien-binh-so-2024')!;
const dti = rubrics.get('huong-huu-dti-2024')!;

interface Person {
  id: number;
  role: Role;
  department: string;
  answers: Record<string, AnswerValue>;
}

const people: Person[] = Array.from({ length: PEOPLE }, (_, id) => {
  const role = pick(ROLES);
  const department = pick(DEPARTMENTS);
  const answers: Record<string, AnswerValue> = {};
  for (const c of criteriaFor(cbs, { role, departmentName: department })) {
    if (random() < 0.03) continue; // a few unanswered
    if (c.kind === 'pass-fail') answers[c.id] = random() < 0.97 ? 'pass' : 'fail';
    else if (c.kind === 'levels') answers[c.id] = pick(levelChoicesFor(cbs, c, department)).key;
    else if (c.kind === 'bonus') answers[c.id] = random() < 0.5;
    else if (c.kind === 'condition') answers[c.id] = c.test.type === 'pass-fail' ? 'pass' : Math.floor(random() * 3);
  }
  return { id, role, department, answers };
});

const organisations = Array.from({ length: ORGANISATIONS }, () => {
  const answers: Record<string, AnswerValue> = {};
  for (const c of dti.criteria) {
    if (c.kind === 'pass-fail') answers[c.id] = random() < 0.8 ? 'pass' : 'fail';
    else if (c.kind === 'rate') answers[c.id] = Math.round(random() * 1000) / 10;
    else if (c.kind === 'count' || c.kind === 'monthly-quota' || c.kind === 'penalty') answers[c.id] = Math.floor(random() * 13);
    else if (c.kind === 'parts') answers[c.id] = random() < 0.5 ? ['to-chuc'] : ['to-chuc', 'chu-tri'];
    else if (c.kind === 'info') answers[c.id] = 'Đã thực hiện';
  }
  return answers;
});

const RUNS = 5;

/** Median time of RUNS runs after one warm-up run (JIT), and the last value. */
function time<T>(fn: () => T): { ms: number; value: T } {
  let value = fn();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    value = fn();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(RUNS / 2)]!, value };
}

// Baseline: touch every answer once (the least any scorer must do).
const baseline = time(() => {
  let sum = 0;
  for (const p of people) for (const v of Object.values(p.answers)) sum += typeof v === 'string' ? v.length : Number(v);
  return sum;
});

const scored = time(() =>
  people.map((p) => scoreAnswers(cbs, p.answers, { role: p.role, departmentName: p.department })),
);
const aggregated = time(() => {
  const rows = scored.value.map((r: ScoreResult, i) => ({ id: i, total: r.total, classified: r.classified }));
  const top = rankTop(rows.filter((r) => r.classified), 5);
  const byDepartment = new Map<string, { total: number; classified: boolean }[]>();
  rows.forEach((row, i) => {
    const d = people[i]!.department;
    const list = byDepartment.get(d);
    if (list) list.push(row);
    else byDepartment.set(d, [row]);
  });
  const means = [...byDepartment.values()].map((members) => departmentMean(members));
  return { top, means };
});
const orgs = time(() => organisations.map((answers) => scoreAnswers(dti, answers, { role: 'office' })));

const total = scored.ms + aggregated.ms + orgs.ms;
const base = Math.max(baseline.ms, 0.001);
const line = (label: string, ms: number, n: number) =>
  `${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms  ${((ms * 1000) / n).toFixed(2).padStart(7)} µs/mục  ${(ms / base).toFixed(1).padStart(6)}× baseline`;

console.log(line(`baseline (duyệt ${PEOPLE} bộ trả lời)`, baseline.ms, PEOPLE));
console.log(line(`scoreAnswers ${PEOPLE} người (seed 000)`, scored.ms, PEOPLE));
console.log(line('rankTop + departmentMean', aggregated.ms, PEOPLE));
console.log(line(`scoreAnswers ${ORGANISATIONS} cơ quan (DTI)`, orgs.ms, ORGANISATIONS));
console.log(`Tổng: ${total.toFixed(1)} ms (giới hạn ${BUDGET_MS} ms) — top 5: ${aggregated.value.top.length} dòng`);
if (total >= BUDGET_MS) {
  console.error(`Quá chậm: ${total.toFixed(1)} ms ≥ ${BUDGET_MS} ms`);
  process.exitCode = 1;
}
