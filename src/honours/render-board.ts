/**
 * Renders the honour board to PNG: an SVG built here (every text XML-escaped) rasterised by @resvg/resvg-js with
 * the bundled DejaVu fonts only (`loadSystemFonts: false`), so Vietnamese diacritics come out the same on every
 * server and nothing is fetched.
 */
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmtPoints } from '../conversation/render/format.js';
import { projectPath } from '../project-root.js';
import { boardRuleText, type HonourBoard, type HonourEntry } from './compute-honours.js';

export const BOARD_FONT_FILES = [projectPath('assets', 'fonts', 'DejaVuSans.ttf'), projectPath('assets', 'fonts', 'DejaVuSans-Bold.ttf')];

const WIDTH = 1400;
const MARGIN = 60;
const ROW_H = 66;
/** Average advance of DejaVu Sans per character (em), regular and bold; used to truncate and wrap. */
const EM_RATIO = 0.56;
const EM_RATIO_BOLD = 0.64;
const MEDAL = ['#d4a017', '#9e9e9e', '#b36b2c'];
const COLS = { rank: 110, name: 170, dept: 590, points: 1010, band: 1040 };

/** The SVG source of the board (exported for tests). */
export function boardSvg(board: HonourBoard): string {
  const parts: string[] = [];
  let y = 70;
  parts.push(text(WIDTH / 2, (y += 20), 'BẢNG VINH DANH', { size: 52, bold: true, fill: '#b71c1c', anchor: 'middle' }));
  parts.push(text(WIDTH / 2, (y += 52), `Phong trào Chiến binh số — ${board.periodLabel}`, { size: 30, anchor: 'middle', fill: '#333' }));
  parts.push(text(WIDTH / 2, (y += 42), fit(board.unitName, 28, WIDTH - 2 * MARGIN, true), { size: 28, bold: true, anchor: 'middle', fill: '#0d47a1' }));
  y += 40;
  // A year board without the extra top 5 (not in the seed) has no ranking: only its two outputs below.
  const ranking = board.kind === 'quarter' || board.entries.length > 0;
  if (ranking) parts.push(headerRow(y, board.kind === 'year' ? 'Điểm năm' : 'Điểm'));
  y += ranking ? 16 : -30;
  if (board.kind === 'quarter' && board.entries.length === 0) {
    parts.push(text(WIDTH / 2, (y += 60), 'Chưa có cá nhân nào đủ điều kiện xếp hạng.', { size: 24, anchor: 'middle', fill: '#555' }));
    y += 20;
  }
  board.entries.forEach((e, i) => {
    parts.push(entryRow(e, y, i));
    y += ROW_H;
  });
  if (board.topBand) {
    y += 50;
    parts.push(text(MARGIN, y, `${board.topBand.label.toUpperCase()} (${board.topBand.entries.length})`, { size: 26, bold: true, fill: '#b71c1c' }));
    y += 10;
    for (const e of board.topBand.entries) {
      const line = `• ${e.fullName}${e.departmentName ? ` — ${e.departmentName}` : ''} — ${fmtPoints(e.points)} điểm`;
      const wrapped = wrapLines(line, [22], WIDTH - 2 * MARGIN - 40, 2);
      wrapped.lines.forEach((l, i) => {
        y += i === 0 ? 38 : 28;
        parts.push(text(MARGIN + 20 + (i === 0 ? 0 : 22), y, l, { size: 22, fill: '#222' }));
      });
    }
  }
  if (board.bestDepartment) {
    const b = board.bestDepartment;
    y += 40;
    const line = `${b.name} — điểm trung bình ${fmtPoints(b.mean)} (${b.headcount} người)`;
    const named = wrapLines(line, [26], WIDTH - 2 * MARGIN - 60, 2, true);
    const tied = b.tiedWith.length > 0 ? wrapLines(`Bằng điểm với: ${b.tiedWith.join(', ')}`, [20], WIDTH - 2 * MARGIN - 60, 3) : null;
    const boxHeight = 92 + (named.lines.length - 1) * 32 + (tied ? tied.lines.length * 26 + 4 : 0);
    parts.push(`<rect x="${MARGIN}" y="${y}" width="${WIDTH - 2 * MARGIN}" height="${boxHeight}" rx="14" fill="#fff3cd" stroke="#d4a017" stroke-width="2"/>`);
    parts.push(text(MARGIN + 30, y + 40, board.kind === 'year' ? 'ĐƠN VỊ TIÊN TIẾN' : 'TẬP THỂ DẪN ĐẦU', { size: 22, bold: true, fill: '#8a6d00' }));
    let by = y + 76;
    named.lines.forEach((l, i) => {
      if (i > 0) by += 32;
      parts.push(text(MARGIN + 30, by, l, { size: 26, bold: true, fill: '#222' }));
    });
    for (const l of tied?.lines ?? []) {
      by += 26;
      parts.push(text(MARGIN + 30, by + 4, l, { size: 20, fill: '#555' }));
    }
    y += boxHeight;
  }
  y += 30;
  for (const line of wrap(boardRuleText(board), 19, WIDTH - 2 * MARGIN)) {
    y += 28;
    parts.push(text(MARGIN, y, line, { size: 19, fill: '#555' }));
  }
  const height = y + 50;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff8e1"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>',
    `<rect width="${WIDTH}" height="${height}" fill="url(#bg)"/>`,
    `<rect x="18" y="18" width="${WIDTH - 36}" height="${height - 36}" rx="24" fill="none" stroke="#d4a017" stroke-width="6"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Renders the board to PNG bytes. */
export function renderBoardPng(board: HonourBoard): Buffer {
  const resvg = new Resvg(boardSvg(board), {
    font: { fontFiles: BOARD_FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Renders the board and writes it to `path` (folders created). */
export function writeBoardPng(board: HonourBoard, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderBoardPng(board));
}

/** Escapes text for XML content and attributes. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function headerRow(y: number, pointsLabel: string): string {
  const o = { size: 22, bold: true, fill: '#ffffff' };
  return [
    `<rect x="${MARGIN}" y="${y - 34}" width="${WIDTH - 2 * MARGIN}" height="50" rx="8" fill="#b71c1c"/>`,
    text(COLS.rank, y, 'Hạng', { ...o, anchor: 'middle' }),
    text(COLS.name, y, 'Họ và tên', o),
    text(COLS.dept, y, 'Phòng / đơn vị', o),
    text(COLS.points, y, pointsLabel, { ...o, anchor: 'end' }),
    text(COLS.band, y, 'Xếp loại', o),
  ].join('\n');
}

function entryRow(e: HonourEntry, top: number, index: number): string {
  const base = top + 42;
  const out: string[] = [];
  if (index % 2 === 0) out.push(`<rect x="${MARGIN}" y="${top}" width="${WIDTH - 2 * MARGIN}" height="${ROW_H}" fill="#fdecea"/>`);
  const medal = MEDAL[e.rank - 1];
  if (medal) out.push(`<circle cx="${COLS.rank}" cy="${top + ROW_H / 2 - (e.tied ? 6 : 0)}" r="22" fill="${medal}"/>`);
  const rankY = e.tied ? base - 6 : base;
  out.push(text(COLS.rank, rankY, String(e.rank), { size: 26, bold: true, anchor: 'middle', fill: medal ? '#ffffff' : '#b71c1c' }));
  if (e.tied) out.push(text(COLS.rank, top + ROW_H - 6, 'đồng hạng', { size: 15, anchor: 'middle', fill: '#b71c1c', bold: true }));
  out.push(text(COLS.name, base, fit(e.fullName, 26, COLS.dept - COLS.name - 20, true), { size: 26, bold: true, fill: '#111' }));
  const dept = wrapLines(e.departmentName ?? '—', [20, 18], COLS.points - COLS.dept - 100, 2);
  if (dept.lines.length === 1) out.push(text(COLS.dept, base, dept.lines[0] ?? '', { size: dept.size, fill: '#333' }));
  else dept.lines.forEach((line, i) => out.push(text(COLS.dept, top + 29 + i * (dept.size + 4), line, { size: dept.size, fill: '#333' })));
  out.push(text(COLS.points, base, fmtPoints(e.points), { size: 26, bold: true, anchor: 'end', fill: '#0d47a1' }));
  out.push(text(COLS.band, base, fit(e.bandLabel ?? '', 20, WIDTH - MARGIN - COLS.band - 10), { size: 20, fill: '#333' }));
  return out.join('\n');
}

interface TextOptions {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

function text(x: number, y: number, value: string, o: TextOptions): string {
  return `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${o.size}"${o.bold ? ' font-weight="bold"' : ''} fill="${o.fill ?? '#000'}" text-anchor="${o.anchor ?? 'start'}">${escapeXml(value)}</text>`;
}

