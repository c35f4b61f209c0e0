/**
 * The office's directory (/nhan-su) and periods (/ky) pages over HTTP on the real app (demo unit, 21/11/2026):
 * staff import by upload (dry run with line/column/reason, apply, a stale dry run refused with 409, bad files),
 * a department's printable codes, the leader in charge, opening a quarter, changing deadlines (the Q4 flag), the
 * reminder schedule and the test reminder; every other role refused.
 */
import writeXlsxFile from 'write-excel-file/node';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { codeFor, csrfIn, dashboardLogin, get, post } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Who = Record<'staff' | 'head' | 'office' | 'director' | 'leader', { jar: CookieJar; personId: number }>;

async function signIn(harness: Harness): Promise<Who> {
  const demo = await Promise.all(
    [0, 1, 2, 3].map(async (i) => {
      const l = harness.demo.logins[i];
      if (!l) throw new Error('demo login missing');
      return { jar: await dashboardLogin(harness, l.code), personId: l.personId };
    }),
  );
  const leaderCode = await codeFor(harness, 'Nguyễn Thị Hồng Nhung');
  const leader = { jar: await dashboardLogin(harness, leaderCode.code), personId: leaderCode.personId };
  const [staff, head, office, director] = demo;
  if (!staff || !head || !office || !director) throw new Error('login failed');
  return { staff, head, office, director, leader };
}

/** Posts a multipart form (the page's CSRF token unless `csrf` is given) with an optional file. */
async function upload(
  harness: Harness,
  jar: CookieJar,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; data: Buffer | string },
  csrf?: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const form = new FormData();
  form.set('csrf', csrf ?? csrfIn((await get(harness, '/', jar)).body));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('tep', new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)]), file.name);
  const r = await harness.request(path, { method: 'POST', body: form, redirect: 'manual', jar });
  return { status: r.status, location: r.headers.get('location'), body: await r.text() };
}

/** The hidden fields of the dry run's apply form. */
function applyFields(body: string): Record<string, string> {
  const form = /<form method="post" action="\/nhan-su\/ap-dung"[\s\S]*?<\/form>/.exec(body)?.[0];
  if (!form) throw new Error('no apply form on the page');
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] && m[1] !== 'csrf') fields[m[1]] = (m[2] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  return fields;
}

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';
const BAD = `Họ và tên,Số điện thoại,Phòng,Chức vụ,Vai trò\nTrương Minh Quân,0912000777,${'"'}${TTBC}${'"'},Chuyên viên,staff\nLê Thị Sai,09-ABC,${'"'}${TTBC}${'"'},Chuyên viên,staff\n`;
const FIXED = BAD.replace('09-ABC', '0912000888');

