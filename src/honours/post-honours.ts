/**
 * Posts an honour list once: the `honour_posts` row (unique per unit, period and kind) is claimed first and keeps
 * each group's status, so a retry (restart, `thidua honours --post`) only posts where it has not succeeded yet.
 *
 * Three steps, so no unit of work ever waits for the network:
 * 1. one unit of work reads the board, claims the post and lists the groups still to post to;
 * 2. outside it, the board is rendered (PNG) and posted to each pending announcement group (Telegram group, Zalo
 *    GMF group) through `deps.postToGroup`, as the picture with the short text under it (where the channel queues
 *    group posts for its one sender, `sender:<channel>`, "posted" means queued under the post's key, so the post
 *    goes out once, from the lease holder; if the sender finally gives up on it, group-post-failures.ts marks the
 *    group failed and tells the office, as a direct post's failure does here); after each group its state is
 *    recorded in a small unit of work of its own (a crash midway keeps what was posted). A group that failed is
 *    posted again under a new key (`…:r<n>`: the failed outbox item keeps the old one);
 * 3. one unit of work queues each honoured person's congratulation and the office's notice in the outbox (through
 *    the dispatcher): where the list went, or, when no group is registered, the board itself.
 * Names are plain text, never @-mentions, so people who asked not to be mentioned in groups
 * (`people.no_group_mention`) are honoured without being tagged.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { OutboundMessage } from '../conversation/types.js';
import type { FileStore } from '../store/file-store.js';
import type { AnnouncementTarget } from '../store/groups.js';
import type { Tx } from '../store/store.js';
import { congratulationText, honouredPeople, honoursText, type HonourBoard } from './compute-honours.js';
import { contentSchema, honourPostKey, type TargetState } from './group-post-failures.js';
import type { HonoursDeps } from './honours-deps.js';
import { loadHonourBoard, type HonourRef } from './load-board.js';
import { writeBoardPng } from './render-board.js';

export type { HonourRef } from './load-board.js';
export { loadHonourBoard } from './load-board.js';

export interface PostHonoursResult {
  /** `needs_choice`: people or departments are tied and the director has not chosen yet (nothing posted; told). */
  status: 'posted' | 'already_posted' | 'not_final' | 'no_period' | 'needs_choice';
  /** Groups posted to in this call. */
  posted: number;
  /** Groups that failed (retried by the next call). */
  failed: number;
  congratulated: number;
  imagePath?: string;
}

/**
 * Where the rendered board of `ref` is stored: an ABSOLUTE path under `<dataDir>/honours/`. The path travels in the
 * outbox message, and the web chat's media registry resolves a relative path against the data folder itself, so a
 * relative `dataDir` (the default `./data`) would point it at `data/data/honours/…` (a 404 for the office).
 */
export function boardPath(dataDir: string, ref: HonourRef): string {
  return resolve(dataDir, 'honours', `${ref.unitId}-${ref.periodCode}.png`);
}

type Plan =
  | { status: 'not_final' | 'no_period' | 'already_posted' | 'needs_choice' }
  | { status: 'post'; board: HonourBoard; groups: AnnouncementTarget[]; pending: AnnouncementTarget[]; failures: Record<string, number> };

