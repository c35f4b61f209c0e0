import { describe, expect, it } from 'vitest';
import { fold, parseAnswer, type AnswerExpectation } from '../../src/conversation/parse-answer.js';
import { findUrl, normaliseUrl } from '../../src/conversation/render/normalise-url.js';
import { formatInviteCode, generateInviteCode, normaliseInviteCode } from '../../src/conversation/invite-code.js';

const levels: AnswerExpectation = { kind: 'choice', keys: ['a', 'b', 'c', 'd'] };
const subLevels: AnswerExpectation = { kind: 'choice', keys: ['a', 'b.1', 'b.2', 'b.3', 'c.1'] };

describe('parseAnswer', () => {
  it.each([
    ['b', levels, 'b'],
    ['b)', levels, 'b'],
    ['B.', levels, 'b'],
    ['(c)', levels, 'c'],
    ['2', levels, 'b'],
    [' 4 ', levels, 'd'],
    ['b.2', subLevels, 'b.2'],
    ['B2', subLevels, 'b.2'],
    ['b 3', subLevels, 'b.3'],
    ['3', subLevels, 'b.2'],
    ['đạt', { kind: 'pass-fail' }, 'pass'],
    ['Dat', { kind: 'pass-fail' }, 'pass'],
    ['có', { kind: 'pass-fail' }, 'pass'],
    ['x', { kind: 'pass-fail' }, 'pass'],
    ['Chưa đạt', { kind: 'pass-fail' }, 'fail'],
    ['khong dat', { kind: 'pass-fail' }, 'fail'],
    ['KHÔNG', { kind: 'pass-fail' }, 'fail'],
    ['2', { kind: 'pass-fail' }, 'fail'],
    ['có', { kind: 'yes-no' }, true],
    ['không', { kind: 'yes-no' }, false],
    ['3', { kind: 'number', min: 0, integer: true }, 3],
    ['2 bài', { kind: 'number', min: 0, integer: true }, 2],
    ['không', { kind: 'number', min: 0, integer: true }, 0],
    ['2,5', { kind: 'number', min: 0, max: 100, integer: false }, 2.5],
    ['87.5%', { kind: 'number', min: 0, max: 100, integer: false }, 87.5],
    ['a, c', { kind: 'parts', keys: ['a', 'b', 'c'] }, ['a', 'c']],
    ['không', { kind: 'parts', keys: ['a', 'b'] }, []],
    ['Ghi chú tự do', { kind: 'text' }, 'Ghi chú tự do'],
  ] satisfies [string, AnswerExpectation, unknown][])('%s → %j', (input, expect_, value) => {
    expect(parseAnswer(input, expect_)).toEqual({ status: 'success', value });
  });

  it.each([
    ['e', levels, 'unrecognised'],
    ['5', levels, 'out-of-range'],
    ['b', subLevels, 'ambiguous-level'],
    ['có lẽ', { kind: 'pass-fail' }, 'unrecognised'],
    ['2,5', { kind: 'number', min: 0, integer: true }, 'not-integer'],
    ['-1', { kind: 'number', min: 0, integer: true }, 'out-of-range'],
    ['120', { kind: 'number', min: 0, max: 100, integer: false }, 'out-of-range'],
  ] satisfies [string, AnswerExpectation, string][])('%s is refused (%s)', (input, expect_, reason) => {
    expect(parseAnswer(input, expect_)).toEqual({ status: 'fail', reason });
  });

  it('folds Vietnamese text', () => {
    expect(fold('  Chưa  ĐẠT ')).toBe('chua dat');
  });

  it('folds plain ASCII (its fast path) exactly as the full folding does', () => {
    const full = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
    for (const input of ['B', 'dat', 'Khong Dat', 'cau 12', ' dat', 'dat ', 'khong  dat', 'x\ty', 'OK!', '2,5', 'https://A.gov.vn/X']) {
      expect(fold(input), JSON.stringify(input)).toBe(full(input));
    }
  });
});

describe('links and codes', () => {
  it('normalises evidence links and refuses others', () => {
    expect(normaliseUrl('HTTPS://User:pw@Example.COM:443/a/b?utm_medium=x&q=1#frag', 2048)).toEqual({
      ok: true,
      url: 'https://example.com/a/b?q=1',
    });
    expect(normaliseUrl('javascript:alert(1)', 2048)).toEqual({ ok: false });
    expect(normaliseUrl('http://x.vn/' + 'a'.repeat(2048), 2048)).toEqual({ ok: false });
    expect(findUrl('xem tại https://a.vn/x, cảm ơn.')).toBe('https://a.vn/x');
  });

  it('generates unambiguous codes and accepts them typed loosely', () => {
    const code = generateInviteCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(normaliseInviteCode(formatInviteCode(code).toLowerCase())).toBe(code);
    expect(normaliseInviteCode('K7Q2 M9XH')).toBe('K7Q2M9XH');
    expect(normaliseInviteCode('K7Q2-M9X0')).toBeNull();
  });
});