describe('dashboard /nhan-su: the directory', () => {
  it('lists the staff per department with the leader in charge; the director sees it without forms; other roles get 403', async () => {
    h = await startHarness();
    const who = await signIn(h);
    const office = await get(h, '/nhan-su', who.office.jar);
    expect(office.status).toBe(200);
    expect(office.body).toContain(TTBC);
    expect(office.body).toContain('Lãnh đạo phụ trách: Nguyễn Thị Hồng Nhung');
    expect(office.body).toContain('Lý Hoàng Phúc');
    expect(office.body).toContain('action="/nhan-su/nhap"');
    expect(office.body).toContain('href="/nhan-su"'); // the menu link
    const director = await get(h, '/nhan-su', who.director.jar);
    expect(director.status).toBe(200);
    expect(director.body).toContain('Lý Hoàng Phúc');
    expect(director.body).not.toContain('action="/nhan-su/nhap"');
    expect(director.body).not.toContain('/lanh-dao"');
    for (const role of ['staff', 'head', 'leader'] as const) {
      const r = await get(h, '/nhan-su', who[role].jar);
      expect(r.status, role).toBe(403);
      expect(r.body).toContain('Chỉ Văn phòng');
      expect(r.body).not.toContain('href="/nhan-su"');
    }
  });

  it('dry run shows the error row with its line, column and reason; the fixed file shows what changes; apply writes it (audited)', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const dry = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: BAD });
    expect(dry.status).toBe(200);
    const errorRows = /<table id="dong-loi">[\s\S]*?<\/table>/.exec(dry.body)?.[0] ?? '';
    expect(errorRows).toContain('<td class="num">3</td><td>B (Số điện thoại)</td><td>Số điện thoại &quot;09-ABC&quot; không hợp lệ</td>');
    expect(dry.body).toContain('Tệp có 1 dòng lỗi');
    expect(dry.body).not.toContain('action="/nhan-su/ap-dung"');

    const fixed = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED });
    expect(fixed.status).toBe(200);
    expect(fixed.body).not.toContain('id="dong-loi"');
    expect(fixed.body).toMatch(/<b>2<\/b>thêm mới/);
    expect(fixed.body).toContain('Trương Minh Quân');
    const people = async () => (await harness.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).map((p) => p.fullName);
    expect(await people()).not.toContain('Lê Thị Sai'); // a dry run writes nothing

    const applied = await upload(harness, who.office.jar, '/nhan-su/ap-dung', applyFields(fixed.body));
    expect(applied.status).toBe(303);
    expect(applied.location).toBe('/nhan-su?ok=da-nhap&them=2&sua=0&giu=0');
    expect(await people()).toEqual(expect.arrayContaining(['Trương Minh Quân', 'Lê Thị Sai']));
    const page = await get(harness, applied.location ?? '', who.office.jar);
    expect(page.body).toContain('Đã nhập danh bạ: thêm 2, cập nhật 0, giữ nguyên 0 người');
    const audit = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    expect(audit.find((a) => a.action === 'staff.import' && a.channel === 'web')?.actorPersonId).toBe(who.office.personId);

    // The same apply again: the directory changed since that dry run (it now holds those people) → 409.
    const again = await upload(harness, who.office.jar, '/nhan-su/ap-dung', applyFields(fixed.body));
    expect(again.status).toBe(409);
    expect(again.body).toContain('đã thay đổi kể từ lần chạy thử');
  });

  it('the optional "Ngày vào" column: a bad date is an error row; a good one updates the existing person (audited)', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const phuc = (await harness.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).find((p) => p.fullName === 'Lý Hoàng Phúc');
    expect(phuc?.joinedOn).toBeNull();
    const file = (date: string) => `Họ và tên,Số điện thoại,Ngày vào\nLý Hoàng Phúc,${phuc?.phone ?? ''},${date}\n`;
    const dry = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'ngay-vao.csv', data: file('31/02/2026') });
    const errorRows = /<table id="dong-loi">[\s\S]*?<\/table>/.exec(dry.body)?.[0] ?? '';
    expect(errorRows).toContain('<td class="num">2</td><td>C (Ngày vào)</td><td>Ngày vào đơn vị &quot;31/02/2026&quot; không hợp lệ: ghi theo dạng ngày/tháng/năm (ví dụ 15/07/2026) hoặc năm-tháng-ngày (2026-07-15)</td>');
    const fixed = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'ngay-vao.csv', data: file('15/07/2026') });
    expect(fixed.body).toContain('Cập nhật: ngày vào đơn vị');
    const joined = async () => (await harness.store.read((tx) => tx.staff.getPerson(phuc?.id ?? -1)))?.joinedOn;
    expect(await joined()).toBeNull(); // a dry run writes nothing
    const applied = await upload(harness, who.office.jar, '/nhan-su/ap-dung', applyFields(fixed.body));
    expect(applied.location).toBe('/nhan-su?ok=da-nhap&them=0&sua=1&giu=0');
    expect(await joined()).toBe('2026-07-15');
    const audit = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    expect(audit.find((a) => a.action === 'person.joined_on_set')).toMatchObject({ channel: 'web', actorPersonId: who.office.personId, after: { joinedOn: '2026-07-15', via: 'staff.import' } });
  });

  it('refuses a stale dry run (the directory changed meanwhile) and a file changed after the dry run, writing nothing', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const fixed = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED });
    const fields = applyFields(fixed.body);
    // Someone changes a department's leader in charge after the dry run.
    const bcvt = (await harness.store.read((tx) => tx.staff.listDepartments('so-tttt-demo'))).find((d) => d.name.startsWith('Phòng Bưu chính'));
    const nhung = who.leader.personId;
    expect((await post(harness, who.office.jar, `/nhan-su/phong/${bcvt?.id}/lanh-dao`, { nguoi: String(nhung) }, '/nhan-su')).status).toBe(303);
    const stale = await upload(harness, who.office.jar, '/nhan-su/ap-dung', fields);
    expect(stale.status).toBe(409);
    expect(stale.body).toContain('Danh bạ hoặc tệp đã thay đổi kể từ lần chạy thử');
    // A file swapped under the same fingerprint.
    const fresh = applyFields((await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED })).body);
    const swapped = await upload(harness, who.office.jar, '/nhan-su/ap-dung', { ...fresh, noiDung: Buffer.from(FIXED.replace('Quân', 'Quang')).toString('base64') });
    expect(swapped.status).toBe(409);
    const names = (await harness.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).map((p) => p.fullName);
    expect(names).not.toContain('Trương Minh Quân');
    expect(names).not.toContain('Trương Minh Quang');
  });

  it('reads an XLSX upload, and answers bad files and bad forms with a Vietnamese 4xx', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const xlsx = await writeXlsxFile([
      ['HỌ VÀ TÊN', 'SĐT', 'Phòng', 'Vai trò'],
      ['Trương Minh Quân', 912000777, TTBC, 'Chuyên viên'],
    ]).toBuffer();
    const fromXlsx = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.xlsx', data: xlsx });
    expect(fromXlsx.status).toBe(200);
    expect(fromXlsx.body).toMatch(/<b>1<\/b>thêm mới/);
    expect(fromXlsx.body).toContain('action="/nhan-su/ap-dung"');

    const cases: [string, { name: string; data: Buffer | string } | undefined, number, string][] = [
      ['no file', undefined, 400, 'Chưa chọn tệp danh bạ'],
      ['empty file', { name: 'danh-ba.csv', data: '' }, 400, 'Chưa chọn tệp danh bạ'],
      ['a PDF', { name: 'danh-ba.pdf', data: '%PDF-1.4' }, 400, 'không phải .csv hoặc .xlsx'],
      ['a broken XLSX', { name: 'danh-ba.xlsx', data: 'not a zip' }, 400, 'Không đọc được tệp Excel'],
      ['no name column', { name: 'danh-ba.csv', data: 'SĐT,Phòng\n0912000777,Phòng A\n' }, 400, 'Thiếu cột &quot;Họ và tên&quot;'],
      ['a file too large', { name: 'danh-ba.csv', data: Buffer.alloc(3_200_000, 0x41) }, 413, 'Tệp quá lớn'],
    ];
    for (const [what, file, status, text] of cases) {
      const r = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, file);
      expect(r.status, what).toBe(status);
      expect(r.body, what).toContain(text);
    }
    const broken = await harness.request('/nhan-su/nhap', {
      method: 'POST',
      body: 'garbage',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      redirect: 'manual',
      jar: who.office.jar,
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('không đúng dạng');
    const forged = await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED }, 'forged');
    expect(forged.status).toBe(403);
    const noPreview = await upload(harness, who.office.jar, '/nhan-su/ap-dung', { tenTep: 'a.csv' });
    expect(noPreview.status).toBe(400);
    expect(noPreview.body).toContain('chạy thử lại');
  });

  it('issues a department’s one-time codes on a printable sheet (audited); a printed code signs in', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const ttbc = (await harness.store.read((tx) => tx.staff.listDepartments('so-tttt-demo'))).find((d) => d.name === TTBC);
    const r = await post(harness, who.office.jar, `/nhan-su/phong/${ttbc?.id}/ma`, { ngay: '14' }, '/nhan-su');
    expect(r.status).toBe(200);
    expect(r.body).toContain(`Mã kích hoạt — ${TTBC}`);
    expect(r.body).toContain('hết hạn ngày 05/12/2026');
    expect(r.body).not.toContain('class="menu"');
    const codes = [...r.body.matchAll(/<div class="code">([A-Z0-9]{4}-[A-Z0-9]{4})<\/div>/g)].map((m) => m[1] ?? '');
    expect(codes).toHaveLength(4);
    const jar = await dashboardLogin(harness, codes[0] ?? '');
    expect((await get(harness, '/', jar)).status).toBe(200);
    const audit = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    const issued = audit.find((a) => a.action === 'invite.department_issued');
    expect(issued).toMatchObject({ channel: 'web', actorPersonId: who.office.personId });
    expect(JSON.stringify(issued)).not.toContain(codes[0]);
    expect((await post(harness, who.office.jar, '/nhan-su/phong/9999/ma', {}, '/nhan-su')).status).toBe(404);
  });

  it('changes the leader in charge (audited) and refuses a person who is not a leader', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const departments = () => harness.store.read((tx) => tx.staff.listDepartments('so-tttt-demo'));
    const ttbc = (await departments()).find((d) => d.name === TTBC);
    const vinh = (await harness.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).find((p) => p.fullName === 'Lê Quang Vinh');
    const r = await post(harness, who.office.jar, `/nhan-su/phong/${ttbc?.id}/lanh-dao`, { nguoi: String(vinh?.id) }, '/nhan-su');
    expect(r.status).toBe(303);
    expect((await departments()).find((d) => d.name === TTBC)?.leaderInChargeId).toBe(vinh?.id);
    expect((await get(harness, r.location ?? '', who.office.jar)).body).toContain('Đã đổi lãnh đạo phụ trách');
    const audit = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    expect(audit.filter((a) => a.action === 'department.leader_set').at(-1)).toMatchObject({ channel: 'web', actorPersonId: who.office.personId, after: { leaderInChargeId: vinh?.id } });
    const notLeader = await post(harness, who.office.jar, `/nhan-su/phong/${ttbc?.id}/lanh-dao`, { nguoi: String(who.staff.personId) }, '/nhan-su');
    expect(notLeader.status).toBe(409);
    expect(notLeader.body).toContain('không có vai trò lãnh đạo phụ trách');
    expect((await departments()).find((d) => d.name === TTBC)?.leaderInChargeId).toBe(vinh?.id);
  });

  it('refuses every directory action to the staff, the head, the leader and the director (403), writing nothing', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const ttbc = (await harness.store.read((tx) => tx.staff.listDepartments('so-tttt-demo'))).find((d) => d.name === TTBC);
    const fields = applyFields((await upload(harness, who.office.jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED })).body);
    const before = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    for (const role of ['staff', 'head', 'leader', 'director'] as const) {
      const jar = who[role].jar;
      const dry = await upload(harness, jar, '/nhan-su/nhap', {}, { name: 'danh-ba.csv', data: FIXED });
      expect(dry.status, `${role} dry run`).toBe(403);
      expect(dry.body).toContain('Chỉ Văn phòng');
      expect((await upload(harness, jar, '/nhan-su/ap-dung', fields)).status, `${role} apply`).toBe(403);
      expect((await post(harness, jar, `/nhan-su/phong/${ttbc?.id}/ma`, {})).status, `${role} codes`).toBe(403);
      expect((await post(harness, jar, `/nhan-su/phong/${ttbc?.id}/lanh-dao`, { nguoi: String(who.leader.personId) })).status, `${role} leader`).toBe(403);
    }
    expect(await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }))).toHaveLength(before.length);
    expect((await harness.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).map((p) => p.fullName)).not.toContain('Trương Minh Quân');
  });
});

