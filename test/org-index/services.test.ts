/**
 * The organisation index's services one by one: the calendar (seed 003 defaults, a unit's settings, a rubric
 * without a calendar), opening a year (refusals: a person rubric, seed 004's template frame, a second year, bad
 * settings), the role checks shared by chat and CLI, the PDF signature check, and seed 004's bonus on a small
 * made-up frame (test data) with the office-entered initiative count.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { answerIndicator } from '../../src/org-index/answer-indicator.js';
import { initiativeBonusCount } from '../../src/org-index/initiatives.js';
import { parseOrgCalendar, resolveOrgCalendar, windowMonths } from '../../src/org-index/org-calendar.js';
import { orgResult } from '../../src/org-index/org-result.js';
import { canAnswer, canApprove, canLead, canVerify, type OrgActor } from '../../src/org-index/org-roles.js';
import { loadOrgYear, openOrgYear, orgActor } from '../../src/org-index/org-year.js';
import { pdfSignature } from '../../src/org-index/pdf-signature.js';
import { orgRefusalText } from '../../src/org-index/refusals.js';
import { setInitiativeCount } from '../../src/org-index/review-year.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import { seed000Rubric, seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { dtiRubric } from './fixture.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('org calendar', () => {
  it('seed 003 defaults: data window 1/11 to 1/11, entry before 11/11, completion dates, verification, December approval', () => {
    const cal = resolveOrgCalendar(dtiRubric(), 2024)!;
    expect(cal).toMatchObject({ dataFrom: '2023-11-01', dataTo: '2024-11-01', entryDeadline: '2024-11-11', leadRole: 'van-hoa-thong-tin' });
    expect(cal.verification).toEqual({ by: 'Ban Chỉ đạo chuyển đổi số xã', from: '2024-11-12', to: '2024-12-31' });
    expect(cal.approval).toEqual({ by: 'Ủy ban nhân dân huyện', from: '2024-12-01', to: '2024-12-31' });
    const due = Object.fromEntries(cal.completion.map((c) => [c.criterionId, c.date]));
    expect([due['dti.2'], due['dti.3'], due['dti.4'], due['dti.5'], due['dti.24']]).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-10-31', '2024-11-11']);
    expect(windowMonths(cal).map((m) => `${m.month}/${m.year}`)).toEqual(['11/2023', '12/2023', ...Array.from({ length: 10 }, (_, i) => `${i + 1}/2024`)]);
  });

  it("a unit's settings and the year's own date override the defaults; indicators due with the entry follow it", () => {
    const cal = resolveOrgCalendar(dtiRubric(), 2024, { entryDeadline: '5.11', completion: { 'dti.2': '15.4' }, approvalMonth: 11, approvalBy: 'UBND xã' })!;
    const due = Object.fromEntries(cal.completion.map((c) => [c.criterionId, c.date]));
    expect([cal.entryDeadline, due['dti.2'], due['dti.3'], due['dti.24']]).toEqual(['2024-11-05', '2024-04-15', '2024-06-30', '2024-11-05']);
    expect(cal.approval).toEqual({ by: 'UBND xã', from: '2024-11-01', to: '2024-11-30' });
    expect(resolveOrgCalendar(dtiRubric(), 2024, { entryDeadline: '5.11' }, { entryDeadline: '2024-11-08' })?.entryDeadline).toBe('2024-11-08');
  });

  it('says how to write a date in Vietnamese terms: a stored calendar with a bad date, a rubric without a calendar', () => {
    const cal = resolveOrgCalendar(dtiRubric(), 2024)!;
    expect(() => parseOrgCalendar({ ...cal, entryDeadline: '11/11/2024' })).toThrow('ngày ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(orgRefusalText({ code: 'no-calendar', rubricId: 'dti' })).toBe(
      'Bộ tiêu chí dti chưa có lịch năm (niên hạn số liệu, hạn nhập, thẩm định, phê duyệt): hãy cho hạn nhập số liệu khi mở năm (--entry-deadline, ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20).',
    );
  });
});

describe('opening an index year', () => {
  it('refuses a person rubric, seed 004’s template frame, a second year of the unit and bad unit settings', async () => {
    const store = testStore();
    const seeded = await seedUnit(store, { periodCode: null });
    const open = (rubric: Parameters<typeof openOrgYear>[1]['rubric'], year = 2024) =>
      store.transaction((tx) => openOrgYear(tx, { unitId: seeded.unitId, rubric, year, actorId: null, now: 0 }));
    const person = await open(seed000Rubric());
    expect(person.ok || orgRefusalText(person.refusal)).toContain('không phải bộ chỉ số đánh giá cơ quan');
    const template = await open(loadRubricFile('flows/an-giang-dti-so-ban-nganh-2023.yaml'));
    expect(template.ok || orgRefusalText(template.refusal)).toContain('khung mẫu chưa điền đủ');
    expect((await open(dtiRubric())).ok).toBe(true);
    const again = await open(dtiRubric());
    expect(again.ok || orgRefusalText(again.refusal)).toBe('Đơn vị đã có kỳ đánh giá chỉ số năm 2024.');
    store.db.update(units).set({ settings: { orgIndex: { calendar: { entryDeadline: '31/11' } } } }).where(eq(units.id, seeded.unitId)).run();
    const bad = await open(dtiRubric(), 2025);
    expect(bad.ok || orgRefusalText(bad.refusal)).toContain('Thiết lập orgIndex của đơn vị không hợp lệ');
  });

  it('seed 004 bonus on a small made-up frame (test data): shown apart from the scale, from the register, or the office-entered count', async () => {
    const store = testStore();
    const seeded = await seedUnit(store, { periodCode: null });
    const frame = loadRubricFile('test/fixtures/frame-test-data.yaml');
    const noDate = await store.transaction((tx) => openOrgYear(tx, { unitId: seeded.unitId, rubric: frame, year: 2024, actorId: null, now: 0 }));
    expect(noDate.ok || orgRefusalText(noDate.refusal)).toContain('--entry-deadline');
    const opened = await store.transaction((tx) =>
      openOrgYear(tx, { unitId: seeded.unitId, rubric: frame, year: 2024, actorId: null, now: 0, dates: { entryDeadline: '2024-11-15' } }),
    );
    if (!opened.ok) throw new Error(orgRefusalText(opened.refusal));
    const result = await store.transaction(async (tx) => {
      const year = (await loadOrgYear(tx, opened.period.id))!;
      const office = orgActor((await tx.staff.getPerson(seeded.people.office!))!, year.officials);
      for (const [criterionId, value] of [['t.tt.1', '25 người'], ['t.1.1', 'pass'], ['t.1.2', 50], ['t.2.1', 3]] as const) {
        const out = await answerIndicator(tx, year, office, { criterionId, value, now: 1 });
        if (!out.ok) throw new Error(orgRefusalText(out.refusal));
      }
      // The register first: one initiative recognised in 2024 (and one in 2023, which does not count) → +10.
      const recognise = async (title: string, decisionDate: string): Promise<void> => {
        const id = await tx.initiatives.create({ unitId: seeded.unitId, title, kind: 'mo-hinh', topic: 'chuyen-doi-so', authorIds: [seeded.people.office!], collective: null, departmentId: null, summary: null, evidence: [], registeredById: null, now: 1 });
        await tx.initiatives.recognise(id, { level: 'tinh', body: 'Hội đồng thi đua – khen thưởng tỉnh', decisionNumber: `${id}/QĐ-UBND`, decisionDate, recognisedById: null, recognisedAt: 1 });
      };
      await recognise('Mô hình một cửa số', '2024-06-10');
      await recognise('Mô hình năm trước', '2023-12-20');
      expect(await initiativeBonusCount(tx, year.period)).toBe(1);
      expect(orgResult(year, null, await initiativeBonusCount(tx, year.period)).withBonus).toMatchObject({ bonus: 10, total: 24 });
      // The office's entry for the year, when set, takes precedence (recognitions recorded outside the register).
      const staff = orgActor((await tx.staff.getPerson(seeded.people.staff!))!, year.officials);
      const refused = await setInitiativeCount(tx, year, staff, 2, { now: 2 });
      expect(refused.ok || orgRefusalText(refused.refusal)).toContain('Chỉ đơn vị chủ trì');
      const set = await setInitiativeCount(tx, year, office, 2, { now: 2 });
      expect(set.ok).toBe(true);
      const reloaded = (await loadOrgYear(tx, opened.period.id))!;
      return orgResult(reloaded, null, await initiativeBonusCount(tx, reloaded.period));
    });
    // 4 (A1) + 8 × 50% = 4 (A2) + 2 × 3 = 6 (B1) = 14 of 20; two initiatives → +30, apart from the scale.
    expect(result.score.total).toBe(14);
    expect(result.score.max).toBe(20);
    expect(result.withBonus).toMatchObject({ base: 14, bonus: 30, total: 44, capped: false });
    expect(orgResult({ rubric: frame, answers: new Map() }, { initiativeBonus: 'cap-at-max' }, 1).withBonus).toMatchObject({ bonus: 10, total: 10 });
  });
});

describe('org roles', () => {
  const actor = (roles: OrgActor['roles'], codes: string[]): OrgActor => ({ personId: 7, unitId: 'u', roles, codes });
  it('lead office, assignees, steering committee and chair', () => {
    expect(canLead(actor(['staff'], ['van-hoa-thong-tin']), 'van-hoa-thong-tin').ok).toBe(true);
    expect(canLead(actor(['office'], []), 'van-hoa-thong-tin').ok).toBe(true);
    expect(canLead(actor(['staff'], ['ke-toan-ngan-sach']), 'van-hoa-thong-tin').ok).toBe(false);
    expect(canAnswer(actor(['staff'], []), 'dti.6', [7], null).ok).toBe(true);
    expect(canAnswer(actor(['staff'], []), 'dti.6', [8], null)).toEqual({ ok: false, refusal: { code: 'not-assignee', criterionId: 'dti.6' } });
    expect(canVerify(actor(['staff'], ['steering'])).ok).toBe(true);
    expect(canVerify(actor(['director'], [])).ok).toBe(false);
    expect(canApprove(actor(['staff'], ['steering'])).ok).toBe(false);
    expect(canApprove(actor(['leader'], ['chair'])).ok).toBe(true);
  });
});

describe('PDF digital signature check', () => {
  it('finds a signature dictionary, reports none otherwise, and does not look inside other files', () => {
    expect(pdfSignature(enc('%PDF-1.7\n<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>'))).toBe('signed');
    expect(pdfSignature(enc('%PDF-1.7\n<< /FT /Sig /V 5 0 R >> << /ByteRange [0 10 20 30] /Contents <3082> >>'))).toBe('signed');
    expect(pdfSignature(enc('%PDF-1.7\n<< /Type /Catalog >> %%EOF'))).toBe('unsigned');
    expect(pdfSignature(enc('%PDF-1.7\n<< /Type /Signature >>'))).toBe('unsigned');
    expect(pdfSignature(enc('PK\u0003\u0004 /Type /Sig'))).toBe('not-pdf');
  });
});
