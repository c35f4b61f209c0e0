/**
 * The score sheet's layout (seed 000 Phụ lục 01): from each group's people and their agreed scores, the rows of a
 * department or leadership sheet (criteria by section, one column per member, totals, bands, ranks, statuses, the
 * department mean) and of the unit summary ("Tổng hợp"), with the signature block. Pure: `export-score-sheet.ts`
 * reads the store and hands the people over; kept apart so the reading and the layout can each be read on their own.
 */
import { citizenLine, titleLabel } from '../conversation/render/pass-fail.js';
import { fmtPeriod } from '../conversation/render/format.js';
import { rankedByPoints } from '../directory/self-assessing.js';
import { bandFor, departmentMean, type DepartmentMember } from '../scoring/aggregate.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import type { UnitSettings } from '../scoring/unit-settings.js';
import type { ScoreResult } from '../scoring/types.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord } from '../store/reviews.js';
import type { SheetRows, SheetValue } from './score-sheet-file.js';

export const STATUS_LABEL = { approved: 'Đã duyệt', submitted: 'Chờ duyệt', returned: 'Bị trả lại', draft: 'Không nộp', missing: 'Không nộp' } as const;

export interface PersonScore {
  person: MemberRecord;
  status: keyof typeof STATUS_LABEL;
  /** Submitted after the self-assessment deadline / reviewed after the department deadline. */
  submittedLate: boolean;
  reviewedLate: boolean;
  score: ScoreResult | null;
  values: Record<string, unknown>;
  criteria: Set<string>;
  /** Criteria the reviewer changed: the person's own value and the agreed one. */
  adjusted: Map<string, { self: unknown; reviewed: unknown }>;
  /** Not classified because the department's article is missing (`departmentArticle: members-too`), or null. */
  departmentReason: string | null;
  /** The person's own conditions (ký số, bài viết) unmet: "không hoàn thành nhiệm vụ" of their own. */
  ownDutyNotCompleted: boolean;
}

/** A sheet's group of people: a department (with a mean), or the unit's leadership (no department, no mean). */
export interface Group {
  name: string;
  departmentId: number | null;
  scores: PersonScore[];
}

/** `Quý IV/2026`. */
function periodLabel(p: { year: number; quarter: number }): string {
  return fmtPeriod(p.year, p.quarter);
}

/** Band label of a mean (shown next to the department mean). */
function bandLabelOf(rubric: Rubric, total: number | null): string | null {
  return total === null ? null : (bandFor(rubric, total)?.label ?? null);
}

export function groupSheet(
  rubric: Rubric,
  period: PeriodRecord,
  group: Group,
  signedOn: string,
  settings: UnitSettings,
  article: ((departmentId: number) => string) | null,
): SheetRows {
  const people = group.scores;
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const head = (r: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(r);
  };
  const note = period.status === 'finalised' ? '' : ' (chưa phê duyệt chính thức)';
  head([`BẢNG ĐIỂM ĐÁNH GIÁ THEO CÁC TIÊU CHÍ — ${group.name} — ${periodLabel(period)}${note}`]);
  head(['STT', 'Tiêu chí đánh giá', 'Điểm tối đa', ...people.map((p) => p.person.fullName), 'Ghi chú']);
  const groups = [...new Set(rubric.sections.map((s) => s.group))];
  groups.forEach((g, gi) => {
    const sections = rubric.sections.filter((s) => s.group === g);
    head([`${gi + 1}.`, groupTitle(sections[0]?.title ?? g), null]);
    for (const section of sections) {
      const criteria = rubric.criteria.filter((c) => c.section === section.id);
      // A group of one untitled section (seed 000 "dk", the conditions): its heading is the group's, not repeated.
      if (sections.length > 1 || section.title.includes(' — ')) head([roman(section.id), sectionTitle(section.title), section.cap]);
      criteria.forEach((c, i) => {
        const notes = [c.kind === 'bonus' ? 'Điểm thưởng, tính trong tiêu chí trên' : null, ...adjustmentNotes(rubric, c, people)].filter((n) => n !== null);
        rows.push([`${i + 1}`, c.title, maxOf(c), ...people.map((p) => cellOf(rubric, c, p)), notes.length > 0 ? notes.join('; ') : null]);
      });
    }
  });
  head(['', 'Tổng điểm', rubric.maxPoints, ...people.map((p) => pointsOf(p)), null]);
  head(['', 'Xếp loại', null, ...people.map((p) => bandText(rubric, p)), null]);
  if (people.some((p) => notClassifiedReason(p) !== null)) rows.push(['', 'Lý do không xếp loại', null, ...people.map((p) => notClassifiedReason(p)), null]);
  const ranks = ranksOf(rubric, people);
  rows.push(['', 'Xếp hạng', null, ...people.map((p) => ranks.get(p) ?? null), 'Trong số người có điểm xếp loại']);
  rows.push(['', 'Trạng thái', null, ...people.map((p) => statusText(p)), null]);
  if (group.departmentId !== null) {
    // The department's own block, below the people's columns (seed 000 III.2.b).
    const mean = departmentMean(people.map((p) => meanMember(rubric, p)), { method: settings.departmentScore });
    rows.push([]);
    head(['', 'Điểm trung bình của phòng', mean, bandLabelOf(rubric, mean)]);
    rows.push(['', 'Số người tính điểm trung bình', rankedCount(rubric, people), 'Mọi người được xếp theo điểm; người chưa có điểm xếp loại tính 0 điểm']);
    if (article) rows.push(['', 'Bài viết của phòng', article(group.departmentId)]);
  }
  rows.push(...signatureRows(signedOn));
  return { name: group.name, rows, bold };
}

