/**
 * Helpers for the dashboard's HTTP tests on the real app (test/web/web-harness.ts: createApp on 127.0.0.1:0, the
 * demo unit): sign in with a one-time code through the dashboard's form, read a page, post a form with the
 * page's CSRF token, and walk the chat part (staff submitting) through the web chat API with the same cookie.
 */
import { createApprovalService } from '../../src/approval/approval-service.js';
import { expect } from 'vitest';
import { z } from 'zod';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { buttonIn, fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { postJson, type CookieJar, type Harness } from '../web/web-harness.js';

/** Signs in through the dashboard's form with `code`; returns the jar (throws unless redirected). */
export async function dashboardLogin(h: Harness, code: string): Promise<CookieJar> {
  const jar: CookieJar = {};
  const r = await h.request('/dang-nhap', { method: 'POST', body: new URLSearchParams({ code, next: '/' }), redirect: 'manual', jar });
  if (r.status !== 303) throw new Error(`dashboard login failed: ${r.status} ${await r.text()}`);
  return jar;
}

/** A fresh one-time code for a person of the demo unit (as the office would issue). */
export async function codeFor(h: Harness, fullName: string): Promise<{ personId: number; code: string }> {
  return h.store.transaction(async (tx) => {
    const person = (await tx.staff.listPeople('so-tttt-demo')).find((p) => p.fullName === fullName);
    if (!person) throw new Error(`no ${fullName}`);
    const { code } = await issueInviteCode(tx, person.id, h.clock.now().getTime(), 86_400_000);
    return { personId: person.id, code };
  });
}

export async function get(h: Harness, path: string, jar: CookieJar): Promise<{ status: number; body: string; response: Response }> {
  const response = await h.request(path, { jar, redirect: 'manual' });
  return { status: response.status, body: await response.text(), response };
}

export function csrfIn(body: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(body);
  if (!m?.[1]) throw new Error('no csrf field on the page');
  return m[1];
}

/** Posts a form from `fromPage` (its CSRF token) to `path`; returns status, Location and body. */
export async function post(h: Harness, jar: CookieJar, path: string, fields: Record<string, string> = {}, fromPage = '/'): Promise<{ status: number; location: string | null; body: string }> {
  const csrf = csrfIn((await get(h, fromPage, jar)).body);
  const r = await h.request(path, { method: 'POST', body: new URLSearchParams({ csrf, ...fields }), redirect: 'manual', jar });
  return { status: r.status, location: r.headers.get('location'), body: await r.text() };
}

let eventCounter = 0;
const webMessage = z.object({ kind: z.string(), text: z.string().optional(), choices: z.array(z.object({ label: z.string(), payload: z.string() })).optional() });

/** The staff member fills seed 000 answers and submits through the web chat API (/nop → Nộp) with `jar`. */
export async function submitThroughChat(h: Harness, jar: CookieJar, personId: number, departmentName: string, profile = 'cacbbcccc'): Promise<number> {
  const period = await h.store.read(async (tx) => tx.periods.newest('so-tttt-demo', ['open']));
  if (!period) throw new Error('no open period');
  const rubric = await h.store.read((tx) => tx.assessment.getRubric(period.rubricVersionId));
  const id = await fillAnswers(h.store, { periodId: period.id, personId, rubric, ctx: { role: 'staff', departmentName }, answers: seed000Answers(profile), now: h.clock.now().getTime() });
  const send = async (event: Record<string, unknown>): Promise<OutboundMessage[]> => {
    const r = await h.request('/api/web/events', postJson({ ...event, eventId: `dash-${personId}-${String((eventCounter += 1)).padStart(6, '0')}` }, jar));
    expect(r.status).toBe(200);
    return z
      .object({ replies: z.array(webMessage) })
      .parse(await r.json())
      .replies.map((m): OutboundMessage => (m.choices ? { kind: 'choices', text: m.text ?? '', choices: m.choices } : { kind: 'text', text: m.text ?? '' }));
  };
  const ask = await send({ kind: 'command', name: 'nop', args: '' });
  await send({ kind: 'button', payload: buttonIn(ask, 'Nộp') });
  return id;
}

/**
 * The leaders in charge comment on every department list waiting for them (the seed's order, unit rule listOrder
 * leader-first). In real use they comment in the chat or on the dashboard's /y-kien (test/dashboard/comment-page.test.ts);
 * here the same service is called directly. Returns how many lists were commented.
 */
export async function leadersComment(harness: Harness): Promise<number> {
  const store = harness.app.store;
  const unitId = harness.demo.unitId ?? '';
  const period = await store.read((tx) => tx.periods.find(unitId, harness.demo.periodCode ?? ''));
  if (!period) throw new Error('no period');
  const departments = await store.read((tx) => tx.reviews.departmentsOf(unitId));
  const service = createApprovalService();
  let commented = 0;
  for (const list of await store.read((tx) => tx.reviews.listsOfPeriod(period.id))) {
    if (list.status !== 'sent') continue;
    const leaderId = departments.find((d) => d.id === list.departmentId)?.leaderInChargeId;
    if (!leaderId) throw new Error(`no leader in charge for list ${list.id}`);
    const result = await store.transaction((tx) =>
      service.commentList(tx, { actorId: leaderId, now: harness.clock.now(), channel: null }, { listId: list.id, comment: 'Đồng ý.' }),
    );
    if (!result.ok) throw new Error(`comment refused: ${result.refusal.code}`);
    commented += 1;
  }
  return commented;
}
