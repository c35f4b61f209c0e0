/**
 * The refusals of `thidua db copy` before anything is written (step 1 of src/store/copy-store.ts): the two databases
 * must have the same tables and columns, the source must hold a unit and be drained (no message being sent or due,
 * no event waiting), and the target must not know the unit's code, a person's phone or chat link, a group chat, a
 * contest run, or a rubric version under the same name with other content. Each throws `CopyRefusedError`.
 */
import { CopyRefusedError } from './copy-report.js';
import type { CopyTable, CopyValue, TableSource, TargetSession } from './table-copy.js';

/** The same tables with the same column names on both sides; otherwise the two are at different migrations. */
export function checkSameTables(source: CopyTable[], target: CopyTable[]): void {
  const problems: string[] = [];
  const sourceByName = new Map(source.map((t) => [t.name, t]));
  for (const t of target) {
    const s = sourceByName.get(t.name);
    if (!s) {
      problems.push(`bảng ${t.name} không có ở nguồn`);
      continue;
    }
    const names = (table: CopyTable) => table.columns.map((c) => c.name).sort().join(',');
    if (names(s) !== names(t)) problems.push(`bảng ${t.name} có các cột khác nhau`);
  }
  for (const s of source) if (!target.some((t) => t.name === s.name)) problems.push(`bảng ${s.name} không có ở đích`);
  if (problems.length > 0) {
    throw new CopyRefusedError(`Hai cơ sở dữ liệu không cùng cấu trúc (${problems.join('; ')}). Hãy cập nhật Thi Đua Số ở cả hai phía.`);
  }
}

/** The units in the source (the copy moves them whole). */
export async function sourceUnits(source: TableSource, batchSize: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const batch of source.rows('units', ['id'], batchSize)) for (const [id] of batch) ids.add(String(id));
  if (ids.size === 0) throw new CopyRefusedError('Cơ sở dữ liệu nguồn không có đơn vị nào: không có gì để chép.');
  return ids;
}

/**
 * Refuses a source still at work: a message being sent, or due and not sent, would be lost or sent twice (the target
 * never sends what it copies), and an event acknowledged to a platform but not processed would be lost. Messages
 * held for later (next attempt in the future: quiet hours, a retry's wait) are copied as failed.
 */
export async function refuseUndrained(source: TableSource, now: number, batchSize: number): Promise<void> {
  let due = 0;
  for await (const batch of source.rows('outbox', ['status', 'next_attempt_at'], batchSize)) {
    for (const [status, next] of batch) if (status === 'sending' || (status === 'pending' && Number(next) <= now)) due += 1;
  }
  let pending = 0;
  for await (const batch of source.rows('inbound_events', ['status'], batchSize)) for (const [status] of batch) if (status === 'pending') pending += 1;
  const problems = [
    ...(due > 0 ? [`hộp thư đi còn ${due} tin đang gửi hoặc đến hạn gửi`] : []),
    ...(pending > 0 ? [`còn ${pending} tin nhắn đến chưa xử lý`] : []),
  ];
  if (problems.length > 0) {
    throw new CopyRefusedError(
      `Cơ sở dữ liệu nguồn chưa xử lý xong (${problems.join('; ')}). Hãy chạy ứng dụng ở nguồn cho đến khi gửi và xử lý hết, dừng ứng dụng rồi chép lại.`,
    );
  }
}

/**
 * Refuses an identity the target already has elsewhere: the unit's code, a person's phone or chat link, a group chat
 * registered by another unit, a contest run, a rubric version with the same name and other content. Returns the
 * source rubric versions the target already holds (source id → target id).
 */
export async function refuseConflicts(source: TableSource, session: TargetSession, unitIds: Set<string>, batchSize: number): Promise<Map<number, number>> {
  const problems: string[] = [];
  const all = async (table: string, columns: string[]): Promise<CopyValue[][]> => {
    const out: CopyValue[][] = [];
    for await (const batch of source.rows(table, columns, batchSize)) out.push(...batch);
    return out;
  };
  for (const [id] of await session.rowsWhere('units', ['id'], 'id', [...unitIds])) {
    problems.push(`mã đơn vị ${String(id)} đã có ở cơ sở dữ liệu đích`);
  }
  const people = (await all('people', ['id', 'phone'])).filter(([, phone]) => typeof phone === 'string' && phone !== '');
  const phoneOwner = new Map(people.map(([id, phone]) => [String(phone), Number(id)]));
  for (const [unit, phone] of await session.rowsWhere('people', ['unit_id', 'phone'], 'phone', [...phoneOwner.keys()])) {
    problems.push(`số điện thoại …${String(phone).slice(-3)} của người mã ${phoneOwner.get(String(phone))} ở nguồn đã thuộc đơn vị ${String(unit)} ở đích`);
  }
  const accounts = await all('chat_accounts', ['person_id', 'channel', 'external_user_id']);
  const accountOwner = new Map(accounts.map(([person, channel, user]) => [`${String(channel)}:${String(user)}`, Number(person)]));
  const linked = await session.rowsWhere('chat_accounts', ['channel', 'external_user_id'], 'external_user_id', [...new Set(accounts.map((a) => a[2] ?? null))]);
  for (const [channel, user] of linked) {
    const owner = accountOwner.get(`${String(channel)}:${String(user)}`);
    if (owner !== undefined) problems.push(`tài khoản ${String(channel)} của người mã ${owner} ở nguồn đã liên kết với một người khác ở đích`);
  }
  const groups = await all('announcement_targets', ['channel', 'chat_id']);
  const groupKeys = new Set(groups.map(([channel, chat]) => `${String(channel)}:${String(chat)}`));
  for (const [channel, chat, unit] of await session.rowsWhere('announcement_targets', ['channel', 'chat_id', 'unit_id'], 'chat_id', [...new Set(groups.map((g) => g[1] ?? null))])) {
    if (groupKeys.has(`${String(channel)}:${String(chat)}`)) problems.push(`nhóm ${String(channel)} ${String(chat)} đã được đơn vị ${String(unit)} đăng ký ở đích`);
  }
  const contests = (await all('contest_runs', ['contest_id'])).map(([id]) => id ?? null);
  for (const [id] of await session.rowsWhere('contest_runs', ['contest_id'], 'contest_id', contests)) problems.push(`hội thi ${String(id)} đã có ở đích`);

  const reused = new Map<number, number>();
  const versions = await all('rubric_versions', ['id', 'rubric_id', 'version', 'sha256']);
  const there = await session.rowsWhere('rubric_versions', ['id', 'rubric_id', 'version', 'sha256'], 'rubric_id', [...new Set(versions.map((v) => v[1] ?? null))]);
  for (const [id, rubric, version, sha] of versions) {
    const same = there.find((t) => t[1] === rubric && t[2] === version);
    if (!same) continue;
    if (same[3] === sha) reused.set(Number(id), Number(same[0]));
    else problems.push(`bộ tiêu chí ${String(rubric)} phiên bản ${String(version)} ở đích có nội dung khác với nguồn`);
  }
  if (problems.length > 0) {
    throw new CopyRefusedError(`Không thể ghép vào cơ sở dữ liệu đích: ${problems.join('; ')}. Chưa ghi gì.`);
  }
  return reused;
}
