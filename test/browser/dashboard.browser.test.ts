/**
 * The dashboard in a real Chromium: the real app (test/web/web-harness.ts: createApp on 127.0.0.1:0, demo unit), a
 * staff member submits through the web chat API, then in the browser the head signs in with a one-time code, sees
 * what waits, reviews (adjusts, approves) and sends the department list after its summary and confirmation; the
 * other heads and the office do their steps over HTTP; the director (on a phone-sized screen) reads the summary,
 * confirms and finalises, and opens the results with the honour board. Then the office, for the next quarter,
 * imports staff (a file with an error row, fixed, applied), prints a department's codes and opens the period.
 * Screenshots: test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFor, dashboardLogin, get, leadersComment, post, submitThroughChat } from '../dashboard/dashboard-harness.js';
import { startHarness, type Harness } from '../web/web-harness.js';

const SHOTS = join('test-output', 'screenshots');
const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Waits until `selector` shows `text` (after a form's redirect, the next page has loaded). */
async function see(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout: 15_000 });
}

async function signIn(page: Page, code: string): Promise<void> {
  await page.goto(`${h.url}/`);
  await page.waitForURL(/\/dang-nhap/);
  await page.fill('#code', code);
  await Promise.all([page.waitForURL(`${h.url}/`), page.click('button[type=submit]')]);
}

