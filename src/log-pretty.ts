/**
 * Human-readable log lines for a terminal (`LOG_FORMAT=pretty`, the default when stdout is a terminal): the office's
 * first `npm start` shows `09:30:12 INFO  app started port=3000` next to the login instructions instead of JSON.
 * Service managers and log collectors get pino's JSON lines (`LOG_FORMAT=json`, the default otherwise). The
 * redaction of personal data happens in pino before a line reaches this formatter.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'err']);

/** Vietnam's wall-clock time of an ISO instant, `HH:MM:SS`. */
function clock(iso: unknown): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return '--:--:--';
  return new Date(ms + 7 * 3_600_000).toISOString().slice(11, 19);
}

function show(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** Formats one pino JSON line; a line that is not JSON is passed through unchanged. */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = LEVELS[Number(record.level)] ?? String(record.level);
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  let out = `${clock(record.time)} ${level} ${typeof record.msg === 'string' ? record.msg : ''}`;
  if (fields.length > 0) out += `  ${fields.join(' ')}`;
  const err = record.err as { message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') out += `\n  ${typeof err.stack === 'string' ? err.stack : String(err.message)}`;
  return `${out}\n`;
}

/** A pino destination that writes formatted lines to `out`. */
export function prettyDestination(out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim() !== '') out.write(formatLogLine(line));
    },
  };
}