export function summarySheet(
  rubric: Rubric,
  period: PeriodRecord,
  groups: Group[],
  signedOn: string,
  settings: UnitSettings,
  article: ((departmentId: number) => string) | null,
): SheetRows {
  const rows: SheetValue[][] = [];
  const bold: number[] = [];
  const head = (r: SheetValue[]) => {
    bold.push(rows.length);
    rows.push(r);
  };
  head([`TỔNG HỢP KẾT QUẢ CHIẾN BINH SỐ TOÀN CƠ QUAN — ${periodLabel(period)}${period.status === 'finalised' ? '' : ' (chưa phê duyệt chính thức)'}`]);
  head(['STT', 'Họ và tên', 'Phòng', 'Tổng điểm', 'Xếp loại', 'Trạng thái', 'Xếp hạng', 'Ghi chú']);
  const ranks = ranksOf(rubric, groups.flatMap((g) => g.scores));
  let n = 0;
  for (const { name, scores } of groups) {
    for (const p of scores) {
      rows.push([(n += 1), p.person.fullName, name, pointsOf(p), bandText(rubric, p), statusText(p), ranks.get(p) ?? null, notClassifiedReason(p)]);
    }
  }
  rows.push([]);
  const articleHead = article ? ['Bài viết của phòng (ít nhất 1 bài/Quý)'] : [];
  head(['STT', 'Phòng', 'Số người', 'Số người tính điểm trung bình', 'Trong đó có điểm xếp loại', 'Điểm trung bình', 'Xếp loại', ...articleHead]);
  groups
    .filter((g) => g.departmentId !== null)
    .forEach(({ name, scores, departmentId }, i) => {
      const classified = scores.filter((p) => meanMember(rubric, p).classified && meanMember(rubric, p).ranked).length;
      const mean = departmentMean(scores.map((p) => meanMember(rubric, p)), { method: settings.departmentScore });
      const articleCell = article && departmentId !== null ? [article(departmentId)] : [];
      rows.push([i + 1, name, scores.length, rankedCount(rubric, scores), classified, mean, bandLabelOf(rubric, mean), ...articleCell]);
    });
  rows.push(...signatureRows(signedOn));
  return { name: 'Tổng hợp', rows, bold };
}

/** How many members the department mean is over: everyone ranked by points (seed 000 III.2.b). */
function rankedCount(rubric: Rubric, people: PersonScore[]): number {
  return people.filter((p) => meanMember(rubric, p).ranked).length;
}

/** Ranks (1 = highest total; equal totals share a rank) of the people ranked by points with a classified score. */
function ranksOf(rubric: Rubric, people: PersonScore[]): Map<PersonScore, number> {
  const ranked = people.filter((p) => {
    const m = meanMember(rubric, p);
    return m.ranked && m.classified;
  });
  const totals = ranked.map((p) => pointsOf(p) ?? 0).sort((a, b) => b - a);
  return new Map(ranked.map((p) => [p, totals.indexOf(pointsOf(p) ?? 0) + 1]));
}

/** Why an approved score is "Không xếp loại": the Công dân số gate, or a condition (ký số, bài viết) not met. */
function notClassifiedReason(p: PersonScore): string | null {
  const s = p.score;
  if (!s || s.classified || s.passFail) return null;
  const reasons = [
    s.gateFailed ? 'Chưa đạt tiêu chí Công dân số' : null,
    // The person's own conditions; the department's (members-too) has its own reason below.
    p.ownDutyNotCompleted ? 'Chưa đáp ứng điều kiện xếp loại (ký số văn bản, bài viết đăng tải): không hoàn thành nhiệm vụ' : null,
    p.departmentReason,
  ].filter((r) => r !== null);
  return reasons.length > 0 ? reasons.join('; ') : 'Chưa đủ điều kiện xếp loại';
}

/** `(điều chỉnh) Lê Thị Ánh: mức d → mức c` for each person whose reviewer changed the criterion. */
function adjustmentNotes(rubric: Rubric, c: Criterion, people: PersonScore[]): string[] {
  return people.flatMap((p) => {
    const a = p.score ? p.adjusted.get(c.id) : undefined;
    return a ? [`(điều chỉnh) ${p.person.fullName}: ${valueText(rubric, c, a.self)} → ${valueText(rubric, c, a.reviewed)}`] : [];
  });
}

function valueText(rubric: Rubric, c: Criterion, v: unknown): string {
  switch (c.kind) {
    case 'levels':
      return `mức ${String(v)}`;
    case 'pass-fail':
      return v === 'pass' ? 'Đạt' : 'Không đạt';
    case 'bonus':
      return v === true ? 'Có' : 'Không';
    case 'condition':
      if (c.test.type === 'pass-fail') return v === 'pass' ? 'Có' : 'Không';
      return String(v);
    default:
      return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** The place and date line and the two signatures, in the administrative layout (the place is filled by hand). */
function signatureRows(signedOn: string): SheetValue[][] {
  const [y, m, d] = signedOn.split('-');
  return [
    [],
    ['', null, null, `……………, ngày ${d} tháng ${m} năm ${y}`],
    ['', 'NGƯỜI LẬP BIỂU', null, 'THỦ TRƯỞNG ĐƠN VỊ'],
    ['', '(Ký, ghi rõ họ tên)', null, '(Ký tên, đóng dấu)'],
  ];
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
  return { total: points ?? 0, classified: points !== null && (p.score?.classified ?? false), ranked: rankedByPoints(rubric, p.person.roles) || (p.score !== null && p.score.passFail === null) };
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
