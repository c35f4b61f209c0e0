/** Shared steps of the organisation index's handlers: the year and the actor, refusals, notices. */
import type { Notification } from '../../conversation/types.js';
import { currentOrgYear, loadOrgYear, orgActor, type OrgYear } from '../../org-index/org-year.js';
import type { OrgActor } from '../../org-index/org-roles.js';
import { orgRefusalText, type OrgRefusal } from '../../org-index/refusals.js';
import type { OrgNotice } from '../../org-index/review-year.js';
import type { OiCtx } from './context.js';

/** The person's unit's current year (or the dialog's) with the actor's facts; replies and returns null when none. */
export async function yearAndActor(ctx: OiCtx, periodId?: number): Promise<{ year: OrgYear; actor: OrgActor } | null> {
  const year = periodId !== undefined ? await loadOrgYear(ctx.tx, periodId) : await currentOrgYear(ctx.tx, ctx.person.unitId);
  if (!year || year.period.unitId !== ctx.person.unitId) {
    refusal(ctx, { code: 'no-period' });
    return null;
  }
  return { year, actor: orgActor(ctx.person, year.officials) };
}

export function refusal(ctx: OiCtx, r: OrgRefusal): void {
  ctx.replies.push({ kind: 'text', text: `⛔ ${orgRefusalText(r)}` });
}

export function say(ctx: OiCtx, text: string): void {
  ctx.replies.push({ kind: 'text', text });
}

/** The people of the lead office: the unit's `office` role and holders of the calendar's lead role. */
export async function leadOffice(ctx: OiCtx, year: OrgYear): Promise<number[]> {
  const people = await ctx.tx.staff.listPeople(year.period.unitId);
  const ids = new Set(people.filter((p) => p.active && p.roles.includes('office')).map((p) => p.id));
  const lead = year.calendar.leadRole;
  if (lead) for (const o of year.officials) if (o.code === lead) ids.add(o.personId);
  return [...ids];
}

/** Renders service notices as outbox notifications (the key names the recipient). */
export function notify(ctx: OiCtx, year: OrgYear, notices: readonly OrgNotice[]): void {
  for (const n of notices) {
    ctx.notifications.push({
      personId: n.personId,
      dedupeKey: `org:${year.period.id}:${n.kind}:${'criterionId' in n ? n.criterionId : ''}:${ctx.nowMs}:p${n.personId}`,
      purpose: 'notice',
      messages: [{ kind: 'text', text: noticeText(n) }],
    } satisfies Notification);
  }
}

function noticeText(n: OrgNotice): string {
  switch (n.kind) {
    case 'returned':
      return `↩️ Chỉ số ${n.criterionId} bị trả lại: ${n.reason}\nGõ /chiso để sửa.`;
    case 'adjusted':
      return `✏️ Văn phòng đã điều chỉnh chỉ số ${n.criterionId}: ${n.reason}`;
    case 'submitted':
      return `📨 Bộ chỉ số DTI năm ${n.year} đã được trình Ban Chỉ đạo chuyển đổi số thẩm định. Gõ /thamdinhchiso để xem và thẩm định.`;
    case 'verified':
      return `✅ Ban Chỉ đạo đã thẩm định Bộ chỉ số DTI năm ${n.year}. Gõ /pheduyetchiso để phê duyệt kết quả.`;
    case 'verification-returned':
      return `↩️ Ban Chỉ đạo trả lại Bộ chỉ số DTI năm ${n.year}: ${n.reason}`;
    case 'approved':
      return `🏁 Kết quả Bộ chỉ số DTI năm ${n.year} đã được phê duyệt. Gõ /ketquachiso để xem.`;
  }
}
