/**
 * The dashboard over HTTP on the real app (demo unit): sign-in by one-time code and the renewable session, every
 * page and action refused to the wrong role (403, Vietnamese), CSRF, and a quarter walked through the pages:
 * the head reviews (return, adjust, approve) and sends the list after its summary, the office accepts and reports,
 * the director reads the summary and finalises; results, honour board PNG and the XLSX.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { codeFor, csrfIn, dashboardLogin, get, leadersComment, post, submitThroughChat } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';

async function signInAll(harness: Harness): Promise<Record<'staff' | 'head' | 'office' | 'director', { jar: CookieJar; personId: number }>> {
  const [staff, head, office, director] = await Promise.all(
    [0, 1, 2, 3].map(async (i) => {
      const l = harness.demo.logins[i];
      if (!l) throw new Error('demo login missing');
      return { jar: await dashboardLogin(harness, l.code), personId: l.personId };
    }),
  );
  if (!staff || !head || !office || !director) throw new Error('login failed');
  return { staff, head, office, director };
}

describe('dashboard: sign-in and sessions', () => {
  it('sends a visitor to the sign-in page, refuses a wrong code in Vietnamese, and keeps the chat at /chat', async () => {
    h = await startHarness();
    const anonymous = await get(h, '/tien-do', {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.response.headers.get('location')).toBe('/dang-nhap?next=%2Ftien-do');
    const form = await get(h, '/dang-nhap', {});
    expect(form.body).toContain('Mã kích hoạt');
    const wrong = await h.request('/dang-nhap', { method: 'POST', body: new URLSearchParams({ code: 'ZZZZ-ZZZZ' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Mã kích hoạt không đúng');
    const chat = await h.request('/chat');
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('<html');
    const css = await h.request('/tai-nguyen/dashboard.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('one code signs in for a long, renewable session shared with the web chat; a used code is refused; logout ends it', async () => {
    h = await startHarness();
    const login = h.demo.logins[0];
    if (!login) throw new Error('no demo login');
    const jar = await dashboardLogin(h, login.code);
    const again = await h.request('/dang-nhap', { method: 'POST', body: new URLSearchParams({ code: login.code }), redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('đã được dùng');
    // The same cookie works for the web chat's API.
    expect((await h.request('/api/web/me', { jar })).status).toBe(200);
    const first = jar.cookie;
    // Two months later (a quarterly user): the session is still alive and renewed with a new token.
    h.clock.advance(60 * 86_400_000);
    const home = await get(h, '/', jar);
    expect(home.status).toBe(200);
    expect(jar.cookie).not.toBe(first);
    expect((await get(h, '/', { cookie: first })).status).toBe(303); // the old token no longer opens anything
    h.clock.advance(100 * 86_400_000);
    expect((await get(h, '/', jar)).status).toBe(200);
    const out = await post(h, jar, '/dang-xuat');
    expect(out.status).toBe(303);
    expect((await get(h, '/', jar)).status).toBe(303);
  });

  it('refuses a POST without the session’s CSRF token', async () => {
    h = await startHarness();
    const { head } = await signInAll(h);
    const r = await h.request('/danh-sach/gui', { method: 'POST', body: new URLSearchParams({ csrf: 'forged' }), redirect: 'manual', jar: head.jar });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('Biểu mẫu đã hết hạn');
    const none = await h.request('/danh-sach/gui', { method: 'POST', body: new URLSearchParams({}), redirect: 'manual', jar: head.jar });
    expect(none.status).toBe(403);
  });
});

describe('dashboard: progress', () => {
  it('files who the last reminders did not reach, and why, under their department', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signInAll(harness);
    const phuc = await codeFor(harness, 'Lý Hoàng Phúc');
    const khanh = await codeFor(harness, 'Trịnh Quốc Khánh');
    await harness.store.transaction(async (tx) => {
      const slot = { job: 'self-reminder', unitId: 'so-tttt-demo', slot: harness.clock.now().getTime() - 3_600_000 };
      await tx.jobs.claimRun(slot, slot.slot, 'test');
      await tx.jobs.recordDelivery(slot, { personId: phuc.personId, outcome: 'not_linked' }, slot.slot);
      await tx.jobs.recordDelivery(slot, { personId: khanh.personId, outcome: 'outside_window' }, slot.slot);
    });
    const office = await get(harness, '/tien-do', who.office.jar);
    const rowOf = (body: string, dept: string) => body.split('<tr>').find((r) => r.includes(`<b>${dept}</b>`)) ?? '';
    expect(rowOf(office.body, TTBC)).toContain('Lý Hoàng Phúc (chưa liên kết tài khoản chat)');
    expect(rowOf(office.body, 'Phòng Bưu chính, Viễn thông và Công nghệ thông tin')).toContain('Trịnh Quốc Khánh (');
    expect(rowOf(office.body, 'Phòng Bưu chính, Viễn thông và Công nghệ thông tin')).toContain('7 ngày');
    // The head of TTBC sees only their department (and its unreached member).
    const head = await get(harness, '/tien-do', who.head.jar);
    expect(head.body).toContain('Lý Hoàng Phúc (chưa liên kết');
    expect(head.body).not.toContain('Trịnh Quốc Khánh');
  });
});

describe('dashboard: every page and action refuses the wrong role', () => {
  it('403 with a Vietnamese message for each page and action a role may not open', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signInAll(harness);
    const sid = await submitThroughChat(harness, who.staff.jar, who.staff.personId, TTBC);
    // A department list that exists (the office person is also the head of Văn phòng Sở, where nothing is pending).
    expect((await post(harness, who.office.jar, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    const listId = (await harness.store.read((tx) => tx.reviews.listsOfPeriod(1)))[0]?.id;
    expect(listId).toBeDefined();
    const sent = await post(harness, who.head.jar, '/danh-sach/gui', {}, '/danh-sach');
    expect(sent.status).toBe(409); // one submission of the head's department still waits for review
    expect(sent.body).toContain('Còn 1 bản tự đánh giá chờ duyệt');

    const pages: [string, (keyof typeof who)[], string][] = [
      ['/tien-do', ['staff'], 'Chỉ Văn phòng, Giám đốc, lãnh đạo phụ trách và Trưởng phòng xem được tiến độ'],
      ['/danh-sach', ['staff', 'director'], 'Trưởng phòng'],
      ['/danh-sach/xac-nhan', ['staff', 'director'], 'Trưởng phòng'],
      ['/tiep-nhan', ['staff', 'head', 'director'], 'Chỉ Văn phòng mới thực hiện được thao tác này.'],
      [`/tiep-nhan/${listId}`, ['staff', 'head', 'director'], 'Chỉ Văn phòng'],
      ['/tiep-nhan/trinh', ['staff', 'head', 'director'], 'Chỉ Văn phòng'],
      ['/phe-duyet', ['staff', 'head', 'office'], 'Chỉ Giám đốc mới phê duyệt được kết quả.'],
      ['/phe-duyet/xac-nhan', ['staff', 'head', 'office'], 'Chỉ Giám đốc'],
      ['/ket-qua', ['staff', 'head'], 'Chỉ Văn phòng'],
      ['/hieu-chuan', ['staff', 'head'], 'Chỉ Văn phòng'],
      ['/ket-qua/vinh-danh.png?ky=2026-Q4', ['staff', 'head'], 'Chỉ Văn phòng'],
      ['/ket-qua/bang-diem.xlsx?ky=2026-Q4', ['staff', 'head'], 'Chỉ Văn phòng'],
      [`/duyet/${sid}`, ['staff', 'office', 'director'], 'không'],
      [`/duyet/${sid}/minh-chung/0`, ['staff', 'office', 'director'], 'không'],
    ];
    for (const [path, roles, text] of pages) {
      for (const role of roles) {
        const r = await get(harness, path, who[role].jar);
        expect(r.status, `${role} GET ${path}`).toBe(403);
        expect(r.body, `${role} GET ${path}`).toContain(text);
      }
    }
    // The staff member cannot review their own submission.
    expect((await get(harness, `/duyet/${sid}`, who.staff.jar)).body).toContain('của chính mình');

    const actions: [string, (keyof typeof who)[], Record<string, string>][] = [
      [`/duyet/${sid}/duyet`, ['staff', 'office', 'director'], {}],
      [`/duyet/${sid}/tra-lai`, ['staff', 'office', 'director'], { lyDo: 'Thiếu minh chứng' }],
      [`/duyet/${sid}/dieu-chinh`, ['staff', 'office', 'director'], { muc: 'cbs.I.1|"b"', lyDo: 'Chưa đủ mức c' }],
      ['/danh-sach/gui', ['staff', 'director'], {}],
      ['/tiep-nhan/trinh', ['staff', 'head', 'director'], {}],
      [`/tiep-nhan/${listId}/tiep-nhan`, ['staff', 'head', 'director'], {}],
      [`/tiep-nhan/${listId}/tra-lai`, ['staff', 'head', 'director'], { lyDo: 'Thiếu chữ ký' }],
      ['/phe-duyet', ['staff', 'head', 'office'], {}],
      ['/phe-duyet/tra-lai', ['staff', 'head', 'office'], { lyDo: 'Xem lại điểm' }],
    ];
    for (const [path, roles, fields] of actions) {
      for (const role of roles) {
        const r = await post(harness, who[role].jar, path, fields);
        expect(r.status, `${role} POST ${path}`).toBe(403);
        expect(r.body).toMatch(/Chỉ|không|Không/);
      }
    }
    // Nothing changed: the submission still waits for the head.
    const queue = await get(harness, '/duyet', who.head.jar);
    expect(queue.body).toContain('Đặng Thị Mai Anh');
  });
});

describe('dashboard: a quarter through the pages', () => {
  it('home per role, review with return/adjust/approve, list summary, office accept and report, director summary and finalise, results', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signInAll(harness);

    // Home: the staff member's own self-assessment, with the days left (deadline 10/12/2026, today 21/11/2026).
    const staffHome = await get(harness, '/', who.staff.jar);
    expect(staffHome.body).toContain('Tự đánh giá của anh/chị');
    expect(staffHome.body).toContain('còn 19 ngày (hạn 10/12/2026)');
    expect(staffHome.body).not.toContain('Tiếp nhận</a>');

    const sid = await submitThroughChat(harness, who.staff.jar, who.staff.personId, TTBC);
    expect((await get(harness, '/', who.staff.jar)).body).not.toContain('Tự đánh giá của anh/chị</b>');
    const headHome = await get(harness, '/', who.head.jar);
    expect(headHome.body).toContain('1 bản tự đánh giá chờ anh/chị duyệt');
    expect(headHome.body).toContain('Gửi danh sách của phòng cho Văn phòng');

    // Progress: the head sees their department only; the office sees all.
    const headProgress = await get(harness, '/tien-do', who.head.jar);
    expect(headProgress.body).toContain(TTBC);
    expect(headProgress.body).not.toContain('Văn phòng Sở</b>');
    const officeProgress = await get(harness, '/tien-do', who.office.jar);
    expect(officeProgress.body).toContain('Văn phòng Sở');
    expect(officeProgress.body).toContain('Lý Hoàng Phúc'); // missing

    // Review: the queue, the answers with the evidence link, then return, adjust, approve.
    const queue = await get(harness, '/duyet', who.head.jar);
    expect(queue.body).toContain(`/duyet/${sid}`);
    const detail = await get(harness, `/duyet/${sid}`, who.head.jar);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('Câu 1.');
    expect(detail.body).toContain('href="https://stttt.daknong.gov.vn/bai-viet/');
    const shortReason = await post(harness, who.head.jar, `/duyet/${sid}/tra-lai`, { lyDo: '' }, `/duyet/${sid}`);
    expect(shortReason.status).toBe(400);
    expect(shortReason.body).toContain('Vui lòng nhập lý do');
    const returned = await post(harness, who.head.jar, `/duyet/${sid}/tra-lai`, { lyDo: 'Bổ sung chứng chỉ khóa học' }, `/duyet/${sid}`);
    expect(returned.status).toBe(303);
    expect((await get(harness, `/duyet/${sid}`, who.head.jar)).status).toBe(409); // being reworked
    await submitThroughChat(harness, who.staff.jar, who.staff.personId, TTBC);
    const page = await get(harness, `/duyet/${sid}`, who.head.jar);
    expect(page.body).toContain('<option value="cbs.I.1|&quot;b&quot;">mức b');
    const adjusted = await post(harness, who.head.jar, `/duyet/${sid}/dieu-chinh`, { muc: 'cbs.I.1|"b"', lyDo: 'Chưa đủ minh chứng mức c' }, `/duyet/${sid}`);
    expect(adjusted.status).toBe(303);
    const afterAdjust = await get(harness, `/duyet/${sid}?ok=da-dieu-chinh`, who.head.jar);
    expect(afterAdjust.body).toContain('Đã điều chỉnh');
    expect(afterAdjust.body).toContain('Chưa đủ minh chứng mức c');
    const stale = await harness.request(`/duyet/${sid}/duyet`, { method: 'POST', body: new URLSearchParams({ csrf: csrfIn(page.body), revision: '0' }), redirect: 'manual', jar: who.head.jar });
    expect(stale.status).toBe(409); // the page was older than the submission
    const approved = await post(harness, who.head.jar, `/duyet/${sid}/duyet`, {}, `/duyet/${sid}`);
    expect(approved.status).toBe(303);
    expect(approved.location).toBe('/duyet?ok=da-duyet');

    // The list: completeness summary, then the confirmation naming the recipients, then sent.
    const list = await get(harness, '/danh-sach', who.head.jar);
    expect(list.body).toContain('1/4');
    expect(list.body).toContain('Danh sách chưa đủ: 3 người chưa có bản được duyệt');
    const confirm = await get(harness, '/danh-sach/xac-nhan', who.head.jar);
    expect(confirm.body).toContain('Phạm Thị Thu Hà (Văn phòng)');
    expect(confirm.body).toContain('Nguyễn Thị Hồng Nhung (lãnh đạo phụ trách)');
    expect((await post(harness, who.head.jar, '/danh-sach/gui', {}, '/danh-sach/xac-nhan')).location).toBe('/danh-sach?ok=da-gui');

    // The other heads send their (empty) lists; the office head is the office person herself.
    expect((await post(harness, who.office.jar, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    for (const name of ['Trịnh Quốc Khánh', 'Mai Xuân Trường']) {
      const { code } = await codeFor(harness, name);
      const jar = await dashboardLogin(harness, code);
      expect((await post(harness, jar, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    }

    // Office: home shows the lists to accept; the report is blocked until all are accepted.
    expect((await get(harness, '/', who.office.jar)).body).toContain('4 danh sách phòng chờ tiếp nhận');
    const office = await get(harness, '/tiep-nhan', who.office.jar);
    expect(office.body).toContain('Chưa trình Giám đốc được: Còn 4 phòng');
    const ids = [...office.body.matchAll(/href="\/tiep-nhan\/(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    // The seed's order (unit rule listOrder, default leader-first): the office cannot accept a list before the leader
    // in charge commented on it (in the chat: the dashboard has no comment form yet).
    for (const id of ids) expect((await get(harness, `/tiep-nhan/${id}`, who.office.jar)).body).not.toContain('Tiếp nhận danh sách');
    expect(await leadersComment(harness)).toBe(4);
    for (const id of ids) {
      const one = await get(harness, `/tiep-nhan/${id}`, who.office.jar);
      expect(one.body).toContain('Tiếp nhận danh sách');
      expect((await post(harness, who.office.jar, `/tiep-nhan/${id}/tiep-nhan`, {}, `/tiep-nhan/${id}`)).status).toBe(303);
    }
    const report = await get(harness, '/tiep-nhan/trinh', who.office.jar);
    expect(report.body).toContain('Trần Văn Hùng (Giám đốc)');
    expect((await post(harness, who.office.jar, '/tiep-nhan/trinh', {}, '/tiep-nhan/trinh')).location).toBe('/tiep-nhan?ok=da-trinh');

    // Director: home, summary (top 5, best department, who is missing), confirmation, finalise.
    expect((await get(harness, '/', who.director.jar)).body).toContain('chờ anh/chị phê duyệt');
    const summary = await get(harness, '/phe-duyet', who.director.jar);
    expect(summary.body).toContain('Đặng Thị Mai Anh');
    expect(summary.body).toContain('Tập thể dẫn đầu: <b>' + TTBC);
    expect(summary.body).toMatch(/Chưa nộp \(\d+\): .*Lý Hoàng Phúc/);
    const sure = await get(harness, '/phe-duyet/xac-nhan', who.director.jar);
    expect(sure.body).toContain('1 người có kết quả được duyệt sẽ nhận điểm chính thức');
    expect(sure.body).toContain('Phạm Thị Thu Hà (Văn phòng)');
    expect((await post(harness, who.director.jar, '/phe-duyet', {}, '/phe-duyet/xac-nhan')).location).toBe('/phe-duyet?ok=da-phe-duyet');
    const period = await harness.store.read((tx) => tx.periods.get(1));
    expect(period?.status).toBe('finalised');
    // The person was told through the outbox (the web chat pulls it).
    const inbox = await harness.request('/api/web/messages', { jar: who.staff.jar });
    expect(JSON.stringify(await inbox.json())).toContain('đã được Giám đốc phê duyệt');

    // Calibration: a server-drawn histogram per department, the reviewer's change (52 → adjusted to 47).
    const calibration = await get(harness, '/hieu-chuan', who.director.jar);
    expect(calibration.status).toBe(200);
    const ttbcRow = calibration.body.split('<tr>').find((r) => r.includes(`<b>${TTBC}</b>`)) ?? '';
    expect(ttbcRow).toContain('<svg');
    expect(ttbcRow).toContain('40–49 điểm: 1 người');
    expect(ttbcRow).toContain('1 (-5đ)');

    // Results: tables, the honour board PNG and the XLSX.
    const results = await get(harness, '/ket-qua', who.office.jar);
    expect(results.body).toContain('Đặng Thị Mai Anh');
    const code = period?.code ?? '';
    const png = await harness.request(`/ket-qua/vinh-danh.png?ky=${code}`, { jar: who.director.jar });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const xlsx = await harness.request(`/ket-qua/bang-diem.xlsx?ky=${code}`, { jar: who.office.jar });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
