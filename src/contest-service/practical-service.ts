/**
 * Practical scores (seed 001; issue 15 item 5): two examiners of Ban Giám khảo each enter a mark for a candidate's
 * practical paper (chat or CLI); when the marks differ by more than the contest's margin the paper is flagged for
 * the jury head (Trưởng Ban Giám khảo), who decides the score with a reason. Every entry is audited.
 */
import type { ExaminerMark } from '../contest/practical-score.js';
import { scorePractical, type PracticalScore } from '../contest/practical-score.js';
import { ContestNotSettledError, practicalSettings } from '../contest/open-values.js';
import { viDecimal } from '../contest/ratio.js';
import type { PracticalMarkRecord } from '../store/contest.js';
import type { Tx } from '../store/store.js';
import { contestOf, refuse, type ContestCatalogue, type ContestOutcome } from './catalogue.js';
import { canDecide, canMark, juryHeads } from './contest-permissions.js';

/** A candidate's practical score from the stored marks (and the jury head's decision, if any). */
export function practicalOf(
  settings: ReturnType<typeof practicalSettings>,
  marks: readonly PracticalMarkRecord[],
): PracticalScore {
  const examiner: ExaminerMark[] = marks.filter((m) => m.kind === 'mark').map((m) => ({ examinerId: String(m.byPersonId), points: m.points }));
  const decision = marks.find((m) => m.kind === 'decision');
  return scorePractical(settings, examiner, decision ? { by: String(decision.byPersonId), points: decision.points, reason: decision.reason ?? '' } : undefined);
}

export interface MarkOutcome {
  candidateNumber: string;
  score: PracticalScore;
  /** The jury heads to tell when the paper has just become flagged. */
  notifyHeads: number[];
}

async function context(tx: Tx, catalogue: ContestCatalogue, contestId: string, candidateNumber: string) {
  const contest = contestOf(catalogue, contestId);
  if ('ok' in contest) return contest;
  const run = await tx.contest.getRun(contest.id);
  if (!run || run.status !== 'closed') return refuse('Cuộc thi chưa khoá sổ đăng ký; chưa có thí sinh để chấm.');
  const number = candidateNumber.trim().toUpperCase();
  const candidate = await tx.contest.candidate(contest.id, number);
  if (!candidate) return refuse(`Không có thí sinh số báo danh ${number}.`);
  let settings;
  try {
    settings = practicalSettings(contest);
  } catch (error) {
    if (error instanceof ContestNotSettledError) return refuse(error.message);
    throw error;
  }
  const marks = (await tx.contest.marks(contest.id)).filter((m) => m.candidateNumber === number);
  return { ok: true as const, contest, run, candidate, settings, marks };
}

/**
 * An examiner enters (or corrects) their mark. A third examiner is refused (each paper is marked by two); after the
 * jury head decided, marks are frozen.
 */
export async function enterPracticalMark(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; candidateNumber: string; examinerId: number; points: number; channel: string; now: number },
): Promise<ContestOutcome<MarkOutcome>> {
  const ctx = await context(tx, catalogue, input.contestId, input.candidateNumber);
  if (!ctx.ok) return ctx;
  const denied = canMark(input.examinerId, ctx.run);
  if (denied) return refuse(denied);
  if (ctx.marks.some((m) => m.kind === 'decision')) return refuse('Trưởng Ban Giám khảo đã quyết định điểm bài này; không sửa điểm chấm được nữa.');
  const others = ctx.marks.filter((m) => m.kind === 'mark' && m.byPersonId !== input.examinerId);
  if (others.length >= 2) return refuse(`Bài của thí sinh ${ctx.candidate.candidateNumber} đã có đủ 2 giám khảo chấm.`);
  const mark: PracticalMarkRecord = {
    contestId: ctx.contest.id,
    candidateNumber: ctx.candidate.candidateNumber,
    kind: 'mark',
    byPersonId: input.examinerId,
    points: input.points,
    reason: null,
    at: input.now,
  };
  let score: PracticalScore;
  let before: PracticalScore;
  try {
    before = practicalOf(ctx.settings, ctx.marks);
    score = practicalOf(ctx.settings, [...others, mark]);
  } catch (error) {
    if (error instanceof RangeError) return refuse(error.message);
    throw error;
  }
  const previous = ctx.marks.find((m) => m.kind === 'mark' && m.byPersonId === input.examinerId);
  await tx.contest.saveMark(mark);
  await tx.audit.record({
    at: input.now,
    unitId: ctx.candidate.unitId,
    actorPersonId: input.examinerId,
    channel: input.channel,
    action: 'contest_practical_mark',
    entityType: 'contest_candidate',
    entityId: `${ctx.contest.id}/${ctx.candidate.candidateNumber}`,
    subjectPersonId: ctx.candidate.personId,
    before: previous ? { points: previous.points } : null,
    after: { points: input.points, status: score.status },
  });
  const notifyHeads = score.status === 'needs-jury-head' && before.status !== 'needs-jury-head' ? juryHeads(ctx.run) : [];
  return { ok: true, candidateNumber: ctx.candidate.candidateNumber, score, notifyHeads };
}

