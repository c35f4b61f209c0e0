/**
 * What each irreversible step of the chain shows before it is confirmed — the head's department list with its
 * completeness, the office's list to accept, the unit's report to the director, the director's summary before
 * finalising — as data, with who will receive what. The dashboard's pages and the chat's confirmations render the
 * SAME data (nothing is recomputed on either side), authorised with the chat's own checks.
 *
 * Each summary carries a `stamp`: a short fingerprint of the state it shows. A confirmation carries the stamp it
 * was shown with; when the state has changed since (a member approved, the list re-sent, the period sent back), the
 * stamps differ and the confirmation is refused as stale instead of acting on something the person did not see.
 */
import { createHash } from 'node:crypto';
import { unitLeaderboard, type Leaderboard } from '../results/index.js';
import { honourSelection } from '../scoring/aggregate.js';
import type { UnitSettings } from '../scoring/unit-settings.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import type { PeriodRecord } from '../store/periods.js';
import type { ListRecord, MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import type { ApprovalService, Who } from './approval-service.js';
import { done, refused, type ActionResult } from './approval-types.js';
import { listTransition } from './approval-state.js';
import { canCompile, canFinalise, canSendList } from './authorize.js';
import { buildSnapshot, readSnapshot, type ListSnapshot } from './list-snapshot.js';
import { listViews } from './list-actions.js';
import type { ListView } from './notices.js';
import { currentPeriod } from './period-queries.js';
import { departmentArticleRows, type DepartmentArticleRow } from './department-article.js';
import type { ProgressView } from './progress.js';
import type { Refusal } from './refusals.js';
import { activeActor, actorOf } from './review-target.js';

/** 8 lowercase hex characters of the state's hash (fits a button payload's key). */
export function stampOf(state: unknown): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 8);
}

/** The parts of a snapshot that matter to whoever confirms it: who, in which state, with which total. */
function snapshotState(s: ListSnapshot | null): unknown {
  return s ? { mean: s.mean, entries: s.entries.map((e) => [e.personId, e.status, e.total, e.passFail?.met ?? null]) } : null;
}

/** Completeness of a department list: approved, waiting for review, returned, not submitted. */
export interface ListCounts {
  approved: number;
  pending: number;
  returned: number;
  missing: number;
  members: number;
}

export function countsOf(snapshot: ListSnapshot): ListCounts {
  const count = (s: string) => snapshot.entries.filter((e) => e.status === s).length;
  return {
    approved: count('approved'),
    pending: count('submitted'),
    returned: count('returned'),
    missing: count('missing') + count('draft'),
    members: snapshot.entries.length,
  };
}

/** The head's department list before sending: the snapshot that would be sent and what is incomplete. */
export interface ListPreview {
  period: PeriodRecord;
  snapshot: ListSnapshot;
  list: ListRecord | null;
  counts: ListCounts;
  /** Who gets it: the office's people and the leader in charge. */
  recipients: string[];
  /** Why it cannot be sent now (reviews still pending, already accepted, period closed), or null. */
  sendBlocked: Refusal | null;
  stamp: string;
}

export async function listPreview(tx: Tx, who: Who): Promise<ActionResult<ListPreview>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const dept = me.departmentId === null ? null : await tx.reviews.department(me.departmentId);
  if (!dept) return refused({ code: 'no-department' });
  const may = canSendList(actorOf(me), dept.id, await tx.reviews.holdersOf(me.unitId, 'head', dept.id));
  if (!may.ok) return refused(may.refusal);
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return refused({ code: 'no-active-period' });
  const snapshot = await buildSnapshot(tx, period, dept.id);
  const counts = countsOf(snapshot);
  const recipients = await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'office'), 'Văn phòng');
  if (dept.leaderInChargeId !== null) recipients.push(...(await namesOf(tx, [dept.leaderInChargeId], 'lãnh đạo phụ trách')));
  const list = await tx.reviews.listOf(period.id, dept.id);
  const t = listTransition({ status: list?.status ?? 'none', periodStatus: period.status, pendingReviews: counts.pending }, 'send');
  return done({
    period,
    snapshot,
    list,
    counts,
    recipients,
    sendBlocked: t.ok ? null : t.refusal,
    stamp: stampOf(['send', period.id, period.status, list?.status ?? 'none', list?.sentAt ?? null, snapshotState(snapshot)]),
  });
}

/** One department's sent list before the office accepts it: the list as sent and who is told. */
export interface AcceptPreview {
  listId: number;
  view: ListView;
  counts: ListCounts;
  /** The department's heads (told the list was accepted). */
  heads: string[];
  stamp: string;
}

/** The office's confirmation before accepting a list (the service's own gate: refused when it cannot be accepted now). */
export async function acceptPreview(tx: Tx, service: ApprovalService, who: Who, listId: number): Promise<ActionResult<AcceptPreview>> {
  const gate = await service.canAcceptList(tx, who, { listId });
  if (!gate.ok) return gate;
  const { list, period, dept } = gate.outcome;
  const entry = listViews(period, [list])[0];
  if (!entry) return refused({ code: 'list-not-found' });
  return done({
    listId: list.id,
    view: entry.view,
    counts: countsOf(entry.view.snapshot),
    heads: await namesOf(tx, await tx.reviews.holdersOf(dept.unitId, 'head', dept.id), 'Trưởng phòng'),
    stamp: stampOf(['accept', list.id, list.status, list.sentAt, list.leaderComment, snapshotState(entry.view.snapshot)]),
  });
}

