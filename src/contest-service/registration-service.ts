/**
 * Registration (seed 001, II and IV.1): the organiser opens a contest run (units invited, boards, rooms, bank), each
 * unit's focal person sends its list (chat) or the office imports lists (CLI), and the organiser closes registration,
 * which gives every candidate a unique candidate number (số báo danh) and a seat in an exam room.
 *
 * Services take `tx` and return data; the entry point opens the unit of work with `lockKey: contestLockKey(id)`, so
 * two lists or a list and the closing never interleave (on PostgreSQL across instances, too). The unique indexes on
 * `(contest, person)` and `(contest, candidate number)` are the last line of defence.
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { assignCandidateNumbers, assignRooms, type AcceptedCandidate } from '../contest/candidate-numbers.js';
import type { Contest } from '../contest/contest-schema.js';
import { checkUnitList, type BoardMember } from '../contest/registration.js';
import { normalisePhone } from '../directory/phone.js';
import type { StaffPerson } from '../store/staff.js';
import type { CandidateRecord, ContestBoardMember, ContestRoom, ContestRunRecord, ContestRunUnit } from '../store/contest.js';
import { contestBoardMemberSchema, contestRunUnitSchema } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { contestOf, refuse, type ContestCatalogue, type ContestOutcome } from './catalogue.js';
import { canOrganise, canRegisterFor, type ContestActor } from './contest-permissions.js';

/** Units of work on one contest's registration share this key. */
export function contestLockKey(contestId: string): string {
  return `contest:${contestId}`;
}

/** The organiser's set-up of a run (a YAML file for `thidua contest open`). */
export const contestSetupSchema = z
  .object({
    contest: z.string().min(1),
    bank: z.string().min(1),
    units: z.array(contestRunUnitSchema).min(1),
    boardMembers: z.array(contestBoardMemberSchema).default([]),
    rooms: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9-]+$/), name: z.string().min(1), capacity: z.number().int().positive() }).strict()).min(1),
  })
  .strict();
export type ContestSetup = z.infer<typeof contestSetupSchema>;

/** Opens (or, while registration is open, updates) a contest run. Room codes are kept across an update. */
export async function openContestRun(tx: Tx, catalogue: ContestCatalogue, setup: ContestSetup, now: number): Promise<ContestOutcome<{ run: ContestRunRecord }>> {
  const contest = contestOf(catalogue, setup.contest);
  if ('ok' in contest) return contest;
  if (!catalogue.banks.has(setup.bank)) return refuse(`Không có ngân hàng câu hỏi “${setup.bank}”.`);
  const existing = await tx.contest.getRun(contest.id);
  if (existing?.status === 'closed') return refuse('Cuộc thi đã khoá sổ đăng ký; không thể thay đổi đơn vị, ban hay phòng thi.');
  const levels = new Map(contest.levels.map((l) => [l.id, new Set(l.unitKinds.map((k) => k.id))]));
  for (const u of setup.units) {
    if (!levels.get(u.level)?.has(u.kind)) return refuse(`Đơn vị ${u.name}: loại đơn vị “${u.kind}” không thuộc cấp “${u.level}” của cuộc thi.`);
  }
  const rooms: ContestRoom[] = setup.rooms.map((r) => {
    const old = existing?.rooms.find((o) => o.id === r.id);
    return { ...r, codeHash: old?.codeHash ?? null, proctors: old?.proctors ?? [] };
  });
  const run: ContestRunRecord = {
    contestId: contest.id,
    status: 'registration',
    bankId: setup.bank,
    units: setup.units,
    boardMembers: setup.boardMembers,
    rooms,
    openedAt: existing?.openedAt ?? now,
    closedAt: null,
  };
  await tx.contest.saveRun(run);
  await tx.audit.record({ at: now, action: existing ? 'contest_run_update' : 'contest_run_open', entityType: 'contest', entityId: contest.id, after: { units: setup.units.length, rooms: rooms.length, bank: setup.bank } });
  return { ok: true, run };
}

/** A line of a unit's list as a person writes it: name and position, optionally a phone or a directory id. */
export interface CandidateLine {
  fullName: string;
  position: string;
  phone?: string | undefined;
  personId?: number | undefined;
}

/** The answer for one line. */
export interface LineAnswer {
  line: number;
  fullName: string;
  positionId: string | null;
  accepted: boolean;
  problems: string[];
}

export interface UnitListAnswer {
  unitId: string;
  unitName: string;
  /** True when the list was stored (it replaced the unit's earlier list). */
  stored: boolean;
  unitProblems: string[];
  lines: LineAnswer[];
}

