/**
 * Issue 15, "done when": a whole theory test in a real Chromium against the real app (createApp on 127.0.0.1:0,
 * SQLite file, the seed-001 contest with the organiser's values set and the sample bank). A candidate signs in with
 * the candidate number and the room code, answers every question by clicking, reloads the page half-way (answers
 * and remaining time come back), submits, and sees the end screen; every answer is in the database, the attempt is
 * submitted by the candidate, and no response the page received carried a key field.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { contestCatalogue, seedContestWorld, type ContestWorld } from '../helpers/contest-world.js';

const SHOTS = join('test-output', 'screenshots');
let dir: string;
let app: App;
let url: string;
let world: ContestWorld;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thidua-exam-browser-'));
  mkdirSync(SHOTS, { recursive: true });
  const config = loadConfig({ DATABASE_PATH: join(dir, 'thidua.db'), PORT: '0', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
  app = await createApp({ config, logger: silentLogger(), contests: contestCatalogue().catalogue });
  world = await seedContestWorld(app.store, { cityUnits: 1, districtUnits: 0, now: Date.now() });
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

describe('theory test in Chromium (issue 15)', () => {
  it('takes a whole test: sign in, click every answer, reload half-way, submit', async () => {
    const candidate = world.candidates[0];
    if (!candidate) throw new Error('no candidate');
    const page = await browser.newPage();
    const bodies: string[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/api/exam/')) void res.text().then((t) => bodies.push(t), () => undefined);
    });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${url}/thi`);
    await page.getByLabel('Số báo danh').fill(candidate.candidateNumber);
    await page.getByLabel('Mã phòng thi').fill((world.roomCodes.get(candidate.roomId) ?? '').toLowerCase());
    await page.getByRole('button', { name: 'Vào thi' }).click();
    await page.locator('#questions > li').first().waitFor();
    const count = await page.locator('#questions > li').count();
    expect(count).toBe(40);
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/^Còn lại (29|30):\d\d$/);
    expect(await page.locator('#who').textContent()).toContain(candidate.candidateNumber);

    const chosen = new Map<number, string>();
    const answer = async (n: number) => {
      const li = page.locator(`#q${n}`);
      const options = li.locator('input[type=radio]');
      const k = n % (await options.count());
      await options.nth(k).check();
      chosen.set(n, (await options.nth(k).getAttribute('value')) ?? '');
      await expect.poll(() => page.locator(`#m${n}`).textContent()).toBe('Đã lưu');
    };
    for (let n = 1; n <= 20; n += 1) await answer(n);
    await page.screenshot({ path: join(SHOTS, 'exam-half.png'), fullPage: false });

    // A refresh (or another computer with the same session) resumes: the chosen options and the clock come back.
    await page.reload();
    await page.locator('#questions > li').first().waitFor();
    for (const [n, label] of chosen) expect(await page.locator(`#q${n} input[value="${label}"]`).isChecked(), `câu ${n}`).toBe(true);
    expect(await page.locator('#progress').textContent()).toBe('Đã trả lời 20/40 câu');
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/^Còn lại (29|30):\d\d$/);

    for (let n = 21; n <= 40; n += 1) await answer(n);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.locator('#ended').waitFor({ state: 'visible' });
    expect(await page.locator('#ended-title').textContent()).toBe('Đã nộp bài');
    expect(await page.locator('#ended-text').textContent()).toContain('Số câu đã trả lời: 40/40');
    await page.screenshot({ path: join(SHOTS, 'exam-submitted.png') });

    const stored = await app.store.read(async (tx) => {
      const attempt = await tx.contest.attempt(world.contestId, candidate.candidateNumber);
      return { attempt, answers: attempt ? await tx.contest.answers(attempt.id) : [] };
    });
    expect(stored.attempt?.submittedBy).toBe('candidate');
    expect(new Map(stored.answers.map((a) => [a.questionNumber, a.label]))).toEqual(chosen);
    for (const body of bodies) expect(body).not.toMatch(/"(correctLabel|answer|seed|questionId|topic|bankFingerprint)"/);
    await page.close();
  });
});
