/**
 * A small `multipart/form-data` reader for the dashboard's file uploads (the staff list), so an upload form needs
 * no new dependency. It reads a body already held in memory (express.raw with a size limit): the text fields and
 * the files, each with its field name, file name and bytes. Anything malformed is a {@link MultipartError}
 * (a 400 for the caller), never a crash.
 */

/** One uploaded file. */
export interface UploadedFile {
  field: string;
  /** The name the browser sent (no path); '' when the person chose no file. */
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** A parsed form: text fields (the first value of each name wins) and files. */
export interface MultipartForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** The body is not a multipart form this reader understands. */
export class MultipartError extends Error {
  override name = 'MultipartError';
}

const MAX_PARTS = 50;

/** The boundary of a `multipart/form-data` content type, or null when it is not one. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Parses `body` sent with `contentType`; throws {@link MultipartError} when it is not a well-formed form. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartForm {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MultipartError('not a multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };
  let at = body.indexOf(delimiter);
  if (at < 0) throw new MultipartError('boundary not found');
  for (let parts = 0; ; parts++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return form;
    if (parts >= MAX_PARTS) throw new MultipartError('too many parts');
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw new MultipartError('bad delimiter line');
    const headerEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headerEnd < 0) throw new MultipartError('part headers not terminated');
    const headers = parseHeaders(body.subarray(at + 2, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new MultipartError('part not terminated');
    const data = body.subarray(headerEnd + 4, next);
    const disposition = headers.get('content-disposition') ?? '';
    const name = paramOf(disposition, 'name');
    if (!/^form-data\b/i.test(disposition) || name === null) throw new MultipartError('part without a form-data name');
    const fileName = paramOf(disposition, 'filename');
    if (fileName !== null) {
      form.files.push({ field: name, fileName: baseName(fileName), contentType: headers.get('content-type') ?? 'application/octet-stream', data: Buffer.from(data) });
    } else if (!(name in form.fields)) {
      form.fields[name] = data.toString('utf8');
    }
    at = next + 2;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i <= 0) throw new MultipartError('bad part header');
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

/** A parameter of a Content-Disposition header (`name="x"`, `filename="ds.csv"`, or RFC 5987 `filename*=UTF-8''…`). */
function paramOf(header: string, key: string): string | null {
  const extended = new RegExp(`;\\s*${key}\\*=UTF-8''([^;]*)`, 'i').exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      throw new MultipartError('bad encoded parameter');
    }
  }
  // Browsers send a quoted value as is (a `"` as %22, a backslash unescaped: a Windows path stays a path).
  const quoted = new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/%22/g, '"');
  const bare = new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(header);
  return bare?.[1] ?? null;
}

/** The last path segment (old browsers send `C:\\Users\\…\\ds.csv`). */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? '';
}