async function resolvePerson(tx: Tx, unitId: string, line: CandidateLine): Promise<StaffPerson | string> {
  let found: StaffPerson[] = [];
  if (line.personId !== undefined) {
    const p = await tx.staff.getPerson(line.personId);
    found = p && p.unitId === unitId ? [p] : [];
  } else {
    const phone = line.phone ? normalisePhone(line.phone) : null;
    if (phone) found = await tx.staff.findPeople(unitId, { phone });
    if (found.length === 0) found = await tx.staff.findPeople(unitId, { fullName: line.fullName.trim() });
  }
  const active = found.filter((p) => p.active);
  if (active.length === 0) return `Không tìm thấy “${line.fullName.trim()}” trong danh bạ của đơn vị; Văn phòng cần nhập người này vào danh bạ trước.`;
  if (active.length > 1) return `Danh bạ có ${active.length} người tên “${line.fullName.trim()}”; ghi thêm số điện thoại để phân biệt.`;
  return active[0] as StaffPerson;
}

/**
 * Checks a unit's list and, when every line and the list as a whole are in order, stores it (replacing the unit's
 * earlier list). A list with any problem is not stored: the answer says what to fix on which line.
 */
export async function registerUnitList(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; unitId: string; lines: readonly CandidateLine[]; actor: ContestActor | null; channel: string; now: number },
): Promise<ContestOutcome<{ answer: UnitListAnswer }>> {
  const contest = contestOf(catalogue, input.contestId);
  if ('ok' in contest) return contest;
  const run = await tx.contest.getRun(contest.id);
  if (!run) return refuse('Cuộc thi chưa mở đăng ký.');
  if (run.status !== 'registration') return refuse('Ban Tổ chức đã khoá sổ đăng ký dự thi; không nhận thêm hoặc sửa danh sách.');
  const unit = run.units.find((u) => u.id === input.unitId);
  if (!unit) return refuse(`Đơn vị “${input.unitId}” không có trong danh sách đơn vị dự thi của cuộc thi.`);
  if (input.actor) {
    const denied = canRegisterFor(input.actor, unit.id, run);
    if (denied) return refuse(denied);
  }
  if (input.lines.length === 0) return refuse('Danh sách không có người nào.');

  const resolved = await Promise.all(input.lines.map((l) => resolvePerson(tx, unit.id, l)));
  const others = (await tx.contest.registrations(contest.id)).filter((r) => r.unitId !== unit.id);
  const unitNames = new Map(run.units.map((u) => [u.id, u.name]));
  const registeredElsewhere = new Map(others.map((r) => [String(r.personId), unitNames.get(r.unitId) ?? r.unitId]));
  const boardMembers: BoardMember[] = run.boardMembers.map((m) => ({ personId: String(m.personId), board: m.board }));
  const entries = input.lines.map((l, i) => {
    const p = resolved[i];
    return { personId: typeof p === 'object' && p !== undefined ? String(p.id) : `?${i}`, fullName: typeof p === 'object' && p !== undefined ? p.fullName : l.fullName, position: l.position };
  });
  const check = checkUnitList(contest, { unit: { id: unit.id, name: unit.name, level: unit.level, kind: unit.kind }, candidates: entries }, { boardMembers, registeredElsewhere });
  const lines: LineAnswer[] = check.candidates.map((c, i) => {
    const p = resolved[i];
    const problems = typeof p === 'string' ? [p, ...c.problems.filter((x) => !x.startsWith('Trùng với'))] : c.problems;
    return { line: i + 1, fullName: c.fullName, positionId: c.positionId, accepted: problems.length === 0, problems };
  });
  const stored = check.unitProblems.length === 0 && lines.every((l) => l.accepted);
  if (stored) {
    await tx.contest.replaceUnitRegistrations(
      contest.id,
      unit.id,
      check.candidates.map((c) => ({
        personId: Number(c.personId),
        fullName: c.fullName,
        positionId: c.positionId ?? '',
        submittedById: input.actor?.personId ?? null,
        channel: input.channel,
        submittedAt: input.now,
      })),
    );
    await tx.audit.record({
      at: input.now,
      unitId: input.actor?.unitId ?? null,
      actorPersonId: input.actor?.personId ?? null,
      channel: input.channel,
      action: 'contest_register',
      entityType: 'contest',
      entityId: contest.id,
      after: { unitId: unit.id, candidates: check.candidates.map((c) => Number(c.personId)) },
    });
  }
  return { ok: true, answer: { unitId: unit.id, unitName: unit.name, stored, unitProblems: check.unitProblems, lines } };
}

/**
 * Closes registration: every registered candidate gets a unique candidate number (level prefix + sequence, in
 * the core's order) and a seat, rooms filled in number order. Refused while already closed.
 */
