/**
 * Department names as offices type them, compared with the ones the unit already has. Folding (case, diacritics)
 * is not enough: "Phong Thong tin, Bao chi - Xuat ban" (a hyphen) and "Phòng Thông tin, Báo chí – Xuất bản" (an
 * en dash) fold differently, and a typo makes a new department that splits the people of one. Pure.
 *
 * - `departmentKey`: folded, punctuation ignored — two names with the same key are the same department.
 * - `closeDepartment`: a different key that is probably the same department (a small edit, or one name inside the
 *   other); the import asks instead of creating it, unless told to create departments.
 */
import { foldText } from './fold-text.js';

/** Folded, every run of punctuation and spaces one space: `"Phòng Thông tin, Báo chí – Xuất bản"` → `"phong thong tin bao chi xuat ban"`. */
export function departmentKey(name: string): string {
  return foldText(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The candidate `name` probably means, when its key differs: at most about one typo in five letters (numbers and
 * one-letter words must be equal: "Phòng 1" is not "Phòng 2"), or all the words of one inside the other in order
 * ("Chuyển đổi số" and "Phòng Chuyển đổi số"). The closest wins; null when none is close.
 */
export function closeDepartment(name: string, candidates: readonly string[]): string | null {
  const key = departmentKey(name);
  if (key === '') return null;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const other = departmentKey(candidate);
    if (other === key || other === '' || !sameMarkers(key, other)) continue;
    const distance = editDistance(key, other);
    const close = distance <= Math.max(1, Math.floor(Math.max(key.length, other.length) / 5)) || wordsInside(key, other);
    if (close && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

/** The numbers and one-letter words of both names are the same (they tell departments apart). */
function sameMarkers(a: string, b: string): boolean {
  const markers = (s: string) => s.split(' ').filter((w) => /\d/.test(w) || w.length === 1).join(' ');
  return markers(a) === markers(b);
}

/** One name's words (at least two) appear in order, as a run, in the other. */
function wordsInside(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.includes(' ') && ` ${long} `.includes(` ${short} `);
}

/** Levenshtein distance over code points. */
function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}
