/**
 * End to end in a real browser: the real app (createApp on 127.0.0.1:0 over a fresh database with the demo seed),
 * a demo staff member logs in with the printed code, answers every criterion (buttons and typed answers), adds a
 * link and a file, reviews, submits, and the stored submission is checked in SQLite with a separate connection.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { seedDemoIfEmpty, type DemoLogin } from '../../src/app/demo-seed.js';
import { loadConfig } from '../../src/config.js';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import { silentLogger } from '../../src/logger.js';

const SHOTS = join('test-output', 'screenshots');
const NAV = new Set(['◀ Câu trước', 'Bỏ qua ▶', '📋 Xem lại', '📎 Minh chứng']);

let dir: string;
let app: App;
let url: string;
let staff: DemoLogin;
let head: DemoLogin;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thidua-browser-'));
  mkdirSync(SHOTS, { recursive: true });
  const config = loadConfig({ DATABASE_PATH: join(dir, 'thidua.db'), PORT: '0', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
  app = await createApp({ config, logger: silentLogger() });
  const demo = await seedDemoIfEmpty(app.store, app.rubrics, new Date());
  const [first, second] = demo.logins;
  if (!first || !second) throw new Error('the demo seed issued no login code');
  staff = first;
  head = second;
  url = (await app.start()).url;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `action` and waits until the bot has answered (more messages, composer enabled again). */
async function act(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await page.locator('#messages > li').count();
  await action();
  await page.waitForFunction(
    (n) => document.querySelectorAll('#messages > li').length > n && !(document.getElementById('send') as HTMLButtonElement).disabled,
    before + 1,
  );
}

/** The newest message that still has live buttons: its text and button labels. */
async function openPrompt(page: Page): Promise<{ text: string; labels: string[] } | null> {
  return page.evaluate(() => {
    const groups = Array.from(document.querySelectorAll('.choices:not([data-closed])'));
    const group = groups[groups.length - 1];
    const li = group?.closest('li');
    if (!group || !li) return null;
    return {
      text: li.querySelector('.bubble')?.textContent ?? '',
      labels: Array.from(group.querySelectorAll('button')).map((b) => b.textContent ?? ''),
    };
  });
}

async function press(page: Page, label: string): Promise<void> {
  await act(page, () => page.locator('.choices:not([data-closed])').last().getByRole('button', { name: label, exact: true }).click());
}

async function type(page: Page, text: string): Promise<void> {
  await act(page, async () => {
    await page.getByLabel('Câu trả lời, đường liên kết minh chứng hoặc lệnh').fill(text);
    await page.keyboard.press('Enter');
  });
}

/** What to type for a question whose best answer button is `label`. */
function typedAnswer(label: string): string {
  const level = /^([a-z](?:\.\d+)?)\)/.exec(label);
  if (level?.[1]) return level[1];
  if (label.includes('Đạt')) return 'đạt';
  return 'có';
}

