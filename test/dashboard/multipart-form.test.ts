/** The dashboard's multipart reader: fields, files (bytes intact, path stripped), and malformed bodies refused. */
import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from '../../src/dashboard/multipart-form.js';

const B = '----thidua7MA4YWxkTrZu0gW';
const TYPE = `multipart/form-data; boundary=${B}`;

function body(parts: { headers: string[]; data: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${B}\r\n${p.headers.join('\r\n')}\r\n\r\n`), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

describe('parseMultipart', () => {
  it('reads text fields (UTF-8) and a file whose bytes contain CRLF and the boundary’s dashes', () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0x0d, 0x0a]);
    const form = parseMultipart(
      body([
        { headers: ['Content-Disposition: form-data; name="csrf"'], data: 'abc' },
        { headers: ['Content-Disposition: form-data; name="ghiChu"'], data: 'Phòng Thông tin – Báo chí' },
        { headers: ['Content-Disposition: form-data; name="tep"; filename="C:\\Users\\vp\\danh-sách.xlsx"', 'Content-Type: application/vnd.ms-excel'], data: bytes },
      ]),
      TYPE,
    );
    expect(form.fields).toEqual({ csrf: 'abc', ghiChu: 'Phòng Thông tin – Báo chí' });
    expect(form.files).toHaveLength(1);
    expect(form.files[0]?.fileName).toBe('danh-sách.xlsx');
    expect(form.files[0]?.field).toBe('tep');
    expect(form.files[0]?.contentType).toBe('application/vnd.ms-excel');
    expect(form.files[0]?.data.equals(bytes)).toBe(true);
  });

  it('keeps the first value of a repeated field and reads an empty file input', () => {
    const form = parseMultipart(
      body([
        { headers: ['Content-Disposition: form-data; name="a"'], data: '1' },
        { headers: ['Content-Disposition: form-data; name="a"'], data: '2' },
        { headers: ['Content-Disposition: form-data; name="tep"; filename=""', 'Content-Type: application/octet-stream'], data: '' },
      ]),
      TYPE,
    );
    expect(form.fields.a).toBe('1');
    expect(form.files[0]?.fileName).toBe('');
    expect(form.files[0]?.data.length).toBe(0);
  });

  it('reads the boundary from the content type (quoted or not) and refuses other types', () => {
    expect(boundaryOf(`multipart/form-data; boundary="${B}"`)).toBe(B);
    expect(boundaryOf(TYPE)).toBe(B);
    expect(boundaryOf('application/x-www-form-urlencoded')).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });

  it('refuses a truncated body, a part without a name and a body without the boundary', () => {
    const whole = body([{ headers: ['Content-Disposition: form-data; name="a"'], data: 'x'.repeat(20) }]);
    expect(() => parseMultipart(whole.subarray(0, whole.length - 30), TYPE)).toThrow(MultipartError);
    expect(() => parseMultipart(body([{ headers: ['Content-Disposition: form-data'], data: 'x' }]), TYPE)).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('no parts here'), TYPE)).toThrow(MultipartError);
    expect(() => parseMultipart(whole, 'text/plain')).toThrow(MultipartError);
  });
});
