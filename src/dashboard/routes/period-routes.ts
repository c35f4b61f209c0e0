/**
 * `/ky`, the office's periods in the browser (issue 16): open a quarter (`openPeriod`, a duplicate refused with its
 * message), change its deadlines (`changeDeadlines`, audited), the Q4 flag with a suggested earlier self-assessment
 * date (`selfDeadlineConflict`), the reminder schedule whose next runs come from the scheduler's own job definitions
 * (`jobDefinitions` + `slotsBetween`), and a test reminder to the signed-in person through the dispatcher (outbox).
 * The office acts (`canCompile`); the director may look (`resultsScope`); other roles get 403.
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { Who } from '../../approval/approval-service.js';
import { canCompile } from '../../approval/authorize.js';
import { actorOf } from '../../approval/review-target.js';
import { fmtPeriod } from '../../conversation/render/format.js';
import { changeDeadlines } from '../../periods/change-deadlines.js';
import { openPeriod } from '../../periods/open-period.js';
import { PeriodError, type PeriodRefusal } from '../../periods/period-error.js';
import { deadlineLine, JOB_LABELS } from '../../scheduler/jobs/reminder-texts.js';
import { readUnitSchedulerSettings } from '../../scheduler/manual-reminders.js';
import { jobDefinitions, type JobName } from '../../scheduler/schedule.js';
import type { SchedulerSettings } from '../../scheduler/settings.js';
import { localPartsOf, slotsBetween } from '../../scheduler/slots.js';
import { isRunnable } from '../../scoring/frame.js';
import { FLOWS_DIR, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { DEFAULT_TIMEZONE, LOCAL_DATE_FORMAT, localDateOf, periodCode, quarterOf, selfDeadlineConflict } from '../../scoring/period-calendar.js';
import type { Rubric } from '../../scoring/rubric-schema.js';
import { HttpError } from '../../http/create-http-app.js';
import type { MemberRecord } from '../../store/reviews.js';
import type { Tx } from '../../store/store.js';
import { officeScope, resultsScope } from '../dashboard-data.js';
import { unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { periodsPage, type PeriodsData, type ScheduleRow } from '../views/period-view.js';

const YEAR_MS = 366 * 86_400_000;
const codeParam = z.string().regex(/^\d{4}-Q[1-4]$/i);
/** The quarter and the rubric it opens with (one of {@link quarterRubrics}; another is refused with its name). */
const openForm = z
  .object({ ky: z.string().trim().max(20), boTieuChi: z.string().trim().min(1).max(200) })
  .transform((body, ctx) => {
    const rubric = quarterRubrics().find((r) => r.id === body.boTieuChi);
    if (!rubric) {
      ctx.addIssue({ code: 'custom', message: `Không có bộ tiêu chí "${body.boTieuChi}".` });
      return z.NEVER;
    }
    return { ky: body.ky, rubric };
  });
const date = z.string().trim().max(10).optional();
const deadlinesForm = z.object({ hanTuDanhGia: date, hanPhong: date, hanVanPhong: date });
const flashQuery = z.object({ ok: z.enum(['da-mo', 'da-doi-han', 'khong-doi', 'nhac-thu', 'nhac-thu-khong-den']), ky: codeParam.optional(), kenh: z.string().max(20).optional(), lyDo: z.string().max(40).optional() });

const CHANNEL_LABEL: Record<string, string> = { web: 'trang web chat', telegram: 'Telegram', zalo: 'Zalo' };
const UNREACHED: Record<string, string> = {
  not_linked: 'anh/chị chưa liên kết tài khoản chat nào',
  blocked: 'anh/chị đã chặn Thi Đua Số',
  unfollowed: 'anh/chị đã bỏ quan tâm tài khoản Zalo Thi Đua Số',
  outside_window: 'đã quá 7 ngày kể từ lần cuối anh/chị nhắn cho Thi Đua Số trên Zalo',
  chat_not_found: 'không tìm thấy cuộc trò chuyện',
};

/** The dispatcher's answer, read at the boundary (the Notifier port returns `unknown`). */
const dispatched = z.object({
  status: z.enum(['queued', 'fallback', 'unreachable']),
  channel: z.string().optional(),
  reasons: z.array(z.object({ reason: z.string() })).default([]),
});

/** The rubrics a quarter can be opened with (person, quarterly, runnable), read once from `flows/`. */
let rubricCache: Rubric[] | null = null;
function quarterRubrics(): Rubric[] {
  rubricCache ??= [...loadRubricsFromDir(FLOWS_DIR).values()].filter((r) => r.subject === 'person' && r.cadence === 'quarter' && isRunnable(r).runnable);
  return rubricCache;
}

