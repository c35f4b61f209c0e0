/**
 * /cai-dat: the unit's settings (office and director, `canChangeRules`, as `thidua settings set`). The page renders
 * the settings catalogue; the form changes one key (or one period's override) through `changeUnitRules`, the same
 * validation and audit as the command line (channel `web`). A refusal is a 4xx in Vietnamese and stores nothing.
 */
import { z } from 'zod';
import { canChangeRules } from '../../approval/authorize.js';
import { activeActor, actorOf } from '../../approval/review-target.js';
import { HttpError } from '../../http/create-http-app.js';
import { catalogueValues, periodOverrides, settingsCatalogue, typedValue, type CatalogueEntry } from '../../settings/catalogue.js';
import { changeUnitRules, type RulesChangeRefusal } from '../../settings/change-unit-rules.js';
import { rulesRefusalText } from '../../settings/rules-refusal-text.js';
import { DEFAULT_UNIT_SETTINGS } from '../../scoring/unit-settings.js';
import { chainSchema, loadUnitRules, UnitRulesError, type UnitRules } from '../../settings/unit-rules.js';
import type { Tx } from '../../store/store.js';
import type { DashboardPageKit } from '../dashboard-router.js';
import { settingsPage, type SettingsView } from '../views/settings-view.js';

const NOT_ALLOWED = 'Chỉ Văn phòng hoặc Giám đốc của đơn vị được xem và đổi thiết lập.';
const PERIOD_CODE = /^\d{4}-(Q[1-4]|[A-Z0-9]{1,8})$/;

const settingsQuery = z.object({ ky: z.string().trim().toUpperCase().regex(PERIOD_CODE).optional(), ok: z.string().optional() });
/** The `key=value` the form means (a catalogue key; a departments list typed out), or its 400 sentence. */
const settingsForm = z
  .object({
    khoa: z.string().trim().min(1).max(64),
    giaTri: z.string().trim().min(1).max(200),
    danhSach: z.string().trim().max(1000).optional(),
    ky: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().toUpperCase().regex(PERIOD_CODE).optional()),
  })
  .transform((body, ctx): { entry: CatalogueEntry; assignment: string; periodCode: string | null } => {
    const entry = settingsCatalogue().find((e) => e.key === body.khoa);
    if (!entry) {
      ctx.addIssue({ code: 'custom', message: `Không có thiết lập "${body.khoa}". Chưa lưu gì.` });
      return z.NEVER;
    }
    let value = body.giaTri;
    if (entry.kind === 'departments' && value === 'list') {
      const names = (body.danhSach ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
      if (names.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'Vui lòng ghi tên ít nhất một phòng (cách nhau bằng dấu ;), hoặc chọn “Không phòng nào”. Chưa lưu gì.' });
        return z.NEVER;
      }
      value = names.join(';');
    }
    return { entry, assignment: `${entry.key}=${value}`, periodCode: body.ky ?? null };
  });

/** The status of a refused change. */
function statusOfChange(r: RulesChangeRefusal): number {
  return r.code === 'not-allowed' ? 403 : r.code === 'unknown-unit' ? 404 : 400;
}

/** The office or the director of an active unit, or a 403. */
async function officeOrDirector(tx: Tx, personId: number) {
  const me = await activeActor(tx, personId);
  if (!me || !canChangeRules(actorOf(me)).ok) throw new HttpError(403, NOT_ALLOWED);
  return me;
}

async function settingsView(tx: Tx, personId: number, periodCode: string | null): Promise<SettingsView> {
  const me = await officeOrDirector(tx, personId);
  const unit = await tx.settings.getUnit(me.unitId);
  const people = await tx.staff.listPeople(me.unitId);
  const leaders = people.filter((p) => p.active && p.roles.includes('leader')).map((p) => ({ id: p.id, fullName: p.fullName }));
  const departments = (await tx.staff.listDepartments(me.unitId)).map((d) => d.name);
  const periods = (await tx.periods.list(me.unitId)).map((p) => p.code).reverse();
  const period = periodCode && periods.includes(periodCode) ? periodCode : (periods[0] ?? null);
  let problem: string | null = null;
  let rules: UnitRules;
  let periodRules: UnitRules;
  try {
    rules = await loadUnitRules(tx, me.unitId);
    periodRules = period ? await loadUnitRules(tx, me.unitId, period) : rules;
  } catch (error) {
    if (!(error instanceof UnitRulesError)) throw error;
    problem = error.message;
    rules = periodRules = { scoring: DEFAULT_UNIT_SETTINGS, chain: chainSchema.parse({}) };
  }
  const overrides = period ? (periodOverrides(unit?.settings, period) as Record<string, unknown>) : {};
  const periodEntries = catalogueValues(periodRules.scoring, periodRules.chain)
    .filter((e) => e.perPeriod)
    .map((entry) => ({ entry, override: entry.key in overrides && overrides[entry.key] !== undefined ? typedValue(overrides[entry.key]) : null }));
  if (periodCode && !periods.includes(periodCode)) problem = `Đơn vị không có kỳ ${periodCode}.`;
  return { unitName: unit?.name ?? me.unitId, entries: catalogueValues(rules.scoring, rules.chain), leaders, departments, periods, period, periodEntries, problem };
}

export function registerSettingsRoutes(r: DashboardPageKit): void {
  r.router.get(
    '/cai-dat',
    r.auth,
    r.page(async (req, res) => {
      const q = settingsQuery.safeParse(req.query);
      if (!q.success) throw new HttpError(400, 'Mã kỳ không đúng dạng (ví dụ 2026-Q4).');
      const view = await r.deps.store.read((tx) => settingsView(tx, r.viewerOf(res).personId, q.data.ky ?? null));
      const ok = q.data.ok === 'da-luu' ? { kind: 'ok' as const, text: 'Đã lưu thiết lập; đã ghi nhật ký thay đổi.' } : null;
      r.html(res, 200, settingsPage(r.viewerOf(res), view, ok));
    }),
  );

  r.formAction('/cai-dat', {
    schema: settingsForm,
    invalid: 'Biểu mẫu thiếu thiết lập hoặc giá trị (hoặc mã kỳ không đúng dạng 2026-Q4). Chưa lưu gì.',
    authorize: (tx, who) => officeOrDirector(tx, who.actorId),
    run: async (tx, { body, me, who }) => {
      const result = await changeUnitRules(tx, { unitId: me.unitId, actor: actorOf(me), assignments: [body.assignment], periodCode: body.periodCode, now: who.now.getTime(), channel: 'web' });
      if (!result.ok) throw new HttpError(statusOfChange(result.refusal), rulesRefusalText(result.refusal));
    },
    redirect: (_done, { body: { entry, periodCode } }) =>
      periodCode ? `/cai-dat?ok=da-luu&ky=${encodeURIComponent(periodCode)}#ky-${entry.key}` : `/cai-dat?ok=da-luu#${entry.key}`,
  });
}
