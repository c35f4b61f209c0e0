/**
 * The figures pages, read only: progress (/tien-do) and calibration (/hieu-chuan) for a department or the whole unit,
 * and the unit's results (/ket-qua, office and director) with the honour board image and the score sheet download.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { departmentArticleRows } from '../../approval/department-article.js';
import { buildScoreSheet, ExportError } from '../../approval/export-score-sheet.js';
import { scoreSheetXlsx } from '../../approval/score-sheet-file.js';
import { loadHonourBoard } from '../../honours/load-board.js';
import { renderBoardPng } from '../../honours/render-board.js';
import { HttpError } from '../../http/create-http-app.js';
import { unitLeaderboard, yearResults } from '../../results/index.js';
import { calibrationData } from '../calibration-data.js';
import { progressData, resultsScope } from '../dashboard-data.js';
import { unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { calibrationPage } from '../views/calibration-view.js';
import { progressPage } from '../views/progress-view.js';
import { resultsPage } from '../views/results-view.js';

const periodQuery = z.object({ ky: z.string().trim().regex(/^\d{4}-Q[1-4]$/i).optional() });
/** `?phong=<id>`: one department's page (progress, calibration); anything else: the whole unit's page. */
const departmentQuery = z.object({ phong: z.coerce.number().int().positive() });
const departmentOf = (req: Request): number | null => departmentQuery.safeParse(req.query).data?.phong ?? null;

export function registerResultsRoutes({ router, deps, auth, page, html, viewerOf, whoOf }: DashboardPageKit): void {
  router.get(
    '/tien-do',
    auth,
    page(async (req, res) => {
      const q = periodQuery.safeParse(req.query);
      const data = unwrap(await deps.store.read((tx) => progressData(tx, whoOf(res), q.success ? (q.data.ky ?? null) : null, departmentOf(req))));
      html(res, 200, progressPage(viewerOf(res), data));
    }),
  );

  router.get(
    '/hieu-chuan',
    auth,
    page(async (req, res) => {
      const data = unwrap(await deps.store.read((tx) => calibrationData(tx, whoOf(res), departmentOf(req))));
      html(res, 200, calibrationPage(viewerOf(res), data));
    }),
  );

  // Results (office and director: the whole unit).
  const periodCodeOf = (req: Request): string | null => {
    const q = periodQuery.safeParse(req.query);
    return q.success && q.data.ky ? q.data.ky.toUpperCase() : null;
  };
  router.get(
    '/ket-qua',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const view = await deps.store.read(async (tx) => {
        const me = unwrap(await resultsScope(tx, who));
        const periods = await tx.periods.list(me.unitId);
        const code = periodCodeOf(req);
        const period = (code ? periods.find((p) => p.code === code) : periods[periods.length - 1]) ?? null;
        if (!period) return { periods, period: null, board: null, year: null, articles: null };
        const provisional = period.status !== 'finalised';
        const board = await unitLeaderboard(tx, { unitId: me.unitId, periodCode: period.code, n: 5, provisional });
        const year = await yearResults(tx, { unitId: me.unitId, year: period.year, provisional });
        // Seed 000 II.3.b: each department's own article of the quarter, next to its mean.
        const articles = await departmentArticleRows(tx, period, board?.departments ?? []);
        return { periods: [...periods].reverse(), period, board, year, articles };
      });
      html(res, 200, resultsPage(viewerOf(res), view));
    }),
  );
  router.get(
    '/ket-qua/vinh-danh.png',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const code = periodCodeOf(req);
      if (!code) throw new HttpError(400, 'Thiếu mã kỳ (ví dụ 2026-Q4).');
      const loaded = await deps.store.read(async (tx) => {
        const me = unwrap(await resultsScope(tx, who));
        return loadHonourBoard(tx, { unitId: me.unitId, kind: 'quarter', periodCode: code }, 5, { allowProvisional: true });
      });
      if (!loaded.board) throw new HttpError(404, 'Kỳ này chưa có bảng vinh danh.');
      res.type('image/png').setHeader('Cache-Control', 'private, no-cache');
      res.send(renderBoardPng(loaded.board));
    }),
  );
  router.get(
    '/ket-qua/bang-diem.xlsx',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const code = periodCodeOf(req);
      if (!code) throw new HttpError(400, 'Thiếu mã kỳ (ví dụ 2026-Q4).');
      let sheets;
      try {
        sheets = await deps.store.read(async (tx) => {
          const me = unwrap(await resultsScope(tx, who));
          return buildScoreSheet(tx, { unitId: me.unitId, periodCode: code, now: who.now });
        });
      } catch (error) {
        if (error instanceof ExportError) throw new HttpError(404, error.message);
        throw error;
      }
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`bang-diem-${code}.xlsx`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(await scoreSheetXlsx(sheets));
    }),
  );
}
