/**
 * Shared by the issue 14 commands (`initiative`, `blocker`, `registration`, `nomination`, `council`): who acts
 * (`--as MÃ|SĐT`, checked by the same functions as the chat: `src/awards/authorize.ts`), people by id or phone,
 * years and dates, and refusals printed in Vietnamese.
 */
import { loadActor } from '../awards/load-actor.js';
import { awardRefusalText, type AwardRefusal } from '../awards/refusals.js';
import type { Actor } from '../approval/authorize.js';
import { normalisePhone } from '../directory/phone.js';
import type { Tx } from '../store/store.js';

/** A problem the operator should read as it stands (exit code 1). */
export class AwardCliError extends Error {
  override name = 'AwardCliError';
}

/** The person named by an id or a phone number in the unit, or an error naming what was typed. */
export async function personIdOf(tx: Pick<Tx, 'staff'>, unitId: string, text: string): Promise<number> {
  const t = text.trim();
  if (/^\d{1,9}$/.test(t)) {
    const p = await tx.staff.getPerson(Number(t));
    if (p && p.unitId === unitId) return p.id;
  }
  const phone = normalisePhone(t);
  const found = phone ? await tx.staff.findPeople(unitId, { phone }) : [];
  if (found[0]) return found[0].id;
  throw new AwardCliError(`Không tìm thấy người "${text}" trong đơn vị ${unitId} (ghi mã số hoặc số điện thoại).`);
}

/** The acting person (`--as`), active and of the unit. */
export async function actorAs(tx: Pick<Tx, 'staff'>, unitId: string, text: string | undefined): Promise<Actor> {
  if (!text?.trim()) throw new AwardCliError('Cần --as MÃ|SĐT: người thực hiện (Văn phòng, Giám đốc…), để kiểm tra quyền và ghi nhật ký.');
  const actor = await loadActor(tx, await personIdOf(tx, unitId, text));
  if (!actor) throw new AwardCliError(`Người "${text}" đã ngừng hoạt động; không thể thực hiện.`);
  return actor;
}

/** A year written `2026`. */
export function yearOf(text: string | undefined): number {
  if (!text || !/^\d{4}$/.test(text.trim())) throw new AwardCliError(`Năm "${text ?? ''}" không hợp lệ (ví dụ: --year 2026).`);
  return Number(text.trim());
}

/** A positive integer id (`--id 3`). */
export function idOf(text: string | undefined, what: string): number {
  if (!text || !/^\d{1,9}$/.test(text.trim())) throw new AwardCliError(`Cần ${what} là một số (ví dụ: 3).`);
  return Number(text.trim());
}

/** Prints a refusal; returns the exit code 1. */
export function refused(err: (line: string) => void, refusal: AwardRefusal): number {
  err(awardRefusalText(refusal));
  return 1;
}
