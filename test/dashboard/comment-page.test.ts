/**
 * The leader in charge's comment page (/y-kien, seed 000 III.3.a "Tổng hợp gửi lãnh đạo phụ trách cho ý kiến") over
 * HTTP on the real app (demo unit, unit rule listOrder leader-first): the head sends the list, only its leader in
 * charge comments (through the chat's service: audit, notices), an empty comment is a 400 that changes nothing, and
 * the office may accept only after the comment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { codeFor, dashboardLogin, get, post } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const UNIT = 'so-tttt-demo';

describe('dashboard: the leader in charge comments on a department list (/y-kien)', () => {
  it('only the leader in charge of the department comments; the wrong roles are refused; the office accepts after the comment', async () => {
    h = await startHarness();
    const harness = h;
    const jarOf = async (i: number): Promise<CookieJar> => dashboardLogin(harness, harness.demo.logins[i]?.code ?? '');
    const [staff, head, office, director] = [await jarOf(0), await jarOf(1), await jarOf(2), await jarOf(3)];
    const nhung = await codeFor(harness, 'Nguyễn Thị Hồng Nhung'); // in charge of Văn phòng Sở and TTBC
    const vinh = await codeFor(harness, 'Lê Quang Vinh'); // in charge of BCVT and TT
    const leader = await dashboardLogin(harness, nhung.code);
    const otherLeader = await dashboardLogin(harness, vinh.code);

    expect((await get(harness, '/', leader)).body).toContain('href="/y-kien"');
    expect((await get(harness, '/', office)).body).not.toContain('href="/y-kien"');
    const empty = await get(harness, '/y-kien', leader);
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('Các phòng anh/chị phụ trách chưa gửi danh sách nào.');

    // The TTBC head sends the list (nothing waits for review).
    expect((await post(harness, head, '/danh-sach/gui', {}, '/danh-sach')).status).toBe(303);
    const period = await harness.store.read((tx) => tx.periods.find(UNIT, harness.demo.periodCode ?? ''));
    const list = (await harness.store.read((tx) => tx.reviews.listsOfPeriod(period?.id ?? 0)))[0];
    if (!list) throw new Error('no list');
    // The office waits for the leader's comment (leader-first).
    expect((await post(harness, office, `/tiep-nhan/${list.id}/tiep-nhan`)).status).toBe(409);

    // The leader's home says what waits: the list to comment on.
    expect((await get(harness, '/', leader)).body).toContain('1 danh sách phòng chờ anh/chị cho ý kiến');
    const page = await get(harness, '/y-kien', leader);
    expect(page.body).toContain('Phòng Thông tin, Báo chí – Xuất bản');
    expect(page.body).toContain(`action="/y-kien/${list.id}"`);
    expect(page.body).toContain('Ngô Thanh Sơn');
    // The other leader sees no form for it and may not comment.
    expect((await get(harness, '/y-kien', otherLeader)).body).not.toContain(`action="/y-kien/${list.id}"`);
    const refused = await post(harness, otherLeader, `/y-kien/${list.id}`, { yKien: 'Đồng ý.' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Chỉ lãnh đạo phụ trách phòng này mới cho ý kiến được vào danh sách.');
    for (const [role, jar] of [['staff', staff], ['head', head], ['office', office], ['director', director]] as const) {
      const r = await get(harness, '/y-kien', jar);
      expect(r.status, role).toBe(403);
      expect(r.body).toContain('Chỉ lãnh đạo phụ trách');
      expect((await post(harness, jar, `/y-kien/${list.id}`, { yKien: 'Đồng ý.' })).status, role).toBe(403);
    }
    // Bad input: an empty comment, a list that does not exist.
    const blank = await post(harness, leader, `/y-kien/${list.id}`, { yKien: '  ' });
    expect(blank.status).toBe(400);
    expect((await post(harness, leader, '/y-kien/abc', { yKien: 'Đồng ý.' })).status).toBe(404);
    expect((await harness.store.read((tx) => tx.reviews.list(list.id)))?.leaderComment).toBeNull();

    const done = await post(harness, leader, `/y-kien/${list.id}`, { yKien: 'Đồng ý, đề nghị Văn phòng tiếp nhận.' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/y-kien?ok=da-cho-y-kien');
    expect((await harness.store.read((tx) => tx.reviews.list(list.id)))?.leaderComment).toBe('Đồng ý, đề nghị Văn phòng tiếp nhận.');
    expect((await get(harness, '/', leader)).body).not.toContain('chờ anh/chị cho ý kiến');
    const after = await get(harness, '/y-kien?ok=da-cho-y-kien', leader);
    expect(after.body).toContain('Đã gửi ý kiến');
    expect(after.body).toContain('Ý kiến đã cho: <b>Đồng ý, đề nghị Văn phòng tiếp nhận.</b>');
    const audit = await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, action: 'list.commented', limit: 5 }));
    expect(audit.map((e) => [e.actorPersonId, e.channel])).toEqual([[nhung.personId, 'web']]);
    // The office sees the comment in the audit search and may now accept.
    expect((await get(harness, '/nhat-ky?thao-tac=list.commented', office)).body).toContain('Lãnh đạo phụ trách cho ý kiến');
    expect((await post(harness, office, `/tiep-nhan/${list.id}/tiep-nhan`)).status).toBe(303);
  });
});
