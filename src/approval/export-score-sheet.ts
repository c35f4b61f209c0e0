/**
 * Score sheets for the office's document system, in the layout of seed 000 Phụ lục 01 ("BẢNG ĐIỂM ĐÁNH GIÁ THEO
 * CÁC TIÊU CHÍ"): one sheet per department — rows are the criteria (STT, Tiêu chí đánh giá, Điểm tối đa), one
 * column per member with the AGREED (reviewed) value, then Tổng điểm, Xếp loại and the department mean — plus a
 * unit summary ("Tổng hợp") with every person's total and band, and the department means.
 *
 * Built as plain rows first (`buildScoreSheet`, read through the repositories), then written as XLSX
 * (`write-excel-file/node`) or CSV (UTF-8 with BOM, sheets one after another, each headed by `# <tên sheet>`).
 */
import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/node';
import { citizenLine, titleLabel } from '../conversation/render/pass-fail.js';
import { fmtPeriod } from '../conversation/render/format.js';
import { rankedByPoints } from '../directory/self-assessing.js';
import { bandFor, departmentMean, type DepartmentMember } from '../scoring/aggregate.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { criteriaFor } from '../scoring/score.js';
import type { ScoreResult } from '../scoring/types.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { csvCell } from './csv-cell.js';
import { findPeriodFor } from './period-queries.js';
import { effectiveAnswers, reviewedScore, scoreContextOf } from './review-score.js';

export type SheetValue = string | number | null;

/** One sheet as rows of plain values; `bold` marks heading rows. */
export interface SheetRows {
  name: string;
  rows: SheetValue[][];
  bold: number[];
}

