/**
 * The layout of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) as `docx` blocks:
 * A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13–14; the header as a borderless
 * two-column table — left: the parent body (13, upper case), the issuing body (13, bold, upper case) and "Số: …";
 * right: the Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (13, bold, upper case) and the Tiêu ngữ "Độc lập - Tự do
 * - Hạnh phúc" (14, bold, underlined), then the place and date (14, italic); the document kind (14, bold, upper
 * case, centred) and its subject; the body (14, justified, first-line indent); and the signature block — "Nơi
 * nhận:" (12, bold italic) with its list (11) on the left, the signer's authority and title (14, bold, upper case)
 * and name (14, bold) on the right.
 */
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';

export const FONT = 'Times New Roman';
/** Sizes in half-points (docx's unit): 13 pt and 14 pt. */
const PT13 = 26;
const PT14 = 28;

/** What every document's header and signature need. */
export interface IssuingBody {
  /** "UBND TỈNH AN GIANG" (cơ quan chủ quản), or null. */
  parent: string | null;
  /** "SỞ KHOA HỌC VÀ CÔNG NGHỆ". */
  name: string;
  /** "An Giang": the place of the date line. */
  place: string;
}

export interface Signer {
  /** "KT. GIÁM ĐỐC" / "TM. HỘI ĐỒNG" / null. */
  authority: string | null;
  /** "PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "NGƯỜI BÁO CÁO". */
  title: string;
  name: string;
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

const run = (text: string, s: RunStyle = {}) =>
  new TextRun({ text, font: FONT, size: s.size ?? PT14, bold: s.bold, italics: s.italics, underline: s.underline ? {} : undefined });

export const centred = (text: string, s: RunStyle = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, s)] });

/** A body paragraph: justified, first line indented 1 cm, 6 pt after. */
export const body = (text: string, s: RunStyle = {}) =>
  new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: convertMillimetersToTwip(10) }, spacing: { after: 120 }, children: [run(text, s)] });

/** A heading inside the body ("I. SƠ LƯỢC …"). */
export const heading = (text: string) => new Paragraph({ spacing: { before: 120, after: 120 }, children: [run(text, { bold: true })] });

/** "ngày 15 tháng 11 năm 2026" from `YYYY-MM-DD`. */
export function dateWords(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

const cell = (children: Paragraph[], widthPct: number) => new TableCell({ borders: NO_BORDERS, width: { size: widthPct, type: WidthType.PERCENTAGE }, children });

/** The header: issuing body and number on the left, Quốc hiệu, Tiêu ngữ and the date on the right. */
export function header(issuer: IssuingBody, number: string | null, isoDate: string): Table {
  const left = [
    ...(issuer.parent ? [centred(issuer.parent.toUpperCase(), { size: PT13 })] : []),
    centred(issuer.name.toUpperCase(), { bold: true, size: PT13 }),
    centred('________', { size: PT13 }),
    centred(`Số: ${number ?? '      '}`, { size: PT13 }),
  ];
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: PT13 }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true }),
    centred(''),
    centred(`${issuer.place}, ${dateWords(isoDate)}`, { italics: true }),
  ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 40), cell(right, 60)] })],
  });
}

/** The document kind and its subject ("TỜ TRÌNH" / "Về việc …"). */
export function title(kind: string, subject: string | null): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240 }, children: [run(kind.toUpperCase(), { bold: true })] }),
    ...(subject ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(subject, { bold: true })] })] : []),
  ];
}

/** The signature block: "Nơi nhận:" on the left (when given), the signer on the right. */
export function signature(signer: Signer, recipients: string[] | null, second?: Signer): Table {
  const sign = (s: Signer) => [
    ...(s.authority ? [centred(s.authority.toUpperCase(), { bold: true })] : []),
    centred(s.title.toUpperCase(), { bold: true }),
    centred('(Ký, ghi rõ họ tên)', { italics: true, size: PT13 }),
    centred(''),
    centred(''),
    centred(s.name, { bold: true }),
  ];
  const left = second
    ? sign(second)
    : recipients
      ? [
          new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 24 })] }),
          ...recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, { size: 22 })] })),
        ]
      : [new Paragraph({ children: [] })];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 50), cell(sign(signer), 50)] })],
  });
}

/** A bordered data table (the list of nominees, the score sheet); the first row is bold. */
export function dataTable(rows: string[][], widths: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: i === 0,
          children: r.map(
            (text, j) =>
              new TableCell({
                width: { size: widths[j] ?? 10, type: WidthType.PERCENTAGE },
                children: [new Paragraph({ alignment: j === 0 ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(text, { size: PT13, bold: i === 0 })] })],
              }),
          ),
        }),
    ),
  });
}

/** One document: A4 portrait, the decree's margins, Times New Roman 14 by default. */
export async function documentBytes(children: ISectionOptions['children']): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Thi Đua Số',
    styles: { default: { document: { run: { font: FONT, size: PT14 } } } },
    sections: [
      {
        properties: {
          // A4 (210 × 297 mm) and the margins 20/15/20/30 mm, in twips (1 mm = 56.7 twips, rounded).
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, right: 850, bottom: 1134, left: 1701 } },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
