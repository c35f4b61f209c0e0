/**
 * Why a settings change was refused, in Vietnamese: one wording for `thidua settings set` and the dashboard's
 * /cai-dat (the same validation in `change-unit-rules.ts`). The allowed values come from the catalogue.
 */
import { settingsCatalogue } from './catalogue.js';
import type { RulesChangeRefusal } from './change-unit-rules.js';
import { PERIOD_RULE_KEYS } from './unit-rules.js';

export function rulesRefusalText(r: RulesChangeRefusal): string {
  switch (r.code) {
    case 'not-allowed':
      return 'Chỉ Văn phòng hoặc Giám đốc của đơn vị được đổi thiết lập; chưa lưu gì.';
    case 'unknown-unit':
      return `Không có đơn vị ${r.unitId}.`;
    case 'bad-assignment':
      return `"${r.text}" không đúng dạng khoá=giá_trị (ví dụ: yearScore=/4).`;
    case 'unknown-key':
      return `Không có thiết lập "${r.key}". Các thiết lập: ${r.keys.join(', ')}.`;
    case 'not-per-period':
      return `Thiết lập "${r.key}" áp dụng cho cả đơn vị, không đặt riêng theo kỳ (theo kỳ: ${PERIOD_RULE_KEYS.join(', ')}).`;
    case 'invalid':
      return `Giá trị không hợp lệ, chưa lưu gì: ${r.problems.map(allowedValues).join('; ')}.`;
    case 'reviewer-not-leader':
      return `Cán bộ mã số ${r.personId} không phải lãnh đạo (Phó Giám đốc) đang làm việc của đơn vị; người duyệt bản của Giám đốc phải là Phó Giám đốc hoặc office (Văn phòng).`;
  }
}

/** `rules.yearScore` → `yearScore (chọn: /4, mean-of-present)`. */
function allowedValues(path: string): string {
  const key = path.split('.').slice(1).join('.');
  const entries = settingsCatalogue();
  const entry = entries.find((e) => e.key === key) ?? entries.find((e) => e.key.split('.')[0] === key.split('.')[0]);
  if (entry?.kind === 'reviewer') return `${entry.key} (office, none, hoặc mã số/số điện thoại của Phó Giám đốc)`;
  if (entry?.kind === 'departments') return `${key} (tên phòng cách nhau bằng ";", null hoặc none)`;
  if (entry) return `${key} (chọn: ${entry.choices.map((c) => c.value).join(', ')})`;
  return key || path;
}
