/**
 * Folding for tolerant matching of spreadsheet headers and role names typed by people: lower case, Vietnamese
 * diacritics removed (đ → d), underscores and runs of spaces collapsed. `"Họ và tên"`, `"HO VA TEN"` and
 * `"ho_va_ten"` all fold to `"ho va ten"`.
 */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}
