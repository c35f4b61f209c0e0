/**
 * `/nhan-su`, the office's directory in the browser (issue 16): the staff per department, the staff import from an
 * uploaded CSV/XLSX through the CLI's own parser and planner (a dry run with every bad row, then apply, refused with
 * 409 when the file or the directory changed since the dry run), a department's one-time codes on a printable
 * sheet, and the leader in charge of each department. The office acts (`canCompile`, as for its other steps); the
 * director may look (`resultsScope`: office or director); every other role gets 403 with the chat's text.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Who } from '../../approval/approval-service.js';
import { canCompile } from '../../approval/authorize.js';
import { actorOf } from '../../approval/review-target.js';
import { renderLeaderRefusal } from '../../cli/render-department.js';
import { findDepartment, listDepartments, setLeaderInCharge } from '../../directory/department-leader.js';
import { importStaff, loadUnitDirectory } from '../../directory/import-staff.js';
import { issueDepartmentInviteCodes } from '../../directory/issue-invite-code.js';
import { planStaffImport } from '../../directory/plan-staff-import.js';
import type { PlanStaffImportOptions } from '../../directory/staff-import-plan-types.js';
import { staffImportFingerprint } from '../../directory/staff-import-fingerprint.js';
import { LEADER_ROLES } from '../../directory/staff-roles.js';
import { formatOf, readStaffBuffer, StaffFileError, type StaffTable } from '../../directory/staff-table.js';
import { HttpError } from '../../http/create-http-app.js';
import type { MemberRecord } from '../../store/reviews.js';
import type { Tx } from '../../store/store.js';
import { officeScope, resultsScope } from '../dashboard-data.js';
import { idParam, unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { MultipartError, parseMultipart, type UploadedFile } from '../multipart-form.js';
import { codesPrintPage, directoryPage, importPreviewPage, type DirectoryData, type DirectoryPerson, type ImportOptionsView } from '../views/directory-view.js';
import { errorPage } from '../views/layout.js';

/** The largest staff file accepted (a province's list is well under this). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const DAY_MS = 86_400_000;

const FLASH: Record<string, string> = {
  'da-doi-lanh-dao': 'Đã đổi lãnh đạo phụ trách của phòng (đã ghi nhật ký).',
  'khong-doi': 'Người này đã là lãnh đạo phụ trách của phòng; không có gì thay đổi.',
};

const counts = z.object({ them: z.coerce.number().int().nonnegative(), sua: z.coerce.number().int().nonnegative(), giu: z.coerce.number().int().nonnegative() });
const optionsForm = z.object({ taoPhongMoi: z.string().optional(), trungTen: z.enum(['ask', 'update', 'new']).catch('ask') });
const applyForm = optionsForm.extend({
  tenTep: z.string().trim().min(1).max(255),
  noiDung: z.string().max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  dauVet: z.string().regex(/^[0-9a-f]{64}$/),
});
const leaderForm = z.object({ nguoi: z.string().regex(/^\d{1,9}$/) });
const daysForm = z.object({ ngay: z.coerce.number().int().min(1).max(90).catch(30) });

function optionsOf(body: z.infer<typeof optionsForm>): ImportOptionsView {
  return { createDepartments: body.taoPhongMoi === '1', sameName: body.trungTen };
}

function planOptions(o: ImportOptionsView): PlanStaffImportOptions {
  return { createDepartments: o.createDepartments, sameName: o.sameName };
}

/** Reads the upload's table; a missing, foreign or unreadable file is a 400 with what to do. */
async function tableOf(fileName: string, data: Buffer): Promise<StaffTable> {
  if (fileName === '' || data.length === 0) throw new HttpError(400, 'Chưa chọn tệp danh bạ (hoặc tệp rỗng). Vui lòng chọn tệp .csv hoặc .xlsx.');
  const format = formatOf(fileName);
  if (!format) throw new HttpError(400, `Tệp "${fileName}" không phải .csv hoặc .xlsx. Vui lòng lưu danh bạ dưới dạng CSV (UTF-8) hoặc Excel (.xlsx).`);
  try {
    return await readStaffBuffer(data, format);
  } catch (error) {
    if (error instanceof StaffFileError) throw new HttpError(400, error.message);
    throw error;
  }
}

