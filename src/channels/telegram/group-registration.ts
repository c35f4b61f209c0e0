/**
 * `/dangkynhom` in a Telegram group: an office or admin member makes the group their unit's announcement target
 * (honour lists, general announcements are posted there). Registration is audited. Groups that upgrade to a
 * supergroup keep their registration (new chat id); a group the bot was removed from is deactivated.
 *
 * Every function takes the caller's unit of work (`tx`) and returns data; the chat text is `render-group.ts`'s.
 */
import type { Tx } from '../../store/store.js';

/** The command, without the slash. */
export const GROUP_REGISTRATION_COMMAND = 'dangkynhom';
/** Roles allowed to register a group. */
const REGISTRAR_ROLES: ReadonlySet<string> = new Set(['office', 'admin']);

export type GroupRegistrationResult =
  | { status: 'registered' | 'already'; targetId: number; unitId: string; unitName: string }
  | { status: 'not-linked' | 'not-allowed' };

/** Registers `chatId` for the unit of the sender (Telegram user `userId`) when they may. */
export async function registerGroup(
  tx: Tx,
  input: { chatId: string; userId: string; title?: string; now: number },
): Promise<GroupRegistrationResult> {
  const account = await tx.directory.findAccount('telegram', input.userId);
  const person = account ? await tx.directory.getPerson(account.personId) : null;
  if (!person || !person.active) return { status: 'not-linked' };
  if (!person.roles.some((role) => REGISTRAR_ROLES.has(role))) return { status: 'not-allowed' };
  const unitName = (await tx.staff.getUnit(person.unitId))?.name ?? person.unitId;
  const existing = await tx.groups.findByChat('telegram', input.chatId);
  if (existing && existing.active && existing.unitId === person.unitId) {
    return { status: 'already', targetId: existing.id, unitId: person.unitId, unitName };
  }
  const target = await tx.groups.register({
    unitId: person.unitId,
    channel: 'telegram',
    chatId: input.chatId,
    title: input.title ?? null,
    registeredById: person.id,
    registeredAt: input.now,
  });
  await tx.audit.record({
    at: input.now,
    unitId: person.unitId,
    actorPersonId: person.id,
    channel: 'telegram',
    action: 'announcement_target.register',
    entityType: 'announcement_target',
    entityId: String(target.id),
    // `undefined` stores NULL.
    before: existing ? { unitId: existing.unitId, active: existing.active } : undefined,
    after: { unitId: target.unitId, chatId: target.chatId, active: true },
  });
  return { status: 'registered', targetId: target.id, unitId: person.unitId, unitName };
}

/** A group became a supergroup: its registration follows the new chat id (audited). False when not registered. */
export async function migrateGroup(tx: Tx, fromChatId: string, toChatId: string, now: number): Promise<boolean> {
  const target = await tx.groups.findByChat('telegram', fromChatId);
  if (!target) return false;
  await tx.groups.moveChat(target.id, toChatId);
  await tx.audit.record({
    at: now,
    unitId: target.unitId,
    channel: 'telegram',
    action: 'announcement_target.migrate',
    entityType: 'announcement_target',
    entityId: String(target.id),
    before: { chatId: fromChatId },
    after: { chatId: toChatId },
  });
  return true;
}

/** The bot was removed from a group: stop posting there (audited). Re-adding needs `/dangkynhom` again. */
export async function deactivateGroup(tx: Tx, chatId: string, now: number): Promise<boolean> {
  const target = await tx.groups.findByChat('telegram', chatId);
  if (!target || !target.active) return false;
  await tx.groups.deactivate(target.id);
  await tx.audit.record({
    at: now,
    unitId: target.unitId,
    channel: 'telegram',
    action: 'announcement_target.deactivate',
    entityType: 'announcement_target',
    entityId: String(target.id),
    before: { active: true },
    after: { active: false },
  });
  return true;
}
