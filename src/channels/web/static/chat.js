// Thi Đua Số — web chat page. Plain browser JavaScript, no framework, nothing loaded from the internet.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const loginView = $('login-view');
  const chatView = $('chat-view');
  const loginForm = $('login-form');
  const loginCode = $('login-code');
  const loginError = $('login-error');
  const loginSubmit = $('login-submit');
  const list = $('messages');
  const composer = $('composer');
  const input = $('composer-input');
  const sendButton = $('send');
  const fileInput = $('file-input');
  const statusLine = $('status');
  const who = $('who');
  const logoutButton = $('logout');
  const MAX_UPLOAD = 20 * 1024 * 1024;
  const POLL_MS = 4000;
  let pollTimer = null;
  let busy = false;
  const { renderAll, showMine, showError } = window.createChatRenderer(list, pressChoice);

  function newEventId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID().replace(/-/g, '');
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function api(method, path, body, headers) {
    const init = { method, credentials: 'same-origin', headers: Object.assign({ Accept: 'application/json' }, headers || {}) };
    if (body !== undefined) {
      if (body instanceof Blob) init.body = body;
      else {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      const error = new Error('Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng rồi thử lại.');
      error.network = true;
      throw error;
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    if (!response.ok) {
      const error = new Error(data.error || 'Có lỗi xảy ra. Vui lòng thử lại.');
      error.status = response.status;
      throw error;
    }
    return data;
  }

  /** POST with one retry on a network failure, reusing the same event id (the server ignores repeats). */
  async function postEvent(path, body, headers) {
    try {
      return await api('POST', path, body, headers);
    } catch (error) {
      if (!error.network) throw error;
      await new Promise((r) => setTimeout(r, 1200));
      return api('POST', path, body, headers);
    }
  }

  function setStatus(text) {
    statusLine.textContent = text || '';
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    document.querySelectorAll('.chip').forEach((b) => (b.disabled = value));
    setStatus(value ? 'Đang gửi…' : '');
  }

  async function send(event, echo) {
    if (busy) return false;
    setBusy(true);
    if (echo) showMine(echo);
    try {
      const data = await postEvent('/api/web/events', Object.assign({ eventId: newEventId() }, event));
      renderAll(data.replies);
      return true;
    } catch (error) {
      handleError(error);
      return false;
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  /**
   * A question's buttons close once one is pressed; a lasting card's (a review prompt, its details, a list) are only
   * held while the press is sent, then usable again: the server checks every press against the current state.
   */
  async function pressChoice(group, button, choice) {
    if (busy || group.hasAttribute('data-closed')) return;
    if (group.hasAttribute('data-persistent')) return pressCard(group, button, choice);
    group.setAttribute('data-closed', '1');
    group.querySelectorAll('button').forEach((b) => (b.disabled = true));
    button.classList.add('chosen');
    button.setAttribute('aria-pressed', 'true');
    const ok = await send({ kind: 'button', payload: choice.payload }, choice.label);
    if (ok) focusNewest(group);
    else {
      group.removeAttribute('data-closed');
      group.querySelectorAll('button').forEach((b) => (b.disabled = false));
      button.classList.remove('chosen');
    }
  }

  async function pressCard(group, button, choice) {
    const buttons = group.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    button.setAttribute('aria-pressed', 'true');
    const ok = await send({ kind: 'button', payload: choice.payload }, choice.label);
    buttons.forEach((b) => (b.disabled = false));
    button.removeAttribute('aria-pressed');
    if (ok) focusNewest(group);
  }

  /** Keyboard users continue on the newest buttons the reply brought instead of tabbing down to them. */
  function focusNewest(pressed) {
    const open = list.querySelectorAll('.choices:not([data-closed])');
    const newest = open.length > 0 ? open[open.length - 1] : null;
    const after = newest && newest !== pressed && pressed.compareDocumentPosition(newest) & Node.DOCUMENT_POSITION_FOLLOWING;
    const next = after ? newest.querySelector('button') : null;
    if (next) next.focus({ preventScroll: true });
  }

  function looksLikeLink(text) {
    return /^(https?:\/\/|www\.)\S+$/i.test(text);
  }

  composer.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    autosize();
    const event = looksLikeLink(text) ? { kind: 'link', url: text } : { kind: 'text', text };
    const ok = await send(event, text);
    if (!ok && !input.value) input.value = text;
  });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });

  function autosize() {
    input.style.height = '';
    if (!input.value) return;
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }
  input.addEventListener('input', autosize);

  const quickBar = document.querySelector('.quick');
  quickBar.addEventListener('click', (e) => {
    const chip = e.target.closest('.chip');
    if (chip && !chip.disabled) send({ kind: 'command', name: chip.dataset.command, args: '' }, chip.textContent);
  });

  /** The role's quick buttons (Duyệt, Tiến độ, Phê duyệt…) from the profile; staff keep the page's own. */
  function showQuick(quick) {
    if (!Array.isArray(quick) || quick.length === 0) return;
    quickBar.textContent = '';
    quick.forEach((q) => {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.dataset.command = q.command;
      chip.textContent = q.label;
      quickBar.appendChild(chip);
    });
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (!file || busy) return;
    if (file.size > MAX_UPLOAD) {
      showError('Tệp "' + file.name + '" quá lớn: mỗi tệp tối đa 20 MB. Hãy nén tệp hoặc gửi đường liên kết.');
      return;
    }
    setBusy(true);
    showMine('📎 ' + file.name);
    setStatus('Đang tải tệp lên…');
    try {
      const data = await postEvent('/api/web/upload', file, {
        'Content-Type': file.type || 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
        'X-Event-Id': newEventId(),
      });
      renderAll(data.replies);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  });

  function handleError(error) {
    if (error.status === 401) {
      showLogin('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
      return;
    }
    showError(error.message);
  }

  async function poll() {
    if (document.hidden || busy) return;
    try {
      const data = await api('GET', '/api/web/messages');
      if (data.messages && data.messages.length) renderAll(data.messages, 'notice');
    } catch (error) {
      if (error.status === 401) showLogin('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
    }
  }

  function showProfile(profile) {
    if (!profile) return;
    who.textContent = profile.fullName + (profile.departmentName ? ' — ' + profile.departmentName : '');
    showQuick(profile.quick);
  }

  function showChat(profile) {
    showProfile(profile);
    loginView.hidden = true;
    chatView.hidden = false;
    logoutButton.hidden = false;
    if (!pollTimer) pollTimer = setInterval(poll, POLL_MS);
    input.focus();
  }

  function showLogin(message) {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    chatView.hidden = true;
    logoutButton.hidden = true;
    loginView.hidden = false;
    who.textContent = 'Phong trào thi đua chuyển đổi số';
    loginError.textContent = message || '';
    loginCode.focus();
  }

  loginForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = loginCode.value.trim();
    if (code.length < 4) {
      loginError.textContent = 'Vui lòng nhập mã kích hoạt do Văn phòng cấp.';
      loginCode.focus();
      return;
    }
    loginSubmit.disabled = true;
    loginError.textContent = '';
    try {
      const data = await api('POST', '/api/web/login', { code });
      loginCode.value = '';
      list.textContent = '';
      showChat(data.profile);
      renderAll(data.replies);
    } catch (error) {
      loginError.textContent = error.message;
      loginCode.select();
    } finally {
      loginSubmit.disabled = false;
    }
  });

  // Issue 18 item 15: the one-time code cannot be used again, so logging out means asking the office for a new one.
  const LOGOUT_WARNING =
    'Sau khi đăng xuất, anh/chị cần MÃ KÍCH HOẠT MỚI do Văn phòng cấp để đăng nhập lại (mã cũ chỉ dùng được một lần).\n\n' +
    'Nếu đây là máy của riêng anh/chị, không cần đăng xuất: chỉ cần đóng trang.\n\nVẫn đăng xuất?';

  logoutButton.addEventListener('click', async () => {
    if (!window.confirm(LOGOUT_WARNING)) return;
    try {
      await api('POST', '/api/web/logout', {});
    } finally {
      list.textContent = '';
      showLogin('Anh/chị đã đăng xuất.');
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && pollTimer) poll();
  });

  (async function init() {
    try {
      const data = await api('GET', '/api/web/me');
      showChat(data.profile);
      await send({ kind: 'start' });
      poll();
    } catch {
      showLogin('');
    }
  })();
})();