/** The jury head decides a flagged paper's score, with a reason. */
export async function decidePracticalScore(
  tx: Tx,
  catalogue: ContestCatalogue,
  input: { contestId: string; candidateNumber: string; headId: number; points: number; reason: string; channel: string; now: number },
): Promise<ContestOutcome<MarkOutcome>> {
  const ctx = await context(tx, catalogue, input.contestId, input.candidateNumber);
  if (!ctx.ok) return ctx;
  const denied = canDecide(input.headId, ctx.run);
  if (denied) return refuse(denied);
  const current = practicalOf(ctx.settings, ctx.marks.filter((m) => m.kind === 'mark'));
  if (current.status !== 'needs-jury-head') {
    return refuse(`Bài của thí sinh ${ctx.candidate.candidateNumber} không bị chấm lệch quá mức ${viDecimal(ctx.settings.margin)} điểm; không cần Trưởng Ban quyết định.`);
  }
  const decision: PracticalMarkRecord = {
    contestId: ctx.contest.id,
    candidateNumber: ctx.candidate.candidateNumber,
    kind: 'decision',
    byPersonId: input.headId,
    points: input.points,
    reason: input.reason.trim(),
    at: input.now,
  };
  let score: PracticalScore;
  try {
    score = practicalOf(ctx.settings, [...ctx.marks.filter((m) => m.kind === 'mark'), decision]);
  } catch (error) {
    if (error instanceof RangeError) return refuse(error.message);
    throw error;
  }
  await tx.contest.saveMark(decision);
  await tx.audit.record({
    at: input.now,
    unitId: ctx.candidate.unitId,
    actorPersonId: input.headId,
    channel: input.channel,
    action: 'contest_practical_decision',
    entityType: 'contest_candidate',
    entityId: `${ctx.contest.id}/${ctx.candidate.candidateNumber}`,
    subjectPersonId: ctx.candidate.personId,
    after: { points: input.points },
    reason: decision.reason,
  });
  return { ok: true, candidateNumber: ctx.candidate.candidateNumber, score, notifyHeads: [] };
}

/** Papers flagged for the jury head and not decided yet. */
export async function flaggedPapers(tx: Tx, catalogue: ContestCatalogue, contestId: string): Promise<Array<{ candidateNumber: string; message: string }>> {
  const contest = catalogue.contests.get(contestId);
  if (!contest) return [];
  const settings = practicalSettings(contest);
  const byCandidate = new Map<string, PracticalMarkRecord[]>();
  for (const m of await tx.contest.marks(contestId)) byCandidate.set(m.candidateNumber, [...(byCandidate.get(m.candidateNumber) ?? []), m]);
  const out: Array<{ candidateNumber: string; message: string }> = [];
  for (const [candidateNumber, marks] of byCandidate) {
    const score = practicalOf(settings, marks);
    if (score.status === 'needs-jury-head') out.push({ candidateNumber, message: score.message });
  }
  return out;
}
