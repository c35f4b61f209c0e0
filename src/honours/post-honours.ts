/**
 * Posts an honour list once: the `honour_posts` row (unique per unit, period and kind) is claimed first and keeps
 * each group's status, so a retry (restart, `thidua honours --post`) only posts where it has not succeeded yet.
 * The board goes to every active announcement group of the unit (Telegram group, Zalo GMF group) through the
 * channel runtime's `postToGroup`, as the PNG with the short text under it; each honoured person gets a personal
 * congratulation through the dispatcher; the office is told where it went (or that no group is registered, in
 * which case the office receives the board itself). Names are plain text, never @-mentions, so people who asked
 * not to be mentioned in groups (`people.no_group_mention`) are honoured without being tagged.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcementTargets, honourPosts, people, personRoles, units } from '../../db/schema.js';
import type { OutboundMessage } from '../conversation/types.js';
import type { Db } from '../persistence/open-db.js';
import { findPeriod } from '../persistence/periods-repo.js';
import { unitLeaderboard, yearResults } from '../persistence/results-repo.js';
import type { SchedulerDeps } from '../scheduler/deps.js';
import { congratulationText, honouredPeople, honoursText, quarterHonours, yearHonours, type HonourBoard } from './compute-honours.js';
import { writeBoardPng } from './render-board.js';

/** Which list: a quarter (`2026-Q4`) or a year (`2026`). */
export interface HonourRef {
  unitId: string;
  kind: 'quarter' | 'year';
  /** `2026-Q4` for a quarter, `2026` for a year. */
  periodCode: string;
}

export interface PostHonoursResult {
  status: 'posted' | 'already_posted' | 'not_final' | 'no_period';
  /** Groups posted to in this call. */
  posted: number;
  /** Groups that failed (retried by the next call). */
  failed: number;
  congratulated: number;
  imagePath?: string;
}

const targetStateSchema = z.object({ status: z.enum(['posted', 'failed']), at: z.number() });
const contentSchema = z.object({ targets: z.record(z.string(), targetStateSchema).default({}) }).loose();

/**
 * The board of a finalised quarter (or of a year whose Q4 is final); null with the reason otherwise. With
 * `allowProvisional` an unfinalised period gives a board too, and `provisional` says so (the preview marks it).
 */
export function buildHonourBoard(
  db: Db,
  ref: HonourRef,
  topN = 5,
  options: { allowProvisional?: boolean } = {},
): { board: HonourBoard; provisional: boolean } | { board: null; reason: 'not_final' | 'no_period' } {
  const unitName = db.select({ name: units.name }).from(units).where(eq(units.id, ref.unitId)).get()?.name ?? ref.unitId;
  const quarterCode = ref.kind === 'quarter' ? ref.periodCode : `${ref.periodCode}-Q4`;
  const period = findPeriod(db, ref.unitId, quarterCode);
  if (!period) return { board: null, reason: 'no_period' };
  const final = period.status === 'finalised';
  if (!final && !options.allowProvisional) return { board: null, reason: 'not_final' };
  const provisional = !final;
  if (ref.kind === 'quarter') {
    const lb = unitLeaderboard(db, { unitId: ref.unitId, periodCode: ref.periodCode, n: topN, provisional });
    return lb ? { board: quarterHonours(lb, unitName, topN), provisional } : { board: null, reason: 'no_period' };
  }
  const year = yearResults(db, { unitId: ref.unitId, year: Number(ref.periodCode), n: topN, provisional });
  return { board: yearHonours(year, unitName, topN), provisional };
}

/** Where the rendered board of `ref` is stored. */
export function boardPath(dataDir: string, ref: HonourRef): string {
  return `${dataDir}/honours/${ref.unitId}-${ref.periodCode}.png`;
}

