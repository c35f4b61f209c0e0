import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { announcementTargets, auditLog, outbox, people, periods, units } from '../../db/schema.js';
import { OutboundFiles } from '../../src/channels/outbound-files.js';
import { MediaLinks, renderForWeb } from '../../src/channels/web/render-outbound.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { SignedLinks } from '../../src/http/signed-links.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { honoursText, quarterHonours } from '../../src/honours/compute-honours.js';
import { recordGroupPostGivenUp } from '../../src/honours/group-post-failures.js';
import { postHonours } from '../../src/honours/post-honours.js';
import { chooseAmongTied } from '../../src/honours/tie-choice.js';
import { BOARD_FONT_FILES, boardSvg, renderBoardPng } from '../../src/honours/render-board.js';
import { unitLeaderboard } from '../../src/results/index.js';
import { onPeriodFinalised } from '../../src/scheduler/jobs/honours-job.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { createHarness, vn, type Harness } from './harness.js';

/**
 * Q4 finalised with a tie at the 5th place: totals 95, 90, 88, 86, 80, 80 (+ 70 and an unclassified 99). The unit's
 * tie rule is `dong-hang` (everyone tied honoured) unless `ties` says otherwise (the seed's default, the director
 * choosing, is tested on its own below).
 */
function finalisedQ4(h: Harness, options: { finalise?: boolean; ties?: 'dong-hang' | 'director-chooses' } = {}): void {
  const rule = options.ties ?? 'dong-hang';
  h.store.db.update(units).set({ settings: { rules: { ties: { people: rule, department: rule } } } }).where(eq(units.id, h.unit.unitId)).run();
  const totals: [string, number][] = [
    ['head', 95],
    ['staff', 90],
    ['head2', 88],
    ['office', 86],
    ['staff2', 80],
    ['staff3', 80],
    ['leader', 70],
  ];
  for (const [key, total] of totals) h.submit(key, '2026-Q4', 'approved', { total });
  if (options.finalise ?? true) {
    h.store.db.update(periods).set({ status: 'finalised', finalisedAt: 1 }).where(eq(periods.id, h.periods['2026-Q4']!.id)).run();
  }
  h.store.db.update(people).set({ noGroupMention: true }).where(eq(people.id, h.unit.people.staff3!)).run();
}

function registerGroups(h: Harness): void {
  h.store.db
    .insert(announcementTargets)
    .values([
      { unitId: h.unit.unitId, channel: 'telegram', chatId: '-100123', title: 'Nhóm Sở TT&TT', registeredAt: 1 },
      { unitId: h.unit.unitId, channel: 'zalo', chatId: 'gmf-1', title: 'Nhóm Zalo cơ quan', registeredAt: 1 },
    ])
    .run();
}

/** Share of pixels that are not (near) white. */
function inkRatio(png: Buffer): { width: number; height: number; ink: number } {
  const rendered = new Resvg(boardSvgFromPng(png), { font: { fontFiles: BOARD_FONT_FILES, loadSystemFonts: false } }).render();
  let ink = 0;
  const px = rendered.pixels;
  for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 255) < 200 || (px[i + 1] ?? 255) < 200 || (px[i + 2] ?? 255) < 200) ink += 1;
  return { width: rendered.width, height: rendered.height, ink: ink / (px.length / 4) };
}

/** Wraps a PNG in an SVG <image> so resvg decodes it into RGBA pixels (no PNG decoder needed). */
function boardSvgFromPng(png: Buffer): string {
  const w = png.readUInt32BE(16);
  const hgt = png.readUInt32BE(20);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}"><image width="${w}" height="${hgt}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
}

