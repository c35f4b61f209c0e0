/**
 * Candidate numbers (số báo danh) and exam rooms, assigned when the organiser closes registration. Seed 001:
 * "Đánh số báo danh cho người tham gia thi đảm bảo: Mỗi người có một số báo danh duy nhất".
 *
 * Format: the level's prefix from the contest file, then a sequence zero-padded to the file's `digits`:
 * TP001 (cấp thành phố), QH001 (cấp huyện), XP001 (cấp xã). Unique because prefixes are unique per level and
 * sequences per prefix. Order, so the same list always gives the same numbers: level (file order), then unit name,
 * then the candidate's given name (tên, the last word), then full name, then person id — Vietnamese collation, as
 * lists are sorted by hand ("xếp theo tên"). Numbers already given keep theirs; new candidates continue after the
 * highest sequence of their prefix, so a printed list stays valid if registration is reopened.
 */
import type { Contest, LevelId } from './contest-schema.js';

/** A candidate whose registration was accepted. */
export interface AcceptedCandidate {
  personId: string;
  fullName: string;
  unitId: string;
  unitName: string;
  level: LevelId;
  positionId: string;
}

/** An accepted candidate with their number. */
export interface NumberedCandidate extends AcceptedCandidate {
  candidateNumber: string;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

function givenName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

/** The order candidates are numbered in within a level. */
export function compareForNumbering(a: AcceptedCandidate, b: AcceptedCandidate): number {
  return (
    collator.compare(a.unitName, b.unitName) ||
    a.unitId.localeCompare(b.unitId) ||
    collator.compare(givenName(a.fullName), givenName(b.fullName)) ||
    collator.compare(a.fullName, b.fullName) ||
    a.personId.localeCompare(b.personId)
  );
}

/**
 * Numbers every accepted candidate. `existing` (person id → number) are kept. Throws (Vietnamese) on a person
 * listed twice, an existing number of another level's prefix or used twice, or a sequence beyond `digits`.
 * Returns the candidates in number order (level by level).
 */
export function assignCandidateNumbers(
  contest: Contest,
  candidates: readonly AcceptedCandidate[],
  existing: ReadonlyMap<string, string> = new Map(),
): NumberedCandidate[] {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.personId)) throw new Error(`Người ${c.fullName} (${c.personId}) có hai lần trong danh sách dự thi.`);
    seen.add(c.personId);
  }
  const levels = new Set(contest.levels.map((l) => l.id));
  const stray = candidates.find((c) => !levels.has(c.level));
  if (stray) throw new Error(`Thí sinh ${stray.fullName}: cuộc thi không có cấp “${stray.level}”.`);
  const used = new Set<string>();
  for (const number of existing.values()) {
    if (used.has(number)) throw new Error(`Số báo danh ${number} đã được cấp cho hai người.`);
    used.add(number);
  }
  const digits = contest.candidateNumbers.digits;
  const out: NumberedCandidate[] = [];
  for (const level of contest.levels) {
    const pattern = new RegExp(`^${level.numberPrefix}(\\d{${digits}})$`);
    const ofLevel = candidates.filter((c) => c.level === level.id);
    let next = 1;
    const kept: NumberedCandidate[] = [];
    const fresh: AcceptedCandidate[] = [];
    for (const c of ofLevel) {
      const number = existing.get(c.personId);
      if (number === undefined) {
        fresh.push(c);
        continue;
      }
      const match = pattern.exec(number);
      if (!match) throw new Error(`Số báo danh ${number} của ${c.fullName} không đúng dạng ${level.numberPrefix}${'0'.repeat(digits)} của ${level.label.toLocaleLowerCase('vi')}.`);
      next = Math.max(next, Number(match[1]) + 1);
      kept.push({ ...c, candidateNumber: number });
    }
    const numbered = [...fresh].sort(compareForNumbering).map((c, i) => {
      const sequence = next + i;
      if (String(sequence).length > digits) {
        throw new Error(`${level.label}: quá ${10 ** digits - 1} thí sinh, không đủ chữ số cho số báo danh (${digits} chữ số).`);
      }
      return { ...c, candidateNumber: `${level.numberPrefix}${String(sequence).padStart(digits, '0')}` };
    });
    out.push(...[...kept, ...numbered].sort((a, b) => a.candidateNumber.localeCompare(b.candidateNumber)));
  }
  return out;
}

/** An exam room (phòng thi) and how many computers it has for candidates. */
export interface ExamRoom {
  id: string;
  name: string;
  capacity: number;
}

/** Where a candidate sits. */
export interface Seat {
  candidateNumber: string;
  roomId: string;
  roomName: string;
  /** 1-based seat (máy) number in the room. */
  seat: number;
}

/**
 * Seats candidates in the order given (candidate-number order), filling each room to capacity before the next,
 * rooms in the order given. Throws (Vietnamese) when the rooms cannot hold everyone or a capacity is not a
 * positive integer.
 */
export function assignRooms(candidates: ReadonlyArray<{ candidateNumber: string }>, rooms: readonly ExamRoom[]): Seat[] {
  for (const room of rooms) {
    if (!Number.isInteger(room.capacity) || room.capacity <= 0) throw new Error(`${room.name}: sức chứa phải là số nguyên dương.`);
  }
  const capacity = rooms.reduce((sum, r) => sum + r.capacity, 0);
  if (candidates.length > capacity) {
    throw new Error(`Không đủ chỗ: có ${candidates.length} thí sinh nhưng các phòng thi chỉ có ${capacity} chỗ.`);
  }
  const seats: Seat[] = [];
  let roomIndex = 0;
  let seat = 0;
  for (const c of candidates) {
    let room = rooms[roomIndex];
    while (room !== undefined && seat >= room.capacity) {
      roomIndex += 1;
      seat = 0;
      room = rooms[roomIndex];
    }
    if (room === undefined) throw new Error('unreachable: capacity checked above');
    seat += 1;
    seats.push({ candidateNumber: c.candidateNumber, roomId: room.id, roomName: room.name, seat });
  }
  return seats;
}
