/**
 * What the nomination file (issue 14 item 6) is made of, loaded in one unit of work: the council meeting and its
 * decisions, the approved nominees with their position, department, registration, recognised initiatives and
 * checklist answers, and seed 004's self-scored sheet (the frame's main indices, the office's own points and the
 * initiative bonus computed from the register).
 */
import { fmtDate } from '../../conversation/render/format.js';
import { LEVEL_LABELS } from '../../initiatives/labels.js';
import { recognisedInitiatives } from '../../initiatives/recognised-initiatives.js';
import { initiativeBonus } from '../../scoring/frame.js';
import type { Rubric } from '../../scoring/rubric-schema.js';
import type { CouncilRecord, NominationRecord } from '../../store/nominations.js';
import type { Tx } from '../../store/store.js';
import { checklistFor } from '../criteria.js';
import type { IssuingBody, Signer } from './admin-layout.js';

export interface NomineeFacts {
  nomination: NominationRecord;
  position: string | null;
  departmentName: string | null;
  registrationTitles: string[];
  /** "Tên — công nhận cấp tỉnh, QĐ số … ngày …". */
  initiatives: string[];
  /** Each qualitative criterion with the answer (or "Chưa trả lời"). */
  checklist: { criterion: string; answer: string; evidence: string[] }[];
}

export interface SheetFacts {
  rows: { title: string; group: string; max: number; self: number | null }[];
  max: number;
  recognised: number;
  bonus: number;
  /** Sum of the given points plus the bonus; null when a row has no points yet (the sheet is then filled by hand). */
  total: number | null;
}

export interface NominationFileData {
  issuer: IssuingBody;
  /** The body the Tờ trình is addressed to ("Sở Thông tin và Truyền thông"). */
  recipient: string;
  year: number;
  /** The documents' date (`YYYY-MM-DD`). */
  date: string;
  proposalNumber: string;
  signer: Signer;
  council: CouncilRecord;
  /** Every nomination the meeting decided, in order (the minutes). */
  decided: NominationRecord[];
  /** The approved ones (the list, one achievement report each). */
  nominees: NomineeFacts[];
  sheet: SheetFacts | null;
}

export interface FileOptions {
  councilId: number;
  issuer: IssuingBody;
  recipient: string;
  date: string;
  proposalNumber: string;
  signer: Signer;
  /** Seed 004's frame rubric and the unit's own points per main index section (`ag.1` → 45). */
  frame?: { rubric: Rubric; points: Record<string, number> };
}

export async function loadFileData(
  tx: Pick<Tx, 'nominations' | 'staff' | 'initiatives' | 'registrations'>,
  unitId: string,
  o: FileOptions,
): Promise<NominationFileData | null> {
  const council = await tx.nominations.getCouncil(o.councilId);
  if (!council || council.unitId !== unitId) return null;
  const decided = (await tx.nominations.list(unitId, council.year)).filter((n) => n.decision?.councilId === council.id);
  const departments = new Map((await tx.staff.listDepartments(unitId)).map((d) => [d.id, d.name]));
  const nominees: NomineeFacts[] = [];
  for (const n of decided.filter((x) => x.decision?.approved)) {
    const person = n.personId === null ? null : await tx.staff.getPerson(n.personId);
    const registration =
      n.personId !== null
        ? await tx.registrations.find(unitId, n.year, 'person', n.personId)
        : n.departmentId !== null && n.nomineeKind === 'department'
          ? await tx.registrations.find(unitId, n.year, 'department', n.departmentId)
          : null;
    const initiatives =
      n.personId !== null
        ? await recognisedInitiatives(tx, { unitId, year: { from: n.year - 4, to: n.year }, personId: n.personId })
        : n.nomineeKind === 'department' && n.departmentId !== null
          ? await recognisedInitiatives(tx, { unitId, year: n.year, departmentId: n.departmentId })
          : n.initiativeId !== null
            ? [await tx.initiatives.get(n.initiativeId)].flatMap((i) => (i ? [i] : []))
            : [];
    nominees.push({
      nomination: n,
      position: person?.position ?? null,
      departmentName: n.departmentId === null ? null : (departments.get(n.departmentId) ?? null),
      registrationTitles: registration?.titles ?? [],
      initiatives: initiatives.map((i) =>
        i.recognition
          ? `${i.title} — công nhận ${LEVEL_LABELS[i.recognition.level]}, ${i.recognition.body}, Quyết định số ${i.recognition.decisionNumber} ngày ${fmtDate(i.recognition.decisionDate)}`
          : i.title,
      ),
      checklist: checklistFor(n.scheme, n.nomineeKind).map((c) => {
        const a = n.checklist.find((x) => x.criterionId === c.id);
        return { criterion: c.text, answer: a?.answer ?? 'Chưa trả lời', evidence: a?.evidence ?? [] };
      }),
    });
  }
  let sheet: SheetFacts | null = null;
  const frame = o.frame?.rubric.frame;
  if (o.frame && frame) {
    const recognised = (await recognisedInitiatives(tx, { unitId, year: council.year })).length;
    const rows = frame.indices.map((i) => ({ title: i.title, group: i.group, max: i.max, self: o.frame?.points[i.section] ?? null }));
    const bonus = frame.initiativeBonus ? initiativeBonus(recognised, frame.initiativeBonus) : 0;
    const complete = rows.every((r) => r.self !== null);
    sheet = { rows, max: frame.totalPoints, recognised, bonus, total: complete ? rows.reduce((s, r) => s + (r.self ?? 0), 0) + bonus : null };
  }
  return { ...o, year: council.year, council, decided, nominees, sheet };
}
