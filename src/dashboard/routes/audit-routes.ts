/**
 * /nhat-ky: the audit search (office and director, `canReadAudit` in `readAuditPage`). GET only; a malformed
 * filter is a 400 in Vietnamese.
 */
import { z } from 'zod';
import { readAuditPage } from '../../audit/read-audit-page.js';
import { HttpError } from '../../http/create-http-app.js';
import { unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { auditPage } from '../views/audit-view.js';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const auditQuery = z.object({
  nguoi: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  ky: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().regex(/^\d{4}-(Q[1-4]|[A-Z0-9]{1,8})$/).optional()),
  'thao-tac': z.preprocess(blankToUndefined, z.string().trim().regex(/^[a-z0-9_.-]{1,64}$/).optional()),
  truoc: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
});

export function registerAuditRoutes(r: DashboardPageKit): void {
  r.router.get(
    '/nhat-ky',
    r.auth,
    r.page(async (req, res) => {
      const q = auditQuery.safeParse(req.query);
      if (!q.success) throw new HttpError(400, 'Điều kiện tìm không hợp lệ (người, kỳ như 2026-Q4, thao tác hoặc trang). Vui lòng chọn lại trong biểu mẫu.');
      const filter = { personId: q.data.nguoi, periodCode: q.data.ky, action: q.data['thao-tac'], beforeId: q.data.truoc };
      const data = unwrap(await r.deps.store.read((tx) => readAuditPage(tx, r.viewerOf(res).personId, filter)));
      r.html(res, 200, auditPage(r.viewerOf(res), data));
    }),
  );
}
