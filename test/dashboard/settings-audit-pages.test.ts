/**
 * The dashboard's settings (/cai-dat) and audit (/nhat-ky) pages over HTTP on the real app (demo unit): only the
 * office and the director open them, every entry of the settings catalogue is shown, a change goes through
 * change-unit-rules.ts (validated, audited: the audit search finds it), bad form input is a Vietnamese 4xx that stores
 * nothing, per-period overrides, and the audit search by person, period and action, paged newest first, secrets masked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { settingsCatalogue } from '../../src/settings/catalogue.js';
import { loadUnitRules } from '../../src/settings/unit-rules.js';
import { startHarness, type CookieJar, type Harness } from '../web/web-harness.js';
import { codeFor, dashboardLogin, get, post } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const UNIT = 'so-tttt-demo';
type Who = 'staff' | 'head' | 'office' | 'director' | 'leader';

async function signIn(harness: Harness): Promise<Record<Who, { jar: CookieJar; personId: number }>> {
  const demo = async (i: number) => {
    const l = harness.demo.logins[i];
    if (!l) throw new Error('demo login missing');
    return { jar: await dashboardLogin(harness, l.code), personId: l.personId };
  };
  const leaderCode = await codeFor(harness, 'Nguyễn Thị Hồng Nhung');
  return {
    staff: await demo(0),
    head: await demo(1),
    office: await demo(2),
    director: await demo(3),
    leader: { jar: await dashboardLogin(harness, leaderCode.code), personId: leaderCode.personId },
  };
}

const rawSettings = (harness: Harness) => harness.store.read(async (tx) => JSON.stringify((await tx.settings.getUnit(UNIT))?.settings ?? null));
const rowIds = (body: string) => [...body.matchAll(/<tr id="muc-(\d+)"/g)].map((m) => Number(m[1]));

describe('dashboard: settings (/cai-dat)', () => {
  it('shows every catalogue entry to the office and the director, refuses the other roles, and changes a setting as the CLI does (audited)', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const before = await rawSettings(harness);

    for (const role of ['staff', 'head', 'leader'] as const) {
      const page = await get(harness, '/cai-dat', who[role].jar);
      expect(page.status, role).toBe(403);
      expect(page.body).toContain('Chỉ Văn phòng hoặc Giám đốc của đơn vị được xem và đổi thiết lập.');
      const change = await post(harness, who[role].jar, '/cai-dat', { khoa: 'yearScore', giaTri: 'mean-of-present' });
      expect(change.status, role).toBe(403);
      expect(change.body).toContain('Chỉ Văn phòng hoặc Giám đốc');
      expect((await get(harness, '/', who[role].jar)).body).not.toContain('href="/cai-dat"');
    }
    expect(await rawSettings(harness)).toBe(before);

    const page = await get(harness, '/cai-dat', who.office.jar);
    expect(page.status).toBe(200);
    for (const entry of settingsCatalogue()) {
      expect(page.body, entry.key).toContain(`id="${entry.key}"`);
      expect(page.body, entry.key).toContain(`name="khoa" value="${entry.key}"`);
    }
    expect(page.body).toContain('Điểm cả năm');
    expect(page.body).toContain('Điểm cả năm = (điểm Quý I + điểm Quý II + điểm Quý III + điểm Quý IV)/4');
    expect(page.body).toContain('Cách đọc khác: Trung bình các Quý người đó thuộc đơn vị');
    expect(page.body).toContain('Tổng hợp gửi lãnh đạo phụ trách cho ý kiến');
    expect((await get(harness, '/cai-dat', who.director.jar)).status).toBe(200);
    expect((await get(harness, '/', who.office.jar)).body).toContain('href="/cai-dat"');

    const saved = await post(harness, who.office.jar, '/cai-dat', { khoa: 'yearScore', giaTri: 'mean-of-present' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/cai-dat?ok=da-luu#yearScore');
    expect((await harness.store.read((tx) => loadUnitRules(tx, UNIT))).scoring.yearScore).toBe('mean-of-present');
    const after = await get(harness, '/cai-dat?ok=da-luu', who.office.jar);
    expect(after.body).toContain('Đã lưu thiết lập');
    expect(after.body.split('id="yearScore"')[1]?.split('</section>')[0]).toContain('Đang dùng: <b>Trung bình các Quý người đó thuộc đơn vị</b>');

    // A part of an object-valued reading, and the director's reviewer set by the director (a deputy director).
    expect((await post(harness, who.office.jar, '/cai-dat', { khoa: 'ties.people', giaTri: 'dong-hang' })).status).toBe(303);
    const leaderId = String(who.leader.personId);
    expect((await post(harness, who.director.jar, '/cai-dat', { khoa: 'directorReviewer', giaTri: leaderId })).status).toBe(303);
    const rules = await harness.store.read((tx) => loadUnitRules(tx, UNIT));
    expect(rules.scoring.ties).toEqual({ people: 'dong-hang', department: 'director-chooses' });
    expect(rules.chain.directorReviewer).toBe(who.leader.personId);
    expect((await get(harness, '/cai-dat', who.office.jar)).body).toContain('Đang dùng: <b>Nguyễn Thị Hồng Nhung (Phó Giám đốc)</b>');

    // The audit search finds the three changes, newest first, by the people who made them, from the web.
    const audit = await get(harness, '/nhat-ky?thao-tac=unit.rules_changed', who.office.jar);
    expect(audit.status).toBe(200);
    const entries = await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, action: 'unit.rules_changed', limit: 10 }));
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.channel)).toEqual(['web', 'web', 'web']);
    expect(rowIds(audit.body)).toEqual(entries.map((e) => e.id));
    expect(audit.body.match(/Đổi thiết lập của đơn vị/g)?.length).toBeGreaterThanOrEqual(3);
    expect(audit.body).toContain('Trần Văn Hùng'); // the director made the last one
    const byOffice = await get(harness, `/nhat-ky?thao-tac=unit.rules_changed&nguoi=${who.office.personId}`, who.director.jar);
    expect(rowIds(byOffice.body)).toEqual(entries.slice(1).map((e) => e.id));
  });

  it('bad form input is a Vietnamese 4xx and changes nothing', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const period = harness.demo.periodCode ?? '';
    const before = await rawSettings(harness);
    const auditBefore = await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, action: 'unit.rules_changed', limit: 10 }));
    const bad: [Record<string, string>, number, string][] = [
      [{ khoa: 'yearScore', giaTri: 'chia-3' }, 400, 'Giá trị không hợp lệ, chưa lưu gì: yearScore (chọn: /4, mean-of-present)'],
      [{ khoa: 'khongCo', giaTri: '/4' }, 400, 'Không có thiết lập &quot;khongCo&quot;'],
      [{ khoa: 'yearScore' }, 400, 'Biểu mẫu thiếu thiết lập hoặc giá trị'],
      [{ khoa: 'ties.people', giaTri: 'random' }, 400, 'ties.people (chọn: director-chooses, dong-hang)'],
      [{ khoa: 'subLevelDepartments', giaTri: 'list', danhSach: ' ; ' }, 400, 'Vui lòng ghi tên ít nhất một phòng'],
      [{ khoa: 'yearScore', giaTri: '/4', ky: period }, 400, 'không đặt riêng theo kỳ'],
      [{ khoa: 'articleWindow', giaTri: 'half-year', ky: 'quy-4' }, 400, 'mã kỳ không đúng dạng'],
      [{ khoa: 'directorReviewer', giaTri: String(who.staff.personId) }, 400, 'không phải lãnh đạo'],
      [{ khoa: 'listOrder', giaTri: 'song-song' }, 400, 'Giá trị không hợp lệ'],
    ];
    for (const [fields, status, text] of bad) {
      const r = await post(harness, who.office.jar, '/cai-dat', fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.body, JSON.stringify(fields)).toContain(text);
    }
    expect(await rawSettings(harness)).toBe(before);
    expect(await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, action: 'unit.rules_changed', limit: 10 }))).toEqual(auditBefore);
    expect((await get(harness, '/cai-dat?ky=quy-4', who.office.jar)).status).toBe(400);
  });

  it('sets and removes a per-period override where the setting allows it; the unit’s value stays', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    const period = harness.demo.periodCode ?? '';
    const page = await get(harness, `/cai-dat?ky=${period}`, who.office.jar);
    expect(page.body).toContain(`id="ky-articleWindow"`);
    expect(page.body).toContain(`id="ky-subLevelDepartments"`);
    expect(page.body).not.toContain('id="ky-yearScore"');
    expect(page.body).toContain('theo đơn vị (6 tháng gần nhất)');

    const saved = await post(harness, who.office.jar, '/cai-dat', { khoa: 'articleWindow', giaTri: 'half-year', ky: period });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/cai-dat?ok=da-luu&ky=${period}#ky-articleWindow`);
    const list = await post(harness, who.office.jar, '/cai-dat', { khoa: 'subLevelDepartments', giaTri: 'list', danhSach: 'Văn phòng Sở; Phòng Thông tin, Báo chí – Xuất bản', ky: period });
    expect(list.status).toBe(303);
    const rules = await harness.store.read(async (tx) => ({ unit: await loadUnitRules(tx, UNIT), period: await loadUnitRules(tx, UNIT, period) }));
    expect(rules.unit.scoring.articleWindow).toBe('last-6-months');
    expect(rules.period.scoring.articleWindow).toBe('half-year');
    expect(rules.period.scoring.subLevelDepartments).toEqual(['Văn phòng Sở', 'Phòng Thông tin, Báo chí – Xuất bản']);
    const shown = (await get(harness, `/cai-dat?ky=${period}`, who.office.jar)).body.split('id="ky-articleWindow"')[1]?.split('</section>')[0];
    expect(shown).toContain(`Kỳ ${period}: <b>Theo nửa năm</b>`);

    expect((await post(harness, who.office.jar, '/cai-dat', { khoa: 'articleWindow', giaTri: 'default', ky: period })).status).toBe(303);
    expect((await harness.store.read((tx) => loadUnitRules(tx, UNIT, period))).scoring.articleWindow).toBe('last-6-months');
    const audit = await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, action: 'unit.rules_changed', limit: 10 }));
    expect(audit.map((e) => (e.after as { period?: string }).period)).toEqual([period, period, period]);
  });
});

describe('dashboard: audit (/nhat-ky)', () => {
  it('office and director only; by person, period and action; newest first, 50 a page with the next page by id; secrets masked; bad filters 400', async () => {
    h = await startHarness();
    const harness = h;
    const who = await signIn(harness);
    for (const role of ['staff', 'head', 'leader'] as const) {
      const r = await get(harness, '/nhat-ky', who[role].jar);
      expect(r.status, role).toBe(403);
      expect(r.body).toContain('Chỉ Văn phòng và Giám đốc xem được nhật ký thay đổi.');
      expect((await get(harness, '/', who[role].jar)).body).not.toContain('href="/nhat-ky"');
    }
    expect((await get(harness, '/', who.director.jar)).body).toContain('href="/nhat-ky"');

    const periodId = (await harness.store.read((tx) => tx.periods.find(UNIT, harness.demo.periodCode ?? '')))?.id ?? null;
    const at = harness.clock.now().getTime();
    const written = await harness.store.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) {
        ids.push(
          await tx.audit.record({
            at: at + i,
            unitId: UNIT,
            actorPersonId: who.head.personId,
            subjectPersonId: i % 2 === 0 ? who.staff.personId : who.head.personId,
            periodId: i % 3 === 0 ? periodId : null,
            channel: 'telegram',
            action: i % 2 === 0 ? 'submission.approved' : 'list.sent',
            entityType: 'submission',
            entityId: String(i),
            before: { status: 'submitted', token: 'bi-mat-khong-duoc-lo' },
            after: { status: 'approved', nested: { inviteCode: 'ABCD-EFGH' } },
          }),
        );
      }
      return ids;
    });
    const all = await harness.store.read((tx) => tx.audit.page({ unitId: UNIT, limit: 500 }));
    const first = await get(harness, '/nhat-ky', who.office.jar);
    expect(first.status).toBe(200);
    expect(rowIds(first.body)).toEqual(all.slice(0, 50).map((e) => e.id));
    expect(first.body).not.toContain('bi-mat-khong-duoc-lo');
    expect(first.body).not.toContain('ABCD-EFGH');
    expect(first.body).toContain('••••••');
    expect(first.body).toContain('Duyệt bản tự đánh giá');
    expect(first.body).toContain('Gửi danh sách phòng');
    const next = /href="(\/nhat-ky\?truoc=\d+)" rel="next"/.exec(first.body)?.[1];
    expect(next).toBe(`/nhat-ky?truoc=${all[49]?.id}`);
    const second = await get(harness, next ?? '', who.office.jar);
    expect(rowIds(second.body)).toEqual(all.slice(50, 100).map((e) => e.id));

    const staffOnly = await get(harness, `/nhat-ky?nguoi=${who.staff.personId}&thao-tac=submission.approved&ky=${harness.demo.periodCode}`, who.director.jar);
    const expected = written.filter((_, i) => i % 2 === 0 && i % 3 === 0).reverse();
    expect(rowIds(staffOnly.body)).toEqual(expected);
    expect(staffOnly.body).not.toContain('rel="next"');

    expect(rowIds((await get(harness, '/nhat-ky?ky=2020-Q1', who.office.jar)).body)).toEqual([]);
    expect((await get(harness, '/nhat-ky?ky=2020-Q1', who.office.jar)).body).toContain('Đơn vị không có kỳ 2020-Q1.');
    for (const q of ['nguoi=abc', 'ky=quy-bon', 'truoc=-3', 'thao-tac=%3Cscript%3E']) {
      const r = await get(harness, `/nhat-ky?${q}`, who.office.jar);
      expect(r.status, q).toBe(400);
      expect(r.body).toContain('Điều kiện tìm không hợp lệ');
    }
  });
});
