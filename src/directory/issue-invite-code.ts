/**
 * One-time linking codes issued by the office (`thidua invite`) and the demo seed. The code is made here and only
 * its sha256 goes to the store; a code works once and expires (redeemed when a chat account is linked).
 */
import { DEFAULT_INVITE_TTL_MS, formatInviteCode, generateInviteCode, hashInviteCode } from '../conversation/invite-code.js';
import type { Tx } from '../store/store.js';

export interface IssuedInviteCode {
  /** As printed: `K7Q2-M9XH` (typed with or without the dash, any case). */
  code: string;
  expiresAt: number;
}

/** Issues a new code for the person (earlier codes stay valid until used or expired). */
export async function issueInviteCode(
  tx: Pick<Tx, 'invites'>,
  personId: number,
  now: number,
  ttlMs = DEFAULT_INVITE_TTL_MS,
): Promise<IssuedInviteCode> {
  const canonical = generateInviteCode();
  const expiresAt = now + ttlMs;
  await tx.invites.create({ codeHash: hashInviteCode(canonical), personId, expiresAt }, now);
  return { code: formatInviteCode(canonical), expiresAt };
}

/** One person's code in a department batch (printed once, never stored in clear). */
export interface DepartmentInvite extends IssuedInviteCode {
  personId: number;
  fullName: string;
}

/**
 * Issues a code for every active person of a department at once (issue 18 item 15: a quarterly web user who logged
 * out needs a new code; the office hands them out department by department). One audit row for the batch names the
 * department and the people (never the codes). Call it inside the command's unit of work.
 */
export async function issueDepartmentInviteCodes(
  tx: Pick<Tx, 'invites' | 'staff' | 'audit'>,
  input: { unitId: string; departmentId: number; now: number; ttlMs?: number; channel?: string; actorPersonId?: number | null },
): Promise<DepartmentInvite[]> {
  const people = (await tx.staff.listPeople(input.unitId)).filter((p) => p.active && p.departmentId === input.departmentId);
  const issued: DepartmentInvite[] = [];
  for (const person of people) {
    const code = await issueInviteCode(tx, person.id, input.now, input.ttlMs);
    issued.push({ personId: person.id, fullName: person.fullName, ...code });
  }
  await tx.audit.record({
    at: input.now,
    unitId: input.unitId,
    actorPersonId: input.actorPersonId ?? null,
    channel: input.channel ?? 'cli',
    action: 'invite.department_issued',
    entityType: 'department',
    entityId: String(input.departmentId),
    after: { personIds: issued.map((i) => i.personId), expiresAt: issued[0]?.expiresAt ?? null },
  });
  return issued;
}