/** The status of a period refusal: bad input 400, unknown 404, not now 409. */
function periodStatus(r: PeriodRefusal): number {
  switch (r.code) {
    case 'bad-code':
    case 'bad-date':
    case 'date-order':
    case 'ends-before-start':
      return 400;
    case 'unknown-period':
      return 404;
    default:
      return 409;
  }
}

/** `08:00 ngày 10/12/2026` (local time). */
function localText(ms: number): string {
  const p = localPartsOf(ms, DEFAULT_TIMEZONE);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.hour)}:${two(p.minute)} ngày ${two(p.day)}/${two(p.month)}/${p.year}`;
}

function ruleOf(job: JobName, s: SchedulerSettings): string {
  const r = s.reminders;
  switch (job) {
    case 'self-reminder':
      return `${r.time} ngày ${r.selfDay} tháng cuối mỗi Quý`;
    case 'review-reminder':
      return `${r.time} ngày ${r.reviewDay} tháng cuối mỗi Quý`;
    case 'office-status':
      return `${r.time} ngày ${r.officeDay} tháng cuối mỗi Quý`;
    case 'org-reminder':
      return `${r.time} hằng ngày (khi có chỉ số sắp đến hạn)`;
    case 'zalo-nudge':
      return 'hằng giờ 08:00–19:00 trong tháng có lượt nhắc (người dùng Zalo sắp hết 7 ngày tương tác)';
    case 'honours':
      return `${s.honours.time} ngày làm việc đầu tiên của Quý sau`;
    default:
      return '';
  }
}

/** The unit's jobs (from the scheduler's definitions) with their next run within a year. */
function scheduleOf(settings: SchedulerSettings, nowMs: number): ScheduleRow[] {
  return jobDefinitions(settings).map((def) => {
    const next = slotsBetween(def, nowMs, nowMs + YEAR_MS, DEFAULT_TIMEZONE)[0];
    return { label: JOB_LABELS[def.name] ?? def.name, rule: ruleOf(def.name, settings), next: next === undefined ? null : localText(next) };
  });
}

async function periodsData(tx: Tx, me: MemberRecord, now: Date): Promise<PeriodsData> {
  const unit = await tx.staff.getUnit(me.unitId);
  const periods = await tx.periods.list(me.unitId);
  const opened = new Set(periods.map((p) => p.code));
  let { year, quarter } = quarterOf(now);
  for (let i = 0; i < 8 && opened.has(periodCode(year, quarter)); i++) {
    quarter = quarter === 4 ? 1 : ((quarter + 1) as 1 | 2 | 3 | 4);
    if (quarter === 1) year += 1;
  }
  const newest = periods[periods.length - 1];
  const newestRubric = newest ? await tx.assessment.getRubric(newest.rubricVersionId) : null;
  const { settings } = await readUnitSchedulerSettings(tx, me.unitId);
  return {
    unitName: unit?.name ?? me.unitId,
    periods: [...periods].reverse().map((period) => ({ period, conflict: period.status === 'finalised' ? null : selfDeadlineConflict(period) })),
    suggestedCode: periodCode(year, quarter),
    rubrics: quarterRubrics().map((r) => ({ id: r.id, title: r.title, version: r.version })),
    defaultRubricId: newestRubric?.id ?? quarterRubrics()[0]?.id ?? null,
    schedule: scheduleOf(settings, now.getTime()),
    remindersEnabled: settings.reminders.enabled,
    canEdit: canCompile(actorOf(me)).ok,
  };
}

function flashOf(req: Request): { kind: 'ok' | 'warn'; text: string } | null {
  const q = flashQuery.safeParse(req.query);
  if (!q.success) return null;
  const { ok, ky, kenh, lyDo } = q.data;
  switch (ok) {
    case 'da-mo':
      return { kind: 'ok', text: `Đã mở kỳ ${ky ?? ''} với hạn theo Kế hoạch.` };
    case 'da-doi-han':
      return { kind: 'ok', text: `Đã lưu hạn mới của kỳ ${ky ?? ''} (đã ghi nhật ký). Các lượt nhắc sau sẽ dùng hạn mới.` };
    case 'khong-doi':
      return { kind: 'ok', text: 'Hạn không thay đổi.' };
    case 'nhac-thu':
      return { kind: 'ok', text: `Đã gửi một nhắc nhở thử cho anh/chị qua ${CHANNEL_LABEL[kenh ?? ''] ?? kenh ?? 'kênh chat'}.` };
    case 'nhac-thu-khong-den':
      return { kind: 'warn', text: `Không gửi được nhắc nhở thử: ${UNREACHED[lyDo ?? ''] ?? 'không có kênh chat nào nhận được'}. Lời nhắc thật cũng sẽ không đến anh/chị.` };
  }
}

/** Adds the periods pages to the dashboard's router. */
export function periodRoutes({ router, deps, auth, page, html, viewerOf, whoOf, formAction }: DashboardPageKit): void {
  /** Runs a period service; its refusal becomes an HttpError with its Vietnamese sentence. */
  const periodWork = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof PeriodError) throw new HttpError(periodStatus(error.refusal), error.message);
      throw error;
    }
  };

  router.get(
    '/ky',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const data = await deps.store.read(async (tx) => periodsData(tx, unwrap(await resultsScope(tx, who)), who.now));
      html(res, 200, periodsPage(viewerOf(res), data, flashOf(req)));
    }),
  );

  const office = async (tx: Tx, who: Who): Promise<MemberRecord> => unwrap(await officeScope(tx, who));

  formAction('/ky/mo', {
    schema: openForm,
    invalid: 'Vui lòng nhập mã Quý (ví dụ 2026-Q4) và chọn bộ tiêu chí.',
    authorize: office,
    run: (tx, { body, me, who }) =>
      periodWork(() => openPeriod(tx, { unitId: me.unitId, rubric: body.rubric, code: body.ky, by: { at: who.now.getTime(), actorPersonId: who.actorId, channel: 'web' } })),
    redirect: (period) => `/ky?ok=da-mo&ky=${period.code}#ky-${period.code}`,
  });

  formAction('/ky/:code/han', {
    schema: deadlinesForm,
    invalid: `Ngày không hợp lệ: chọn ngày trong ô lịch (${LOCAL_DATE_FORMAT}).`,
    authorize: office,
    run: (tx, { body, me, who, req }) => {
      const code = codeParam.safeParse(req.params.code);
      if (!code.success) throw new HttpError(404, 'Không tìm thấy kỳ này.');
      return periodWork(() =>
        changeDeadlines(tx, {
          unitId: me.unitId,
          periodCode: code.data,
          deadlines: { selfDeadline: body.hanTuDanhGia, departmentDeadline: body.hanPhong, officeDeadline: body.hanVanPhong },
          at: who.now.getTime(),
          actorPersonId: who.actorId,
          channel: 'web',
        }),
      );
    },
    redirect: (change) => `/ky?ok=${change.changed.length > 0 ? 'da-doi-han' : 'khong-doi'}&ky=${change.period.code}#ky-${change.period.code}`,
  });

  // A test reminder to the signed-in person, through the dispatcher like the real ones (outbox, their channel).
  formAction('/ky/nhac-thu', {
    schema: z.unknown(),
    invalid: '',
    authorize: async (tx, who) => unwrap(await resultsScope(tx, who)),
    run: async (tx, { me, who }) => {
      const nowMs = who.now.getTime();
      const period = await tx.periods.newest(me.unitId, ['open']);
      const lines = [
        '🔔 Nhắc nhở thử từ Thi Đua Số (anh/chị vừa yêu cầu trên trang Kỳ đánh giá).',
        'Các lời nhắc việc thật sẽ đến anh/chị qua kênh này.',
      ];
      if (period) lines.push(`${fmtPeriod(period.year, period.quarter)} — ${deadlineLine('Hạn tự đánh giá', period.selfDeadline, localDateOf(who.now))}`);
      const sent = await deps.notifier.dispatch(
        tx,
        { personId: me.id, dedupeKey: `test-reminder:${me.id}:${nowMs}`, purpose: 'reminder', messages: [{ kind: 'text', text: lines.join('\n') }] },
        nowMs,
      );
      await tx.audit.record({ at: nowMs, unitId: me.unitId, actorPersonId: me.id, channel: 'web', action: 'reminders.test_sent', entityType: 'person', entityId: String(me.id), subjectPersonId: me.id });
      return dispatched.parse(sent);
    },
    redirect: (result, { who }) => {
      deps.logger.info({ channel: 'dashboard', personId: who.actorId, status: result.status }, 'dashboard: test reminder');
      return result.status !== 'unreachable'
        ? `/ky?ok=nhac-thu&kenh=${encodeURIComponent(result.channel ?? '')}`
        : `/ky?ok=nhac-thu-khong-den&lyDo=${encodeURIComponent(result.reasons[0]?.reason ?? '')}`;
    },
  });
}
