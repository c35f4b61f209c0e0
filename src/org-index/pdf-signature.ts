/**
 * Whether a PDF carries a digital signature ("ký số", seed 003: evidence "có ký số"). We look for a signature
 * dictionary: `/Type /Sig` (or `/Type/Sig`), or a `/ByteRange` array next to a `/Sig` or `/Contents <…>` entry,
 * which every PDF signature (PAdES, the Vietnamese CA tokens and SIM signing) writes. Why only that: verifying the
 * certificate chain needs the national root and revocation services, which we cannot reach; the result says "có
 * chữ ký số" / "không thấy chữ ký số", never "chữ ký hợp lệ". Pure.
 */

export type PdfSignature = 'signed' | 'unsigned' | 'not-pdf';

/** Looks at the bytes (latin1, so binary streams do not break the search). */
export function pdfSignature(bytes: Uint8Array): PdfSignature {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return 'not-pdf';
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (/\/Type\s*\/Sig\b/.test(text)) return 'signed';
  if (/\/ByteRange\s*\[/.test(text) && (/\/Sig\b/.test(text) || /\/Contents\s*</.test(text))) return 'signed';
  return 'unsigned';
}

/** The chat's words for a check result (null: the file was not checked). */
export function signatureText(signed: boolean | null): string {
  if (signed === true) return 'có chữ ký số';
  if (signed === false) return 'không thấy chữ ký số';
  return 'chưa kiểm tra chữ ký số (không phải tệp PDF)';
}
