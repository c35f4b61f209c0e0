/**
 * Registration rules (seed 001, II.1–2): who may take part at each level (by position), how many a unit may send,
 * and who may not take part (members of the organising committee and the jury). Why pure and per candidate: the
 * unit's focal person sends a list in chat or the office imports one; each line gets its own Vietnamese answer so
 * the unit can fix exactly that line.
 */
import { BOARD_LABELS, type BoardId, type Contest, type LevelId, type Position, type UnitKind } from './contest-schema.js';

/** A unit sending candidates: its level and kind (a kind id of the contest file, e.g. `so`, `xa`). */
export interface RegisteringUnit {
  id: string;
  name: string;
  level: LevelId;
  kind: string;
}

/** One line of a unit's list. `position` is a position id of the contest file or a title as people write it. */
export interface CandidateEntry {
  personId: string;
  fullName: string;
  position: string;
}

/** A unit's candidate list. */
export interface UnitCandidateList {
  unit: RegisteringUnit;
  candidates: readonly CandidateEntry[];
}

/** A member of one of the contest's boards (from the organiser's decision establishing them). */
export interface BoardMember {
  personId: string;
  board: BoardId;
}

/** The answer for one line of the list. */
export interface CandidateCheck {
  personId: string;
  fullName: string;
  /** The position the line was read as, or null when it is not an eligible position. */
  positionId: string | null;
  accepted: boolean;
  problems: string[];
}

/** The answer for a unit's list: problems of the list as a whole and one answer per line, in list order. */
export interface UnitListCheck {
  unitId: string;
  unitName: string;
  /** True when the list has no problem at all. */
  accepted: boolean;
  unitProblems: string[];
  candidates: CandidateCheck[];
}

/** Lower case, no diacritics (đ → d), single spaces, UBND/HĐND spelled out: for matching titles. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[.,;:()]/g, ' ')
    .replace(/\bubnd\b/g, 'uy ban nhan dan')
    .replace(/\bhdnd\b/g, 'hoi dong nhan dan')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The eligible position a line names: a position id, or a title equal (ignoring case, diacritics, "UBND"/"HĐND"
 * abbreviations) to the position's label or an alias, optionally followed by the unit's own name ("Phó Giám đốc
 * Sở Nội vụ" in Sở Nội vụ). Null when none matches: a title is never guessed.
 */
export function resolvePosition(kind: UnitKind, position: string, unitName = ''): Position | null {
  const byId = kind.positions.find((p) => p.id === position.trim());
  if (byId) return byId;
  const title = normaliseTitle(position);
  const unit = normaliseTitle(unitName);
  const candidates = unit !== '' && title.endsWith(` ${unit}`) ? [title, title.slice(0, -unit.length - 1)] : [title];
  return kind.positions.find((p) => [p.label, ...p.aliases].some((name) => candidates.includes(normaliseTitle(name)))) ?? null;
}

/** The unit kind of a registering unit, or a Vietnamese problem. */
export function unitKindOf(contest: Contest, unit: RegisteringUnit): { kind: UnitKind; levelLabel: string } | string {
  const level = contest.levels.find((l) => l.id === unit.level);
  if (!level) return `Đơn vị ${unit.name}: cuộc thi không có cấp “${unit.level}”.`;
  const kind = level.unitKinds.find((k) => k.id === unit.kind);
  if (!kind) {
    return `Đơn vị ${unit.name}: loại đơn vị “${unit.kind}” không thuộc ${level.label.toLocaleLowerCase('vi')} (chỉ: ${level.unitKinds.map((k) => k.label).join('; ')}).`;
  }
  return { kind, levelLabel: level.label };
}

