/**
 * Seed 000 III.2.c under `departmentArticle: members-too`: the quarter's list loses the members of a department
 * without its article, and says so — the leaderboard names who it left out with the reason `/diem` and the score
 * sheet give, and the chat's and the dashboard's renderings print it under the list. Only people who would have been
 * on the list are named (not someone unclassified on their own account). The default rule leaves everyone listed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { answerDepartmentArticle } from '../../src/approval/department-article.js';
import { directorData, type DirectorData } from '../../src/dashboard/dashboard-data.js';
import { directorPage } from '../../src/dashboard/views/director-view.js';
import { resultsPage } from '../../src/dashboard/views/results-view.js';
import { unitLeaderboard } from '../../src/results/index.js';
import { finaliseConfirmation } from '../../src/workflows/approval/render-confirmations.js';
import { textOf } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { seedSubmission } from '../persistence/results-fixture.js';

const REASON = 'không xếp loại: phòng chưa đạt “Tin, bài của phòng trong Quý” (không có bài)';
const LINE = `Không đưa vào danh sách: Hoàng Thị Mai, Vũ Văn Chánh (Văn phòng Sở) — ${REASON}.`;

/**
 * Q4: department 0 (head 90, staff 60) has its article; department 1 (head2 80, office 70, staff3 85 but not
 * classified on her own) answered "0 bài".
 */
async function quarter() {
  const store = testStore();
  const unit = await seedUnit(store);
  const period = unit.period;
  if (!period) throw new Error('no period');
  const p = unit.people as Record<string, number>;
  for (const [key, total, classified] of [['head', 90, true], ['staff', 60, true], ['head2', 80, true], ['office', 70, true], ['staff3', 85, false]] as const) {
    seedSubmission(store.db, period.id, p[key] ?? -1, { selfTotal: total, reviewedTotal: total, classified });
  }
  const now = new Date(Date.UTC(2026, 11, 5, 3));
  const article = (key: string, count: number) =>
    store.transaction((tx) => answerDepartmentArticle(tx, { actorId: p[key] ?? -1, now, channel: 'cli' }, { periodCode: period.code, count }));
  expect((await article('head', 1)).ok).toBe(true);
  expect((await article('head2', 0)).ok).toBe(true);
  const board = (n?: number) => store.read((tx) => unitLeaderboard(tx, { unitId: unit.unitId, periodCode: period.code, n }));
  const summary = async (): Promise<DirectorData> => {
    const r = await store.read((tx) => directorData(tx, createApprovalService(), { actorId: p.director ?? -1, now: new Date(Date.UTC(2026, 11, 20)), channel: 'web' }));
    if (!r.ok) throw new Error(r.refusal.code);
    return r.outcome;
  };
  const viewer = { personId: p.director ?? -1, fullName: 'Đặng Văn Giám', roles: ['director' as const], departmentName: null, csrf: 'x' };
  const renderings = async () => {
    const d = await summary();
    return {
      chat: textOf(finaliseConfirmation({ ...d, finaliseBlocked: null })),
      director: directorPage(viewer, d, null),
      results: resultsPage(viewer, { periods: [period], period, board: await board(), year: null, articles: null }),
    };
  };
  const membersToo = () => store.db.update(units).set({ settings: { rules: { departmentArticle: 'members-too' } } }).where(eq(units.id, unit.unitId)).run();
  return { store, board, renderings, membersToo, article };
}

describe('the leaderboard under members-too', () => {
  it('names the members its department kept off the list, with the results’ reason, in the chat and on the dashboard', async () => {
    const { store, board, renderings, membersToo } = await quarter();
    // Default: the department only loses the best-department award; nobody is left out.
    expect((await board())?.top.map((e) => e.total)).toEqual([90, 80, 70, 60]);
    expect((await board())?.leftOut).toEqual([]);
    for (const text of Object.values(await renderings())) expect(text).not.toContain('Không đưa vào danh sách');

    membersToo();
    const lb = await board();
    expect(lb?.top.map((e) => [e.fullName, e.total])).toEqual([
      ['Nguyễn Văn Trưởng', 90],
      ['Trần Thị Lan', 60],
    ]);
    // Đỗ Thị Hoa (85, not classified on her own) was never on the list, so she is not named.
    expect(lb?.leftOut.map((e) => [e.fullName, e.total, e.reason])).toEqual([
      ['Hoàng Thị Mai', 80, `K${REASON.slice(1)}`],
      ['Vũ Văn Chánh', 70, `K${REASON.slice(1)}`],
    ]);
    const { chat, director, results } = await renderings();
    expect(chat).toContain(`2. Trần Thị Lan (Phòng Thông tin, Báo chí – Xuất bản) — 60đ`);
    expect(chat).toContain(LINE);
    expect(director).toContain(`<p class="muted">${LINE}</p>`);
    expect(results).toContain(`<p class="muted">${LINE}</p>`);
    await store.close();
  });

  it('names only who would have made the top n, and nobody once the article is recorded', async () => {
    const { store, board, membersToo, article } = await quarter();
    membersToo();
    // The top 3 without the rule would be 90, 80, 70: both are named. The top 1 would be 90 only: nobody.
    expect((await board(3))?.leftOut.map((e) => e.fullName)).toEqual(['Hoàng Thị Mai', 'Vũ Văn Chánh']);
    expect((await board(2))?.leftOut.map((e) => e.fullName)).toEqual(['Hoàng Thị Mai']);
    expect((await board(1))?.leftOut).toEqual([]);
    expect((await article('head2', 1)).ok).toBe(true);
    expect((await board())?.leftOut).toEqual([]);
    expect((await board())?.top.map((e) => e.total)).toEqual([90, 80, 70, 60]);
    await store.close();
  });
});
