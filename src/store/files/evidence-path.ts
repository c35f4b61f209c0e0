/**
 * Where an evidence file is kept, the same for every file store: `evidence/ab/<sha256>.<ext>` (a path under the data
 * folder, or an object key in a bucket). The name is the content's hash, so keeping the same bytes twice is one file
 * and a PUT of them is idempotent.
 */

const EXTENSION_BY_MIME: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'video/mp4': 'mp4',
};

/** The folder (or key prefix) every kept file is under. */
export const EVIDENCE_FOLDER = 'evidence';

/** `evidence/ab/abcdef….pdf` for the file's sha256 (hex) and a safe extension. */
export function evidencePath(sha256: string, mime: string, originalName: string): string {
  return `${EVIDENCE_FOLDER}/${sha256.slice(0, 2)}/${sha256}.${extensionOf(originalName, mime)}`;
}

/**
 * A path a file store accepts: relative, made of `[A-Za-z0-9._-]` segments, no `..`, no empty segment. Everything
 * the stores read or write goes through it, so a path from a message or a link can never leave the store's folder.
 */
export function isStorePath(path: string): boolean {
  if (path.length === 0 || path.length > 512) return false;
  const parts = path.split('/');
  return parts.every((p) => /^[A-Za-z0-9._-]+$/.test(p) && p !== '.' && p !== '..');
}

/** A safe extension: the file name's (letters/digits, ≤ 8), else one from the MIME type, else `bin`. */
export function extensionOf(name: string, mime: string): string {
  const fromName = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return fromName ?? EXTENSION_BY_MIME[mime.toLowerCase()] ?? 'bin';
}
