/**
 * Issue 14 "done when" (seed 004): the emulation registration at the start of the year in chat, before the unit's
 * deadline; a nomination refused for a person without registration, for an unsigned file and for a late file (the
 * deadline 15 November is inclusive), and admitted with everything in order. The signature check is a presence
 * check and is worded "có chữ ký số".
 */
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/awards/load-actor.js';
import { awardRefusalText } from '../../src/awards/refusals.js';
import { registrationOverview, setRegistrationDeadline } from '../../src/awards/registration.js';
import { answerCriterion, attachFile, proposeNomination } from '../../src/nominations/nominate.js';
import { hasSignatureDictionary } from '../../src/nominations/pdf-signature.js';
import type { Tx } from '../../src/store/store.js';
import { registrationWorkflow } from '../../src/workflows/registration/registration-workflow.js';
import { BASE_WORKFLOWS, FakeClock, linkedChat, seededEngine } from '../conversation/harness.js';

const enc = (s: string) => new TextEncoder().encode(s);
const SIGNED = enc('%PDF-1.7\n5 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 840 17224 1500] /Contents <3082> >>\nendobj\n%%EOF');
const UNSIGNED = enc('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF');
const META = { now: Date.UTC(2026, 10, 15), channel: 'cli' };
const AWARD = 'Bằng khen của Chủ tịch UBND tỉnh';

describe('PDF signature presence (seed 004 "ký số")', () => {
  it('needs both a /Type /Sig dictionary and its /ByteRange, in a PDF', () => {
    expect(hasSignatureDictionary(SIGNED)).toBe(true);
    expect(hasSignatureDictionary(UNSIGNED)).toBe(false);
    expect(hasSignatureDictionary(enc('%PDF-1.7 /ByteRange [0 1 2 3]'))).toBe(false);
    expect(hasSignatureDictionary(enc('hello /Type /Sig /ByteRange [0 1 2 3]'))).toBe(false);
    expect(hasSignatureDictionary(enc('%PDF-1.4 <</Type/Sig/ByteRange[0 1 2 3]>>'))).toBe(true);
  });
});

