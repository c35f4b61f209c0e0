// The proctor's live room view: who is in, who answered how much, who finished; adding time for an incident.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const STATUS = { 'not-started': 'Chưa vào thi', 'in-progress': 'Đang làm bài', submitted: 'Đã nộp bài', 'timed-out': 'Hết giờ (đã nộp tự động)' };
  let timer = null;
  async function api(method, path, body) {
    const res = await fetch(path, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin', cache: 'no-store' });
    let data = {};
    try { data = await res.json(); } catch { data = {}; }
    return { status: res.status, data };
  }
  const mmss = (ms) => { const s = Math.ceil(ms / 1000); return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`; };
  async function refresh() {
    const res = await api('GET', '/api/exam/proctor/room');
    if (res.status === 401) { $('sign-in').hidden = false; $('room').hidden = true; clearInterval(timer); return; }
    if (res.status !== 200) return;
    const v = res.data;
    $('sign-in').hidden = true;
    $('room').hidden = false;
    $('room-name').textContent = v.roomName;
    const count = (s) => v.rows.filter((r) => r.status === s).length;
    $('summary').textContent = `${v.rows.length} thí sinh: ${count('in-progress')} đang làm bài, ${count('submitted') + count('timed-out')} đã nộp, ${count('not-started')} chưa vào thi.`;
    const body = $('rows');
    body.textContent = '';
    for (const r of v.rows) {
      const tr = document.createElement('tr');
      tr.className = r.status === 'in-progress' ? (r.online ? 'in-progress' : 'in-progress offline') : r.status === 'not-started' ? '' : 'ended';
      const status = STATUS[r.status] + (r.status === 'in-progress' && !r.online ? ' — mất kết nối' : '');
      const cells = [r.seat, r.candidateNumber, r.fullName, r.unitName, status, v.questionCount ? `${r.answered}/${v.questionCount}` : String(r.answered), r.status === 'in-progress' ? mmss(r.remainingMs) : '', r.addedMinutes ? `${r.addedMinutes} phút` : ''];
      for (const c of cells) { const td = document.createElement('td'); td.textContent = String(c); tr.append(td); }
      body.append(tr);
    }
  }
  function start() { void refresh(); clearInterval(timer); timer = setInterval(refresh, 5000); }
  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/exam/proctor/sign-in', { roomId: $('room-id').value.trim(), code: $('code').value.trim() });
    if (res.status !== 200) { $('sign-in-error').textContent = res.data.error || 'Không đăng nhập được.'; $('sign-in-error').hidden = false; return; }
    $('sign-in-error').hidden = true;
    start();
  });
  $('add-time-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/exam/proctor/add-time', { candidateNumber: $('at-number').value.trim(), minutes: Number($('at-minutes').value), reason: $('at-reason').value.trim() });
    $('add-time-result').textContent = res.status === 200 ? 'Đã cộng thêm thời gian (đã ghi nhật ký).' : res.data.error || 'Không cộng được thời gian.';
    void refresh();
  });
  start();
})();
