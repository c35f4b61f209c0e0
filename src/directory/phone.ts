/**
 * Vietnamese phone numbers in one form, so `0912 345 678`, `+84 912 345 678` and `84912345678` are the same
 * person. The stored form is the national one with a leading 0 (`0912345678`).
 */

/** Returns the normalised national form, or null when the input is not a plausible Vietnamese number. */
export function normalisePhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  let national: string;
  if (digits.startsWith('+84')) national = `0${digits.slice(3)}`;
  else if (digits.startsWith('0084')) national = `0${digits.slice(4)}`;
  else if (digits.startsWith('84') && digits.length === 11) national = `0${digits.slice(2)}`;
  else if (digits.startsWith('0')) national = digits;
  else if (digits.length === 9) national = `0${digits}`;
  else return null;
  // Mobile numbers are 10 digits; landlines (02xx) are 11.
  return /^0\d{9,10}$/.test(national) ? national : null;
}
