/**
 * Issue 14 "done when": the generated nomination file (seed 004 IV.3) — Tờ trình with its list, Biên bản họp Hội
 * đồng, one Báo cáo thành tích per nominee, the self-scored sheet as DOCX and XLSX — in one ZIP, read back: the
 * DOCX XML contains the nominees, numbers and dates in the Nghị định 30/2020 layout (Quốc hiệu, Tiêu ngữ, Times New
 * Roman 13–14, A4 margins), the XLSX parses with its figures, and generating is role-checked and audited.
 */
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/awards/load-actor.js';
import { awardRefusalText } from '../../src/awards/refusals.js';
import { registerEmulation } from '../../src/awards/registration.js';
import { recogniseInitiative } from '../../src/initiatives/recognise-initiative.js';
import { registerInitiative } from '../../src/initiatives/register-initiative.js';
import { decideNomination, openCouncil } from '../../src/nominations/council.js';
import { generateNominationFile } from '../../src/nominations/documents/generate-file.js';
import type { FileOptions } from '../../src/nominations/documents/file-data.js';
import { answerCriterion, attachFile, proposeNomination } from '../../src/nominations/nominate.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import type { Tx } from '../../src/store/store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

const META = { now: Date.UTC(2026, 10, 10), channel: 'cli' };
const SIGNED = new TextEncoder().encode('%PDF-1.7\n<< /Type /Sig /ByteRange [0 10 20 30] >>\n%%EOF');

/** The visible text of a DOCX (every w:t run of word/document.xml, in order). */
function docxText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replaceAll('&amp;', '&');
}