/** The office's page: every department's list of the current period and whether the unit can be reported. */
export interface OfficeData {
  period: PeriodRecord;
  lists: { departmentId: number; departmentName: string; list: ListRecord | null; snapshot: ListSnapshot | null }[];
  /** Each department's own article of the quarter (seed 000 II.3.b), in the lists' order; null when the rubric has none. */
  articles: DepartmentArticleRow[] | null;
  /** The report gate (the service's own check): null when it may be sent now, else why not. */
  reportBlocked: Extract<Awaited<ReturnType<ApprovalService['canSubmitToDirector']>>, { ok: false }>['refusal'] | null;
  directors: string[];
  stamp: string;
}

export async function officeData(tx: Tx, service: ApprovalService, who: Who): Promise<ActionResult<OfficeData>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canCompile(actorOf(me));
  if (!may.ok) return refused(may.refusal);
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return refused({ code: 'no-period' });
  const lists = new Map((await tx.reviews.listsOfPeriod(period.id)).map((l) => [l.departmentId, l]));
  const departments = await tx.reviews.departmentsWithMembers(me.unitId);
  const rows = departments.map((d) => {
    const list = lists.get(d.id) ?? null;
    return { departmentId: d.id, departmentName: d.name, list, snapshot: list ? readSnapshot(list.snapshot) : null };
  });
  const gate = await service.canSubmitToDirector(tx, who, { periodId: period.id });
  const articles = await departmentArticleRows(tx, period, departments);
  return done({
    period,
    lists: rows,
    articles,
    reportBlocked: gate.ok ? null : gate.refusal,
    directors: await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'director'), 'Giám đốc'),
    stamp: stampOf([
      'report',
      period.id,
      period.status,
      rows.map((r) => [r.departmentId, r.list?.status ?? 'none', r.list?.sentAt ?? null, snapshotState(r.snapshot)]),
      articleState(articles),
    ]),
  });
}

/** The director's summary before finalising. */
export interface DirectorData {
  period: PeriodRecord;
  /** The proposed top 5 (ties included) and best department, from the approved results. */
  board: Leaderboard | null;
  /**
   * The unit's tie rules for this period (setting `ties`), the ones the results service computes the board and the
   * honours with: the summary applies and names them, never the seed's default in their place.
   */
  ties: UnitSettings['ties'];
  /**
   * Under `director-chooses`: the people tied across the 5th place (ids), among whom the director picks `seats`
   * (seed 000 III.3.b); null when no choice is needed (no tie there, or `dong-hang` honours them all).
   */
  tieChoice: { seats: number; personIds: number[] } | null;
  progress: ProgressView;
  /** Each department's own article of the quarter and what it implies (seed 000 II.3.b, III.2.c); null when none. */
  articles: DepartmentArticleRow[] | null;
  /** People with a result that becomes official (each is told their score) and the office told. */
  recipients: { people: number; office: string[] };
  finaliseBlocked: Extract<Awaited<ReturnType<ApprovalService['canFinalise']>>, { ok: false }>['refusal'] | null;
  stamp: string;
}

export async function directorData(tx: Tx, service: ApprovalService, who: Who): Promise<ActionResult<DirectorData>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canFinalise(actorOf(me));
  if (!may.ok) return refused(may.refusal);
  const prog = await service.progress(tx, who, null);
  if (!prog.ok) return prog;
  const period = prog.outcome.period;
  const board = await unitLeaderboard(tx, { unitId: me.unitId, periodCode: period.code, n: 5 });
  const ties = board?.settings.ties ?? (await loadScoringRules(tx, me.unitId, period.code)).ties;
  const choice = board ? honourSelection(board.top, 5, ties.people).choice : null;
  const approved = (await tx.reviews.submissionsOfPeriod(period.id)).filter((s) => s.status === 'approved' && s.reviewedTotal !== null).length;
  const gate = await service.canFinalise(tx, who, { periodId: period.id });
  const articles = await departmentArticleRows(tx, period, await tx.reviews.departmentsWithMembers(me.unitId));
  return done({
    period,
    board,
    ties,
    tieChoice: choice ? { seats: choice.seats, personIds: choice.candidates.map((c) => c.id) } : null,
    progress: prog.outcome,
    articles,
    recipients: { people: approved, office: await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'office'), 'Văn phòng') },
    finaliseBlocked: gate.ok ? null : gate.refusal,
    stamp: stampOf([
      'finalise',
      period.id,
      period.status,
      prog.outcome.officeReport?.at ?? null,
      approved,
      (board?.top ?? []).map((e) => [e.id, e.total, e.rank]),
      board?.best ? [board.best.best.name, board.best.tiedWith.map((t) => t.name)] : null,
      articleState(articles),
    ]),
  });
}

/** The articles as a confirmation shows them: a head's answer after the summary was shown makes it stale. */
function articleState(articles: readonly DepartmentArticleRow[] | null): unknown {
  return articles?.map((a) => [a.departmentId, a.article.state, a.article.detail]) ?? null;
}

/** `Họ Tên (vai trò)` of each id. */
async function namesOf(tx: Pick<Tx, 'reviews'>, ids: readonly number[], role: string): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const p: MemberRecord | null = await tx.reviews.member(id);
    if (p) out.push(`${p.fullName} (${role})`);
  }
  return out;
}
