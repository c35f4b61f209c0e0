/**
 * The director's choice among people (or departments) tied at the last honoured place, under the unit's tie rule
 * `director-chooses` (seed 000 III.3.b: "báo cáo Giám đốc Sở xem xét chọn 05 cá nhân/01 tập thể"; issue 17 item 9).
 * The choice is a decision that changes people's standing: only the director may make it (`canFinalise`), only among
 * the candidates the board leaves pending, with exactly the number of seats left; it is audited
 * (`honours.tie_choice`, with the candidates and the chosen) and the audit row is what the board reads back.
 */
import { canFinalise, type Actor } from '../approval/authorize.js';
import { unitLeaderboard } from '../results/index.js';
import type { Tx } from '../store/store.js';
import { quarterHonours, type PendingTieChoice, type TieChoice } from './compute-honours.js';

export const TIE_CHOICE_ACTION = 'honours.tie_choice';

/** The latest choice for the period, or null. */
export async function loadTieChoice(tx: Pick<Tx, 'reviews'>, periodId: number): Promise<TieChoice | null> {
  const row = await tx.reviews.lastAudit({ action: TIE_CHOICE_ACTION, periodId });
  const after = row?.after;
  if (typeof after !== 'object' || after === null) return null;
  const { personIds, departmentId } = after as { personIds?: unknown; departmentId?: unknown };
  return {
    personIds: Array.isArray(personIds) ? personIds.filter((id): id is number => typeof id === 'number') : [],
    departmentId: typeof departmentId === 'number' ? departmentId : null,
  };
}

export type TieChoiceRefusal =
  | { code: 'director-only' }
  | { code: 'no-period'; periodCode: string }
  | { code: 'nothing-to-choose' }
  | { code: 'wrong-people'; seats: number; candidates: { personId: number; fullName: string }[] }
  | { code: 'wrong-department'; departments: { id: number; name: string }[] };

export interface TieChoiceInput {
  unitId: string;
  periodCode: string;
  actor: Actor;
  /** The people chosen among the tied candidates (exactly the seats left); ignored when no people tie is pending. */
  personIds: readonly number[];
  /** The department chosen among the tied ones; ignored when no department tie is pending. */
  departmentId: number | null;
  topN: number;
  now: number;
  channel?: string;
}

/** What is pending for the quarter (null: nothing to choose), from the official results and any earlier choice. */
export async function pendingTieChoice(tx: Tx, unitId: string, periodCode: string, topN: number): Promise<PendingTieChoice | null> {
  const period = await tx.periods.find(unitId, periodCode);
  if (!period) return null;
  const board = await unitLeaderboard(tx, { unitId, periodCode, n: topN, provisional: period.status !== 'finalised' });
  if (!board) return null;
  return quarterHonours(board, '', topN, await loadTieChoice(tx, period.id)).pendingChoice;
}

/** Records the director's choice (audited) in the caller's unit of work; a refusal records nothing. */
export async function chooseAmongTied(tx: Tx, input: TieChoiceInput): Promise<{ ok: true; choice: TieChoice } | { ok: false; refusal: TieChoiceRefusal }> {
  if (!canFinalise(input.actor).ok || input.actor.unitId !== input.unitId) return { ok: false, refusal: { code: 'director-only' } };
  const period = await tx.periods.find(input.unitId, input.periodCode);
  if (!period) return { ok: false, refusal: { code: 'no-period', periodCode: input.periodCode } };
  const board = await unitLeaderboard(tx, { unitId: input.unitId, periodCode: input.periodCode, n: input.topN, provisional: period.status !== 'finalised' });
  // Candidates as if nothing had been chosen yet: a choice may be corrected until the board is posted.
  const pending = board ? quarterHonours(board, '', input.topN, null).pendingChoice : null;
  if (!pending) return { ok: false, refusal: { code: 'nothing-to-choose' } };
  const choice: TieChoice = { personIds: [], departmentId: null };
  if (pending.people) {
    const ids = new Set(pending.people.candidates.map((c) => c.personId));
    const chosen = [...new Set(input.personIds)];
    if (chosen.length !== pending.people.seats || chosen.some((id) => !ids.has(id))) {
      return {
        ok: false,
        refusal: { code: 'wrong-people', seats: pending.people.seats, candidates: pending.people.candidates.map((c) => ({ personId: c.personId, fullName: c.fullName })) },
      };
    }
    choice.personIds = chosen;
  }
  if (pending.departments) {
    if (input.departmentId === null || !pending.departments.some((d) => d.id === input.departmentId)) {
      return { ok: false, refusal: { code: 'wrong-department', departments: pending.departments.map((d) => ({ id: d.id, name: d.name })) } };
    }
    choice.departmentId = input.departmentId;
  }
  await tx.audit.record({
    at: input.now,
    unitId: input.unitId,
    actorPersonId: input.actor.personId,
    channel: input.channel ?? 'cli',
    action: TIE_CHOICE_ACTION,
    entityType: 'period',
    entityId: String(period.id),
    periodId: period.id,
    before: {
      people: pending.people ? { seats: pending.people.seats, candidates: pending.people.candidates.map((c) => c.personId) } : null,
      departments: pending.departments?.map((d) => d.id) ?? null,
    },
    after: choice,
  });
  return { ok: true, choice };
}