/** Posts the list of `ref` (finalised periods only); safe to call again, it resumes where it stopped. */
export async function postHonours(
  deps: SchedulerDeps,
  ref: HonourRef,
  now: Date,
  options: { topN?: number; postedById?: number | null } = {},
): Promise<PostHonoursResult> {
  const built = buildHonourBoard(deps.db, ref, options.topN ?? 5);
  if (!built.board) return { status: built.reason, posted: 0, failed: 0, congratulated: 0 };
  const board = built.board;
  const at = now.getTime();
  const claimed =
    deps.db
      .insert(honourPosts)
      .values({ unitId: ref.unitId, periodCode: ref.periodCode, kind: ref.kind, content: { board, targets: {} }, postedAt: at, postedById: options.postedById ?? null })
      .onConflictDoNothing()
      .run().changes === 1;
  const row = deps.db
    .select()
    .from(honourPosts)
    .where(and(eq(honourPosts.unitId, ref.unitId), eq(honourPosts.periodCode, ref.periodCode), eq(honourPosts.kind, ref.kind)))
    .get();
  if (!row) throw new Error('honour_posts row vanished');
  const content = contentSchema.parse(row.content);
  const targetsState = { ...content.targets };
  const groups = deps.db
    .select()
    .from(announcementTargets)
    .where(and(eq(announcementTargets.unitId, ref.unitId), eq(announcementTargets.active, true)))
    .all();
  const pending = groups.filter((g) => targetsState[String(g.id)]?.status !== 'posted');
  if (!claimed && pending.length === 0) return { status: 'already_posted', posted: 0, failed: 0, congratulated: 0 };

  const imagePath = boardPath(deps.dataDir, ref);
  writeBoardPng(board, imagePath);
  const text = honoursText(board);
  const caption = `Biểu dương Chiến binh số ${board.periodLabel}`;
  const messages: OutboundMessage[] = [
    { kind: 'image', path: imagePath, caption, mime: 'image/png' },
    { kind: 'text', text },
  ];
  let posted = 0;
  let failed = 0;
  const postedTitles: string[] = [];
  for (const g of pending) {
    const runtime = deps.channels.find((c) => c.name === g.channel);
    try {
      if (!runtime?.postToGroup) throw new Error(`channel ${g.channel} is not running`);
      await runtime.postToGroup(g.chatId, messages);
      targetsState[String(g.id)] = { status: 'posted', at };
      posted += 1;
      postedTitles.push(`${g.title ?? g.chatId} (${g.channel === 'zalo' ? 'Zalo' : 'Telegram'})`);
    } catch (error) {
      targetsState[String(g.id)] = { status: 'failed', at };
      failed += 1;
      deps.logger.error({ err: error, unitId: ref.unitId, targetId: g.id, channel: g.channel }, 'honours: group post failed');
    }
    deps.db
      .update(honourPosts)
      .set({ content: { ...content, board, targets: targetsState } })
      .where(eq(honourPosts.id, row.id))
      .run();
  }

  let congratulated = 0;
  for (const entry of honouredPeople(board)) {
    const outcome = deps.dispatcher.dispatch(
      {
        personId: entry.personId,
        dedupeKey: `honour:${ref.kind}:${ref.unitId}:${ref.periodCode}:${entry.personId}`,
        purpose: 'announcement',
        messages: [{ kind: 'text', text: congratulationText(board, entry) }],
      },
      at,
    );
    if (outcome.status !== 'unreachable' && !outcome.duplicate) congratulated += 1;
  }
  tellOffice(deps, ref, board, { groups: groups.length, postedTitles, failed, imagePath, text }, at);
  deps.logger.info(
    { unitId: ref.unitId, period: ref.periodCode, kind: ref.kind, honoured: board.entries.length, posted, failed, congratulated },
    'honours: posted',
  );
  return { status: 'posted', posted, failed, congratulated, imagePath };
}

/** Tells the office where the list went; with no group registered, the office receives the board itself. */
function tellOffice(
  deps: SchedulerDeps,
  ref: HonourRef,
  board: HonourBoard,
  r: { groups: number; postedTitles: string[]; failed: number; imagePath: string; text: string },
  at: number,
): void {
  const office = deps.db
    .select({ id: people.id })
    .from(people)
    .innerJoin(personRoles, eq(personRoles.personId, people.id))
    .where(and(eq(people.unitId, ref.unitId), eq(people.active, true), eq(personRoles.role, 'office')))
    .all();
  const messages: OutboundMessage[] =
    r.groups === 0
      ? [
          {
            kind: 'text',
            text:
              `Danh sách biểu dương ${board.periodLabel} đã có nhưng đơn vị chưa đăng ký nhóm thông báo nào (Telegram hoặc Zalo), ` +
              'nên được gửi riêng cho Văn phòng dưới đây. Thêm Thi Đua Số vào nhóm chung rồi gõ /dangkynhom trong nhóm để lần sau đăng tự động.',
          },
          { kind: 'image', path: r.imagePath, caption: `Biểu dương ${board.periodLabel}`, mime: 'image/png' },
          { kind: 'text', text: r.text },
        ]
      : [
          {
            kind: 'text',
            text:
              `Đã đăng danh sách biểu dương ${board.periodLabel}` +
              (r.postedTitles.length > 0 ? ` lên: ${r.postedTitles.join(', ')}.` : '.') +
              (r.failed > 0
                ? // Nothing retries a failed group on its own (the honours slot is done): the administrators re-post it.
                  ` Chưa đăng được lên ${r.failed} nhóm. Vui lòng báo bộ phận quản trị hệ thống để đăng lại.`
                : ''),
          },
        ];
  const attempt = `${at}`;
  for (const p of office) {
    deps.dispatcher.dispatch(
      { personId: p.id, dedupeKey: `honour-report:${ref.kind}:${ref.unitId}:${ref.periodCode}:${attempt}:${p.id}`, purpose: 'notice', messages },
      at,
    );
  }
}