describe('web chat in a browser', () => {
  it('logs in, answers every criterion, adds evidence, reviews and submits; the head is notified and approves', async () => {
    const pageErrors: string[] = [];
    // The head of the staff member's department is logged in on another browser, to receive the approval prompt.
    const headPage = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'vi-VN' })).newPage();
    headPage.on('pageerror', (e) => pageErrors.push(e.message));
    await headPage.goto(`${url}/chat`);
    await headPage.getByLabel('Mã đăng nhập').fill(head.code);
    await headPage.getByRole('button', { name: 'Đăng nhập' }).click();
    await headPage.locator('#chat-view').waitFor({ state: 'visible' });
    // The head's quick buttons are the role's (Duyệt, Tiến độ), not the staff's.
    await expect.poll(() => headPage.locator('.quick .chip').allTextContents()).toEqual(expect.arrayContaining(['Duyệt', 'Tiến độ']));
    expect(await headPage.locator('.quick .chip').allTextContents()).not.toContain('Nộp');

    const page = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'vi-VN' })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/chat`);
    await page.getByLabel('Mã đăng nhập').fill(staff.code);
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#chat-view').waitFor({ state: 'visible' });
    await page.locator('#messages > li').first().waitFor();
    await press(page, '📝 Tự đánh giá');

    let total = 0;
    let answered = 0;
    let linkAdded = false;
    let fileAdded = false;
    let questionShot = false;
    let reloaded = false;
    for (let step = 0; step < 150; step++) {
      const prompt = await openPrompt(page);
      if (!prompt) throw new Error('no open prompt');
      if (prompt.text.includes('📋 Bản tự đánh giá')) break;
      if (prompt.text.includes('📎 Minh chứng cho câu')) {
        if (prompt.text.includes('Đã có: 0')) await type(page, 'https://thongtin.daknong.gov.vn/tin-bai/chuyen-doi-so-2026');
        else await press(page, '✅ Xong');
        continue;
      }
      const question = /Câu (\d+)\/(\d+)/.exec(prompt.text);
      if (!question) throw new Error(`unexpected prompt: ${prompt.text.slice(0, 200)}`);
      const n = Number(question[1]);
      total = Number(question[2]);
      if (n === 3 && !reloaded) {
        // A page reload in the middle: the same question comes back, ready to answer.
        reloaded = true;
        await page.reload();
        await page.locator('#chat-view').waitFor({ state: 'visible' });
        await page.waitForFunction(() => /Câu \d+\//.test(document.getElementById('messages')?.textContent ?? ''));
        expect((await openPrompt(page))?.text).toContain(`Câu 3/${total}`);
        continue;
      }
      const answers = prompt.labels.filter((l) => !NAV.has(l));
      if (!questionShot && answers.some((l) => /^[a-z]\.\d+\)/.test(l))) {
        await page.screenshot({ path: join(SHOTS, 'question.png') });
        questionShot = true;
      }
      if (!linkAdded && prompt.text.includes('📎 Minh chứng (') && prompt.labels.includes('📎 Minh chứng') && !prompt.text.includes('(bắt buộc')) {
        await type(page, 'https://daknong.gov.vn/minh-chung/hoc-tap-chuyen-doi-so');
        linkAdded = true;
        continue;
      }
      if (linkAdded && !fileAdded && prompt.text.includes('📎 Minh chứng (') && !prompt.text.includes('đã có')) {
        await act(page, () =>
          page.locator('#file-input').setInputFiles({
            name: 'giấy chứng nhận.pdf',
            mimeType: 'application/pdf',
            buffer: Buffer.from('%PDF-1.4\n% Giấy chứng nhận hoàn thành khóa học chuyển đổi số\n%%EOF\n'),
          }),
        );
        fileAdded = true;
        continue;
      }
      // The best answer (highest level, "Đạt", "Có"); numbers are typed.
      const best = answers.find((l) => l.startsWith('✅')) ?? answers[answers.length - 1];
      if (!best) await type(page, '2');
      else if (n % 2 === 0) await type(page, typedAnswer(best));
      else await press(page, best);
      answered++;
    }

    expect(total).toBeGreaterThan(10);
    expect(answered).toBe(total);
    expect(linkAdded && fileAdded && reloaded).toBe(true);
    const review = await openPrompt(page);
    expect(review?.text).toContain('Tổng tạm tính');
    expect(review?.text).not.toContain('Còn thiếu');
    await page.screenshot({ path: join(SHOTS, 'review.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'review-desktop.png') });
    await page.setViewportSize({ width: 412, height: 915 });

    await press(page, '📤 Nộp');
    const confirm = await openPrompt(page);
    expect(confirm?.text).toContain('Nộp bản tự đánh giá');
    await press(page, '📤 Nộp');
    await expect.poll(() => page.locator('#messages').textContent()).toContain('Đã nộp bản tự đánh giá');
    await page.screenshot({ path: join(SHOTS, 'submitted.png') });

    // A reload keeps the session (httpOnly cookie) and greets again.
    await page.reload();
    await page.locator('#chat-view').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#messages').textContent()).toContain('Xin chào');

    // The head's page pulls the approval prompt from the outbox and approves from it.
    const prompt = headPage.locator('#messages > li.notice').filter({ has: headPage.getByRole('button', { name: '✅ Duyệt' }) });
    await prompt.last().waitFor({ timeout: 15_000 });
    await headPage.screenshot({ path: join(SHOTS, 'head-approval.png') });
    // The card lasts: after its details (which carry the review actions), its own buttons are still usable.
    await act(headPage, () => prompt.last().getByRole('button', { name: '🔎 Xem chi tiết' }).click());
    await expect.poll(() => headPage.locator('#messages > li').filter({ hasText: '🔎' }).last().getByRole('button', { name: '✅ Duyệt' }).isEnabled()).toBe(true);
    await act(headPage, () => prompt.last().getByRole('button', { name: '✅ Duyệt' }).click());
    expect(await prompt.last().getByRole('button', { name: '🔎 Xem chi tiết' }).isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);

    const sqlite = new Database(join(dir, 'thidua.db'), { readonly: true });
    try {
      const submission = sqlite
        .prepare('SELECT id, status, self_total AS selfTotal FROM submissions WHERE person_id = ?')
        .get(staff.personId) as { id: number; status: string; selfTotal: number } | undefined;
      expect(['submitted', 'approved']).toContain(submission?.status);
      const submitted = sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'submission.submitted' AND subject_person_id = ?").get(staff.personId) as { n: number };
      expect(submitted.n).toBe(1);
      expect(submission?.selfTotal).toBeGreaterThan(0);
      const answerCount = sqlite.prepare('SELECT count(*) AS n FROM answers WHERE submission_id = ?').get(submission?.id) as { n: number };
      expect(answerCount.n).toBe(total);
      const rows = sqlite
        .prepare('SELECT kind, url, file_path AS filePath, original_name AS originalName FROM evidence WHERE submission_id = ?')
        .all(submission?.id) as { kind: string; url: string | null; filePath: string | null; originalName: string | null }[];
      expect(rows.filter((r) => r.kind === 'link').length).toBeGreaterThanOrEqual(1);
      const file = rows.find((r) => r.kind === 'file');
      expect(file?.originalName).toBe('giấy chứng nhận.pdf');
      expect(existsSync(join(dir, file?.filePath ?? 'missing'))).toBe(true);
    } finally {
      sqlite.close();
    }
  });

  it('warns before logging out that a new code is needed; cancelling keeps the session (issue 18 item 15)', async () => {
    const page = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'vi-VN' })).newPage();
    await page.goto(`${url}/chat`);
    // The demo codes were used by the first test: the office issues a fresh one.
    const fresh = await app.store.transaction((tx) => issueInviteCode(tx, head.personId, Date.now()));
    await page.getByLabel('Mã đăng nhập').fill(fresh.code);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#chat-view').waitFor({ state: 'visible' });
    const warnings: string[] = [];
    page.once('dialog', (d) => {
      warnings.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('MÃ KÍCH HOẠT MỚI');
    expect(await page.locator('#chat-view').isVisible()).toBe(true);
    await page.reload();
    await page.locator('#chat-view').waitFor({ state: 'visible' });

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.locator('#login-view').waitFor({ state: 'visible' });
    expect(await page.locator('#login-error').textContent()).toContain('đã đăng xuất');
  });
});