export interface ScoreSheetInput {
  unitId: string;
  periodCode: string;
  /** Only this department (by name, case-insensitive, or id). */
  department?: string;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

const STATUS_LABEL = { approved: 'Đã duyệt', submitted: 'Chờ duyệt', returned: 'Bị trả lại', draft: 'Không nộp', missing: 'Không nộp' } as const;

interface PersonScore {
  person: MemberRecord;
  status: keyof typeof STATUS_LABEL;
  /** Submitted after the self-assessment deadline / reviewed after the department deadline. */
  submittedLate: boolean;
  reviewedLate: boolean;
  score: ScoreResult | null;
  values: Record<string, unknown>;
  criteria: Set<string>;
}

/**
 * Builds the workbook's sheets (department sheets, then the unit summary unless one department is asked for).
 * Reads only: call with `store.read((tx) => buildScoreSheet(tx, input))`.
 */
export async function buildScoreSheet(tx: Pick<Tx, 'reviews' | 'periods' | 'assessment'>, input: ScoreSheetInput): Promise<SheetRows[]> {
  const period = await findPeriodFor(tx, input.unitId, input.periodCode, []);
  if (!period) throw new ExportError(`Không có kỳ ${input.periodCode} của đơn vị ${input.unitId}.`);
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  let departments = await tx.reviews.departmentsWithMembers(input.unitId);
  if (input.department !== undefined) {
    const wanted = input.department.trim().toLowerCase();
    departments = departments.filter((d) => d.name.toLowerCase() === wanted || String(d.id) === wanted);
    if (departments.length === 0) throw new ExportError(`Không có phòng "${input.department}" (có người) trong đơn vị.`);
  }
  const subs = new Map((await tx.reviews.submissionsOfPeriod(period.id)).map((s) => [s.personId, s]));
  const byDept: { dept: { name: string }; scores: PersonScore[] }[] = [];
  for (const d of departments) {
    const scores: PersonScore[] = [];
    for (const person of await tx.reviews.membersOf(d.id)) {
      const s = subs.get(person.id);
      const ctx = scoreContextOf(rubric, person);
      const criteria = new Set(criteriaFor(rubric, ctx).map((c) => c.id));
      const late = { submittedLate: s?.submittedLate ?? false, reviewedLate: s?.reviewedLate ?? false };
      if (!s || s.status !== 'approved') {
        scores.push({ person, status: s?.status ?? 'missing', ...late, score: null, values: {}, criteria });
        continue;
      }
      const rows = await tx.reviews.answers(s.id);
      scores.push({ person, status: 'approved', ...late, score: reviewedScore(rubric, rows, ctx), values: effectiveAnswers(rows), criteria });
    }
    byDept.push({ dept: d, scores });
  }
  const sheets = byDept.map(({ dept, scores }) => departmentSheet(rubric, period, dept.name, scores));
  if (input.department === undefined) sheets.push(summarySheet(rubric, period, byDept));
  return uniqueNames(sheets);
}

/** `Quý IV/2026`. */
function periodLabel(p: { year: number; quarter: number }): string {
  return fmtPeriod(p.year, p.quarter);
}

/** Band label of a mean (shown next to the department mean). */
function bandLabelOf(rubric: Rubric, total: number | null): string | null {
  return total === null ? null : (bandFor(rubric, total)?.label ?? null);
}

function departmentSheet(rubric: Rubric, period: PeriodRecord, name: string, people: PersonScore[]): SheetRows {
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const head = (r: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(r);
  };
  const note = period.status === 'finalised' ? '' : ' (chưa phê duyệt chính thức)';
  head([`BẢNG ĐIỂM ĐÁNH GIÁ THEO CÁC TIÊU CHÍ — ${name} — ${periodLabel(period)}${note}`]);
  head(['STT', 'Tiêu chí đánh giá', 'Điểm tối đa', ...people.map((p) => p.person.fullName), 'Ghi chú']);
  const groups = [...new Set(rubric.sections.map((s) => s.group))];
  groups.forEach((group, gi) => {
    const sections = rubric.sections.filter((s) => s.group === group);
    head([`${gi + 1}.`, groupTitle(sections[0]?.title ?? group), null]);
    for (const section of sections) {
      const criteria = rubric.criteria.filter((c) => c.section === section.id);
      head([roman(section.id), sectionTitle(section.title), section.cap]);
      criteria.forEach((c, i) => {
        rows.push([`${i + 1}`, c.title, maxOf(c), ...people.map((p) => cellOf(rubric, c, p)), c.kind === 'bonus' ? 'Điểm thưởng, tính trong tiêu chí trên' : null]);
      });
    }
  });
  head(['', 'Tổng điểm', rubric.maxPoints, ...people.map((p) => pointsOf(p)), null]);
  head(['', 'Xếp loại', null, ...people.map((p) => bandText(rubric, p)), null]);
  rows.push(['', 'Trạng thái', null, ...people.map((p) => statusText(p)), null]);
  const mean = departmentMean(people.map((p) => meanMember(rubric, p)));
  head(['', 'Điểm trung bình của phòng', null, mean, bandLabelOf(rubric, mean)]);
  return { name, rows, bold };
}

function summarySheet(rubric: Rubric, period: PeriodRecord, byDept: { dept: { name: string }; scores: PersonScore[] }[]): SheetRows {
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const head = (r: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(r);
  };
  head([`TỔNG HỢP KẾT QUẢ CHIẾN BINH SỐ TOÀN CƠ QUAN — ${periodLabel(period)}${period.status === 'finalised' ? '' : ' (chưa phê duyệt chính thức)'}`]);
  head(['STT', 'Họ và tên', 'Phòng', 'Tổng điểm', 'Xếp loại', 'Trạng thái']);
  let n = 0;
  for (const { dept, scores } of byDept) {
    for (const p of scores) rows.push([(n += 1), p.person.fullName, dept.name, pointsOf(p), bandText(rubric, p), statusText(p)]);
  }
  rows.push([]);
  head(['STT', 'Phòng', 'Số người', 'Số người có điểm', 'Điểm trung bình', 'Xếp loại']);
  byDept.forEach(({ dept, scores }, i) => {
    const scored = scores.filter((p) => pointsOf(p) !== null);
    const mean = departmentMean(scores.map((p) => meanMember(rubric, p)));
    rows.push([i + 1, dept.name, scores.length, scored.length, mean, bandLabelOf(rubric, mean)]);
  });
  return { name: 'Tổng hợp', rows, bold };
}

function cellOf(rubric: Rubric, c: Criterion, p: PersonScore): SheetValue {
  if (!p.score || !p.criteria.has(c.id)) return null;
  const v = p.values[c.id];
  switch (c.kind) {
    case 'pass-fail':
      return v === 'pass' ? 'Đạt' : v === 'fail' ? 'Không đạt' : null;
    case 'condition':
      if (c.test.type === 'pass-fail') return v === 'pass' ? 'Có' : v === 'fail' ? 'Không' : null;
      return typeof v === 'number' ? v : null;
    case 'bonus':
      return v === true ? 'Có' : v === false ? 'Không' : null;
    case 'info':
      return typeof v === 'string' ? v : null;
    default:
      return p.score.criteria[c.id] ?? null;
  }
}

function maxOf(c: Criterion): SheetValue {
  switch (c.kind) {
    case 'pass-fail':
      return c.points > 0 ? c.points : 'Đạt/Không đạt';
    case 'levels':
    case 'count':
    case 'rate':
    case 'monthly-quota':
    case 'penalty':
      return c.max;
    case 'bonus':
      return `+${c.points}`;
    case 'parts':
      return c.parts.reduce((a, p) => a + p.points, 0);
    case 'condition':
      return c.test.type === 'pass-fail' ? 'Có/Không' : `≥ ${c.test.min} ${c.test.unit}`;
    case 'info':
      return null;
  }
}

function bandText(rubric: Rubric, p: PersonScore): SheetValue {
  if (!p.score) return null;
  if (p.score.passFail) return citizenLine(p.score.passFail, titleLabel(rubric));
  return p.score.classified ? p.score.bandLabel : 'Không xếp loại';
}

/** The agreed total; none for people not ranked by points (laborers are Đạt/Chưa đạt, not 0 points). */
/** A member as the department mean (seed 000 III.2.b) takes them: ranked by points, 0 without a classified score. */
function meanMember(rubric: Rubric, p: PersonScore): DepartmentMember {
  const points = pointsOf(p);
  return { total: points ?? 0, classified: points !== null && (p.score?.classified ?? false), ranked: rankedByPoints(rubric, p.person.roles) };
}

function pointsOf(p: PersonScore): number | null {
  return p.score && !p.score.passFail ? p.score.total : null;
}

/** `Đã duyệt (nộp muộn, duyệt muộn)`. */
function statusText(p: PersonScore): string {
  const notes = [p.submittedLate ? 'nộp muộn' : null, p.reviewedLate && p.status !== 'draft' ? 'duyệt muộn' : null].filter((n) => n !== null);
  return `${STATUS_LABEL[p.status]}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** `Công dân số — I. Tiêu chí…` → `Nhóm tiêu chí Công dân số`. */
function groupTitle(sectionTitle: string): string {
  const group = sectionTitle.split(' — ')[0] ?? sectionTitle;
  return sectionTitle.includes(' — ') ? `Nhóm tiêu chí ${group}` : group;
}

function sectionTitle(title: string): string {
  return (title.split(' — ')[1] ?? title).replace(/^[IVX]+\.\s*/, '');
}

function roman(sectionId: string): string {
  return sectionId.split('.').pop() ?? sectionId;
}

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique. */
function uniqueNames(sheets: SheetRows[]): SheetRows[] {
  const used = new Set<string>();
  return sheets.map((s) => {
    const base = s.name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
    let name = base;
    for (let i = 2; used.has(name); i += 1) name = `${base.slice(0, 28)} ${i}`;
    used.add(name);
    return { ...s, name };
  });
}

/** The workbook as XLSX bytes. */
export async function scoreSheetXlsx(sheets: SheetRows[]): Promise<Buffer> {
  const book: Sheet<never>[] = sheets.map((s) => ({
    sheet: s.name,
    columns: [{ width: 6 }, { width: 60 }, { width: 12 }, ...Array.from({ length: 20 }, () => ({ width: 16 }))],
    data: s.rows.map((row, i) => row.map((v): Cell => (v === null ? null : { value: v, fontWeight: s.bold.includes(i) ? 'bold' : undefined, wrap: true }))),
  }));
  return writeXlsxFile(book).toBuffer();
}

/** The workbook as CSV (UTF-8 with BOM so Excel shows Vietnamese correctly). */
export function scoreSheetCsv(sheets: SheetRows[]): string {
  const lines: string[] = [];
  sheets.forEach((s, i) => {
    if (i > 0) lines.push('');
    lines.push(csvRow([`# ${s.name}`]));
    for (const row of s.rows) lines.push(csvRow(row));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvRow(row: SheetValue[]): string {
  return row.map(csvCell).join(',');
}
