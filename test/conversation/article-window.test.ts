/**
 * Issue 17 item 12: the article question ("Ít nhất 1 bài/6 tháng", seed 000 II.3.b) shows the dates the count covers
 * under the unit's `articleWindow`: the last six months (default) or the calendar half-year.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { articleWindowLine } from '../../src/scoring/period-calendar.js';
import { testStore } from '../helpers/test-store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { linkedChat, makeEngine } from './harness.js';

/** Goes through questions 1–19 of seed 000 (staff of the sub-level department); question 20 is the article count. */
async function toArticleQuestion(chat: Awaited<ReturnType<typeof linkedChat>>): Promise<string> {
  await chat.command('tudanhgia');
  await chat.press('Đạt');
  for (const t of ['đạt', 'DAT', 'x', 'có', 'Đạt', 'dat', 'co']) await chat.text(t);
  await chat.text('b)');
  await chat.press('Có');
  await chat.text('c.2');
  await chat.text('B.');
  for (let i = 0; i < 6; i += 1) await chat.text('2');
  await chat.press('Có');
  return chat.said;
}

describe('the article window in the chat question', () => {
  it('Q3 2026: 01/04–30/09 by default; 01/07–30/09 "theo nửa năm" (judged at Q4) under half-year', async () => {
    const store = testStore();
    await seedUnit(store, { periodCode: '2026-Q3' });
    const h = makeEngine(store);
    const chat = await linkedChat(h, 'lan', '0912000002');
    const asked = await toArticleQuestion(chat);
    expect(asked).toContain('Câu 20/20');
    expect(asked).toContain('🗓️ Khoảng thời gian tính (6 tháng gần nhất): 01/04/2026 – 30/09/2026');

    store.db.update(units).set({ settings: { rules: { articleWindow: 'half-year' } } }).where(eq(units.id, 'u1')).run();
    await chat.command('tudanhgia');
    const resumed = chat.said;
    const half = articleWindowLine({ code: '2026-Q3', year: 2026, quarter: 3 }, 'half-year');
    expect(half).toBe(
      '🗓️ Khoảng thời gian tính (theo nửa năm): 01/07/2026 – 30/09/2026 — nửa năm chưa kết thúc: điều kiện được xét ở Quý cuối nửa năm, bài đã đăng vẫn được tính',
    );
    expect(resumed).toContain('Câu 20/20');
    expect(resumed).toContain(half ?? 'none');
    expect(articleWindowLine({ code: '2026-Q4', year: 2026, quarter: 4 }, 'half-year')).toBe('🗓️ Khoảng thời gian tính (theo nửa năm): 01/07/2026 – 31/12/2026');
    expect(articleWindowLine({ code: '2026-Q1', year: 2026, quarter: 1 }, 'last-6-months')).toBe('🗓️ Khoảng thời gian tính (6 tháng gần nhất): 01/10/2025 – 31/03/2026');
    expect(articleWindowLine({ code: '2024-TD', year: 2024, quarter: 4 }, 'last-6-months')).toBeNull();
  });
});
