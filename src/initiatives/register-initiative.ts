/**
 * Registering an initiative (issue 14 item 1): a staff member registers their own (they are an author), with
 * co-authors of the same unit or a collective, the kind, the topic, a summary and evidence. Returns data; the chat
 * dialog (`src/workflows/initiatives/`) renders it. Audited.
 */
import type { Actor } from '../approval/authorize.js';
import { refuse, type AwardResult } from '../awards/refusals.js';
import {
  INITIATIVE_KINDS,
  INITIATIVE_TOPICS,
  type InitiativeEvidence,
  type InitiativeKind,
  type InitiativeTopic,
} from '../store/initiatives.js';
import type { Tx } from '../store/store.js';

export interface InitiativeDraft {
  title: string;
  kind: InitiativeKind;
  topic: InitiativeTopic;
  /** Other authors (people of the unit); the actor is always an author unless `collective` is given by the office. */
  coAuthorIds: number[];
  collective: string | null;
  summary: string | null;
  evidence: InitiativeEvidence[];
}

export const TITLE_MIN = 5;
export const TITLE_MAX = 300;

/** Registers the draft for `actor`; audited as `initiative.register`. */
export async function registerInitiative(
  tx: Pick<Tx, 'initiatives' | 'staff' | 'audit'>,
  actor: Actor,
  draft: InitiativeDraft,
  meta: { now: number; channel: string },
): Promise<AwardResult<{ id: number }>> {
  const title = draft.title.trim();
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) {
    return refuse({ code: 'invalid', message: `Tên sáng kiến cần từ ${TITLE_MIN} đến ${TITLE_MAX} ký tự.` });
  }
  if (!INITIATIVE_KINDS.includes(draft.kind) || !INITIATIVE_TOPICS.includes(draft.topic)) {
    return refuse({ code: 'invalid', message: 'Loại hoặc lĩnh vực sáng kiến không hợp lệ.' });
  }
  const authorIds = [actor.personId];
  for (const id of draft.coAuthorIds) {
    const p = await tx.staff.getPerson(id);
    if (!p || p.unitId !== actor.unitId) return refuse({ code: 'not-found', what: 'person' });
    if (!authorIds.includes(id)) authorIds.push(id);
  }
  const id = await tx.initiatives.create({
    unitId: actor.unitId,
    title,
    kind: draft.kind,
    topic: draft.topic,
    authorIds,
    collective: draft.collective?.trim() || null,
    departmentId: actor.departmentId,
    summary: draft.summary?.trim() || null,
    evidence: draft.evidence,
    registeredById: actor.personId,
    now: meta.now,
  });
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'initiative.register',
    entityType: 'initiative',
    entityId: String(id),
    subjectPersonId: actor.personId,
    after: { kind: draft.kind, topic: draft.topic, authorIds, evidence: draft.evidence.length },
  });
  return { ok: true, id };
}
