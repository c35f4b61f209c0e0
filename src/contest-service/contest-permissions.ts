/**
 * Who may do what in the contest: pure checks over the run's board members and the actor's directory roles, used
 * alike by chat, the exam pages and the CLI. Rules (seed 001): the organiser (Sở Nội vụ: the office or the
 * Ban Tổ chức) opens and closes registration and publishes results; a unit's office (its focal person, đầu mối)
 * sends that unit's list; examiners of Ban Giám khảo enter practical marks and its head (Trưởng Ban Giám khảo)
 * settles flagged papers; a proctor (Ban Coi thi) of a room watches that room and adds time.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { ContestBoardMember, ContestRunRecord } from '../store/contest.js';

/** The person acting, as loaded from the directory. */
export interface ContestActor {
  personId: number;
  unitId: string;
  roles: readonly Role[];
}

const isBoard = (run: ContestRunRecord, personId: number, board: ContestBoardMember['board']): boolean =>
  run.boardMembers.some((m) => m.personId === personId && m.board === board);

/** Sending (or replacing) a unit's candidate list: the unit's own office, director or admin, or the organising committee. */
export function canRegisterFor(actor: ContestActor, unitId: string, run: ContestRunRecord): string | null {
  if (isBoard(run, actor.personId, 'organising-committee')) return null;
  if (actor.unitId !== unitId) return 'Anh/chị chỉ gửi được danh sách dự thi của đơn vị mình.';
  if (!actor.roles.some((r) => r === 'office' || r === 'director' || r === 'admin')) {
    return 'Chỉ đầu mối (Văn phòng) hoặc lãnh đạo đơn vị được gửi danh sách dự thi của đơn vị.';
  }
  return null;
}

/** Organiser actions (close registration, publish results): the organising committee. */
export function canOrganise(actor: ContestActor, run: ContestRunRecord): string | null {
  return isBoard(run, actor.personId, 'organising-committee') ? null : 'Chỉ thành viên Ban Tổ chức được thực hiện việc này.';
}

/** Entering a practical mark: a member of the jury. */
export function canMark(personId: number, run: ContestRunRecord): string | null {
  return isBoard(run, personId, 'jury') ? null : 'Chỉ thành viên Ban Giám khảo được nhập điểm thực hành.';
}

/** Settling a flagged practical paper: the jury head. */
export function canDecide(personId: number, run: ContestRunRecord): string | null {
  return run.boardMembers.some((m) => m.personId === personId && m.board === 'jury' && m.head)
    ? null
    : 'Chỉ Trưởng Ban Giám khảo được quyết định điểm của bài chấm lệch.';
}

/** The jury heads (they are told about flagged papers). */
export function juryHeads(run: ContestRunRecord): number[] {
  return run.boardMembers.filter((m) => m.board === 'jury' && m.head).map((m) => m.personId);
}
