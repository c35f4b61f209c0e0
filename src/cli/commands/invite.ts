/**
 * `thidua invite PERSON [--days N] [--unit MÃ]`: issues a one-time linking code for a person (by id, phone or
 * exact full name) and prints it with its expiry and how to use it. `thidua invite --department PHÒNG` issues one
 * for every active person of a department at once (one audit row for the batch). Only the codes' sha256 is stored.
 */
import { DEFAULT_INVITE_TTL_MS } from '../../conversation/invite-code.js';
import { findDepartment } from '../../directory/department-leader.js';
import { issueDepartmentInviteCodes, issueInviteCode } from '../../directory/issue-invite-code.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { renderLeaderRefusal } from '../render-department.js';
import { findPerson } from '../resolve-person.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng: thidua invite NGƯỜI [--days SỐ_NGÀY] [--unit MÃ]   (NGƯỜI: mã số, số điện thoại hoặc họ tên đầy đủ)',
  '       thidua invite --department PHÒNG [--days SỐ_NGÀY] [--unit MÃ]   (mỗi người đang làm việc trong phòng một mã; PHÒNG: tên hoặc mã phòng)',
].join('\n');
const DAY_MS = 24 * 60 * 60 * 1000;

export const inviteCommand: CliCommand = {
  name: 'invite',
  summary: 'Cấp mã kích hoạt một lần để cán bộ liên kết tài khoản chat',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { days: { type: 'string' }, unit: { type: 'string' }, department: { type: 'string' } },
      USAGE,
    );
    const query = positionals.join(' ').trim();
    const ttlMs = values.days === undefined ? DEFAULT_INVITE_TTL_MS : Number(values.days) * DAY_MS;
    if (!Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > 90 * DAY_MS) throw new UsageError(`--days phải từ 1 đến 90.\n${USAGE}`);
    if (values.department !== undefined) {
      if (query || !values.department.trim()) throw new UsageError(USAGE);
      return inviteDepartment(ctx, values.unit, values.department, ttlMs);
    }
    if (!query) throw new UsageError(USAGE);
    return withUnit(ctx, values.unit, async (store, unit) => {
      const now = ctx.now().getTime();
      const { person, code, expiresAt } = await store.transaction(async (tx) => {
        const found = await findPerson(tx, unit.id, query);
        return { person: found, ...(await issueInviteCode(tx, found.id, now, ttlMs)) };
      });
      ctx.out(`Mã kích hoạt cho ${person.fullName} (mã số ${person.id}): ${code}`);
      ctx.out(`Hết hạn: ${formatVnTime(expiresAt)} (giờ Việt Nam). Mã chỉ dùng được một lần.`);
      ctx.out('Cách dùng: mở Thi Đua Số trên Telegram, Zalo hoặc trang web chat, gõ mã này (có hoặc không có dấu gạch).');
      return 0;
    });
  },
};

async function inviteDepartment(ctx: CliContext, unitArg: string | undefined, query: string, ttlMs: number): Promise<number> {
  return withUnit(ctx, unitArg, async (store, unit) => {
    const now = ctx.now().getTime();
    const result = await store.transaction(async (tx) => {
      const found = await findDepartment(tx, unit.id, query);
      if (!found.ok) return found;
      const issued = await issueDepartmentInviteCodes(tx, { unitId: unit.id, departmentId: found.department.id, now, ttlMs });
      return { ok: true as const, department: found.department, issued };
    });
    if (!result.ok) {
      ctx.err(renderLeaderRefusal(result.refusal));
      return 1;
    }
    const { department, issued } = result;
    if (issued.length === 0) {
      ctx.out(`${department.name} không có cán bộ nào đang làm việc; không cấp mã nào.`);
      return 0;
    }
    ctx.out(`Mã kích hoạt cho ${issued.length} cán bộ của ${department.name}:`);
    for (const i of issued) ctx.out(`  ${i.fullName} (mã số ${i.personId}): ${i.code}`);
    ctx.out(`Hết hạn: ${formatVnTime(issued[0]?.expiresAt ?? now + ttlMs)} (giờ Việt Nam). Mỗi mã chỉ dùng được một lần, cho đúng người được ghi.`);
    ctx.out('Cách dùng: mở Thi Đua Số trên Telegram, Zalo hoặc trang web chat, gõ mã này (có hoặc không có dấu gạch).');
    ctx.out('Mã cũ chưa dùng vẫn còn hiệu lực đến khi hết hạn. Đã ghi nhật ký kiểm tra (không ghi mã).');
    return 0;
  });
}

function formatVnTime(ms: number): string {
  const d = new Date(ms + 7 * 60 * 60 * 1000).toISOString();
  return `${d.slice(11, 16)} ngày ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
