/** Small formatting helpers for Vietnamese, phone-readable text. */

/** Vietnam has no daylight saving: local time is always UTC+7. */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Points the Vietnamese way: `5`, `2,5`, `7,25`. */
export function fmtPoints(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return String(rounded).replace('.', ',');
}

/** `5đ`, `2,5đ`. */
export function pts(n: number): string {
  return `${fmtPoints(n)}đ`;
}

/** Local calendar date (Asia/Ho_Chi_Minh) as `YYYY-MM-DD`. */
export function localDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour and minute in Asia/Ho_Chi_Minh (UTC+7, no daylight saving): "09:05". */
export function localTime(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(11, 16);
}

/** `2026-12-10` → `10/12/2026`. */
export function fmtDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** Cuts a label to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** `2026-Q4` → `Quý IV/2026`. */
export function fmtPeriod(year: number, quarter: number): string {
  return `Quý ${['I', 'II', 'III', 'IV'][quarter - 1] ?? quarter}/${year}`;
}
