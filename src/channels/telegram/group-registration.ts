/**
 * `/dangkynhom` in a Telegram group: an office or admin member makes the group their unit's announcement target
 * (honour lists, general announcements are posted there). Registration is audited. Groups that upgrade to a
 * supergroup keep their registration (new chat id); a group the bot was removed from is deactivated.
 */
import { and, eq } from 'drizzle-orm';
import { announcementTargets, chatAccounts, people, personRoles, units } from '../../../db/schema.js';
import { recordAudit } from '../../persistence/audit.js';
import { inTransaction, type Db } from '../../persistence/open-db.js';

/** The command, without the slash. */
export const GROUP_REGISTRATION_COMMAND = 'dangkynhom';
/** Roles allowed to register a group. */
const REGISTRAR_ROLES = new Set(['office', 'admin']);

export const GROUP_TEXTS = {
  registered: (unit: string) =>
    `✅ Đã đăng ký nhóm này làm nhóm thông báo của ${unit}. Bảng vinh danh và các thông báo chung sẽ được gửi vào đây.`,
  already: (unit: string) => `Nhóm này đã là nhóm thông báo của ${unit}.`,
  notLinked:
    'Anh/chị chưa liên kết tài khoản với Thi Đua Số. Hãy nhắn riêng cho Thi Đua Số (bấm vào tên Thi Đua Số → Bắt đầu) để liên kết, rồi gửi lại /dangkynhom tại đây.',
  notAllowed: 'Chỉ Văn phòng hoặc quản trị viên của đơn vị mới đăng ký được nhóm thông báo.',
} as const;

export type GroupRegistrationResult =
  | { status: 'registered' | 'already'; targetId: number; unitId: string; text: string }
  | { status: 'not-linked' | 'not-allowed'; text: string };

/** Registers `chatId` for the unit of the sender (Telegram user `userId`) when they may. */
export function registerGroup(
  db: Db,
  input: { chatId: string; userId: string; title?: string; now: number },
): GroupRegistrationResult {
  return inTransaction(db, (): GroupRegistrationResult => {
    const account = db
      .select({ personId: chatAccounts.personId, status: chatAccounts.status, unitId: people.unitId, active: people.active })
      .from(chatAccounts)
      .innerJoin(people, eq(people.id, chatAccounts.personId))
      .where(and(eq(chatAccounts.channel, 'telegram'), eq(chatAccounts.externalUserId, input.userId)))
      .get();
    if (!account || !account.active) return { status: 'not-linked', text: GROUP_TEXTS.notLinked };
    const roles = db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, account.personId)).all();
    if (!roles.some((r) => REGISTRAR_ROLES.has(r.role))) return { status: 'not-allowed', text: GROUP_TEXTS.notAllowed };
    const unit = db.select({ name: units.name }).from(units).where(eq(units.id, account.unitId)).get();
    const unitName = unit?.name ?? account.unitId;
    const existing = db
      .select()
      .from(announcementTargets)
      .where(and(eq(announcementTargets.channel, 'telegram'), eq(announcementTargets.chatId, input.chatId)))
      .get();
    if (existing && existing.active && existing.unitId === account.unitId) {
      return { status: 'already', targetId: existing.id, unitId: account.unitId, text: GROUP_TEXTS.already(unitName) };
    }
    const values = {
      unitId: account.unitId,
      channel: 'telegram' as const,
      chatId: input.chatId,
      title: input.title ?? null,
      registeredById: account.personId,
      registeredAt: input.now,
      active: true,
    };
    const row = existing
      ? db.update(announcementTargets).set(values).where(eq(announcementTargets.id, existing.id)).returning().get()
      : db.insert(announcementTargets).values(values).returning().get();
    if (!row) throw new Error('announcement target not saved');
    recordAudit(db, {
      at: input.now,
      unitId: account.unitId,
      actorPersonId: account.personId,
      channel: 'telegram',
      action: 'announcement_target.register',
      entityType: 'announcement_target',
      entityId: String(row.id),
      // `undefined` stores NULL (recordAudit would store the JSON text "null" for `null`).
      before: existing ? { unitId: existing.unitId, active: existing.active } : undefined,
      after: { unitId: row.unitId, chatId: row.chatId, active: true },
    });
    return { status: 'registered', targetId: row.id, unitId: account.unitId, text: GROUP_TEXTS.registered(unitName) };
  });
}

/** A group became a supergroup: its registration follows the new chat id (audited). */
export function migrateGroup(db: Db, fromChatId: string, toChatId: string, now: number): boolean {
  const target = findTarget(db, fromChatId);
  if (!target) return false;
  inTransaction(db, () => {
    db.update(announcementTargets).set({ chatId: toChatId }).where(eq(announcementTargets.id, target.id)).run();
    recordAudit(db, {
      at: now,
      unitId: target.unitId,
      channel: 'telegram',
      action: 'announcement_target.migrate',
      entityType: 'announcement_target',
      entityId: String(target.id),
      before: { chatId: fromChatId },
      after: { chatId: toChatId },
    });
  });
  return true;
}

/** The bot was removed from a group: stop posting there (audited). Re-adding needs `/dangkynhom` again. */
export function deactivateGroup(db: Db, chatId: string, now: number): boolean {
  const target = findTarget(db, chatId);
  if (!target || !target.active) return false;
  inTransaction(db, () => {
    db.update(announcementTargets).set({ active: false }).where(eq(announcementTargets.id, target.id)).run();
    recordAudit(db, {
      at: now,
      unitId: target.unitId,
      channel: 'telegram',
      action: 'announcement_target.deactivate',
      entityType: 'announcement_target',
      entityId: String(target.id),
      before: { active: true },
      after: { active: false },
    });
  });
  return true;
}

function findTarget(db: Db, chatId: string) {
  return db
    .select()
    .from(announcementTargets)
    .where(and(eq(announcementTargets.channel, 'telegram'), eq(announcementTargets.chatId, chatId)))
    .get();
}
