/**
 * The department lists on their way up: the head's list (/danh-sach: preview, confirm, send), the office's intake
 * (/tiep-nhan: the lists received, one list, accept or return it, the report to the director) and the director's
 * approval (/phe-duyet: finalise or return to the office), each action through the approval service.
 */
import type { Request } from 'express';
import { canCompile } from '../../approval/authorize.js';
import { readSnapshot } from '../../approval/list-snapshot.js';
import { activeActor, actorOf } from '../../approval/review-target.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import { directorData, listPreview, officeData } from '../dashboard-data.js';
import { idParam, flash, reasonOf, Refused, unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { directorPage, finaliseConfirmPage } from '../views/director-view.js';
import { listConfirmPage, listPage, officeListPage, officePage, reportConfirmPage } from '../views/lists-view.js';


export function registerListRoutes({ router, deps, auth, page, html, viewerOf, whoOf, action }: DashboardPageKit): void {
  // The head's department list.
  router.get(
    '/danh-sach',
    auth,
    page(async (req, res) => {
      const p = unwrap(await deps.store.read((tx) => listPreview(tx, whoOf(res))));
      const f = flash(req);
      html(res, 200, listPage(viewerOf(res), p, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/danh-sach/xac-nhan',
    auth,
    page(async (_req, res) => {
      const p = unwrap(await deps.store.read((tx) => listPreview(tx, whoOf(res))));
      html(res, 200, listConfirmPage(viewerOf(res), p));
    }),
  );
  action('/danh-sach/gui', () => (tx, who) => deps.service.sendList(tx, who), () => '/danh-sach?ok=da-gui');

  // The office.
  router.get(
    '/tiep-nhan',
    auth,
    page(async (req, res) => {
      const d = unwrap(await deps.store.read((tx) => officeData(tx, deps.service, whoOf(res))));
      const f = flash(req);
      html(res, 200, officePage(viewerOf(res), d, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/tiep-nhan/trinh',
    auth,
    page(async (_req, res) => {
      const d = unwrap(await deps.store.read((tx) => officeData(tx, deps.service, whoOf(res))));
      html(res, 200, reportConfirmPage(viewerOf(res), d));
    }),
  );
  action('/tiep-nhan/trinh', () => (tx, who) => deps.service.submitToDirector(tx, who), () => '/tiep-nhan?ok=da-trinh');
  const listId = (req: Request): number => {
    const id = idParam.safeParse(req.params.listId);
    if (!id.success) throw new Refused({ code: 'list-not-found' });
    return id.data;
  };
  router.get(
    '/tiep-nhan/:listId',
    auth,
    page(async (req, res) => {
      const id = listId(req);
      const who = whoOf(res);
      const view = await deps.store.read(async (tx) => {
        const me = await activeActor(tx, who.actorId);
        const may = me ? canCompile(actorOf(me)) : { ok: false as const, refusal: { code: 'not-allowed' as const } };
        if (!may.ok) throw new Refused(may.refusal);
        const list = await tx.reviews.list(id);
        const dept = list ? await tx.reviews.department(list.departmentId) : null;
        const snapshot = list ? readSnapshot(list.snapshot) : null;
        if (!list || !dept || !snapshot || dept.unitId !== me?.unitId) throw new Refused({ code: 'list-not-found' });
        const heads = await tx.reviews.holdersOf(dept.unitId, 'head', dept.id);
        const headNames = (await Promise.all(heads.map((h) => tx.reviews.member(h)))).flatMap((m) => (m ? [`${m.fullName} (Trưởng phòng)`] : []));
        const accept = await deps.service.canAcceptList(tx, who, { listId: id });
        const ret = await deps.service.canReturnList(tx, who, { listId: id });
        return {
          listId: id,
          snapshot,
          status: list.status,
          headNames,
          canAccept: accept.ok ? null : refusalText(accept.refusal),
          canReturn: ret.ok ? null : refusalText(ret.refusal),
        };
      });
      html(res, 200, officeListPage(viewerOf(res), view));
    }),
  );
  action(
    '/tiep-nhan/:listId/tiep-nhan',
    (req) => {
      const input = { listId: listId(req) };
      return (tx, who) => deps.service.acceptList(tx, who, input);
    },
    () => '/tiep-nhan?ok=da-tiep-nhan',
  );
  action(
    '/tiep-nhan/:listId/tra-lai',
    (req) => {
      const input = { listId: listId(req), reason: reasonOf(req) };
      return (tx, who) => deps.service.returnList(tx, who, input);
    },
    () => '/tiep-nhan?ok=da-tra-lai-ds',
  );

  // The director.
  router.get(
    '/phe-duyet',
    auth,
    page(async (req, res) => {
      const d = unwrap(await deps.store.read((tx) => directorData(tx, deps.service, whoOf(res))));
      const f = flash(req);
      html(res, 200, directorPage(viewerOf(res), d, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/phe-duyet/xac-nhan',
    auth,
    page(async (_req, res) => {
      const d = unwrap(await deps.store.read((tx) => directorData(tx, deps.service, whoOf(res))));
      html(res, 200, finaliseConfirmPage(viewerOf(res), d));
    }),
  );
  action('/phe-duyet', () => (tx, who) => deps.service.finalise(tx, who), () => '/phe-duyet?ok=da-phe-duyet');
  action(
    '/phe-duyet/tra-lai',
    (req) => {
      const input = { reason: reasonOf(req) };
      return (tx, who) => deps.service.directorReturn(tx, who, input);
    },
    () => '/phe-duyet?ok=da-tra-lai-vp',
  );
}
