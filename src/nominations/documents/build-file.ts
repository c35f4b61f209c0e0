/**
 * Seed 004's nomination file ("Hồ sơ đề nghị xét khen thưởng", IV.3) as one ZIP: the Tờ trình with its list, the
 * Biên bản họp Hội đồng thi đua khen thưởng, one Báo cáo thành tích per approved nominee (filled with their data,
 * initiatives and checklist answers), and the self-scored sheet as DOCX and as XLSX. DOCX in the layout of
 * `admin-layout.ts` (Nghị định 30/2020/NĐ-CP). The unit signs the PDF it makes from these digitally before sending.
 */
import { zipSync } from 'fflate';
import { scoreSheetXlsx, type SheetRows } from '../../approval/score-sheet-file.js';
import { fold } from '../../conversation/parse-answer.js';
import { fmtDate } from '../../conversation/render/format.js';
import { minutesLines } from '../council.js';
import { body, centred, dataTable, dateWords, documentBytes, header, heading, signature, title } from './admin-layout.js';
import type { NominationFileData, NomineeFacts } from './file-data.js';

const fmt = (n: number) => String(n).replace('.', ',');

function describe(n: NomineeFacts): string {
  const parts = [n.position, n.departmentName].filter((x): x is string => Boolean(x));
  return parts.join(', ') || (n.nomination.nomineeKind === 'department' ? 'Tập thể' : n.nomination.nomineeKind === 'initiative' ? 'Sáng kiến' : '');
}

/** "Tờ trình đề nghị xét khen thưởng" with the list of nominees. */
async function proposal(d: NominationFileData): Promise<Uint8Array> {
  const awards = [...new Set(d.nominees.map((n) => n.nomination.award))].join('; ');
  const rows = [['STT', 'Họ và tên / Tập thể', 'Chức vụ, đơn vị', 'Hình thức khen thưởng'], ...d.nominees.map((n, i) => [String(i + 1), n.nomination.nomineeName, describe(n), n.nomination.award])];
  return documentBytes([
    header(d.issuer, d.proposalNumber, d.date),
    ...title('TỜ TRÌNH', `Về việc đề nghị xét khen thưởng phong trào thi đua chuyển đổi số năm ${d.year}`),
    centred(`Kính gửi: ${d.recipient}.`),
    body(
      `Căn cứ kết quả thực hiện phong trào thi đua chuyển đổi số năm ${d.year} và Biên bản họp Hội đồng thi đua khen thưởng ${dateWords(d.council.meetingDate)}` +
        `${d.council.minutesNumber ? ` (số ${d.council.minutesNumber})` : ''}, ${d.issuer.name} kính đề nghị ${d.recipient} xem xét, trình cấp có thẩm quyền khen thưởng ` +
        `${d.nominees.length} trường hợp (${awards || 'không có'}), danh sách kèm theo:`,
    ),
    dataTable(rows, [8, 37, 30, 25]),
    body(`Hồ sơ kèm theo: Biên bản họp Hội đồng thi đua khen thưởng; Báo cáo thành tích của ${d.nominees.length} tập thể, cá nhân; Bảng điểm thi đua chuyển đổi số năm ${d.year} tự chấm.`),
    body(`Kính trình ${d.recipient} xem xét, quyết định./.`),
    signature(d.signer, [`Như trên;`, 'Lưu: VT, VP.']),
  ]);
}

/** "Biên bản họp Hội đồng thi đua khen thưởng". */
async function minutes(d: NominationFileData): Promise<Uint8Array> {
  const chair = d.council.members.find((m) => /chủ tịch/i.test(m.role)) ?? d.council.members[0];
  const secretary = d.council.members.find((m) => /thư ký/i.test(m.role)) ?? d.council.members.at(-1);
  const lines = minutesLines(d.council, d.decided);
  return documentBytes([
    header({ ...d.issuer, name: `HỘI ĐỒNG THI ĐUA KHEN THƯỞNG ${d.issuer.name}` }, d.council.minutesNumber, d.council.meetingDate),
    ...title('BIÊN BẢN', `Họp Hội đồng thi đua khen thưởng xét khen thưởng phong trào thi đua chuyển đổi số năm ${d.year}`),
    ...lines.map((l) => body(l)),
    body(`Hội đồng thống nhất đề nghị khen thưởng ${d.nominees.length} trường hợp nêu trên. Biên bản kết thúc cùng ngày, đã thông qua trước Hội đồng./.`),
    signature(
      { authority: null, title: 'CHỦ TỊCH HỘI ĐỒNG', name: chair?.name ?? '' },
      null,
      { authority: null, title: 'THƯ KÝ', name: secretary?.name ?? '' },
    ),
  ]);
}

