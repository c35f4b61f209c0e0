/** Loads the facts `evaluateEligibility` needs for one nomination, in the caller's unit of work. */
import { blockerLine, blockersByPerson } from '../awards/blockers.js';
import { recognisedInitiatives } from '../initiatives/recognised-initiatives.js';
import type { NominationRecord } from '../store/nominations.js';
import type { Tx } from '../store/store.js';
import { checklistFor } from './criteria.js';
import { evaluateEligibility, seed004Deadline, SEED_002_PERIOD, type Eligibility } from './eligibility.js';

export type EligibilityTx = Pick<Tx, 'awardBlockers' | 'initiatives' | 'registrations'>;

export async function eligibilityOf(tx: EligibilityTx, n: NominationRecord): Promise<Eligibility> {
  const blockers = n.personId === null ? [] : ((await blockersByPerson(tx, n.unitId, n.year)).get(n.personId) ?? []).map(blockerLine);
  const initiatives =
    n.scheme === 'tt-002' && n.personId !== null
      ? (await recognisedInitiatives(tx, { unitId: n.unitId, year: { from: SEED_002_PERIOD.from, to: n.year }, personId: n.personId })).flatMap((i) =>
          i.recognition ? [{ title: i.title, level: i.recognition.level, decisionNumber: i.recognition.decisionNumber }] : [],
        )
      : [];
  let registered = false;
  if (n.scheme === 'kh-004') {
    const subject = n.nomineeKind === 'person' ? n.personId : n.departmentId;
    const kind = n.nomineeKind === 'person' ? 'person' : 'department';
    registered = subject !== null && (await tx.registrations.find(n.unitId, n.year, kind, subject)) !== null;
  }
  return evaluateEligibility({
    scheme: n.scheme,
    nomineeKind: n.nomineeKind,
    year: n.year,
    blockers,
    initiatives,
    registered,
    file: n.file,
    fileDeadline: seed004Deadline(n.year),
    checklist: checklistFor(n.scheme, n.nomineeKind),
    answered: new Set(n.checklist.filter((a) => a.answer.trim() !== '').map((a) => a.criterionId)),
  });
}
