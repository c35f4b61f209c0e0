// The theory test page: sign in, answer (each click saved at once, retried until the server has it), the server's
// clock shown, submit. The page never holds the answer key: the server sends only questions and option texts.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let deadline = 0; // performance.now() value at which the server's time runs out
  let tick = null;
  let ping = null;
  const pending = new Map(); // question number -> label not yet confirmed by the server
  let retry = null;
  let ended = false;
  let loading = false; // a state request is in flight (the clock asks the server once at zero, not every tick)

  function show(id) {
    for (const s of ['sign-in', 'test', 'ended']) $(s).hidden = s !== id;
  }
  function error(text) {
    $('error').textContent = text || '';
    $('error').hidden = !text;
  }
  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    let data = {};
    try { data = await res.json(); } catch { data = {}; }
    return { status: res.status, data };
  }
  function setClock(remainingMs) {
    deadline = performance.now() + remainingMs;
    renderClock();
  }
  function renderClock() {
    const left = Math.max(0, deadline - performance.now());
    const s = Math.ceil(left / 1000);
    const mm = String(Math.floor(s / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    $('clock').textContent = `Còn lại ${mm}:${ss}`;
    $('clock').classList.toggle('low', s <= 300);
    if (left <= 0 && !ended && !loading) void load();
  }
  function updateProgress(answered, total) {
    $('progress').textContent = `Đã trả lời ${answered}/${total} câu`;
  }
  function finish(state) {
    ended = true;
    clearInterval(tick);
    clearInterval(ping);
    $('clock').hidden = true;
    show('ended');
    $('ended-title').textContent = state.status === 'timed-out' ? 'Hết giờ làm bài' : 'Đã nộp bài';
    $('ended-text').textContent =
      (state.status === 'timed-out' ? 'Bài thi đã được nộp tự động khi hết giờ. ' : 'Bài thi của anh/chị đã được nộp. ') +
      `Số câu đã trả lời: ${state.answeredCount}/${state.questionCount}. Kết quả do Ban Tổ chức công bố.`;
  }
  function render(state) {
    $('who').hidden = false;
    $('who').textContent = `${state.candidateNumber} — ${state.fullName} — ${state.roomName}`;
    if (state.status !== 'in-progress' || !state.test) return finish(state);
    show('test');
    $('clock').hidden = false;
    setClock(state.remainingMs);
    const list = $('questions');
    list.textContent = '';
    for (const q of state.test.questions) {
      const li = document.createElement('li');
      li.id = `q${q.number}`;
      const text = document.createElement('div');
      text.className = 'q-text';
      text.textContent = q.text;
      li.append(text);
      for (const o of q.options) {
        const label = document.createElement('label');
        label.className = 'option';
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = `q${q.number}`;
        input.value = o.label;
        input.checked = state.answers[String(q.number)] === o.label;
        input.addEventListener('change', () => choose(q.number, o.label));
        const span = document.createElement('span');
        span.textContent = `${o.label}. ${o.text}`;
        label.append(input, span);
        li.append(label);
      }
      const mark = document.createElement('div');
      mark.className = 'saved';
      mark.id = `m${q.number}`;
      mark.textContent = state.answers[String(q.number)] ? 'Đã lưu' : '';
      li.append(mark);
      list.append(li);
    }
    updateProgress(state.answeredCount, state.questionCount);
    clearInterval(tick);
    tick = setInterval(renderClock, 500);
    clearInterval(ping);
    ping = setInterval(heartbeat, 20000);
  }
  function answeredCount() {
    return new Set(Array.from(document.querySelectorAll('#questions input:checked')).map((i) => i.name)).size;
  }
  async function choose(n, label) {
    pending.set(n, label);
    const mark = $(`m${n}`);
    mark.className = 'pending';
    mark.textContent = 'Đang lưu…';
    updateProgress(answeredCount(), document.querySelectorAll('#questions > li').length);
    await flush();
  }
  async function flush() {
    for (const [n, label] of Array.from(pending)) {
      let res;
      try {
        res = await api('POST', '/api/exam/answer', { n, label });
      } catch {
        $('save-status').textContent = 'Mất kết nối — lựa chọn sẽ được lưu khi có kết nối lại.';
        retry = retry || setTimeout(() => { retry = null; void flush(); }, 2000);
        return;
      }
      if (res.status === 200) {
        if (pending.get(n) === label) pending.delete(n);
        const mark = $(`m${n}`);
        if (mark && !pending.has(n)) { mark.className = 'saved'; mark.textContent = 'Đã lưu'; }
        $('save-status').textContent = '';
        setClock(res.data.remainingMs);
      } else if (res.status === 401 || res.status === 409) {
        pending.clear();
        return load();
      } else {
        $('save-status').textContent = res.data.error || 'Chưa lưu được; đang thử lại.';
        retry = retry || setTimeout(() => { retry = null; void flush(); }, 2000);
        return;
      }
    }
  }
  async function heartbeat() {
    try {
      const res = await api('POST', '/api/exam/ping');
      if (res.status === 200 && res.data.status === 'in-progress') setClock(res.data.remainingMs);
      else void load();
    } catch { /* offline: the clock keeps running locally; answers wait in the queue */ }
  }
  async function load() {
    loading = true;
    let res;
    try {
      res = await api('GET', '/api/exam/state');
    } catch {
      return error('Mất kết nối với máy chủ; các lựa chọn chưa lưu sẽ được gửi lại khi có kết nối.');
    } finally {
      loading = false;
    }
    if (res.status === 401) { show('sign-in'); $('who').hidden = true; $('clock').hidden = true; return; }
    if (res.status !== 200) return error(res.data.error || 'Có lỗi; thử tải lại trang.');
    error('');
    render(res.data);
  }
  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('sign-in-error').hidden = true;
    const res = await api('POST', '/api/exam/sign-in', { candidateNumber: $('candidate-number').value, roomCode: $('room-code').value });
    if (res.status !== 200) {
      $('sign-in-error').textContent = res.data.error || 'Không vào được phòng thi.';
      $('sign-in-error').hidden = false;
      return;
    }
    await load();
  });
  $('submit').addEventListener('click', async () => {
    const total = document.querySelectorAll('#questions > li').length;
    const answered = answeredCount();
    const warn = answered < total ? `Anh/chị mới trả lời ${answered}/${total} câu. ` : '';
    if (!window.confirm(`${warn}Nộp bài? Sau khi nộp không làm tiếp được.`)) return;
    await flush();
    const res = await api('POST', '/api/exam/submit');
    if (res.status !== 200 && res.status !== 409) return error(res.data.error || 'Chưa nộp được; thử lại.');
    await load();
  });
  void load();
})();
