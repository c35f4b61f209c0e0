/**
 * The dashboard's page frame: header with the person's name, the menu of what their roles may open, and the body.
 * No script and no asset from outside (the CSP allows only this server); the one stylesheet is served by the
 * dashboard router. The menu only hides links: every page checks roles again on the server.
 */
import type { Role } from '../../scoring/rubric-schema.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** The logged-in person as every page shows them (never logged). */
export interface Viewer {
  personId: number;
  fullName: string;
  roles: readonly Role[];
  departmentName: string | null;
  /** The per-session token every POST form carries. */
  csrf: string;
}

export const CSS_PATH = '/tai-nguyen/dashboard.css';

interface NavItem {
  href: string;
  label: string;
  show: (roles: readonly Role[]) => boolean;
}

const any = (...wanted: Role[]) => (roles: readonly Role[]) => wanted.some((r) => roles.includes(r));

const NAV: NavItem[] = [
  { href: '/', label: 'Việc cần làm', show: () => true },
  { href: '/tien-do', label: 'Tiến độ', show: any('office', 'director', 'leader', 'head') },
  { href: '/duyet', label: 'Duyệt', show: any('head', 'leader', 'director') },
  { href: '/danh-sach', label: 'Danh sách phòng', show: any('head') },
  { href: '/tiep-nhan', label: 'Tiếp nhận', show: any('office') },
  { href: '/phe-duyet', label: 'Phê duyệt', show: any('director') },
  { href: '/hieu-chuan', label: 'Hiệu chuẩn', show: any('office', 'director') },
  { href: '/ket-qua', label: 'Kết quả', show: any('office', 'director') },
  { href: '/nhan-su', label: 'Nhân sự', show: any('office', 'director') },
  { href: '/ky', label: 'Kỳ đánh giá', show: any('office', 'director') },
  { href: '/y-kien', label: 'Cho ý kiến', show: any('leader') },
  { href: '/nhat-ky', label: 'Nhật ký', show: any('office', 'director') },
  { href: '/cai-dat', label: 'Thiết lập', show: any('office', 'director') },
  { href: '/chat', label: 'Trò chuyện', show: () => true },
];

/** A hidden CSRF field for a POST form. */
export function csrfField(viewer: Viewer): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${viewer.csrf}">`;
}

/** A whole page for a logged-in person. */
export function page(viewer: Viewer, title: string, body: HtmlValue, current = ''): string {
  const nav = NAV.filter((n) => n.show(viewer.roles)).map(
    (n) => html`<a href="${n.href}"${n.href === current ? html` aria-current="page"` : ''}>${n.label}</a>`,
  );
  return document(
    title,
    html`<header class="top">
  <div class="brand"><a href="/">Thi Đua Số</a></div>
  <div class="who">${viewer.fullName}${viewer.departmentName ? html` · <span class="muted">${viewer.departmentName}</span>` : ''}
    <form method="post" action="/dang-xuat" class="inline">${csrfField(viewer)}<button type="submit" class="link">Đăng xuất</button></form>
  </div>
</header>
<nav class="menu">${nav}</nav>
<main>
<h1>${title}</h1>
${body}
</main>`,
  );
}

/** A page without the menu (sign-in, errors before sign-in). */
export function document(title: string, body: HtmlValue): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Thi Đua Số</title>
<link rel="stylesheet" href="${CSS_PATH}">
</head>
<body>
${body}
</body>
</html>`.value;
}

/** A notice box: `ok` (green), `warn` (amber) or `error` (red). */
export function notice(kind: 'ok' | 'warn' | 'error', text: HtmlValue): SafeHtml {
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`;
}

/** An error page: the status's message in Vietnamese and a way back. */
export function errorPage(viewer: Viewer | null, status: number, message: string): string {
  const body = html`${notice('error', message)}<p><a href="/">Về trang Việc cần làm</a></p>`;
  const title = status === 403 ? 'Không có quyền' : status === 404 ? 'Không tìm thấy' : status === 409 ? 'Chưa thực hiện được' : 'Có lỗi';
  return viewer ? page(viewer, title, body) : document(title, html`<main><h1>${title}</h1>${body}</main>`);
}
