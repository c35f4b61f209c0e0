/**
 * Who holds which official role (the rubric's `officialRoles`, seed 003: Văn hóa – Thông tin, Kế toán – Ngân
 * sách…) or duty (`steering`: member of the Ban Chỉ đạo chuyển đổi số; `chair`: its head, who approves) in a
 * unit. Set by the office from the CLI (`thidua org official`); audited.
 */
import type { Rubric } from '../scoring/rubric-schema.js';
import { ORG_DUTIES } from '../store/org-index.js';
import type { Tx } from '../store/store.js';
import { refuse, type OrgOutcome } from './refusals.js';

/** The codes a unit may give with this rubric. */
export function officialCodes(rubric: Rubric): string[] {
  return [...rubric.officialRoles.map((r) => r.code), ...ORG_DUTIES];
}

/** The Vietnamese label of a code. */
export function officialLabel(rubric: Rubric | null, code: string): string {
  if (code === 'steering') return 'Thành viên Ban Chỉ đạo chuyển đổi số';
  if (code === 'chair') return 'Trưởng Ban Chỉ đạo chuyển đổi số';
  return rubric?.officialRoles.find((r) => r.code === code)?.label ?? code;
}

export async function setOfficial(
  tx: Tx,
  input: { unitId: string; personId: number; code: string; on: boolean; rubric: Rubric; actorId: number | null; now: number; channel?: string },
): Promise<OrgOutcome<{ changed: boolean }>> {
  const allowed = officialCodes(input.rubric);
  if (!allowed.includes(input.code)) return refuse({ code: 'unknown-official-code', given: input.code, allowed });
  const person = await tx.staff.getPerson(input.personId);
  if (!person || person.unitId !== input.unitId) return refuse({ code: 'unknown-person', who: `#${input.personId}` });
  const held = (await tx.orgIndex.listOfficials(input.unitId)).some((o) => o.personId === input.personId && o.code === input.code);
  if (held === input.on) return { ok: true, changed: false };
  if (input.on) await tx.orgIndex.addOfficial(input.unitId, { personId: input.personId, code: input.code });
  else await tx.orgIndex.removeOfficial(input.unitId, { personId: input.personId, code: input.code });
  await tx.audit.record({
    at: input.now,
    unitId: input.unitId,
    actorPersonId: input.actorId,
    channel: input.channel ?? null,
    action: input.on ? 'org_official_add' : 'org_official_remove',
    entityType: 'org_official',
    entityId: `${input.personId}:${input.code}`,
    subjectPersonId: input.personId,
    after: { code: input.code, on: input.on },
  });
  return { ok: true, changed: true };
}