/** Posts the list of `ref` (finalised periods only); safe to call again, it resumes where it stopped. */
export async function postHonours(
  deps: HonoursDeps,
  ref: HonourRef,
  now: Date,
  options: { topN?: number; postedById?: number | null } = {},
): Promise<PostHonoursResult> {
  const at = now.getTime();
  // 1. Read and claim.
  const plan = await deps.store.transaction(async (tx): Promise<Plan> => {
    const built = await loadHonourBoard(tx, ref, options.topN ?? 5);
    if (!built.board && built.reason === 'needs_choice') {
      await askForTieChoice(deps, tx, ref, built.pending, at);
      return { status: 'needs_choice' };
    }
    if (!built.board) return { status: built.reason };
    const board = built.board;
    const claimed = await tx.honours.claim(ref, { board, targets: {} }, at, options.postedById ?? null);
    const targets = await targetsOf(tx, ref);
    const groups = await tx.groups.activeTargets(ref.unitId);
    const pending = groups.filter((g) => targets[String(g.id)]?.status !== 'posted');
    if (!claimed && pending.length === 0) return { status: 'already_posted' };
    const failures = Object.fromEntries(pending.map((g) => [String(g.id), targets[String(g.id)]?.failures ?? 0]));
    return { status: 'post', board, groups, pending, failures };
  });
  if (plan.status !== 'post') return { status: plan.status, posted: 0, failed: 0, congratulated: 0 };
  const { board, groups, pending, failures } = plan;

  // 2. Render and post outside any unit of work; record each group's state as soon as it is known.
  const imagePath = boardPath(deps.dataDir, ref);
  writeBoardPng(board, imagePath);
  // With a file store the board is named by its store path: a group post queued in the outbox (Zalo) and the
  // office's copy may be sent by another instance.
  const storedImagePath = deps.files ? await keepBoard(deps.files, imagePath) : imagePath;
  const text = honoursText(board);
  const caption = `Biểu dương Chiến binh số ${board.periodLabel}`;
  const messages: OutboundMessage[] = [
    { kind: 'image', path: storedImagePath, caption, mime: 'image/png' },
    { kind: 'text', text },
  ];
  let posted = 0;
  let failed = 0;
  const postedTitles: string[] = [];
  for (const g of pending) {
    let state: TargetState;
    const failedBefore = failures[String(g.id)] ?? 0;
    try {
      await deps.postToGroup(g.channel, g.chatId, messages, honourPostKey(ref, g.id, failedBefore));
      // `failures` names the key this attempt was queued under (a sender that gives up on it marks that one).
      state = { status: 'posted', at, ...(failedBefore > 0 ? { failures: failedBefore } : {}) };
    } catch (error) {
      state = { status: 'failed', at, failures: failedBefore + 1, error: error instanceof Error ? error.message : String(error) };
      deps.logger.error({ err: error, unitId: ref.unitId, targetId: g.id, channel: g.channel }, 'honours: group post failed');
    }
    const recorded = await deps.store.transaction(async (tx) => {
      const row = await tx.honours.find(ref);
      if (!row) throw new Error('honour_posts row vanished');
      const content = contentSchema.parse(row.content);
      // The sender may already have given up on the queued post (and told the office): that failure stands.
      const current = content.targets[String(g.id)];
      const kept = current && (current.failures ?? 0) > failedBefore ? current : state;
      await tx.honours.updateContent(row.id, { ...content, board, targets: { ...content.targets, [String(g.id)]: kept } });
      return kept;
    });
    if (recorded.status === 'posted') {
      posted += 1;
      postedTitles.push(`${g.title ?? g.chatId} (${g.channel === 'zalo' ? 'Zalo' : 'Telegram'})`);
    } else {
      failed += 1;
    }
  }

  // 3. Congratulations and the office's notice, in the outbox (the board by its file-store path when there is one).
  const congratulated = await deps.store.transaction(async (tx) => {
    let count = 0;
    for (const entry of honouredPeople(board)) {
      const outcome = await deps.dispatcher.dispatch(
        tx,
        {
          personId: entry.personId,
          dedupeKey: `honour:${ref.kind}:${ref.unitId}:${ref.periodCode}:${entry.personId}`,
          purpose: 'announcement',
          messages: [{ kind: 'text', text: congratulationText(board, entry) }],
        },
        at,
      );
      if (outcome.status !== 'unreachable' && !outcome.duplicate) count += 1;
    }
    await tellOffice(deps, tx, ref, board, { groups: groups.length, postedTitles, failed, imagePath: storedImagePath, text }, at);
    return count;
  });
  deps.logger.info(
    { unitId: ref.unitId, period: ref.periodCode, kind: ref.kind, honoured: board.entries.length, posted, failed, congratulated },
    'honours: posted',
  );
  return { status: 'posted', posted, failed, congratulated, imagePath };
}

