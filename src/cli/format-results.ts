/**
 * Text rendering of results for the `leaderboard` and `year` commands (Vietnamese number format, ties marked
 * "đồng hạng").
 */
import type { DepartmentResult, LeaderboardEntry } from '../results/index.js';
import type { BestDepartment } from '../scoring/aggregate.js';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** `73.5` → `73,5`. */
export function points(n: number | null): string {
  return n === null ? '—' : NUMBER.format(n);
}

/** The top list, one line per person: `2. (đồng hạng) Tên — Phòng — 80 điểm — Hạng`. */
export function topLines(top: readonly LeaderboardEntry[]): string[] {
  if (top.length === 0) return ['  (chưa có ai được xếp loại)'];
  return top.map((e) => {
    const tie = e.tied ? ' (đồng hạng)' : '';
    const dept = e.departmentName ? ` — ${e.departmentName}` : '';
    const band = e.bandLabel ? ` — ${e.bandLabel}` : '';
    return `  ${e.rank}.${tie} ${e.fullName}${dept} — ${points(e.total)} điểm${band}`;
  });
}

/** The best department and every department's mean, highest first. */
export function departmentLines(
  departments: readonly DepartmentResult[],
  best: BestDepartment<DepartmentResult> | null,
): string[] {
  const lines: string[] = [];
  if (best) {
    const tie = best.tiedWith.length > 0 ? ` (bằng điểm: ${best.tiedWith.map((d) => d.name).join(', ')})` : '';
    lines.push(`Tập thể dẫn đầu: ${best.best.name} — bình quân ${points(best.best.mean)} điểm (${best.best.headcount} người)${tie}`);
  } else {
    lines.push('Tập thể dẫn đầu: chưa xác định (chưa có phòng nào có người được xếp loại)');
  }
  lines.push('Điểm bình quân các phòng:');
  const sorted = [...departments].sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || a.name.localeCompare(b.name, 'vi'));
  for (const d of sorted) {
    lines.push(`  ${d.name}: ${points(d.mean)} (${d.headcount}/${d.members} người được xếp loại)`);
  }
  return lines;
}
