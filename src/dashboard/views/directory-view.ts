/**
 * The office's directory pages (`/nhan-su`): the staff of each department with its leader in charge (changed by the
 * office), the staff import from an uploaded CSV/XLSX (a dry run first: every bad row with its line, column and
 * reason, and what would be added or changed; then apply), and the printable sheet of a department's one-time codes.
 * The director sees the same page without the forms.
 */
import { fmtDate } from '../../conversation/render/format.js';
import type { DepartmentSummary, PersonRef } from '../../directory/department-leader.js';
import { fieldLabel } from '../../directory/plan-staff-import.js';
import type { StaffImportPlan } from '../../directory/staff-import-plan-types.js';
import type { DepartmentInvite } from '../../directory/issue-invite-code.js';
import type { Role } from '../../scoring/rubric-schema.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, document, notice, page, type Viewer } from './layout.js';

/** One person as the directory lists them. */
export interface DirectoryPerson {
  id: number;
  fullName: string;
  position: string | null;
  roles: readonly Role[];
}

/** What `/nhan-su` shows. */
export interface DirectoryData {
  unitName: string;
  departments: (DepartmentSummary & { people: DirectoryPerson[] })[];
  /** People with no department (the director, leaders…). */
  withoutDepartment: DirectoryPerson[];
  /** Who may be in charge of a department (leader or director role, active). */
  leaderCandidates: PersonRef[];
  /** True for the office: the forms are shown. */
  canEdit: boolean;
}

const ROLE_LABEL: Record<Role, string> = {
  staff: 'Công chức, viên chức',
  laborer: 'Người lao động',
  head: 'Trưởng phòng',
  leader: 'Lãnh đạo phụ trách',
  office: 'Văn phòng',
  director: 'Giám đốc',
  admin: 'Quản trị',
};

const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_LABEL[r]).join(', ');

/** A 0-based column as Excel names it (A, B, …, AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function peopleTable(people: readonly DirectoryPerson[]): SafeHtml {
  if (people.length === 0) return html`<p class="muted">Chưa có cán bộ nào.</p>`;
  const rows = people.map((p) => html`<tr><td>${p.fullName}</td><td>${p.position ?? '—'}</td><td>${rolesText(p.roles)}</td><td class="num">${p.id}</td></tr>`);
  return html`<div class="table-wrap"><table><thead><tr><th>Họ và tên</th><th>Chức vụ</th><th>Vai trò</th><th class="num">Mã số</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The upload form (a dry run: nothing is written until "Áp dụng"). */
function uploadForm(viewer: Viewer, options: ImportOptionsView = { createDepartments: false, sameName: 'ask' }): SafeHtml {
  const opt = (value: string, label: string) => html`<option value="${value}"${options.sameName === value ? html` selected` : ''}>${label}</option>`;
  return html`<form method="post" action="/nhan-su/nhap" enctype="multipart/form-data" class="card" id="nhap-danh-ba">
${csrfField(viewer)}
<label for="tep">Tệp danh bạ (.csv hoặc .xlsx)</label>
<input type="file" id="tep" name="tep" accept=".csv,.xlsx,.txt" required>
<p class="muted">Các cột: Họ và tên, Số điện thoại hoặc Email, Phòng, Chức vụ, Vai trò; tuỳ chọn: Phụ trách phòng, Không nhắc tên trong nhóm, Ngày vào (ngày/tháng/năm, ví dụ 15/07/2026). Chạy thử trước: chưa ghi gì cho đến khi anh/chị bấm "Áp dụng".</p>
<label><input type="checkbox" name="taoPhongMoi" value="1"${options.createDepartments ? html` checked` : ''}> Tên phòng gần giống một phòng đã có là phòng mới (tạo phòng mới)</label>
<label for="trungTen">Người trùng tên trong cùng phòng nhưng khác số điện thoại</label>
<select id="trungTen" name="trungTen">${opt('ask', 'Hỏi lại (báo là dòng lỗi)')}${opt('update', 'Là cùng một người đổi số (cập nhật)')}${opt('new', 'Là người khác (thêm mới)')}</select>
<button type="submit">Chạy thử</button>
</form>`;
}