/**
 * Tells the director (and the office) once which tied people or departments to choose among before the board can be
 * posted (tie rule `director-chooses`, issue 17 item 9), and how the choice is recorded.
 */
async function askForTieChoice(deps: HonoursDeps, tx: Tx, ref: HonourRef, board: HonourBoard, at: number): Promise<void> {
  const pending = board.pendingChoice;
  if (!pending) return;
  const lines = [`🏆 Danh sách biểu dương ${board.periodLabel} chưa đăng: cần Giám đốc chọn trong số bằng điểm (Kế hoạch, mục III.3.b).`];
  if (pending.people) {
    lines.push(`Cá nhân: chọn ${pending.people.seats} trong ${pending.people.candidates.length} người bằng ${pending.people.candidates[0]?.points ?? 0} điểm:`);
    for (const c of pending.people.candidates) lines.push(`• ${c.fullName}${c.departmentName ? ` — ${c.departmentName}` : ''} (mã số ${c.personId})`);
  }
  if (pending.departments) {
    lines.push('Tập thể: chọn 1 trong các phòng bằng điểm trung bình:');
    for (const d of pending.departments) lines.push(`• ${d.name} (mã phòng ${d.id}) — ${d.mean} điểm`);
  }
  // The director reads this on a phone: what to choose, and that the office records it. The office is told how.
  const directorEnd = 'Anh/chị báo lựa chọn cho Văn phòng; Văn phòng ghi nhận và danh sách được đăng ngay sau đó.';
  const officeEnd = `Ghi nhận lựa chọn của Giám đốc: thidua honours choose --period ${ref.periodCode}${pending.people ? ' --people MÃ_SỐ,…' : ''}${pending.departments ? ' --department MÃ_PHÒNG' : ''} --as <Giám đốc>; sau đó danh sách được đăng.`;
  const people = (await tx.staff.listPeople(ref.unitId)).filter((p) => p.active && (p.roles.includes('director') || p.roles.includes('office')));
  for (const p of people) {
    const text = [...lines, p.roles.includes('office') ? officeEnd : directorEnd].join('\n');
    await deps.dispatcher.dispatch(
      tx,
      { personId: p.id, dedupeKey: `honour-tie:${ref.unitId}:${ref.periodCode}:${p.id}`, purpose: 'notice', messages: [{ kind: 'text', text }] },
      at,
    );
  }
}

async function targetsOf(tx: Tx, ref: HonourRef): Promise<Record<string, TargetState>> {
  const row = await tx.honours.find(ref);
  if (!row) throw new Error('honour_posts row vanished');
  return contentSchema.parse(row.content).targets;
}

/** Keeps the rendered board in the file store (by content: a repeat finds it there) and returns its store path. */
async function keepBoard(files: FileStore, imagePath: string): Promise<string> {
  const received = await files.receive(await readFile(imagePath));
  try {
    const path = files.pathFor(received.sha256, 'image/png', 'bang-vinh-danh.png');
    await files.keep(received, path);
    return path;
  } finally {
    await files.discard(received);
  }
}

/** Tells the office where the list went; with no group registered, the office receives the board itself. */
async function tellOffice(
  deps: HonoursDeps,
  tx: Tx,
  ref: HonourRef,
  board: HonourBoard,
  r: { groups: number; postedTitles: string[]; failed: number; imagePath: string; text: string },
  at: number,
): Promise<void> {
  const office = (await tx.staff.listPeople(ref.unitId)).filter((p) => p.active && p.roles.includes('office'));
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
    await deps.dispatcher.dispatch(
      tx,
      { personId: p.id, dedupeKey: `honour-report:${ref.kind}:${ref.unitId}:${ref.periodCode}:${attempt}:${p.id}`, purpose: 'notice', messages },
      at,
    );
  }
}