function orList(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} hoặc ${labels[labels.length - 1] ?? ''}`;
}

/**
 * Checks one unit's list: eligibility of each line's position at the unit's level and kind, board members
 * (excluded), the same person twice in the list or already in another unit's list (`registeredElsewhere`: person
 * id → that unit's name), and the quotas. Lines over a quota are refused from the first one beyond the maximum,
 * in list order.
 */
export function checkUnitList(
  contest: Contest,
  list: UnitCandidateList,
  context: { boardMembers: readonly BoardMember[]; registeredElsewhere?: ReadonlyMap<string, string> },
): UnitListCheck {
  const { unit } = list;
  const found = unitKindOf(contest, unit);
  if (typeof found === 'string') {
    return {
      unitId: unit.id,
      unitName: unit.name,
      accepted: false,
      unitProblems: [found],
      candidates: list.candidates.map((c) => ({ personId: c.personId, fullName: c.fullName, positionId: null, accepted: false, problems: [found] })),
    };
  }
  const { kind, levelLabel } = found;
  const excludedBoards = new Set(contest.exclusions.boards);
  const firstLine = new Map<string, number>();
  const checks: CandidateCheck[] = list.candidates.map((entry, index) => {
    const problems: string[] = [];
    if (entry.fullName.trim() === '') problems.push('Thiếu họ và tên.');
    const position = resolvePosition(kind, entry.position, unit.name);
    if (position === null) {
      problems.push(
        `Chức vụ “${entry.position.trim()}” không thuộc đối tượng dự thi của ${kind.label} (${levelLabel.toLocaleLowerCase('vi')}); chỉ cử ${orList(kind.positions.map((p) => p.label))}.`,
      );
    }
    for (const member of context.boardMembers) {
      if (member.personId === entry.personId && excludedBoards.has(member.board)) {
        problems.push(`Là thành viên ${BOARD_LABELS[member.board]} của cuộc thi nên không được dự thi.`);
      }
    }
    const first = firstLine.get(entry.personId);
    if (first !== undefined) problems.push(`Trùng với người ở dòng ${first + 1} của danh sách.`);
    else firstLine.set(entry.personId, index);
    const elsewhere = context.registeredElsewhere?.get(entry.personId);
    if (elsewhere !== undefined) problems.push(`Đã có trong danh sách dự thi của ${elsewhere}.`);
    return { personId: entry.personId, fullName: entry.fullName, positionId: position?.id ?? null, accepted: problems.length === 0, problems };
  });

  const unitProblems: string[] = [];
  for (const quota of kind.quotas) {
    const labels = quota.positions.map((id) => kind.positions.find((p) => p.id === id)?.label ?? id);
    const inGroup = checks.filter((c) => c.accepted && c.positionId !== null && quota.positions.includes(c.positionId));
    const max = quota.max;
    if (max !== null && inGroup.length > max) {
      inGroup.slice(max).forEach((c, i) => {
        c.accepted = false;
        c.problems.push(
          `Vượt số lượng: ${kind.label} chỉ được cử tối đa ${max} người là ${orList(labels)}; đây là người thứ ${max + i + 1}.`,
        );
      });
      unitProblems.push(`Danh sách có ${inGroup.length} người là ${orList(labels)}, vượt số lượng tối đa ${max} người.`);
    }
    if (inGroup.length < quota.min) {
      unitProblems.push(`Chưa đủ số lượng: phải cử ít nhất ${quota.min} người là ${orList(labels)}, danh sách hợp lệ có ${inGroup.length} người.`);
    }
  }
  return {
    unitId: unit.id,
    unitName: unit.name,
    accepted: unitProblems.length === 0 && checks.every((c) => c.accepted),
    unitProblems,
    candidates: checks,
  };
}

/**
 * Checks every unit's list together, so a person in two lists is refused in the second one (lists in the order
 * given, e.g. the order they were received).
 */
export function checkAllLists(
  contest: Contest,
  lists: readonly UnitCandidateList[],
  boardMembers: readonly BoardMember[],
): UnitListCheck[] {
  const registeredElsewhere = new Map<string, string>();
  return lists.map((list) => {
    const check = checkUnitList(contest, list, { boardMembers, registeredElsewhere });
    for (const c of check.candidates) {
      if (c.accepted && !registeredElsewhere.has(c.personId)) registeredElsewhere.set(c.personId, list.unit.name);
    }
    return check;
  });
}