/** The directory page. */
export function directoryPage(viewer: Viewer, data: DirectoryData, flash: string | null): string {
  const leaderCell = (d: DirectoryData['departments'][number]) => {
    const current = d.leader ? d.leader.fullName : 'Chưa có';
    if (!data.canEdit) return html`${current}`;
    const options = data.leaderCandidates.map((c) => html`<option value="${c.id}"${d.leader?.id === c.id ? html` selected` : ''}>${c.fullName}</option>`);
    return html`<form method="post" action="/nhan-su/phong/${d.id}/lanh-dao" class="inline-form">${csrfField(viewer)}
<label for="lanh-dao-${d.id}">Lãnh đạo phụ trách: ${current}</label>
<select id="lanh-dao-${d.id}" name="nguoi">${d.leader ? '' : html`<option value="">— chọn —</option>`}${options}</select>
<button type="submit" class="secondary">Đổi lãnh đạo phụ trách</button></form>`;
  };
  const codesForm = (d: DirectoryData['departments'][number]) =>
    data.canEdit && d.members > 0
      ? html`<form method="post" action="/nhan-su/phong/${d.id}/ma" class="inline-form">${csrfField(viewer)}
<label for="ngay-${d.id}">Cấp mã kích hoạt cho ${d.members} người (hiệu lực, ngày)</label>
<input type="number" id="ngay-${d.id}" name="ngay" value="30" min="1" max="90">
<button type="submit" class="secondary">Cấp mã và in</button></form>`
      : '';
  const sections = data.departments.map(
    (d) => html`<section class="card department" id="phong-${d.id}">
<h2>${d.name} <span class="muted">(${d.members} người)</span></h2>
${leaderCell(d)}
${peopleTable(d.people)}
${codesForm(d)}
</section>`,
  );
  const body = html`${flash ? notice('ok', flash) : ''}
<p class="muted">${data.unitName} — ${data.departments.length} phòng</p>
${data.canEdit ? html`<h2>Nhập danh bạ từ tệp</h2>${uploadForm(viewer)}` : ''}
${sections}
${data.withoutDepartment.length > 0 ? html`<section class="card"><h2>Không thuộc phòng nào</h2>${peopleTable(data.withoutDepartment)}</section>` : ''}`;
  return page(viewer, 'Nhân sự', body, '/nhan-su');
}

/** The options the dry run was made with (they change the plan, so apply repeats them). */
export interface ImportOptionsView {
  createDepartments: boolean;
  sameName: 'ask' | 'update' | 'new';
}

/** What the dry run page needs: the plan, and what the apply form carries back (the file and the fingerprint). */
export interface ImportPreviewView {
  fileName: string;
  plan: StaffImportPlan;
  options: ImportOptionsView;
  /** The file's bytes, base64 (sent back with "Áp dụng"; the server re-checks them against the fingerprint). */
  fileBase64: string;
  fingerprint: string;
  /** Names of the existing people the rows update, by id. */
  names: ReadonlyMap<number, string>;
}