async function directoryData(tx: Tx, me: MemberRecord): Promise<DirectoryData> {
  const unit = await tx.staff.getUnit(me.unitId);
  const people = (await tx.staff.listPeople(me.unitId)).filter((p) => p.active);
  const row = (p: (typeof people)[number]): DirectoryPerson => ({ id: p.id, fullName: p.fullName, position: p.position, roles: p.roles });
  const departments = (await listDepartments(tx, me.unitId)).map((d) => ({ ...d, people: people.filter((p) => p.departmentId === d.id).map(row) }));
  return {
    unitName: unit?.name ?? me.unitId,
    departments,
    withoutDepartment: people.filter((p) => p.departmentId === null).map(row),
    leaderCandidates: people.filter((p) => p.roles.some((r) => LEADER_ROLES.includes(r))).map((p) => ({ id: p.id, fullName: p.fullName })),
    canEdit: canCompile(actorOf(me)).ok,
  };
}

/** Adds the directory pages to the dashboard's router. */
export function directoryRoutes({ router, deps, auth, page, html, viewerOf, whoOf, formAction }: DashboardPageKit): void {
  const raw = express.raw({ type: 'multipart/form-data', limit: Math.ceil(MAX_FILE_BYTES * 1.5) });
  /** Reads a multipart body into `req.body` (fields, for the CSRF check) and `res.locals.files`. */
  const multipart: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    raw(req, res, (error?: unknown) => {
      if (error) {
        const tooLarge = typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';
        return html(res, tooLarge ? 413 : 400, errorPage(null, tooLarge ? 413 : 400, tooLarge ? 'Tệp quá lớn (tối đa 2 MB).' : 'Không đọc được biểu mẫu gửi lên.'));
      }
      try {
        const parsed = parseMultipart(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers['content-type']);
        req.body = parsed.fields;
        res.locals.files = parsed.files;
        next();
      } catch (e) {
        if (e instanceof MultipartError) return html(res, 400, errorPage(null, 400, 'Biểu mẫu gửi lên không đúng dạng (multipart/form-data). Vui lòng tải lại trang rồi thử lại.'));
        next(e);
      }
    });
  };
  const scope = (res: Response) => deps.store.read(async (tx) => unwrap(await resultsScope(tx, whoOf(res))));
  const office = async (tx: Tx, who: Who): Promise<MemberRecord> => unwrap(await officeScope(tx, who));

  router.get(
    '/nhan-su',
    auth,
    page(async (req, res) => {
      const me = await scope(res);
      const data = await deps.store.read((tx) => directoryData(tx, me));
      const ok = typeof req.query.ok === 'string' ? req.query.ok : '';
      const n = counts.safeParse(req.query);
      const flash = ok === 'da-nhap' && n.success ? `Đã nhập danh bạ: thêm ${n.data.them}, cập nhật ${n.data.sua}, giữ nguyên ${n.data.giu} người (đã ghi nhật ký).` : (FLASH[ok] ?? null);
      html(res, 200, directoryPage(viewerOf(res), data, flash));
    }),
  );

  // The dry run: plans the upload against the directory, writes nothing.
  formAction('/nhan-su/nhap', {
    parser: multipart,
    schema: optionsForm,
    invalid: 'Không đọc được biểu mẫu gửi lên.',
    authorize: office,
    prepare: async ({ res }) => {
      const file = ((res.locals.files ?? []) as UploadedFile[]).find((f) => f.field === 'tep');
      const data = file?.data ?? Buffer.alloc(0);
      return { fileName: file?.fileName ?? '', data, table: await tableOf(file?.fileName ?? '', data) };
    },
    readOnly: true,
    run: async (tx, { body, me, prepared }) => {
      const options = planOptions(optionsOf(body));
      const { existing, departmentNames } = await loadUnitDirectory(tx, me.unitId);
      const plan = planStaffImport(prepared.table, existing, departmentNames, options);
      const fingerprint = await staffImportFingerprint(tx, me.unitId, prepared.data, options);
      return { plan, fingerprint, names: new Map(existing.map((p) => [p.id, p.fullName])) };
    },
    render: (view, { body, res, prepared }) => {
      if (view.plan.fileErrors.length > 0) throw new HttpError(400, `Không nhập được tệp, chưa ghi gì: ${view.plan.fileErrors.join('; ')}.`);
      deps.logger.info({ channel: 'dashboard', rows: prepared.table.rows.length, errors: view.plan.rowErrors.length }, 'dashboard: staff import dry run');
      return importPreviewPage(viewerOf(res), { fileName: prepared.fileName, options: optionsOf(body), fileBase64: prepared.data.toString('base64'), ...view });
    },
  });

  // Apply: the same file and options, refused if the fingerprint no longer matches (stale dry run).
  formAction('/nhan-su/ap-dung', {
    parser: multipart,
    schema: applyForm,
    invalid: 'Thiếu nội dung lần chạy thử. Vui lòng tải tệp lên và chạy thử lại.',
    authorize: office,
    prepare: async ({ body }) => {
      const data = Buffer.from(body.noiDung, 'base64');
      return { data, table: await tableOf(body.tenTep, data) };
    },
    run: async (tx, { body, me, who, prepared }) => {
      const options = planOptions(optionsOf(body));
      if ((await staffImportFingerprint(tx, me.unitId, prepared.data, options)) !== body.dauVet) {
        throw new HttpError(409, 'Danh bạ hoặc tệp đã thay đổi kể từ lần chạy thử (có thể một người khác vừa sửa danh bạ). Chưa ghi gì: vui lòng chạy thử lại rồi áp dụng.');
      }
      const imported = await importStaff(tx, prepared.table, { unit: { id: me.unitId }, ...options, actorPersonId: who.actorId, channel: 'web', now: () => who.now.getTime() });
      if (!imported.applied) throw new HttpError(409, 'Tệp có dòng lỗi nên chưa ghi gì. Vui lòng chạy thử lại để xem các dòng lỗi.');
      return imported.plan.counts;
    },
    redirect: ({ created, updated, unchanged }) => {
      deps.logger.info({ channel: 'dashboard', created, updated, unchanged }, 'dashboard: staff import applied');
      return `/nhan-su?ok=da-nhap&them=${created}&sua=${updated}&giu=${unchanged}`;
    },
  });

  const departmentOf = async (tx: Tx, unitId: string, req: Request): Promise<{ id: number; name: string }> => {
    const id = idParam.safeParse(req.params.id);
    const found = id.success ? await findDepartment(tx, unitId, String(id.data)) : null;
    if (!found?.ok || found.department.id !== (id.success ? id.data : -1)) throw new HttpError(404, 'Không tìm thấy phòng này trong đơn vị.');
    return found.department;
  };

  // A department's one-time codes: issued (audited, no codes logged) and shown once on a printable sheet.
  formAction('/nhan-su/phong/:id/ma', {
    schema: daysForm,
    invalid: 'Số ngày hiệu lực không hợp lệ.',
    authorize: office,
    run: async (tx, { body, me, who, req }) => {
      const department = await departmentOf(tx, me.unitId, req);
      const issued = await issueDepartmentInviteCodes(tx, {
        unitId: me.unitId,
        departmentId: department.id,
        now: who.now.getTime(),
        ttlMs: body.ngay * DAY_MS,
        channel: 'web',
        actorPersonId: who.actorId,
      });
      return { department, issued };
    },
    render: ({ department, issued }) => codesPrintPage(department.name, issued),
  });

  formAction('/nhan-su/phong/:id/lanh-dao', {
    schema: leaderForm,
    invalid: 'Vui lòng chọn lãnh đạo phụ trách.',
    authorize: office,
    run: async (tx, { body, me, who, req }) => {
      const department = await departmentOf(tx, me.unitId, req);
      const result = await setLeaderInCharge(tx, { unitId: me.unitId, department: String(department.id), person: body.nguoi, at: who.now.getTime(), actorPersonId: who.actorId, channel: 'web' });
      if (!result.ok) throw new HttpError(result.refusal.reason === 'not-a-leader' || result.refusal.reason === 'inactive' ? 409 : 404, renderLeaderRefusal(result.refusal));
      return result.change;
    },
    redirect: (change) => `/nhan-su?ok=${change.changed ? 'da-doi-lanh-dao' : 'khong-doi'}#phong-${change.department.id}`,
  });
}