describe('seed 004 registration and nomination (issue 14 items 2 and 4)', () => {
  it('registers in chat before the deadline, refuses after; nominations refused without registration, unsigned or late', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 2, 0));
    const { store, seeded, h } = await seededEngine({ clock, workflows: [...BASE_WORKFLOWS, registrationWorkflow] });
    const p = seeded.people;
    const actor = async (tx: Tx, key: string) => (await loadActor(tx, p[key]!))!;

    // The office sets the 2026 deadline (staff may not).
    const denied = await store.transaction(async (tx) => setRegistrationDeadline(tx, await actor(tx, 'staff'), { year: 2026, deadline: '2026-01-31' }, META));
    expect(denied.ok).toBe(false);
    expect((await store.transaction(async (tx) => setRegistrationDeadline(tx, await actor(tx, 'office'), { year: 2026, deadline: '2026-01-31' }, META))).ok).toBe(true);

    // Lan registers in chat; the head registers himself and his department.
    const lan = await linkedChat(h, 'lan', '0912000002');
    await lan.command('dangkythidua');
    expect(lan.said).toContain('ĐĂNG KÝ THI ĐUA NĂM 2026');
    expect(lan.said).toContain('Hạn đăng ký: hết ngày 31/01/2026.');
    await lan.press('Chiến sĩ thi đua cơ sở');
    expect(lan.said).toContain('✅ Đã đăng ký thi đua năm 2026: Chiến sĩ thi đua cơ sở.');
    const head = await linkedChat(h, 'head', '0912000001');
    await head.command('dangkythidua');
    await head.press('Phòng: Tập thể lao động xuất sắc');
    expect(head.said).toContain('cho phòng: Tập thể lao động xuất sắc');

    // After the deadline (1 February, local) Hùng is refused.
    clock.ms = Date.UTC(2026, 1, 1, 2, 0);
    const hung = await linkedChat(h, 'hung', '0912000003');
    await hung.command('dangkythidua');
    await hung.press('Lao động tiên tiến');
    expect(hung.said).toContain('Đã hết hạn đăng ký thi đua (hạn cuối 31/01/2026)');

    // The office sees who registered and who did not.
    const overview = await store.read(async (tx) => registrationOverview(tx, await actor(tx, 'office'), 2026));
    if (!overview.ok) throw new Error('overview');
    expect(overview.overview.registered.map((r) => r.name)).toEqual(['Phòng Thông tin, Báo chí – Xuất bản', 'Trần Thị Lan']);
    expect(overview.overview.missingPeople.map((x) => x.name)).toContain('Lê Văn Hùng');

    // Nominations: Lan (registered) and Hùng (not).
    const [lanNom, hungNom] = await store.transaction(async (tx) => {
      const office = await actor(tx, 'office');
      return [
        await proposeNomination(tx, office, { year: 2026, scheme: 'kh-004', award: AWARD, nominee: { kind: 'person', personId: p.staff! } }, META),
        await proposeNomination(tx, office, { year: 2026, scheme: 'kh-004', award: AWARD, nominee: { kind: 'person', personId: p.staff2! } }, META),
      ];
    });
    if (!lanNom.ok || !hungNom.ok) throw new Error('propose');
    expect(hungNom.eligibility.reasons).toContain('Cá nhân chưa đăng ký thi đua đầu năm 2026 (điều kiện xét khen thưởng).');
    expect(lanNom.eligibility.reasons).toEqual(['Chưa gửi hồ sơ đề nghị khen thưởng (hạn đến hết ngày 15/11/2026).']);

    const attach = (bytes: Uint8Array, sentOn: string, complete = true) =>
      store.transaction(async (tx) => attachFile(tx, await actor(tx, 'office'), { nominationId: lanNom.nomination.id, name: 'ho-so.pdf', bytes, sentOn, complete }, META));
    const unsigned = await attach(UNSIGNED, '2026-11-10');
    expect(unsigned.ok && unsigned.eligibility.reasons).toEqual(['Hồ sơ chưa hợp lệ: tệp chưa có chữ ký số.']);
    const late = await attach(SIGNED, '2026-11-16');
    expect(late.ok && late.eligibility.reasons).toEqual(['Hồ sơ chưa hợp lệ: gửi ngày 16/11/2026, sau hạn 15/11/2026.']);
    const incomplete = await attach(SIGNED, '2026-11-15', false);
    expect(incomplete.ok && incomplete.eligibility.reasons[0]).toContain('hồ sơ chưa đủ');
    const onTime = await attach(SIGNED, '2026-11-15');
    if (!onTime.ok) throw new Error('attach');
    expect(onTime.eligibility.eligible).toBe(true);
    expect(onTime.eligibility.checks.find((c) => c.id === 'file-004')?.text).toBe('Hồ sơ đủ, có chữ ký số, gửi ngày 15/11/2026 (hạn đến hết ngày 15/11/2026).');
    expect(JSON.stringify(onTime.eligibility)).not.toMatch(/hợp lệ về chứng thư|xác thực chữ ký/);
    const notPdf = await attach(enc('hello'), '2026-11-15');
    expect(notPdf.ok ? '' : awardRefusalText(notPdf.refusal)).toBe('Hồ sơ phải là tệp PDF (đã ký số).');

    // Seed 004's individual criteria: a checklist the council judges.
    expect(onTime.eligibility.checks.filter((c) => c.status === 'council').map((c) => c.id)).toEqual(['checklist:tham-gia', 'checklist:dong-gop', 'checklist:tham-muu']);
    const answered = await store.transaction(async (tx) =>
      answerCriterion(tx, await actor(tx, 'office'), { nominationId: lanNom.nomination.id, criterionId: 'tham-muu', answer: 'Tham mưu Kế hoạch chuyển đổi số năm 2026 của Sở', evidence: ['https://example.gov.vn/kh'] }, META),
    );
    expect(answered.ok && answered.eligibility.checks.find((c) => c.id === 'checklist:tham-muu')?.text).toMatch(/^Đã trả lời — Hội đồng xét/);

    // The collective: registered by its head; a staff member may not propose anyone.
    const staffTry = await store.transaction(async (tx) => proposeNomination(tx, await actor(tx, 'staff'), { year: 2026, scheme: 'kh-004', award: AWARD, nominee: { kind: 'department', departmentId: seeded.departmentIds[0]! } }, META));
    expect(staffTry.ok).toBe(false);
    const dept = await store.transaction(async (tx) => proposeNomination(tx, await actor(tx, 'head'), { year: 2026, scheme: 'kh-004', award: AWARD, nominee: { kind: 'department', departmentId: seeded.departmentIds[0]! } }, META));
    expect(dept.ok && dept.eligibility.checks.find((c) => c.id === 'registered-004')).toMatchObject({ status: 'pass', text: 'Tập thể đã đăng ký thi đua đầu năm 2026.' });

    const actions = (await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }))).map((r) => r.action);
    expect(actions.filter((a) => a === 'emulation.register')).toHaveLength(2);
    expect(actions.filter((a) => a === 'nomination.file')).toHaveLength(4);
    expect(h.errors).toEqual([]);
  });
});