/** The dry run: errors (line, column, reason), then what would be added or changed, and the apply form. */
export function importPreviewPage(viewer: Viewer, p: ImportPreviewView): string {
  const { plan } = p;
  const errors = plan.rowErrors.flatMap((e) =>
    e.reasons.map((reason, i) => {
      const col = e.columns[i] ?? null;
      return html`<tr><td class="num">${e.rowNumber}</td><td>${col ? `${columnLetter(col.index)} (${col.header})` : 'cả dòng'}</td><td>${reason}</td></tr>`;
    }),
  );
  const changes = plan.rows
    .filter((r) => r.action !== 'unchanged')
    .map((r) => {
      const what =
        r.action === 'create'
          ? 'Thêm mới'
          : `Cập nhật: ${r.changes.map(fieldLabel).join(', ')}${r.personId !== null && p.names.get(r.personId) !== r.record.fullName ? ` (trước đây: ${p.names.get(r.personId) ?? ''})` : ''}`;
      return html`<tr><td class="num">${r.rowNumber}</td><td>${r.record.fullName}</td><td>${r.record.departmentName ?? '—'}</td><td>${what}</td></tr>`;
    });
  const { created, updated, unchanged } = plan.counts;
  const hasErrors = plan.rowErrors.length > 0;
  const nothing = created === 0 && updated === 0;
  const summary = html`<div class="stats">
<div class="card"><b>${created}</b>thêm mới</div>
<div class="card"><b>${updated}</b>cập nhật</div>
<div class="card"><b>${unchanged}</b>giữ nguyên</div>
<div class="card"><b>${plan.rowErrors.length}</b>dòng lỗi</div>
</div>`;
  const apply =
    hasErrors || nothing
      ? ''
      : html`<form method="post" action="/nhan-su/ap-dung" enctype="multipart/form-data" class="card" id="ap-dung">${csrfField(viewer)}
<input type="hidden" name="tenTep" value="${p.fileName}">
<input type="hidden" name="noiDung" value="${p.fileBase64}">
<input type="hidden" name="dauVet" value="${p.fingerprint}">
<input type="hidden" name="taoPhongMoi" value="${p.options.createDepartments ? '1' : ''}">
<input type="hidden" name="trungTen" value="${p.options.sameName}">
<p>Áp dụng sẽ ghi vào danh bạ: thêm ${created}, cập nhật ${updated} người${plan.newDepartments.length > 0 ? `, tạo ${plan.newDepartments.length} phòng mới` : ''}. Nếu danh bạ thay đổi sau lần chạy thử này, hệ thống sẽ yêu cầu chạy thử lại.</p>
<button type="submit">Áp dụng</button></form>`;
  const body = html`<p class="muted">Chạy thử tệp <b>${p.fileName}</b> — chưa ghi gì vào danh bạ.</p>
${hasErrors ? notice('error', `Tệp có ${plan.rowErrors.length} dòng lỗi; chưa áp dụng được. Sửa tệp rồi chạy thử lại.`) : nothing ? notice('ok', 'Danh bạ đã khớp với tệp: không có gì để thay đổi.') : notice('ok', 'Tệp hợp lệ. Xem lại các thay đổi rồi bấm "Áp dụng".')}
${summary}
${plan.ignoredHeaders.length > 0 ? notice('warn', `Bỏ qua các cột không nhận ra: ${plan.ignoredHeaders.join(', ')}`) : ''}
${hasErrors ? html`<h2>Dòng lỗi</h2><div class="table-wrap"><table id="dong-loi"><thead><tr><th class="num">Dòng</th><th>Cột</th><th>Lý do</th></tr></thead><tbody>${errors}</tbody></table></div>` : ''}
${plan.newDepartments.length > 0 ? html`<p>Phòng mới: ${plan.newDepartments.join(', ')}</p>` : ''}
${changes.length > 0 ? html`<h2>Sẽ thay đổi</h2><div class="table-wrap"><table id="thay-doi"><thead><tr><th class="num">Dòng</th><th>Họ và tên</th><th>Phòng</th><th>Thay đổi</th></tr></thead><tbody>${changes}</tbody></table></div>` : ''}
${apply}
<h2>${hasErrors ? 'Tải lên tệp đã sửa' : 'Chạy thử tệp khác'}</h2>
${uploadForm(viewer, p.options)}
<p><a href="/nhan-su">Về trang Nhân sự</a></p>`;
  return page(viewer, 'Nhập danh bạ — chạy thử', body, '/nhan-su');
}

/** The printable sheet of a department's codes (shown once: only their hashes are stored). */
export function codesPrintPage(departmentName: string, issued: readonly DepartmentInvite[]): string {
  const expires = issued[0] ? fmtDate(new Date(issued[0].expiresAt + 7 * 3_600_000).toISOString().slice(0, 10)) : '';
  const cards = issued.map(
    (i) => html`<div class="code-card"><div class="name">${i.fullName}</div><div class="muted">${departmentName}</div><div class="code">${i.code}</div>
<div class="muted">Mở Thi Đua Số (Telegram, Zalo hoặc trang web) và gõ mã này. Mã dùng một lần, hết hạn ngày ${expires}.</div></div>`,
  );
  return document(
    `Mã kích hoạt — ${departmentName}`,
    html`<main class="print-sheet">
<h1>Mã kích hoạt — ${departmentName}</h1>
<div class="no-print">${notice('warn', 'Mã chỉ hiện một lần: hãy in (Ctrl+P) hoặc lưu trang này ngay. Mã cũ chưa dùng vẫn còn hiệu lực đến khi hết hạn.')}</div>
${issued.length === 0 ? html`<p>Phòng không có cán bộ nào đang làm việc; không cấp mã nào.</p>` : html`<div class="code-grid">${cards}</div>`}
<p class="no-print"><a href="/nhan-su">Về trang Nhân sự</a></p>
</main>`,
  );
}
