/**
 * Seed 000 II.3.b on the dashboard: the office's lists page (/tiep-nhan), the results page (/ket-qua) and the
 * director's summary (/phe-duyet) show each department's own article of the quarter — "Bài viết của phòng: có /
 * không / chưa khai báo" — and what "không" costs under the unit's `departmentArticle` setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerDepartmentArticle } from '../../src/approval/department-article.js';
import { startHarness, type Harness } from '../web/web-harness.js';
import { dashboardLogin, get } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';
const VP = 'Văn phòng Sở';
const BCVT = 'Phòng Bưu chính, Viễn thông và Công nghệ thông tin';

/** The table row (or list item) of the page naming `dept`. */
const rowOf = (body: string, dept: string) => body.split(/<tr>|<li>/).find((r) => r.startsWith(`<td>${dept}`) || r.startsWith(`<b>${dept}`)) ?? '';

describe('dashboard: the department’s own article of the quarter', () => {
  it('shows có / không / chưa khai báo and what "không" implies on the office’s, the results and the director’s pages', async () => {
    h = await startHarness();
    const harness = h;
    const jar = async (i: number) => {
      const l = harness.demo.logins[i];
      if (!l) throw new Error('demo login missing');
      return { jar: await dashboardLogin(harness, l.code), personId: l.personId };
    };
    const head = await jar(1);
    const office = await jar(2);
    const director = await jar(3);
    const unitId = harness.demo.unitId ?? '';
    const periodCode = harness.demo.periodCode ?? '';
    const answer = (actorId: number, input: { count: number; evidence?: string; departmentName?: string }) =>
      harness.store.transaction(async (tx) => {
        const departmentId = input.departmentName ? (await tx.staff.listDepartments(unitId)).find((d) => d.name === input.departmentName)?.id : undefined;
        const r = await answerDepartmentArticle(tx, { actorId, now: harness.clock.now(), channel: 'web' }, { periodCode, departmentId, count: input.count, evidence: input.evidence });
        expect(r.ok).toBe(true);
      });

    // Nobody answered yet: "chưa khai báo", no consequence.
    const before = await get(harness, '/tiep-nhan', office.jar);
    expect(before.body).toContain('<th>Bài viết của phòng</th>');
    expect(rowOf(before.body, TTBC)).toContain('<span class="badge">chưa khai báo</span>');

    await answer(head.personId, { count: 0 });
    await answer(office.personId, { count: 2, evidence: 'https://stttt.daknong.gov.vn/bai-1', departmentName: VP });

    // Default setting: the department without its article is not eligible as the best department.
    const lists = await get(harness, '/tiep-nhan', office.jar);
    expect(rowOf(lists.body, TTBC)).toContain('<span class="badge late">không</span> — phòng không được xét tập thể dẫn đầu</td>');
    expect(rowOf(lists.body, VP)).toContain('<span class="badge ok">có</span> (2 bài (https://stttt.daknong.gov.vn/bai-1))</td>');
    expect(rowOf(lists.body, BCVT)).toContain('<span class="badge">chưa khai báo</span>');

    const summary = await get(harness, '/phe-duyet', director.jar);
    expect(summary.status).toBe(200);
    expect(summary.body).toContain('Bài viết của phòng trong Quý (ít nhất 1 bài/Quý)');
    expect(rowOf(summary.body, TTBC)).toContain(`<b>${TTBC}</b> — Bài viết của phòng: <span class="badge late">không</span> — phòng không được xét tập thể dẫn đầu</li>`);

    // members-too: its members are also left unclassified, and every page says so.
    await harness.store.transaction((tx) => tx.settings.updateSettings(unitId, { rules: { departmentArticle: 'members-too' } }));
    const strict = 'phòng không được xét tập thể dẫn đầu, thành viên không được xếp loại';
    expect(rowOf((await get(harness, '/tiep-nhan', office.jar)).body, TTBC)).toContain(`<span class="badge late">không</span> — ${strict}</td>`);
    expect(rowOf((await get(harness, '/phe-duyet', director.jar)).body, TTBC)).toContain(`<span class="badge late">không</span> — ${strict}</li>`);
    const results = await get(harness, `/ket-qua?ky=${periodCode}`, office.jar);
    expect(results.status).toBe(200);
    const departments = results.body.slice(results.body.indexOf('id="tap-the"'));
    expect(departments).toContain('<th>Bài viết của phòng</th>');
    expect(rowOf(departments, TTBC)).toContain(`<span class="badge late">không</span> — ${strict}</td>`);
  });
});
