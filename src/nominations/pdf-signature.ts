/**
 * Whether a PDF carries a digital signature (seed 004: the file must be "ký số"). This is a PRESENCE check: a
 * signature dictionary (`/Type /Sig`) with the `/ByteRange` it signs. It does not verify the certificate or the
 * signed bytes, so the product says "có chữ ký số" and never "chữ ký hợp lệ".
 */

/** The file begins like a PDF (`%PDF-`). */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

/** True when the PDF has a signature dictionary with a /ByteRange (in any revision). */
export function hasSignatureDictionary(bytes: Uint8Array): boolean {
  if (!isPdf(bytes)) return false;
  const text = Buffer.from(bytes).toString('latin1');
  return /\/ByteRange\s*\[/.test(text) && /\/Type\s*\/Sig\b/.test(text);
}

/** The wording shown to people. */
export function signatureText(signed: boolean): string {
  return signed ? 'có chữ ký số' : 'chưa có chữ ký số';
}
