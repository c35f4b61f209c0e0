/**
 * The office records an initiative's recognition (issue 14 item 1): level (cơ sở, tỉnh, toàn quốc), recognising
 * body, decision number and date. A service a dashboard can call as well as `thidua initiative recognise`. Audited
 * with the before and after values (a correction keeps the trace).
 */
import type { Actor } from '../approval/authorize.js';
import { canRecordRecognition } from '../awards/authorize.js';
import { refuse, type AwardResult } from '../awards/refusals.js';
import { RECOGNITION_LEVELS, type Recognition, type RecognitionLevel } from '../store/initiatives.js';
import type { Tx } from '../store/store.js';
import type { Notification } from '../conversation/types.js';
import { fmtDate } from '../conversation/render/format.js';
import { invalidDateText, isLocalDate } from '../scoring/period-calendar.js';
import { LEVEL_LABELS } from './labels.js';

export interface RecognitionInput {
  initiativeId: number;
  level: RecognitionLevel;
  body: string;
  decisionNumber: string;
  /** `YYYY-MM-DD`. */
  decisionDate: string;
}

export async function recogniseInitiative(
  tx: Pick<Tx, 'initiatives' | 'audit'>,
  actor: Actor,
  input: RecognitionInput,
  meta: { now: number; channel: string },
): Promise<AwardResult<{ recognition: Recognition; notices: Notification[] }>> {
  const may = canRecordRecognition(actor);
  if (!may.ok) return may;
  const found = await tx.initiatives.get(input.initiativeId);
  if (!found) return refuse({ code: 'not-found', what: 'initiative' });
  if (found.unitId !== actor.unitId) return refuse({ code: 'other-unit' });
  if (!RECOGNITION_LEVELS.includes(input.level)) return refuse({ code: 'invalid', message: 'Cấp công nhận phải là: co-so, tinh hoặc toan-quoc.' });
  const body = input.body.trim();
  const decisionNumber = input.decisionNumber.trim();
  if (body.length < 2) return refuse({ code: 'invalid', message: 'Cần ghi cơ quan công nhận (ví dụ: Hội đồng sáng kiến tỉnh).' });
  if (decisionNumber.length < 2) return refuse({ code: 'invalid', message: 'Cần ghi số quyết định công nhận (ví dụ: 125/QĐ-UBND).' });
  if (!isLocalDate(input.decisionDate)) return refuse({ code: 'invalid', message: invalidDateText('Ngày quyết định', input.decisionDate) });
  const recognition: Recognition = {
    level: input.level,
    body,
    decisionNumber,
    decisionDate: input.decisionDate,
    recognisedById: actor.personId,
    recognisedAt: meta.now,
  };
  await tx.initiatives.recognise(found.id, recognition);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'initiative.recognise',
    entityType: 'initiative',
    entityId: String(found.id),
    subjectPersonId: found.authorIds[0] ?? null,
    before: found.recognition,
    after: recognition,
  });
  // The authors hear of it in chat (the entry point dispatches these in the same unit of work).
  const text =
    `🎉 Sáng kiến "${found.title}" của anh/chị đã được công nhận ${LEVEL_LABELS[recognition.level]} ` +
    `(${recognition.body}, Quyết định số ${recognition.decisionNumber} ngày ${fmtDate(recognition.decisionDate)}). Gõ /sangkiencuatoi để xem.`;
  const notices: Notification[] = found.authorIds.map((personId) => ({
    personId,
    dedupeKey: `initiative-recognised:${found.id}:${recognition.level}:${recognition.decisionNumber}:${personId}`,
    purpose: 'notice',
    messages: [{ kind: 'text', text }],
  }));
  return { ok: true, recognition, notices };
}