/** "Báo cáo thành tích" of one nominee, from the template filled with their data. */
async function achievements(d: NominationFileData, n: NomineeFacts): Promise<Uint8Array> {
  const isPerson = n.nomination.nomineeKind === 'person';
  const children = [
    header(d.issuer, null, d.date),
    ...title('BÁO CÁO THÀNH TÍCH', `Đề nghị tặng ${n.nomination.award}`),
    centred(`Thành tích năm ${d.year}`, { italics: true }),
    heading(isPerson ? 'I. SƠ LƯỢC LÝ LỊCH' : 'I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH'),
    body(`${isPerson ? 'Họ và tên' : 'Tên tập thể'}: ${n.nomination.nomineeName}.`),
    ...(n.position ? [body(`Chức vụ: ${n.position}.`)] : []),
    ...(n.departmentName ? [body(`Đơn vị công tác: ${n.departmentName}, ${d.issuer.name}.`)] : []),
    body(`Đăng ký thi đua đầu năm ${d.year}: ${n.registrationTitles.length > 0 ? n.registrationTitles.join(', ') : 'không có'}.`),
    heading('II. THÀNH TÍCH ĐẠT ĐƯỢC'),
    body('1. Sáng kiến, mô hình, giải pháp được công nhận:'),
    ...(n.initiatives.length > 0 ? n.initiatives.map((i, k) => body(`${k + 1}) ${i}.`)) : [body('Không có.')]),
    body('2. Kết quả thực hiện các tiêu chí:'),
    ...(n.checklist.length > 0
      ? n.checklist.flatMap((c, k) => [body(`${k + 1}) ${c.criterion}`, { italics: true }), body(`${c.answer}${c.evidence.length > 0 ? ` (Minh chứng: ${c.evidence.join('; ')})` : ''}.`)])
      : [body('Theo kết quả đánh giá, xếp loại của năm.')]),
    heading('III. KẾT QUẢ XÉT CỦA HỘI ĐỒNG'),
    body(
      `Hội đồng thi đua khen thưởng họp ${dateWords(d.council.meetingDate)} thống nhất đề nghị` +
        `${n.nomination.decision?.votesFor != null ? ` (${n.nomination.decision.votesFor}/${d.council.members.length} phiếu đồng ý)` : ''}.`,
    ),
    signature({ authority: null, title: isPerson ? 'NGƯỜI BÁO CÁO THÀNH TÍCH' : 'THỦ TRƯỞNG ĐƠN VỊ', name: isPerson ? n.nomination.nomineeName : '' }, null, {
      authority: null,
      title: 'XÁC NHẬN CỦA THỦ TRƯỞNG CƠ QUAN',
      name: d.signer.name,
    }),
  ];
  return documentBytes(children);
}

/** Seed 004's "Bảng điểm thi đua Chuyển đổi số … tự chấm" as rows (DOCX table and XLSX sheet). */
export function sheetRows(d: NominationFileData): SheetRows | null {
  const s = d.sheet;
  if (!s) return null;
  const rows: (string | number | null)[][] = [
    [`BẢNG ĐIỂM THI ĐUA CHUYỂN ĐỔI SỐ NĂM ${d.year} (TỰ CHẤM) — ${d.issuer.name}`],
    ['STT', 'Chỉ số chính', 'Điểm tối đa', 'Điểm tự chấm', 'Ghi chú'],
    ...s.rows.map((r, i) => [i + 1, r.title, r.max, r.self, r.group]),
    ['', 'Điểm thưởng sáng kiến, mô hình được công nhận', null, s.bonus, `${s.recognised} sáng kiến, mô hình (01: +10; từ 02: +30)`],
    ['', 'Tổng cộng', s.max, s.total, s.total === null ? 'Điền điểm tự chấm còn thiếu' : ''],
    [],
    ['', `${d.issuer.place}, ${dateWords(d.date)}`],
    ['', `${d.signer.authority ?? ''} ${d.signer.title}`.trim(), null, null, d.signer.name],
  ];
  return { name: 'Bảng điểm tự chấm', rows, bold: [0, 1, s.rows.length + 3] };
}

async function sheetDocx(d: NominationFileData, rows: SheetRows): Promise<Uint8Array> {
  const table = rows.rows.slice(1, (d.sheet?.rows.length ?? 0) + 4).map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'number' ? fmt(v) : v)));
  return documentBytes([
    header(d.issuer, null, d.date),
    ...title('BẢNG ĐIỂM THI ĐUA CHUYỂN ĐỔI SỐ', `Năm ${d.year} (đơn vị tự chấm)`),
    dataTable(table, [8, 42, 14, 14, 22]),
    signature(d.signer, null),
  ]);
}

/** A file name of ASCII letters and dashes (`tran-thi-lan`). */
export function slug(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'x';
}

/** Every document of the file, by name, and the ZIP of them. */
export async function buildNominationFile(d: NominationFileData): Promise<{ files: Record<string, Uint8Array>; zip: Uint8Array }> {
  const files: Record<string, Uint8Array> = {
    [`01-to-trinh-de-nghi-khen-thuong-${d.year}.docx`]: await proposal(d),
    [`02-bien-ban-hop-hoi-dong-${fmtDate(d.council.meetingDate).replaceAll('/', '-')}.docx`]: await minutes(d),
  };
  for (const [i, n] of d.nominees.entries()) files[`03-bao-cao-thanh-tich-${i + 1}-${slug(n.nomination.nomineeName)}.docx`] = await achievements(d, n);
  const rows = sheetRows(d);
  if (rows) {
    files[`04-bang-diem-tu-cham-${d.year}.docx`] = await sheetDocx(d, rows);
    files[`04-bang-diem-tu-cham-${d.year}.xlsx`] = new Uint8Array(await scoreSheetXlsx([rows]));
  }
  return { files, zip: zipSync(files) };
}
