/** The sign-in page: the one-time code from the office (or the chat), once; the session then lasts and renews. */
import { document, notice } from './layout.js';
import { html } from './html.js';

export function loginPage(error: string | null = null, next = '/'): string {
  return document(
    'Đăng nhập',
    html`<main class="narrow">
<h1>Thi Đua Số</h1>
<p>Nhập mã kích hoạt do Văn phòng cấp (hoặc mã nhận trong tin nhắn Thi Đua Số). Chỉ cần nhập một lần: sau đó trình duyệt này giữ đăng nhập và tự gia hạn mỗi khi anh/chị vào trang.</p>
${error ? notice('error', error) : ''}
<form method="post" action="/dang-nhap" class="card">
  <input type="hidden" name="next" value="${next}">
  <label for="code">Mã kích hoạt</label>
  <input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" required minlength="4" maxlength="64">
  <button type="submit">Đăng nhập</button>
</form>
</main>`,
  );
}
