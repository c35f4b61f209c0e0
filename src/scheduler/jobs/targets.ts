/**
 * Who each reminder goes to, and what it says (pure rules over a `PeriodState`).
 *
 * - 10th: everyone the period's rubric asks to self-assess (seed 000: staff, laborers, heads, leaders, the office,
 *   the director — not an admin-only account) who has not submitted (no start, a draft, or a returned one); when
 *   the department list is due by then (Q4: on 10 December, seed 000) the heads are also reminded of their pending
 *   reviews and unsent list, in the same message.
 * - 20th: heads with pending reviews or an unsent (or returned) department list; leaders in charge with lists
 *   awaiting their comment; whoever reviews a submitted self-assessment outside a head's own department (the leader
 *   in charge for a head, the directors for a head without one and for a leader).
 *
 * Who reviews whom is `reviewersOf` (approval/authorize.ts), the rule the review itself enforces, so a reminder
 * never goes to someone who cannot act nor misses someone who must.
 */
import { fmtPeriod } from '../../conversation/render/format.js';
import { reviewersOf, type SubjectFacts } from '../../approval/authorize.js';
import type { DepartmentState, PeriodState, PersonState } from './period-state.js';
import { deadlineLine, headLines, leaderLines, selfLine } from './reminder-texts.js';

/** A person to remind and the lines of their message. */
export interface ReminderTarget {
  personId: number;
  fullName: string;
  lines: string[];
}

/** Whether the person must self-assess and has not submitted yet. */
export function needsSelfAssessment(p: PersonState): boolean {
  return p.selfAssesses && (p.submission === 'none' || p.submission === 'draft' || p.submission === 'returned');
}

/** The 10th's recipients; `withHeadLists` adds the heads' review and list duties (December). */
export function selfReminderTargets(state: PeriodState, today: string, withHeadLists: boolean): ReminderTarget[] {
  const { period } = state;
  const out: ReminderTarget[] = [];
  for (const p of state.people) {
    const lines: string[] = [];
    if (needsSelfAssessment(p)) {
      lines.push(selfLine(p));
      lines.push(deadlineLine('Hạn tự đánh giá', period.selfDeadline, today));
    }
    if (withHeadLists && p.roles.has('head')) {
      const duty = headDuty(state, p);
      if (duty) {
        lines.push(...headLines(duty.department.name, duty.pending, duty.department.list, duty.department.articleAnswered === false));
        lines.push(deadlineLine('Hạn gửi danh sách phòng', period.departmentDeadline, today));
      }
    }
    if (lines.length > 0) out.push({ personId: p.id, fullName: p.fullName, lines: [title(state), ...lines] });
  }
  return out;
}

/** The 20th's recipients: heads, leaders in charge and directors with something pending. */
export function reviewReminderTargets(state: PeriodState, today: string): ReminderTarget[] {
  const { period } = state;
  const awaiting = awaitingReviewBy(state);
  const out: ReminderTarget[] = [];
  for (const p of state.people) {
    const lines: string[] = [];
    const headDept = p.roles.has('head') ? p.departmentId : null;
    if (p.roles.has('head')) {
      const duty = headDuty(state, p);
      if (duty) lines.push(...headLines(duty.department.name, duty.pending, duty.department.list, duty.department.articleAnswered === false));
    }
    // Reviews outside the head's own department: heads for their leader in charge (or the directors), leaders for the directors.
    const others = (awaiting.get(p.id) ?? []).filter((s) => headDept === null || s.departmentId !== headDept);
    const comments = state.departments
      .filter((d) => d.leaderInChargeId === p.id && d.list === 'sent' && !d.leaderCommented)
      .map((d) => d.name);
    lines.push(...leaderLines(comments, others.length, others.every((s) => s.roles.has('head'))));
    if (lines.length > 0) {
      lines.push(deadlineLine('Hạn gửi danh sách phòng về Văn phòng', period.departmentDeadline, today));
      out.push({ personId: p.id, fullName: p.fullName, lines: [title(state), ...lines] });
    }
  }
  return out;
}

/** The office's (and the director's) people: they get the 25th's compilation status and the delivery reports. */
export function officeRecipients(state: PeriodState, withDirector: boolean): PersonState[] {
  return state.people.filter((p) => p.roles.has('office') || (withDirector && p.roles.has('director')));
}

/** Departments whose list has not reached the office (none sent, or returned to the head). */
export function missingLists(state: PeriodState): DepartmentState[] {
  return state.departments.filter((d) => d.list === 'none' || d.list === 'returned');
}

/** People whose self-assessment is not approved yet, split by where it is stuck. */
export function unreviewedPeople(state: PeriodState): { notSubmitted: PersonState[]; awaitingReview: PersonState[] } {
  const assessing = state.people.filter((p) => p.selfAssesses);
  return {
    notSubmitted: assessing.filter((p) => p.submission === 'none' || p.submission === 'draft' || p.submission === 'returned'),
    awaitingReview: assessing.filter((p) => p.submission === 'submitted'),
  };
}

function headDuty(state: PeriodState, head: PersonState): { department: DepartmentState; pending: number } | null {
  const department = state.departments.find((d) => d.id === head.departmentId);
  if (!department) return null;
  const pending = (awaitingReviewBy(state).get(head.id) ?? []).filter((m) => m.departmentId === department.id).length;
  const unsent = department.list === 'none' || department.list === 'returned';
  return pending > 0 || unsent || department.articleAnswered === false ? { department, pending } : null;
}

/** Submitted self-assessments by the id of each person who reviews them (per `reviewersOf`), computed once per state. */
const awaitingCache = new WeakMap<PeriodState, Map<number, PersonState[]>>();

function awaitingReviewBy(state: PeriodState): Map<number, PersonState[]> {
  let byReviewer = awaitingCache.get(state);
  if (byReviewer) return byReviewer;
  byReviewer = new Map();
  const directorIds = state.people.filter((x) => x.roles.has('director')).map((x) => x.id);
  const reviewer = state.rules.chain.directorReviewer;
  const directorReviewerIds =
    reviewer === 'office' ? state.people.filter((x) => x.roles.has('office')).map((x) => x.id) : reviewer === null ? [] : [reviewer];
  const headsByDepartment = new Map<number, number[]>();
  for (const x of state.people) {
    if (x.departmentId !== null && x.roles.has('head')) headsByDepartment.set(x.departmentId, [...(headsByDepartment.get(x.departmentId) ?? []), x.id]);
  }
  const leaderOf = new Map(state.departments.map((d) => [d.id, d.leaderInChargeId]));
  for (const subject of state.people) {
    if (subject.submission !== 'submitted') continue;
    const facts: SubjectFacts = {
      personId: subject.id,
      unitId: state.period.unitId,
      roles: [...subject.roles],
      departmentId: subject.departmentId,
      departmentHeadIds: subject.departmentId === null ? [] : (headsByDepartment.get(subject.departmentId) ?? []),
      leaderInChargeId: subject.departmentId === null ? null : (leaderOf.get(subject.departmentId) ?? null),
      directorIds,
      directorReviewerIds,
    };
    for (const reviewerId of reviewersOf(facts)) {
      const list = byReviewer.get(reviewerId);
      if (list) list.push(subject);
      else byReviewer.set(reviewerId, [subject]);
    }
  }
  awaitingCache.set(state, byReviewer);
  return byReviewer;
}

function title(state: PeriodState): string {
  return `⏰ Nhắc việc thi đua chuyển đổi số — ${fmtPeriod(state.period.year, state.period.quarter)}`;
}
