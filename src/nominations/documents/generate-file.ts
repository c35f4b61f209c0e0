/**
 * The nomination file as a service (issue 14 item 6): role-checked like the council's decisions (office or
 * director), built from the council's approved nominees, and audited (who generated which file, its documents).
 */
import type { Actor } from '../../approval/authorize.js';
import { canRecordCouncil } from '../../awards/authorize.js';
import { refuse, type AwardResult } from '../../awards/refusals.js';
import { invalidDateText, isLocalDate } from '../../scoring/period-calendar.js';
import type { Tx } from '../../store/store.js';
import { buildNominationFile } from './build-file.js';
import { loadFileData, type FileOptions } from './file-data.js';

export async function generateNominationFile(
  tx: Pick<Tx, 'nominations' | 'staff' | 'initiatives' | 'registrations' | 'audit'>,
  actor: Actor,
  options: FileOptions,
  meta: { now: number; channel: string },
): Promise<AwardResult<{ zip: Uint8Array; names: string[]; nominees: number }>> {
  const may = canRecordCouncil(actor);
  if (!may.ok) return may;
  if (!isLocalDate(options.date)) return refuse({ code: 'invalid', message: invalidDateText('Ngày văn bản', options.date) });
  if (options.proposalNumber.trim().length < 2) return refuse({ code: 'invalid', message: 'Cần số, ký hiệu của Tờ trình (ví dụ: 15/TTr-SKHCN).' });
  const data = await loadFileData(tx, actor.unitId, options);
  if (!data) return refuse({ code: 'not-found', what: 'council' });
  if (data.nominees.length === 0) return refuse({ code: 'invalid', message: 'Hội đồng chưa thông qua đề nghị nào; chưa có gì để lập hồ sơ.' });
  const built = await buildNominationFile(data);
  const names = Object.keys(built.files);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'nomination.file-generated',
    entityType: 'council',
    entityId: String(options.councilId),
    after: { proposalNumber: options.proposalNumber, documents: names, nominees: data.nominees.map((n) => n.nomination.id) },
  });
  return { ok: true, zip: built.zip, names, nominees: data.nominees.length };
}