/** Truncates with an ellipsis to fit `width` pixels at `size`. */
function fit(value: string, size: number, width: number, bold = false): string {
  const max = Math.floor(width / (size * (bold ? EM_RATIO_BOLD : EM_RATIO)));
  const chars = [...value.normalize('NFC')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/**
 * Wraps `value` onto at most `maxLines` lines of `width` pixels, trying each font size of `sizes` in turn (largest
 * first) until it fits whole; only when even the smallest size needs more lines is the last line cut with "…".
 * Names of departments ("Trung tâm Công nghệ thông tin và Truyền thông") are wrapped, never cut, at board widths.
 */
export function wrapLines(value: string, sizes: readonly number[], width: number, maxLines: number, bold = false): { size: number; lines: string[] } {
  let size = sizes[0] ?? 20;
  let lines: string[] = [];
  for (const s of sizes) {
    size = s;
    lines = wrap(value.normalize('NFC'), s, width, bold);
    if (lines.length <= maxLines) return { size, lines };
  }
  const kept = lines.slice(0, maxLines);
  const rest = lines.slice(maxLines - 1).join(' ');
  kept[maxLines - 1] = fit(rest, size, width, bold);
  return { size, lines: kept };
}

/** Greedy word wrap for `width` pixels at `size` (a word longer than a line is cut to fit). */
function wrap(value: string, size: number, width: number, bold = false): string[] {
  const max = Math.floor(width / (size * (bold ? EM_RATIO_BOLD : EM_RATIO)));
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(/\s+/)) {
    if (line && [...`${line} ${word}`].length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