describe('ties under the seed default: the director chooses (issue 17 item 9)', () => {
  it('leaves the tied 5th place to the director, posts nothing until the choice, which is director-only and audited', async () => {
    const h = await createHarness();
    finalisedQ4(h, { ties: 'director-chooses' });
    registerGroups(h);
    const ref = { unitId: h.unit.unitId, kind: 'quarter' as const, periodCode: '2026-Q4' };
    const lb = (await h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' })))!;
    const pending = quarterHonours(lb, 'Sở TT&TT', 5);
    expect(pending.entries.map((e) => e.points)).toEqual([95, 90, 88, 86]);
    expect(pending.pendingChoice?.people).toMatchObject({ seats: 1, candidates: [{ points: 80 }, { points: 80 }] });
    expect(honoursText(pending)).toContain('Giám đốc Sở chọn trong số đó cho đủ 5 cá nhân (Kế hoạch, mục III.3.b)');

    const now = vn(2027, 1, 4, 8);
    expect(await postHonours(h.deps, ref, now)).toMatchObject({ status: 'needs_choice', posted: 0 });
    expect(h.posts).toEqual([]);
    const asked = h.rows('honour-tie:');
    expect(asked.map((r) => r.personId).sort()).toEqual([h.unit.people.office, h.unit.people.director].sort());
    expect(asked[0]?.text).toContain('chọn 1 trong 2 người bằng 80 điểm');
    expect(asked[0]?.text).toContain(`(mã số ${h.unit.people.staff3})`);
    // The director (on a phone) is not sent a command line; the office is told how to record the choice.
    const askedOf = (id: number | undefined) => asked.find((r) => r.personId === id)?.text ?? '';
    expect(askedOf(h.unit.people.director)).toContain('Anh/chị báo lựa chọn cho Văn phòng');
    expect(askedOf(h.unit.people.director)).not.toContain('thidua');
    expect(askedOf(h.unit.people.office)).toContain('thidua honours choose --period 2026-Q4 --people');

    const p = h.unit.people;
    const actor = (id: number, roles: ('office' | 'director' | 'staff')[]) => ({ personId: id, unitId: h.unit.unitId, roles, departmentId: null });
    const choose = (who: ReturnType<typeof actor>, personIds: number[], departmentId: number | null = null) =>
      h.store.transaction((tx) => chooseAmongTied(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4', actor: who, personIds, departmentId, topN: 5, now: now.getTime() }));
    expect(await choose(actor(p.office!, ['office', 'staff']), [p.staff3!])).toEqual({ ok: false, refusal: { code: 'director-only' } });
    const wrong = await choose(actor(p.director!, ['director']), [p.staff3!, p.staff2!]);
    expect(wrong).toMatchObject({ ok: false, refusal: { code: 'wrong-people', seats: 1 } });
    const departmentTie = pending.pendingChoice?.departments?.[0]?.id ?? null;
    const chosen = await choose(actor(p.director!, ['director']), [p.staff3!], departmentTie);
    expect(chosen.ok).toBe(true);
    const audit = h.store.db.select().from(auditLog).where(eq(auditLog.action, 'honours.tie_choice')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorPersonId: p.director, after: { personIds: [p.staff3] } });

    const posted = await postHonours(h.deps, ref, now);
    expect(posted.status).toBe('posted');
    const text = (h.posts[0]!.messages[1] as { text: string }).text;
    expect(text).toContain('Đỗ Thị Hoa');
    expect(text).not.toContain('Lê Văn Hùng');
    expect(h.rows('honour:quarter:').map((r) => r.personId)).not.toContain(p.staff2);
  });
});

describe('honour list', () => {
  it('includes everyone tied at the 5th place, marked "đồng hạng", and states the rule', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    const board = quarterHonours((await h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' })))!, 'Sở TT&TT', 5);
    expect(board.entries.map((e) => [e.rank, e.points, e.tied])).toEqual([
      [1, 95, false],
      [2, 90, false],
      [3, 88, false],
      [4, 86, false],
      [5, 80, true],
      [5, 80, true],
    ]);
    expect(board.extendedByTie).toBe(true);
    const text = honoursText(board);
    expect(text.match(/\(đồng hạng\)/g)).toHaveLength(2);
    expect(text).toContain('nếu nhiều người đồng hạng ở vị trí thứ 5 thì tất cả đều được biểu dương');
    expect(text).not.toContain('70'); // nobody outside the honoured appears with a score
    expect(board.bestDepartment?.name).toBeTruthy();
  });

  it('renders the board to a PNG with the exact diacritics, escaped, not blank', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    const board = quarterHonours((await h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' })))!, 'Sở <Thông tin> & Truyền thông', 5);
    const svg = boardSvg(board);
    expect(svg).toContain('Sở &lt;Thông tin&gt; &amp; Truyền thông');
    expect(svg.match(/>đồng hạng</g)).toHaveLength(2);
    expect(svg).toContain('Đỗ Thị Hoa'); // no_group_mention: still honoured
    const png = renderBoardPng(board);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const { width, height, ink } = inkRatio(png);
    expect(width).toBe(1400);
    expect(height).toBeGreaterThan(700);
    expect(ink).toBeGreaterThan(0.03);
    expect(ink).toBeLessThan(0.6);
  });

  it('posts once to every registered group (picture + text), congratulates each honoured person, tells the office', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    registerGroups(h);
    const now = vn(2027, 1, 4, 8);
    const first = await postHonours(h.deps, { unitId: h.unit.unitId, kind: 'quarter', periodCode: '2026-Q4' }, now);
    // 6 honoured; Lê Văn Hùng is not linked and Đỗ Thị Hoa is outside Zalo's window: 4 congratulations queued.
    expect(first).toMatchObject({ status: 'posted', posted: 2, failed: 0, congratulated: 4 });
    expect(h.posts.map((p) => [p.channel, p.chatId])).toEqual([
      ['telegram', '-100123'],
      ['zalo', 'gmf-1'],
    ]);
    const [image, text] = h.posts[0]!.messages;
    expect(image).toMatchObject({ kind: 'image', mime: 'image/png' });
    expect(readFileSync((image as { path: string }).path).subarray(1, 4).toString()).toBe('PNG');
    expect(text).toMatchObject({ kind: 'text' });
    expect((text as { text: string }).text).not.toContain('@');
    const congrats = h.rows('honour:quarter:');
    expect(congrats.map((c) => c.personId)).not.toContain(h.unit.people.leader);
    expect(h.rows('honour-report:')[0]!.text).toContain('Nhóm Sở TT&TT (Telegram), Nhóm Zalo cơ quan (Zalo)');
    const again = await postHonours(h.deps, { unitId: h.unit.unitId, kind: 'quarter', periodCode: '2026-Q4' }, now);
    expect(again.status).toBe('already_posted');
    expect(h.posts).toHaveLength(2);
    expect(await h.store.read((tx) => tx.honours.listPosts(h.unit.unitId))).toHaveLength(1);
  });

  it('retries only the group that failed', async () => {
    const h = await createHarness({ failGroup: true });
    finalisedQ4(h);
    registerGroups(h);
    const ref = { unitId: h.unit.unitId, kind: 'quarter' as const, periodCode: '2026-Q4' };
    expect(await postHonours(h.deps, ref, vn(2027, 1, 4, 8))).toMatchObject({ posted: 1, failed: 1 });
    expect(h.rows('honour-report:')[0]!.text).toContain('Chưa đăng được lên 1 nhóm. Vui lòng báo bộ phận quản trị hệ thống để đăng lại.');
    expect(h.rows('honour-report:')[0]!.text).not.toContain('thidua');
  });

  it('a queued group post the sender gave up on: the group is marked failed, the office told once, the next post retries it under a new key', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    registerGroups(h);
    const ref = { unitId: h.unit.unitId, kind: 'quarter' as const, periodCode: '2026-Q4' };
    const queued: { channel: string; chatId: string; postKey?: string }[] = [];
    // As a channel that queues group posts for its sender (PostgreSQL, Zalo): "posted" means queued under the key.
    const deps = { ...h.deps, postToGroup: async (channel: 'telegram' | 'zalo', chatId: string, _m: OutboundMessage[], postKey?: string) => void queued.push({ channel, chatId, postKey }) };
    expect(await postHonours(deps, ref, vn(2027, 1, 4, 8))).toMatchObject({ status: 'posted', posted: 2, failed: 0 });
    const zaloKey = queued.find((q) => q.channel === 'zalo')?.postKey ?? '';
    expect(zaloKey).toMatch(/^honours:quarter:.+:2026-Q4:\d+$/);
    const item = (key: string) => ({ id: 7, dedupeKey: `group:${key}@zalo`, channel: 'zalo' as const, chatId: 'group:gmf-1', personId: null, purpose: 'announcement', messages: [], attempts: 6 });
    const givenUp = (key: string, at: number) =>
      h.store.transaction((tx) => recordGroupPostGivenUp(h.deps, tx, item(key), { kind: 'failed', error: 'zalo: -32 hết hạn mức' }, at));
    const failedAt = vn(2027, 1, 4, 8, 5).getTime();
    expect(await givenUp(zaloKey, failedAt)).toBe(true);
    // Reported twice (a mark retried after a lost answer): told once.
    expect(await givenUp(zaloKey, failedAt + 1)).toBe(false);
    const told = h.rows('honour-group-failed:');
    expect(told.map((r) => r.personId)).toEqual([h.unit.people.office]);
    expect(told[0]?.text).toBe(
      'Đăng nhóm thất bại: danh sách biểu dương Quý IV/2026 chưa đăng được lên Nhóm Zalo cơ quan (Zalo) lúc 08:05 ngày 04/01/2027: ' +
        'gửi không thành công (lỗi: zalo: -32 hết hạn mức). Vui lòng báo bộ phận quản trị hệ thống để đăng lại.',
    );
    const targets = async () => ((await h.store.read((tx) => tx.honours.find(ref)))?.content as { targets: Record<string, unknown> }).targets;
    expect(Object.values(await targets())).toEqual(
      expect.arrayContaining([{ status: 'posted', at: expect.any(Number) }, { status: 'failed', at: failedAt, failures: 1, error: 'zalo: -32 hết hạn mức' }]),
    );

    // The next post (`thidua honours --post`) retries that group only, under a new key; an old key's report is stale.
    queued.length = 0;
    expect(await postHonours(deps, ref, vn(2027, 1, 4, 9))).toMatchObject({ status: 'posted', posted: 1, failed: 0 });
    expect(queued).toEqual([{ channel: 'zalo', chatId: 'gmf-1', postKey: `${zaloKey}:r1` }]);
    expect(await givenUp(zaloKey, failedAt + 2)).toBe(false);
    expect(await postHonours(deps, ref, vn(2027, 1, 4, 10))).toMatchObject({ status: 'already_posted' });
    expect(h.rows('honour-group-failed:')).toHaveLength(1);
    expect(await h.store.transaction((tx) => recordGroupPostGivenUp(h.deps, tx, { ...item('x'), dedupeKey: 'reply:9@zalo' }, { kind: 'failed', error: 'x' }, 1))).toBe(false);
  });

  it('a post given up on before postHonours recorded it as queued: the failure stands', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    registerGroups(h);
    const ref = { unitId: h.unit.unitId, kind: 'quarter' as const, periodCode: '2026-Q4' };
    // The sender (another instance) fails the Zalo post the moment it is queued.
    const deps = {
      ...h.deps,
      postToGroup: async (channel: 'telegram' | 'zalo', chatId: string, _m: OutboundMessage[], postKey?: string) => {
        if (channel !== 'zalo') return;
        const item = { id: 8, dedupeKey: `group:${postKey}@zalo`, channel: 'zalo' as const, chatId: `group:${chatId}`, personId: null, purpose: 'announcement', messages: [], attempts: 1 };
        await h.store.transaction((tx) => recordGroupPostGivenUp(h.deps, tx, item, { kind: 'unreachable', error: 'zalo: nhóm không tồn tại' }, vn(2027, 1, 4, 8).getTime()));
      },
    };
    expect(await postHonours(deps, ref, vn(2027, 1, 4, 8))).toMatchObject({ status: 'posted', posted: 1, failed: 1 });
    expect(h.rows('honour-group-failed:')[0]?.text).toContain('Thi Đua Số không còn gửi được vào nhóm');
    expect(h.rows('honour-report:')[0]?.text).toContain('Chưa đăng được lên 1 nhóm.');
    expect(Object.values(((await h.store.read((tx) => tx.honours.find(ref)))?.content as { targets: Record<string, { status: string }> }).targets).map((t) => t.status).sort()).toEqual([
      'failed',
      'posted',
    ]);
  });

  it('with no group registered, the office receives the board and is told why', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    await postHonours(h.deps, { unitId: h.unit.unitId, kind: 'quarter', periodCode: '2026-Q4' }, vn(2027, 1, 4, 8));
    const report = h.rows('honour-report:');
    expect(report.map((r) => r.personId)).toEqual([h.unit.people.office]);
    expect(report[0]!.text).toContain('chưa đăng ký nhóm thông báo nào');
    expect(report[0]!.text).toContain('Thêm Thi Đua Số vào nhóm chung rồi gõ /dangkynhom trong nhóm');
  });

  it('finalised before the ceremony: no year board with Q4; the Quý IV board goes out at 08:00 on the first working day, once per person', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    registerGroups(h);
    const early = await onPeriodFinalised(h.deps, { unitId: h.unit.unitId, periodCode: '2026-Q4' }, vn(2026, 12, 28, 15));
    expect(early.quarter).toBe('scheduled');
    expect(new Date(early.ceremonyAt!).toISOString()).toBe(vn(2027, 1, 4, 8).toISOString()); // 1 Jan 2027 is a Friday holiday
    // Issue 18, item 24: the year's outputs come from the year's council, not from Q4 at its finalisation.
    expect(early).not.toHaveProperty('year');
    expect(h.posts).toEqual([]);
    expect(h.rows('honour:')).toEqual([]);
    const s = createScheduler(h.deps);
    const entries = await s.catchUp(vn(2027, 1, 4, 8, 0));
    expect(entries.find((e) => e.job === 'honours')?.outcome).toBe('ran');
    expect(h.posts.map((p) => [p.channel, (p.messages[1] as { text: string }).text.split('\n')[0]])).toEqual([
      ['telegram', '🏆 BIỂU DƯƠNG CHIẾN BINH SỐ — Quý IV/2026'],
      ['zalo', '🏆 BIỂU DƯƠNG CHIẾN BINH SỐ — Quý IV/2026'],
    ]);
    expect(await h.store.read((tx) => tx.honours.listPosts(h.unit.unitId))).toEqual([expect.objectContaining({ kind: 'quarter', periodCode: '2026-Q4' })]);
    // Each honoured person congratulated once, for the quarter, and never for "Năm 2026".
    const congrats = h.rows('honour:');
    const perPerson = new Map<number | null, number>();
    for (const c of congrats) perPerson.set(c.personId, (perPerson.get(c.personId) ?? 0) + 1);
    expect([...perPerson.values()].every((n) => n === 1)).toBe(true);
    expect(congrats.length).toBe(4);
    for (const c of congrats) {
      expect(c.text).toContain('Quý IV/2026');
      expect(c.text).not.toContain('Năm 2026');
    }
    // A later run of the slot (a restart) posts nothing again.
    expect(await s.runSlot('honours', h.unit.unitId, vn(2027, 1, 4, 8).getTime(), vn(2027, 1, 4, 9))).toBe('taken');
    await onPeriodFinalised(h.deps, { unitId: h.unit.unitId, periodCode: '2026-Q4' }, vn(2027, 1, 5, 9));
    expect(h.posts).toHaveLength(2);
    expect(h.rows('honour:')).toHaveLength(4);
  });

  it("the office's copy of the board (no group registered) is served to the web chat, with a relative data folder", async () => {
    const h = await createHarness();
    finalisedQ4(h);
    // The default DATA_DIR is relative ("./data"): the board's path must still resolve to the file written.
    const dataDir = relative(process.cwd(), join(mkdtempSync(join(tmpdir(), 'thidua-honours-media-')), 'data'));
    h.deps.dataDir = dataDir;
    await postHonours(h.deps, { unitId: h.unit.unitId, kind: 'quarter', periodCode: '2026-Q4' }, vn(2027, 1, 4, 8));
    const office = h.unit.people.office!;
    const row = h.store.db.select().from(outbox).all().find((r) => r.dedupeKey.startsWith('honour-report:') && r.personId === office);
    const payload = row!.payload as OutboundMessage[];
    const media = new MediaLinks(dataDir, new SignedLinks({ secret: 'x'.repeat(32), ttlMs: 60_000, now: () => Date.now() }));
    const web = renderForWeb(payload, office, media);
    const image = web.find((m) => m.kind === 'image');
    expect(image).toMatchObject({ kind: 'image', caption: 'Biểu dương Quý IV/2026' });
    const entry = media.lookup((image as { url: string }).url.split('/').at(-1)!, office);
    if (entry === null || entry === 'expired' || !entry.absPath) throw new Error('the board is not linked');
    expect(existsSync(entry.absPath)).toBe(true);
    expect(readFileSync(entry.absPath).subarray(1, 4).toString()).toBe('PNG');
    expect(entry.absPath.startsWith(resolve(dataDir, 'honours'))).toBe(true);
  });

  it("with a file store, the office's copy of the board names the stored file, so another instance can send it", async () => {
    const h = await createHarness();
    finalisedQ4(h);
    const shared = mkdtempSync(join(tmpdir(), 'thidua-honours-store-'));
    h.deps.files = createLocalFileStore({ dataDir: shared });
    const result = await postHonours(h.deps, { unitId: h.unit.unitId, kind: 'quarter', periodCode: '2026-Q4' }, vn(2027, 1, 4, 8));
    const office = h.unit.people.office!;
    const row = h.store.db.select().from(outbox).all().find((r) => r.dedupeKey.startsWith('honour-report:') && r.personId === office);
    const image = (row!.payload as OutboundMessage[]).find((m) => m.kind === 'image');
    if (image?.kind !== 'image') throw new Error('no board in the office message');
    expect(image.path).toMatch(/^evidence\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    // The instance that rendered it is gone: the board is still there for the one that sends the outbox.
    rmSync(result.imagePath!);
    const opened = await new OutboundFiles(createLocalFileStore({ dataDir: shared })).read(image.path, 10 * 1024 * 1024);
    expect(opened?.bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('wraps a long department name onto two lines instead of cutting it', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    const lb = (await h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' })))!;
    const long = 'Trung tâm Công nghệ thông tin và Truyền thông';
    const board = quarterHonours(lb, 'Sở TT&TT', 5);
    board.entries = board.entries.map((e, i) => (i === 0 ? { ...e, departmentName: long } : e));
    board.bestDepartment = { name: long, mean: 91.5, headcount: 12, tiedWith: [] };
    const svg = boardSvg(board);
    expect(svg).not.toContain('…');
    expect(svg).not.toContain('Trung tâm Công nghệ thông t…');
    // The first row's department: two <text> lines at the department column that read back as the whole name.
    const deptLines = [...svg.matchAll(/<text x="590" y="(\d+)"[^>]*>([^<]*)<\/text>/g)];
    const rowLines = deptLines.filter((m) => long.includes(m[2]!));
    expect(rowLines).toHaveLength(2);
    expect(rowLines.map((m) => m[2]).join(' ')).toBe(long);
    expect(Number(rowLines[1]![1])).toBeGreaterThan(Number(rowLines[0]![1]));
    // The leading department's line keeps the whole name too.
    const texts = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]!).join('\n');
    expect(texts.replace(/\n/g, ' ')).toContain(`${long} — điểm trung bình 91,5 (12 người)`);
    writeFileSync(join(h.deps.dataDir, 'wrapped.png'), renderBoardPng(board));
  });

  it('finalised after the ceremony slot: posts at once', async () => {
    const h = await createHarness();
    finalisedQ4(h);
    registerGroups(h);
    const late = await onPeriodFinalised(h.deps, { unitId: h.unit.unitId, periodCode: '2026-Q4' }, vn(2027, 1, 6, 10));
    expect(late.quarter).toMatchObject({ status: 'posted', posted: 2 });
  });
});
