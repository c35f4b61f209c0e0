/**
 * The settings page (/cai-dat, office and director): every entry of the settings catalogue with its current value,
 * the default (the literal reading), the seed's words and the other readings, and a form per entry that changes it
 * (validated and audited by `change-unit-rules.ts`, as `thidua settings set`). Below, the per-period overrides of the
 * period chosen.
 */
import type { CatalogueEntry, CatalogueValue } from '../../settings/catalogue.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';

/** What the page shows. */
export interface SettingsView {
  unitName: string;
  entries: CatalogueValue[];
  /** Leaders of the unit who may review the director (directorReviewer). */
  leaders: { id: number; fullName: string }[];
  departments: string[];
  periods: string[];
  /** The period whose overrides are shown (null: none chosen or the unit has none). */
  period: string | null;
  /** Per-period entries: the override (null: follows the unit) and the value in effect. */
  periodEntries: { entry: CatalogueValue; override: string | null }[];
  /** A stored setting no longer valid (the page still lets the office set it right). */
  problem: string | null;
}

function nameOf(v: SettingsView, value: string): string {
  const id = /^\d+$/.test(value) ? Number(value) : null;
  return id === null ? '' : (v.leaders.find((l) => l.id === id)?.fullName ?? '');
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** The input(s) for a value of `entry`; `current` preselected. `allowDefault`: a per-period form's "follow the unit". */
function valueInput(v: SettingsView, entry: CatalogueEntry, current: string | null, id: string, allowDefault: boolean): SafeHtml {
  const unitChoice = allowDefault ? option('default', 'Theo thiết lập của đơn vị', current === null) : '';
  if (entry.kind === 'reviewer') {
    return html`<select id="${id}" name="giaTri">${option('none', 'Chưa đặt', current === 'none')}${option('office', 'Văn phòng', current === 'office')}${v.leaders.map((l) => option(String(l.id), `${l.fullName} (Phó Giám đốc)`, current === String(l.id)))}</select>`;
  }
  if (entry.kind === 'departments') {
    const isList = current !== null && current !== 'null' && current !== 'none';
    return html`<select id="${id}" name="giaTri">${unitChoice}${option('null', 'Các phòng nêu trong bảng điểm', current === 'null')}${option('none', 'Không phòng nào', current === 'none')}${option('list', 'Các phòng ghi dưới đây', isList)}</select>
<label for="${id}-ds">Tên phòng (cách nhau bằng dấu ;)</label><input id="${id}-ds" name="danhSach" maxlength="1000" value="${isList ? current : ''}" placeholder="${v.departments.slice(0, 2).join('; ')}">`;
  }
  return html`<select id="${id}" name="giaTri">${unitChoice}${entry.choices.map((c) => option(c.value, c.label, c.value === current))}</select>`;
}

function entryCard(viewer: Viewer, v: SettingsView, e: CatalogueValue): SafeHtml {
  const current = e.kind === 'reviewer' && nameOf(v, e.value) ? `${nameOf(v, e.value)} (Phó Giám đốc)` : e.valueLabel;
  const defaultLabel = e.choices.find((c) => c.value === e.defaultValue)?.label ?? e.defaultValue;
  const others = e.others.filter((c) => !(e.kind === 'reviewer' && c.value === 'leader' && v.leaders.length === 0));
  const id = `gt-${e.key.replace(/\W/g, '-')}`;
  return html`<section class="card" id="${e.key}">
<h2>${e.label}</h2>
<p>Đang dùng: <b>${current}</b>${e.isDefault ? html` <span class="badge">mặc định</span>` : ''}</p>
<p class="muted">Mặc định (đúng văn bản): ${defaultLabel}. Khoá: <code>${e.key}</code>${e.perPeriod ? ' — có thể đặt riêng theo kỳ' : ''}</p>
<blockquote>${e.source}</blockquote>
<p>${e.explanation}</p>
${others.length > 0 ? html`<p>Cách đọc khác: ${others.map((c, i) => html`${i > 0 ? '; ' : ''}${c.label}`)}</p>` : ''}
<form method="post" action="/cai-dat">${csrfField(viewer)}<input type="hidden" name="khoa" value="${e.key}">
<label for="${id}">Đổi thành</label>${valueInput(v, e, e.value, id, false)}
<button type="submit">Lưu</button></form>
</section>`;
}

function periodSection(viewer: Viewer, v: SettingsView): SafeHtml {
  if (v.periods.length === 0) return html`<p class="muted">Đơn vị chưa mở kỳ nào.</p>`;
  const picker = html`<form method="get" action="/cai-dat#theo-ky" class="inline"><label for="ky">Kỳ</label><select id="ky" name="ky">${v.periods.map((c) => option(c, c, c === v.period))}</select><button type="submit" class="secondary">Xem</button></form>`;
  const rows = v.periodEntries.map(({ entry, override }) => {
    const id = `ky-${entry.key.replace(/\W/g, '-')}`;
    return html`<section class="card" id="ky-${entry.key}"><h3>${entry.label}</h3>
<p>Kỳ ${v.period ?? ''}: <b>${override === null ? `theo đơn vị (${entry.valueLabel})` : entry.valueLabel}</b></p>
<form method="post" action="/cai-dat">${csrfField(viewer)}<input type="hidden" name="khoa" value="${entry.key}"><input type="hidden" name="ky" value="${v.period ?? ''}">
<label for="${id}">Đặt riêng cho kỳ ${v.period ?? ''}</label>${valueInput(v, entry, override, id, true)}
<button type="submit">Lưu cho kỳ này</button></form></section>`;
  });
  return html`${picker}${rows}`;
}

/** The page. */
export function settingsPage(viewer: Viewer, v: SettingsView, message: { kind: 'ok' | 'error'; text: string } | null): string {
  const body = html`${message ? notice(message.kind, message.text) : ''}${v.problem ? notice('error', v.problem) : ''}
<p class="muted">${v.unitName}: những chỗ văn bản có thể hiểu theo hai cách. Mặc định là cách đọc đúng câu chữ; mỗi thay đổi được ghi vào <a href="/nhat-ky?thao-tac=unit.rules_changed">nhật ký</a>. Dòng lệnh: <code>thidua settings</code>.</p>
${v.entries.map((e) => entryCard(viewer, v, e))}
<h2 id="theo-ky">Thiết lập riêng theo kỳ</h2>
<p class="muted">Một kỳ (ví dụ kỳ thí điểm) có thể đọc khác đơn vị ở các thiết lập này; “Theo thiết lập của đơn vị” bỏ thiết lập riêng.</p>
${periodSection(viewer, v)}`;
  return page(viewer, 'Thiết lập của đơn vị', body, '/cai-dat');
}
