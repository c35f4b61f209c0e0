/**
 * The organisation index's outputs (issue 13, item 6): the self-scored sheet (Bảng điểm tự chấm) in the seed's
 * column layout, the unit ranking, both as rows (for CSV, XLSX or a dashboard) and as XLSX; and the evidence
 * files gathered per indicator number for a ZIP (`evidenceEntries`, zipped by the caller).
 */
import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/node';
import { maxOfCriterion } from '../scoring/compiled.js';
import { pointsFor } from '../scoring/answer-points.js';
import type { AnswerValue } from '../scoring/types.js';
import type { OrgEvidenceRecord } from '../store/org-index.js';
import { completionDate } from './org-calendar.js';
import type { OrgResult } from './org-result.js';
import type { OrgYear } from './org-year.js';
import type { RankedUnitYear } from './rank-year.js';
import { signatureText } from './pdf-signature.js';
import { statusText } from './refusals.js';

export type SheetValue = string | number | null;
export interface SheetRows {
  name: string;
  rows: SheetValue[][];
  /** Indexes of rows shown bold (header, sections, total). */
  bold: number[];
}

/** Seed 003's Phụ lục columns, with the self score and the score after review. */
export const SELF_SCORED_HEADER = [
  'STT',
  'Chỉ số/ Chỉ số thành phần',
  'Điểm tối đa',
  'Điểm tự chấm',
  'Điểm sau rà soát',
  'Thời gian hoàn thành',
  'Tài liệu kiểm chứng',
  'Minh chứng đã nộp',
  'Đơn vị giám sát, thực hiện',
  'Ghi chú',
];

export function selfScoredSheet(year: OrgYear, result: OrgResult, evidence: readonly OrgEvidenceRecord[], unitName: string): SheetRows {
  const { rubric } = year;
  const rows: SheetValue[][] = [
    [`BẢNG ĐIỂM TỰ CHẤM — ${rubric.title.toUpperCase()} — NĂM ${year.period.year}`],
    [unitName],
    SELF_SCORED_HEADER,
  ];
  const bold = [0, 2];
  let n = 0;
  for (const section of rubric.sections) {
    const criteria = rubric.criteria.filter((c) => c.section === section.id);
    const sectionMax = criteria.reduce((s, c) => s + maxOfCriterion(c), 0);
    bold.push(rows.length);
    rows.push([null, section.title, sectionMax, null, result.score.sections[section.id] ?? 0, null, null, null, null, null]);
    for (const c of criteria) {
      n += 1;
      const answer = year.answers.get(c.id);
      const own = answer && isValue(answer.value) ? pointsFor(rubric, c, answer.value, { role: 'office' }) : null;
      const files = evidence.filter((e) => e.criterionId === c.id).map((e) => (e.kind === 'file' ? `${e.fileName ?? ''} (${signatureText(e.signed)})` : (e.url ?? '')));
      const note =
        answer?.status === 'not-applicable'
          ? `Không đánh giá: ${answer.reviewReason ?? ''}`
          : answer?.status === 'adjusted'
            ? `Điều chỉnh: ${answer.reviewReason ?? ''}`
            : answer
              ? statusText(answer.status)
              : 'Chưa trả lời';
      rows.push([
        n,
        `${c.id}. ${c.title}`,
        maxOfCriterion(c),
        own,
        answer?.status === 'not-applicable' ? null : (result.score.criteria[c.id] ?? null),
        vn(completionDate(year.calendar, c.id)),
        c.evidence.documents.join('; '),
        files.join('\n'),
        c.responsible ?? null,
        note,
      ]);
    }
  }
  bold.push(rows.length);
  rows.push([null, 'TỔNG ĐIỂM', result.score.max, null, result.score.total, null, null, null, null, `${result.score.percent}% — ${result.score.bandLabel ?? 'chưa xếp loại'}`]);
  if (result.withBonus) {
    rows.push([null, 'Điểm thưởng sáng kiến, mô hình (ngoài thang điểm)', null, null, result.withBonus.bonus, null, null, null, null, `Tổng cộng: ${result.withBonus.total}`]);
  }
  return { name: `Tự chấm ${year.period.year}`, rows, bold };
}

export const RANKING_HEADER = ['Hạng', 'Đơn vị', 'Điểm', 'Điểm thưởng', 'Tổng', 'Điểm tối đa', 'Tỉ lệ (%)', 'Xếp loại', 'Trạng thái', 'Ghi chú'];

export function rankingSheet(year: number, ranked: readonly RankedUnitYear[]): SheetRows {
  const rows: SheetValue[][] = [[`XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ CÁC ĐƠN VỊ NĂM ${year}`], RANKING_HEADER];
  for (const r of ranked) {
    const notes = [r.tied ? 'đồng hạng' : '', r.missing > 0 ? `${r.missing} chỉ số chưa có điểm` : '', r.notApplicable.length > 0 ? `không đánh giá: ${r.notApplicable.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    rows.push([r.rank, r.unitName, r.base, r.bonus, r.total, r.max, r.percent, r.bandLabel ?? 'chưa xếp loại', statusText(r.status), notes || null]);
  }
  return { name: `Xếp hạng ${year}`, rows, bold: [0, 1] };
}

export async function sheetsXlsx(sheets: readonly SheetRows[]): Promise<Buffer> {
  const book: Sheet<never>[] = sheets.map((s) => ({
    sheet: s.name,
    columns: [{ width: 6 }, { width: 60 }, ...Array.from({ length: 8 }, () => ({ width: 18 }))],
    data: s.rows.map((row, i) => row.map((v): Cell => (v === null ? null : { value: v, fontWeight: s.bold.includes(i) ? 'bold' : undefined, wrap: true }))),
  }));
  return writeXlsxFile(book).toBuffer();
}

/** A file for the evidence ZIP: `dti.6/dti.6 - quyet-dinh.pdf`, read from `filePath` by the caller. */
export interface EvidenceEntry {
  zipPath: string;
  filePath: string;
}

/**
 * The evidence files of a year, one folder per indicator number, names as stored (they start with the number);
 * a name used twice in one folder gets ` (2)`. Links are listed in `lien-ket.txt` per folder by the caller.
 */
export function evidenceEntries(evidence: readonly OrgEvidenceRecord[]): { files: EvidenceEntry[]; links: Map<string, string[]> } {
  const files: EvidenceEntry[] = [];
  const links = new Map<string, string[]>();
  const used = new Set<string>();
  for (const e of evidence) {
    if (e.kind === 'link') {
      links.set(e.criterionId, [...(links.get(e.criterionId) ?? []), e.url ?? '']);
      continue;
    }
    if (!e.filePath) continue;
    const base = (e.fileName ?? `${e.criterionId} - minh-chung`).replace(/[/\\]/g, '_');
    let zipPath = `${e.criterionId}/${base}`;
    for (let i = 2; used.has(zipPath); i += 1) zipPath = `${e.criterionId}/${base.replace(/(\.[^.]*)?$/, ` (${i})$1`)}`;
    used.add(zipPath);
    files.push({ zipPath, filePath: e.filePath });
  }
  return { files, links };
}

function vn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

function isValue(v: unknown): v is AnswerValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}
