/**
 * The emulation registration at the start of the year (issue 14 item 2): a person registers the titles they aim
 * for, a head registers their department, before the unit's deadline for the year (inclusive, local date); the
 * office sets the deadline and sees who registered and who did not. Seed 004 makes it a condition of every award
 * (read by `src/nominations/load-facts.ts`). Audited.
 */
import type { Actor } from '../approval/authorize.js';
import type { EmulationRegistration, RegistrationSubject } from '../store/registrations.js';
import type { Tx } from '../store/store.js';
import { canAdministerRegistration, canRegisterFor } from './authorize.js';
import { refuse, type AwardResult } from './refusals.js';
import { invalidDateText, isLocalDate } from '../scoring/period-calendar.js';

/** Titles offered (Luật Thi đua, khen thưởng 2022; seed 000's own "Chiến binh số xuất sắc"). */
export const PERSON_TITLES = ['Lao động tiên tiến', 'Chiến sĩ thi đua cơ sở', 'Chiến binh số xuất sắc, tiên phong'] as const;
export const DEPARTMENT_TITLES = ['Tập thể lao động tiên tiến', 'Tập thể lao động xuất sắc'] as const;

interface Meta {
  now: number;
  /** Today, local `YYYY-MM-DD`. */
  today: string;
  channel: string;
}

export async function registerEmulation(
  tx: Pick<Tx, 'registrations' | 'audit'>,
  actor: Actor,
  input: { year: number; subject: { kind: RegistrationSubject; id: number }; titles: string[] },
  meta: Meta,
): Promise<AwardResult<{ id: number; before: string[] | null }>> {
  const may = canRegisterFor(actor, input.subject);
  if (!may.ok) return may;
  const deadline = await tx.registrations.deadline(actor.unitId, input.year);
  if (deadline !== null && meta.today > deadline && !actor.roles.includes('office')) return refuse({ code: 'registration-closed', deadline });
  const titles = [...new Set(input.titles.map((t) => t.trim()).filter(Boolean))];
  if (titles.length === 0) return refuse({ code: 'invalid', message: 'Cần chọn ít nhất một danh hiệu đăng ký.' });
  const saved = await tx.registrations.upsert({
    unitId: actor.unitId,
    year: input.year,
    subjectKind: input.subject.kind,
    subjectId: input.subject.id,
    titles,
    registeredById: actor.personId,
    registeredAt: meta.now,
  });
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'emulation.register',
    entityType: input.subject.kind === 'person' ? 'person' : 'department',
    entityId: String(input.subject.id),
    subjectPersonId: input.subject.kind === 'person' ? input.subject.id : null,
    before: saved.before,
    after: titles,
  });
  return { ok: true, ...saved };
}

export async function setRegistrationDeadline(
  tx: Pick<Tx, 'registrations' | 'audit'>,
  actor: Actor,
  input: { year: number; deadline: string },
  meta: Omit<Meta, 'today'>,
): Promise<AwardResult<object>> {
  const may = canAdministerRegistration(actor);
  if (!may.ok) return may;
  if (!isLocalDate(input.deadline)) return refuse({ code: 'invalid', message: invalidDateText('Hạn đăng ký', input.deadline) });
  const before = await tx.registrations.deadline(actor.unitId, input.year);
  await tx.registrations.setDeadline(actor.unitId, input.year, input.deadline, actor.personId, meta.now);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'emulation.deadline',
    entityType: 'unit',
    entityId: actor.unitId,
    before,
    after: { year: input.year, deadline: input.deadline },
  });
  return { ok: true };
}

export interface RegistrationOverview {
  deadline: string | null;
  registered: { registration: EmulationRegistration; name: string }[];
  /** Active people (staff, heads…) and departments without a registration. */
  missingPeople: { id: number; name: string }[];
  missingDepartments: { id: number; name: string }[];
}

/** Who registered for the year and who did not (the office's view). */
export async function registrationOverview(tx: Pick<Tx, 'registrations' | 'staff'>, actor: Actor, year: number): Promise<AwardResult<{ overview: RegistrationOverview }>> {
  const may = canAdministerRegistration(actor);
  if (!may.ok) return may;
  const list = await tx.registrations.list(actor.unitId, year);
  const people = (await tx.staff.listPeople(actor.unitId)).filter((p) => p.active);
  const departments = await tx.staff.listDepartments(actor.unitId);
  const nameOf = (r: EmulationRegistration) =>
    r.subjectKind === 'person' ? (people.find((p) => p.id === r.subjectId)?.fullName ?? `#${r.subjectId}`) : (departments.find((d) => d.id === r.subjectId)?.name ?? `#${r.subjectId}`);
  const has = (kind: RegistrationSubject, id: number) => list.some((r) => r.subjectKind === kind && r.subjectId === id);
  return {
    ok: true,
    overview: {
      deadline: await tx.registrations.deadline(actor.unitId, year),
      registered: list.map((registration) => ({ registration, name: nameOf(registration) })),
      missingPeople: people.filter((p) => !has('person', p.id)).map((p) => ({ id: p.id, name: p.fullName })),
      missingDepartments: departments.filter((d) => !has('department', d.id)).map((d) => ({ id: d.id, name: d.name })),
    },
  };
}
