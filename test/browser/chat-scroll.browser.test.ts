/**
 * Issue 18 item 14 (the phone part): after an answer, the web chat shows the new question from its top with the
 * "✔ Câu N: …" echo still in sight, instead of scrolling to the end of a question taller than the screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { seedDemoIfEmpty, type DemoLogin } from '../../src/app/demo-seed.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';

let dir: string;
let app: App;
let url: string;
let staff: DemoLogin;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thidua-scroll-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'thidua.db'), PORT: '0', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
  app = await createApp({ config, logger: silentLogger() });
  const demo = await seedDemoIfEmpty(app.store, app.rubrics, new Date());
  const [first] = demo.logins;
  if (!first) throw new Error('the demo seed issued no login code');
  staff = first;
  url = (await app.start()).url;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function act(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await page.locator('#messages > li').count();
  await action();
  await page.waitForFunction(
    (n) => document.querySelectorAll('#messages > li').length > n && !(document.getElementById('send') as HTMLButtonElement).disabled,
    before + 1,
  );
}

/** Where the newest echo and the newest question are, relative to the visible part of the message list. */
function positions(page: Page) {
  return page.evaluate(() => {
    const list = document.getElementById('messages');
    const echoes = document.querySelectorAll('#messages > li.answered');
    const echo = echoes[echoes.length - 1];
    const groups = document.querySelectorAll('.choices:not([data-closed])');
    const question = groups[groups.length - 1]?.closest('li');
    if (!list || !echo || !question) return null;
    const view = list.getBoundingClientRect();
    const e = echo.getBoundingClientRect();
    const q = question.getBoundingClientRect();
    return {
      echoVisible: e.top >= view.top - 1 && e.bottom <= view.bottom + 1,
      questionTopVisible: q.top >= view.top - 1 && q.top <= view.bottom,
      questionTallerThanView: q.height + e.height > view.height,
    };
  });
}

describe('web chat on a phone', () => {
  it('keeps the "✔ Câu N" echo and the top of the new question in sight', async () => {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 520 }, locale: 'vi-VN' })).newPage();
    await page.goto(`${url}/chat`);
    await page.getByLabel('Mã đăng nhập').fill(staff.code);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#chat-view').waitFor({ state: 'visible' });
    await page.locator('#messages > li').first().waitFor();
    await act(page, () => page.locator('.choices:not([data-closed])').last().getByRole('button', { name: '📝 Tự đánh giá' }).click());
    for (let n = 1; n <= 3; n += 1) {
      await act(page, () => page.locator('.choices:not([data-closed])').last().getByRole('button', { name: '✅ Đạt', exact: true }).click());
      expect(await page.locator('#messages > li.answered').last().textContent()).toMatch(new RegExp(`^✔ Câu ${n}:`));
      const at = await positions(page);
      expect(at).toMatchObject({ echoVisible: true, questionTopVisible: true });
    }
  });
});