export async function closeRegistration(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; actor: ContestActor | null; channel: string; now: number },
): Promise<ContestOutcome<{ candidates: CandidateRecord[] }>> {
  const contest = contestOf(catalogue, input.contestId);
  if ('ok' in contest) return contest;
  const run = await tx.contest.getRun(contest.id);
  if (!run) return refuse('Cuộc thi chưa mở đăng ký.');
  if (input.actor) {
    const denied = canOrganise(input.actor, run);
    if (denied) return refuse(denied);
  }
  if (run.status === 'closed') return refuse('Đăng ký dự thi đã được khoá sổ trước đó; số báo danh đã cấp giữ nguyên.');
  const registrations = await tx.contest.registrations(contest.id);
  if (registrations.length === 0) return refuse('Chưa có đơn vị nào gửi danh sách dự thi.');
  const units = new Map<string, ContestRunUnit>(run.units.map((u) => [u.id, u]));
  const accepted: AcceptedCandidate[] = registrations.map((r) => {
    const unit = units.get(r.unitId);
    if (!unit) throw new Error(`registration of unit ${r.unitId} not in the run`);
    return { personId: String(r.personId), fullName: r.fullName, unitId: unit.id, unitName: unit.name, level: unit.level, positionId: r.positionId };
  });
  const existing = new Map((await tx.contest.candidates(contest.id)).map((c) => [String(c.personId), c.candidateNumber]));
  let seats;
  let numbered;
  try {
    numbered = assignCandidateNumbers(contest, accepted, existing);
    seats = assignRooms(numbered, run.rooms);
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  const seatOf = new Map(seats.map((s) => [s.candidateNumber, s]));
  const rows: CandidateRecord[] = numbered.map((c) => {
    const seat = seatOf.get(c.candidateNumber);
    if (!seat) throw new Error(`no seat for ${c.candidateNumber}`);
    return {
      contestId: contest.id,
      candidateNumber: c.candidateNumber,
      personId: Number(c.personId),
      fullName: c.fullName,
      unitId: c.unitId,
      unitName: c.unitName,
      level: c.level,
      positionId: c.positionId,
      roomId: seat.roomId,
      seat: seat.seat,
    };
  });
  const fresh = rows.filter((r) => !existing.has(String(r.personId)));
  await tx.contest.insertCandidates(fresh);
  await tx.contest.saveRun({ ...run, status: 'closed', closedAt: input.now });
  await tx.audit.record({
    at: input.now,
    actorPersonId: input.actor?.personId ?? null,
    channel: input.channel,
    action: 'contest_close_registration',
    entityType: 'contest',
    entityId: contest.id,
    after: { candidates: rows.length },
  });
  return { ok: true, candidates: inContestOrder(contest, await tx.contest.candidates(contest.id)) };
}

/** Candidates level by level (the contest file's order: city, district, commune), then by number. */
export function inContestOrder<T extends { level: string; candidateNumber: string }>(contest: Contest, candidates: readonly T[]): T[] {
  const rank = new Map(contest.levels.map((l, i) => [l.id as string, i]));
  return [...candidates].sort((a, b) => (rank.get(a.level) ?? 99) - (rank.get(b.level) ?? 99) || a.candidateNumber.localeCompare(b.candidateNumber));
}

/** sha256 of a room or proctor code (codes are typed by people: case and spaces ignored). */
export function hashRoomCode(code: string): string {
  return createHash('sha256').update(code.replace(/\s+/g, '').toUpperCase()).digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newCode(length: number): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/**
 * Issues a new code for a room (read out by the proctor; candidates sign in with it) and, for each given proctor,
 * their own code for the live room view. Returns the codes in clear once; only their hashes are kept. A new room
 * code replaces the old one (candidates already signed in keep their session).
 */
export async function issueRoomCodes(
  tx: Tx,
  input: { contestId: string; roomId: string; proctorIds: readonly number[]; now: number },
): Promise<ContestOutcome<{ roomCode: string; proctorCodes: Array<{ personId: number; code: string }> }>> {
  const run = await tx.contest.getRun(input.contestId);
  if (!run) return refuse('Cuộc thi chưa mở đăng ký.');
  const room = run.rooms.find((r) => r.id === input.roomId);
  if (!room) return refuse(`Không có phòng thi “${input.roomId}”.`);
  const notProctor = input.proctorIds.find((id) => !run.boardMembers.some((m: ContestBoardMember) => m.personId === id && m.board === 'proctoring'));
  if (notProctor !== undefined) return refuse(`Người có mã số ${notProctor} không thuộc Ban Coi thi.`);
  const roomCode = newCode(6);
  const proctorCodes = input.proctorIds.map((personId) => ({ personId, code: newCode(8) }));
  const proctors = [
    ...room.proctors.filter((p) => !input.proctorIds.includes(p.personId)),
    ...proctorCodes.map((p) => ({ personId: p.personId, codeHash: hashRoomCode(p.code) })),
  ];
  await tx.contest.saveRun({ ...run, rooms: run.rooms.map((r) => (r.id === room.id ? { ...r, codeHash: hashRoomCode(roomCode), proctors } : r)) });
  await tx.audit.record({ at: input.now, action: 'contest_room_codes', entityType: 'contest', entityId: input.contestId, after: { room: room.id, proctors: input.proctorIds } });
  return { ok: true, roomCode, proctorCodes };
}
