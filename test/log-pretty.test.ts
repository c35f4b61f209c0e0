import { describe, expect, it } from 'vitest';
import { formatLogLine, prettyDestination } from '../src/log-pretty.js';
import { createLogger } from '../src/logger.js';

describe('pretty log lines (LOG_FORMAT=pretty)', () => {
  it('prints Vietnam time, level, message and fields; errors with their stack; other text unchanged', () => {
    const line = JSON.stringify({ level: 30, time: '2026-11-21T02:30:12.345Z', app: 'thidua', port: 3000, channels: ['web'], msg: 'app started' });
    expect(formatLogLine(line)).toBe('09:30:12 INFO  app started  port=3000 channels=["web"]\n');
    const failed = JSON.stringify({ level: 50, time: '2026-11-21T02:30:12.345Z', chatKey: 'web:7', err: { message: 'boom', stack: 'Error: boom\n    at x' }, msg: 'inbound event failed' });
    expect(formatLogLine(failed)).toBe('09:30:12 ERROR inbound event failed  chatKey=web:7\n  Error: boom\n    at x\n');
    expect(formatLogLine('not json')).toBe('not json');
  });

  it('keeps personal data redacted (pino redacts before formatting)', () => {
    let out = '';
    const logger = createLogger('info', prettyDestination({ write: (s: string) => ((out += s), true) } as NodeJS.WritableStream));
    logger.info({ phone: '0912345678', personId: 12 }, 'linked');
    expect(out).toMatch(/^\d\d:\d\d:\d\d INFO {2}linked {2}phone=\[ẩn\] personId=12\n$/);
    expect(out).not.toContain('0912345678');
  });
});