describe('dashboard in the browser', () => {
  it('a head reviews and sends the list; the director reads the summary and finalises', async () => {
    const [staffLogin, headLogin, officeLogin, directorLogin] = h.demo.logins;
    if (!staffLogin || !headLogin || !officeLogin || !directorLogin) throw new Error('demo logins missing');
    const staffJar = await dashboardLogin(h, staffLogin.code);
    await submitThroughChat(h, staffJar, staffLogin.personId, TTBC);

    // The head, on a desktop screen.
    const head = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(head, headLogin.code);
    await see(head, 'main', '1 bản tự đánh giá chờ anh/chị duyệt');
    await head.screenshot({ path: join(SHOTS, 'dashboard-01-head-home.png'), fullPage: true });
    await head.click('nav >> text=Duyệt');
    await head.click('#hang-cho >> text=Đặng Thị Mai Anh');
    await see(head, '#cau-tra-loi', 'Câu 1.');
    await head.screenshot({ path: join(SHOTS, 'dashboard-02-review.png'), fullPage: true });
    await head.selectOption('#muc', 'cbs.I.1|"b"');
    await head.fill('#ly-do-dc', 'Chưa đủ minh chứng mức c');
    await head.click('button:has-text("Điều chỉnh")');
    await see(head, '.notice.ok', 'Đã điều chỉnh');
    await head.click('button:has-text("Duyệt")');
    await see(head, '.notice.ok', 'Đã duyệt');
    await head.click('nav >> text=Danh sách phòng');
    await see(head, 'main', 'Danh sách chưa đủ: 3 người');
    await head.screenshot({ path: join(SHOTS, 'dashboard-03-list-summary.png'), fullPage: true });
    await head.click('text=Gửi danh sách cho Văn phòng…');
    await see(head, 'main', 'Phạm Thị Thu Hà (Văn phòng)');
    await head.click('button:has-text("Xác nhận gửi danh sách")');
    await see(head, '.notice.ok', 'Đã gửi danh sách cho Văn phòng.');

    // The other departments and the office, over HTTP.
    const officeJar = await dashboardLogin(h, officeLogin.code);
    expect((await post(h, officeJar, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    for (const name of ['Trịnh Quốc Khánh', 'Mai Xuân Trường']) {
      const jar = await dashboardLogin(h, (await codeFor(h, name)).code);
      expect((await post(h, jar, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    }
    await leadersComment(h);
    const office = await get(h, '/tiep-nhan', officeJar);
    for (const m of office.body.matchAll(/href="\/tiep-nhan\/(\d+)"/g)) {
      expect((await post(h, officeJar, `/tiep-nhan/${m[1]}/tiep-nhan`, {}, `/tiep-nhan/${m[1]}`)).status).toBe(303);
    }
    expect((await post(h, officeJar, '/tiep-nhan/trinh', {}, '/tiep-nhan/trinh')).status).toBe(303);

    // The director, on a phone.
    const director = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await signIn(director, directorLogin.code);
    await director.click('text=Xem tổng hợp và phê duyệt');
    await see(director, '#top5', 'Đặng Thị Mai Anh');
    await see(director, 'main', 'Tập thể dẫn đầu');
    await director.screenshot({ path: join(SHOTS, 'dashboard-04-director-summary.png'), fullPage: true });
    await director.click('text=Phê duyệt kết quả…');
    await see(director, 'main', '1 người có kết quả được duyệt sẽ nhận điểm chính thức');
    await director.screenshot({ path: join(SHOTS, 'dashboard-05-finalise-confirm.png'), fullPage: true });
    await director.click('button:has-text("Xác nhận phê duyệt")');
    await see(director, '.notice.ok', 'Đã phê duyệt kết quả');
    expect((await h.store.read((tx) => tx.periods.get(1)))?.status).toBe('finalised');
    await director.click('nav >> text=Kết quả');
    await see(director, '#bang-xep-hang', 'Đặng Thị Mai Anh');
    await director.waitForFunction(() => {
      const img = document.querySelector('img.board');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
    });
    await director.screenshot({ path: join(SHOTS, 'dashboard-06-results.png'), fullPage: true });
  });

  it('the office imports staff (an error row, fixed, applied), prints a department’s codes and opens the next quarter', async () => {
    const header = 'Họ và tên,Số điện thoại,Phòng,Chức vụ,Vai trò\n';
    const bad = `${header}Trương Minh Quân,0912000777,"${TTBC}",Chuyên viên,staff\nLê Thị Sai,09-ABC,"${TTBC}",Chuyên viên,staff\n`;
    const fixed = bad.replace('09-ABC', '0912000888');
    const office = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(office, (await codeFor(h, 'Phạm Thị Thu Hà')).code);
    await office.click('nav >> text=Nhân sự');
    await see(office, 'main', 'Lãnh đạo phụ trách: Nguyễn Thị Hồng Nhung');
    await office.screenshot({ path: join(SHOTS, 'dashboard-07-directory.png'), fullPage: true });

    await office.setInputFiles('#tep', { name: 'danh-ba.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await office.click('button:has-text("Chạy thử")');
    await see(office, '#dong-loi', 'Số điện thoại "09-ABC" không hợp lệ');
    await see(office, '#dong-loi', 'B (Số điện thoại)');
    expect(await office.locator('#ap-dung').count()).toBe(0);
    await office.screenshot({ path: join(SHOTS, 'dashboard-08-import-error-row.png'), fullPage: true });

    await office.setInputFiles('#tep', { name: 'danh-ba.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await office.click('button:has-text("Chạy thử")');
    await see(office, '#thay-doi', 'Lê Thị Sai');
    await office.screenshot({ path: join(SHOTS, 'dashboard-09-import-dry-run.png'), fullPage: true });
    await office.click('button:has-text("Áp dụng")');
    await see(office, '.notice.ok', 'Đã nhập danh bạ: thêm 2, cập nhật 0');
    await see(office, 'main', 'Trương Minh Quân');
    const people = (await h.store.read((tx) => tx.staff.listPeople('so-tttt-demo'))).map((p) => p.fullName);
    expect(people).toEqual(expect.arrayContaining(['Trương Minh Quân', 'Lê Thị Sai']));

    const ttbc = (await h.store.read((tx) => tx.staff.listDepartments('so-tttt-demo'))).find((d) => d.name === TTBC);
    await office.click(`#phong-${ttbc?.id} >> button:has-text("Cấp mã và in")`);
    await see(office, 'h1', `Mã kích hoạt — ${TTBC}`);
    expect(await office.locator('.code-card').count()).toBe(6);
    await office.emulateMedia({ media: 'print' });
    await office.screenshot({ path: join(SHOTS, 'dashboard-10-codes-print.png'), fullPage: true });
    await office.emulateMedia({ media: 'screen' });

    await office.goto(`${h.url}/ky`);
    await see(office, '#lich-nhac', 'nhắc tự đánh giá');
    expect(await office.inputValue('#ky')).toBe('2027-Q1');
    await office.click('button:has-text("Mở kỳ")');
    await see(office, '.notice.ok', 'Đã mở kỳ 2027-Q1');
    await see(office, '#ky-2027-Q1', 'hết ngày 10/03/2027');
    await office.screenshot({ path: join(SHOTS, 'dashboard-11-period-opened.png'), fullPage: true });
    expect((await h.store.read((tx) => tx.periods.find('so-tttt-demo', '2027-Q1')))?.status).toBe('open');
  });
});