describe('dashboard /ky: periods', () => {
  it('shows the quarter with the Q4 flag and a suggested date, and the reminder schedule’s next runs; the director sees no forms; others 403', async () => {
    h = await startHarness();
    const who = await signIn(h);
    const office = await get(h, '/ky', who.office.jar);
    expect(office.status).toBe(200);
    expect(office.body).toContain('Quý IV/2026');
    expect(office.body).toContain('Hạn tự đánh giá (10/12/2026) trùng hoặc muộn hơn hạn phòng gửi danh sách (10/12/2026)');
    expect(office.body).toContain('Đặt hạn tự đánh giá ngày 05/12/2026');
    expect(office.body).toContain('value="2027-Q1"'); // the next quarter not yet opened
    const schedule = /<table id="lich-nhac">[\s\S]*?<\/table>/.exec(office.body)?.[0] ?? '';
    expect(schedule).toContain('<td>nhắc tự đánh giá</td><td>08:00 ngày 10 tháng cuối mỗi Quý</td><td>08:00 ngày 10/12/2026</td>');
    expect(schedule).toContain('<td>báo cáo tình hình tổng hợp</td><td>08:00 ngày 25 tháng cuối mỗi Quý</td><td>08:00 ngày 25/12/2026</td>');
    expect(schedule).toMatch(/công bố danh sách biểu dương<\/td><td>[^<]*<\/td><td>08:00 ngày 04\/01\/2027/); // 1/1 a holiday, 2–3 a weekend
    const director = await get(h, '/ky', who.director.jar);
    expect(director.status).toBe(200);
    expect(director.body).toContain('Quý IV/2026');
    expect(director.body).not.toContain('action="/ky/mo"');
    expect(director.body).not.toContain('/han"');
    for (const role of ['staff', 'head', 'leader'] as const) {
      const r = await get(h, '/ky', who[role].jar);
      expect(r.status, role).toBe(403);
      expect(r.body).toContain('Chỉ Văn phòng');
    }
  });

  it('opens a quarter (audited), refuses a duplicate and a bad code, changes deadlines (audited) and refuses a wrong order', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const dup = await post(harness, who.office.jar, '/ky/mo', { ky: '2026-q4', boTieuChi: 'dak-nong-chien-binh-so-2024' }, '/ky');
    expect(dup.status).toBe(409);
    expect(dup.body).toContain('Kỳ 2026-Q4 của đơn vị so-tttt-demo đã được mở trước đó; không mở lại.');
    const bad = await post(harness, who.office.jar, '/ky/mo', { ky: 'Quý 1', boTieuChi: 'dak-nong-chien-binh-so-2024' }, '/ky');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('không hợp lệ');
    expect((await post(harness, who.office.jar, '/ky/mo', { ky: '2027-Q1', boTieuChi: 'khong-co' }, '/ky')).status).toBe(400);
    const opened = await post(harness, who.office.jar, '/ky/mo', { ky: '2027-Q1', boTieuChi: 'dak-nong-chien-binh-so-2024' }, '/ky');
    expect(opened.status).toBe(303);
    expect((await harness.store.read((tx) => tx.periods.find('so-tttt-demo', '2027-Q1')))?.selfDeadline).toBe('2027-03-10');
    expect((await get(harness, opened.location ?? '', who.office.jar)).body).toContain('Đã mở kỳ 2027-Q1');

    const moved = await post(harness, who.office.jar, '/ky/2026-Q4/han', { hanTuDanhGia: '2026-12-05' }, '/ky');
    expect(moved.status).toBe(303);
    const q4 = await harness.store.read((tx) => tx.periods.find('so-tttt-demo', '2026-Q4'));
    expect(q4).toMatchObject({ selfDeadline: '2026-12-05', departmentDeadline: '2026-12-10' });
    const after = await get(harness, moved.location ?? '', who.office.jar);
    expect(after.body).toContain('Đã lưu hạn mới của kỳ 2026-Q4');
    expect(after.body).not.toContain('Đặt hạn tự đánh giá ngày');
    const wrong = await post(harness, who.office.jar, '/ky/2026-Q4/han', { hanTuDanhGia: '2026-12-05', hanPhong: '2026-12-01' }, '/ky');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('không được trước hạn tự đánh giá');
    expect((await post(harness, who.office.jar, '/ky/2030-Q1/han', { hanTuDanhGia: '2030-03-05' }, '/ky')).status).toBe(404);
    const audit = await harness.store.read((tx) => tx.audit.search({ unitId: 'so-tttt-demo' }));
    // Audited once by the service (the refused duplicate and bad code wrote nothing).
    const openedEntries = audit.filter((a) => a.action === 'period.opened');
    expect(openedEntries).toHaveLength(1);
    expect(openedEntries[0]).toMatchObject({ channel: 'web', actorPersonId: who.office.personId, after: { code: '2027-Q1', rubricId: 'dak-nong-chien-binh-so-2024' } });
    expect(audit.filter((a) => a.action === 'period.deadlines_changed')).toHaveLength(1);
  });

  it('sends a test reminder to the signed-in person through the outbox, and says so', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const since = harness.clock.now().getTime() - 1;
    const r = await post(harness, who.office.jar, '/ky/nhac-thu', {}, '/ky');
    expect(r.status).toBe(303);
    const shown = await get(harness, r.location ?? '', who.office.jar);
    expect(shown.body).toContain('Đã gửi một nhắc nhở thử cho anh/chị qua trang web chat');
    const rows = await harness.store.read((tx) => tx.outbox.listForPeople([who.office.personId], since));
    const test = rows.filter((o) => o.dedupeKey.startsWith('test-reminder:'));
    expect(test).toHaveLength(1);
    expect(JSON.stringify(test[0])).toContain('Nhắc nhở thử từ Thi Đua Số');
    expect(JSON.stringify(test[0])).toContain('Hạn tự đánh giá: hết ngày 10/12/2026');
  });

  it('refuses every period action to the staff, the head, the leader and the director (403), changing nothing', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    for (const role of ['staff', 'head', 'leader', 'director'] as const) {
      const jar = who[role].jar;
      const open = await post(harness, jar, '/ky/mo', { ky: '2027-Q1', boTieuChi: 'dak-nong-chien-binh-so-2024' });
      expect(open.status, `${role} open`).toBe(403);
      expect(open.body).toContain('Chỉ Văn phòng');
      expect((await post(harness, jar, '/ky/2026-Q4/han', { hanTuDanhGia: '2026-12-05' })).status, `${role} deadlines`).toBe(403);
    }
    for (const role of ['staff', 'head', 'leader'] as const) {
      expect((await post(harness, who[role].jar, '/ky/nhac-thu', {})).status, `${role} test reminder`).toBe(403);
    }
    expect(await harness.store.read((tx) => tx.periods.find('so-tttt-demo', '2027-Q1'))).toBeNull();
    expect((await harness.store.read((tx) => tx.periods.find('so-tttt-demo', '2026-Q4')))?.selfDeadline).toBe('2026-12-10');
  });
});