describe('the nomination file (issue 14 item 6)', () => {
  it('generates the four documents as DOCX plus the sheet as XLSX in one ZIP, readable back', async () => {
    const store = testStore();
    const seeded = await seedUnit(store, { periodCode: null, unitName: 'Sở Khoa học và Công nghệ' });
    const p = seeded.people;
    const actor = async (tx: Tx, key: string) => (await loadActor(tx, p[key]!))!;
    const dept = seeded.departmentIds[0]!;

    const councilId = await store.transaction(async (tx) => {
      const office = await actor(tx, 'office');
      for (const [title, date] of [['Số hoá hồ sơ đề tài khoa học', '2026-04-02'], ['Bản đồ số doanh nghiệp KH&CN', '2026-08-15']] as const) {
        const r = await registerInitiative(tx, await actor(tx, 'staff'), { title, kind: 'mo-hinh', topic: 'kinh-te-so', coAuthorIds: [], collective: null, summary: null, evidence: [] }, META);
        if (!r.ok) throw new Error('register');
        await recogniseInitiative(tx, office, { initiativeId: r.id, level: 'tinh', body: 'Hội đồng sáng kiến tỉnh An Giang', decisionNumber: '88/QĐ-UBND', decisionDate: date }, META);
      }
      const today = { ...META, today: '2026-01-10' };
      await registerEmulation(tx, await actor(tx, 'staff'), { year: 2026, subject: { kind: 'person', id: p.staff! }, titles: ['Chiến sĩ thi đua cơ sở'] }, today);
      await registerEmulation(tx, await actor(tx, 'head'), { year: 2026, subject: { kind: 'department', id: dept }, titles: ['Tập thể lao động xuất sắc'] }, today);
      const award = 'Bằng khen của Chủ tịch UBND tỉnh';
      const person = await proposeNomination(tx, office, { year: 2026, scheme: 'kh-004', award, nominee: { kind: 'person', personId: p.staff! } }, META);
      const group = await proposeNomination(tx, office, { year: 2026, scheme: 'kh-004', award, nominee: { kind: 'department', departmentId: dept } }, META);
      if (!person.ok || !group.ok) throw new Error('propose');
      await answerCriterion(tx, office, { nominationId: person.nomination.id, criterionId: 'tham-muu', answer: 'Tham mưu Kế hoạch chuyển đổi số năm 2026 của Sở', evidence: ['https://skhcn.angiang.gov.vn/kh-cds'] }, META);
      for (const n of [person, group]) await attachFile(tx, office, { nominationId: n.nomination.id, name: 'ho-so.pdf', bytes: SIGNED, sentOn: '2026-11-14', complete: true }, META);
      const members = [
        { personId: p.director!, name: 'Đặng Văn Giám', role: 'Chủ tịch Hội đồng' },
        { personId: p.leader!, name: 'Bùi Văn Phó', role: 'Phó Chủ tịch' },
        { personId: p.office!, name: 'Vũ Văn Chánh', role: 'Thư ký' },
      ];
      const council = await openCouncil(tx, await actor(tx, 'director'), { year: 2026, meetingDate: '2026-11-05', members, minutesNumber: '07/BB-HĐTĐKT' }, META);
      if (!council.ok) throw new Error('council');
      for (const n of [person, group]) {
        const d = await decideNomination(tx, office, { councilId: council.id, nominationId: n.nomination.id, approved: true, votesFor: 3, votesAgainst: 0 }, META);
        if (!d.ok) throw new Error(awardRefusalText(d.refusal));
      }
      return council.id;
    });

    const options: FileOptions = {
      councilId,
      issuer: { parent: 'UBND tỉnh An Giang', name: 'Sở Khoa học và Công nghệ', place: 'An Giang' },
      recipient: 'Sở Thông tin và Truyền thông',
      date: '2026-11-10',
      proposalNumber: '15/TTr-SKHCN',
      signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Bùi Văn Phó' },
      frame: {
        rubric: loadRubricFile('flows/an-giang-dti-so-ban-nganh-2023.yaml'),
        points: { 'ag.1': 45, 'ag.2': 40, 'ag.3': 18, 'ag.4': 60, 'ag.5': 80, 'ag.6': 100.5 },
      },
    };
    const denied = await store.transaction(async (tx) => generateNominationFile(tx, await actor(tx, 'staff'), options, META));
    expect(denied.ok ? '' : awardRefusalText(denied.refusal)).toContain('Chỉ Văn phòng');
    const made = await store.transaction(async (tx) => generateNominationFile(tx, await actor(tx, 'office'), options, META));
    if (!made.ok) throw new Error(awardRefusalText(made.refusal));

    const zip = unzipSync(made.zip);
    expect(Object.keys(zip).sort()).toEqual([
      '01-to-trinh-de-nghi-khen-thuong-2026.docx',
      '02-bien-ban-hop-hoi-dong-05-11-2026.docx',
      '03-bao-cao-thanh-tich-1-tran-thi-lan.docx',
      '03-bao-cao-thanh-tich-2-tap-the-phong-thong-tin-bao-chi-xuat-ban.docx',
      '04-bang-diem-tu-cham-2026.docx',
      '04-bang-diem-tu-cham-2026.xlsx',
    ]);
    const xmlOf = (name: string) => strFromU8(unzipSync(zip[name]!)['word/document.xml']!);

    // Tờ trình: the decree's header, number, date, the list with both nominees, the signature block.
    const proposalXml = xmlOf('01-to-trinh-de-nghi-khen-thuong-2026.docx');
    const proposal = docxText(proposalXml);
    for (const expected of [
      'UBND TỈNH AN GIANG',
      'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
      'Số: 15/TTr-SKHCN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'An Giang, ngày 10 tháng 11 năm 2026',
      'TỜ TRÌNH',
      'Kính gửi: Sở Thông tin và Truyền thông.',
      'Biên bản họp Hội đồng thi đua khen thưởng ngày 05 tháng 11 năm 2026 (số 07/BB-HĐTĐKT)',
      'Trần Thị Lan',
      'Tập thể Phòng Thông tin, Báo chí – Xuất bản',
      'Bằng khen của Chủ tịch UBND tỉnh',
      'Nơi nhận:',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Bùi Văn Phó',
    ]) {
      expect(proposal).toContain(expected);
    }
    expect(proposalXml).toContain('w:ascii="Times New Roman"');
    expect(proposalXml).toMatch(/<w:sz w:val="26"\/>/); // 13 pt (Quốc hiệu)
    expect(proposalXml).toMatch(/<w:sz w:val="28"\/>/); // 14 pt (body)
    expect(proposalXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/); // A4
    expect(proposalXml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/); // 20/15/20/30 mm

    const minutes = docxText(xmlOf('02-bien-ban-hop-hoi-dong-05-11-2026.docx'));
    expect(minutes).toContain('Số: 07/BB-HĐTĐKT');
    expect(minutes).toContain('Thời gian: ngày 05/11/2026.');
    expect(minutes).toContain('Đặng Văn Giám — Chủ tịch Hội đồng');
    expect(minutes).toContain('1. Trần Thị Lan — Bằng khen của Chủ tịch UBND tỉnh: Thống nhất đề nghị (3/3 phiếu đồng ý, 0 không đồng ý).');
    expect(minutes).toContain('CHỦ TỊCH HỘI ĐỒNG');
    expect(minutes).toContain('THƯ KÝ');
    expect(minutes).toContain('Vũ Văn Chánh');

    const report = docxText(xmlOf('03-bao-cao-thanh-tich-1-tran-thi-lan.docx'));
    expect(report).toContain('BÁO CÁO THÀNH TÍCH');
    expect(report).toContain('Họ và tên: Trần Thị Lan.');
    expect(report).toContain('Đăng ký thi đua đầu năm 2026: Chiến sĩ thi đua cơ sở.');
    expect(report).toContain('1) Số hoá hồ sơ đề tài khoa học — công nhận cấp tỉnh, Hội đồng sáng kiến tỉnh An Giang, Quyết định số 88/QĐ-UBND ngày 02/04/2026.');
    expect(report).toContain('Tham mưu Kế hoạch chuyển đổi số năm 2026 của Sở (Minh chứng: https://skhcn.angiang.gov.vn/kh-cds).');
    expect(report).toContain('(3/3 phiếu đồng ý)');
    const groupReport = docxText(xmlOf('03-bao-cao-thanh-tich-2-tap-the-phong-thong-tin-bao-chi-xuat-ban.docx'));
    expect(groupReport).toContain('Đăng ký thi đua đầu năm 2026: Tập thể lao động xuất sắc.');

    const sheetDoc = docxText(xmlOf('04-bang-diem-tu-cham-2026.docx'));
    expect(sheetDoc).toContain('Nhận thức số');
    expect(sheetDoc).toContain('100,5');
    // 45 + 40 + 18 + 60 + 80 + 100.5 = 343.5, plus +30 for the two recognised initiatives = 373.5.
    expect(sheetDoc).toContain('373,5');

    const rows = await readXlsxFile(Buffer.from(zip['04-bang-diem-tu-cham-2026.xlsx']!));
    expect(rows[1]).toEqual(['STT', 'Chỉ số chính', 'Điểm tối đa', 'Điểm tự chấm', 'Ghi chú']);
    expect(rows[2]).toEqual([1, 'Nhận thức số', 50, 45, 'Nhóm chỉ số nền tảng chung']);
    expect(rows[8]?.slice(1, 4)).toEqual(['Điểm thưởng sáng kiến, mô hình được công nhận', null, 30]);
    expect(rows[9]?.slice(1, 4)).toEqual(['Tổng cộng', 400, 373.5]);

    const audit = await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }));
    expect(audit.filter((a) => a.action === 'nomination.file-generated').map((a) => (a.after as { proposalNumber: string }).proposalNumber)).toEqual(['15/TTr-SKHCN']);
  });
});
