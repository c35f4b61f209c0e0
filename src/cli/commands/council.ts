/**
 * `thidua council` (issue 14 item 5): the Hội đồng thi đua – khen thưởng's meeting as a step.
 *   open --year 2026 --date YYYY-MM-DD --member "MÃ|SĐT|HỌ TÊN:VAI TRÒ"… [--minutes 07/BB-HĐTĐKT] --as MÃ|SĐT
 *   propose-year --year 2026 --as MÃ|SĐT      seed 000's December: "Cá nhân xuất sắc", "Đơn vị tiên tiến", "Sáng kiến đổi mới"
 *   decide --council N --nomination M (--approve | --reject) [--for 5 --against 1] [--note "…"] --as MÃ|SĐT
 *   close --council N --as MÃ|SĐT
 *   awards --year 2026                        the approved awards of the year
 *   file --council N --number 15/TTr-… --place "An Giang" --recipient "…" --signer MÃ|SĐT [--signer-title …]
 *        [--authority "KT. GIÁM ĐỐC"] [--parent "UBND TỈNH …"] [--date YYYY-MM-DD] [--frame TỆP.yaml --points TỆP.json]
 *        --out HOSO.zip --as MÃ|SĐT              seed 004's nomination file (item 6): DOCX documents + XLSX sheet, one ZIP
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { awardRefusalText } from '../../awards/refusals.js';
import { generateNominationFile } from '../../nominations/documents/generate-file.js';
import { loadRubricFile } from '../../scoring/load-rubrics.js';
import { LOCAL_DATE_FORMAT, localDateOf } from '../../scoring/period-calendar.js';
import { closeCouncil, decideNomination, minutesLines, openCouncil, proposeYearAwards, yearAwards } from '../../nominations/council.js';
import type { CouncilMember } from '../../store/nominations.js';
import { actorAs, AwardCliError, idOf, personIdOf, refused, yearOf } from '../award-cli.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng:',
  '  thidua council open --year 2026 --date NGÀY --member "MÃ|SĐT|HỌ TÊN:VAI TRÒ"… [--minutes SỐ_BIÊN_BẢN] --as MÃ|SĐT',
  '  thidua council propose-year --year 2026 --as MÃ|SĐT   (Cá nhân xuất sắc, Đơn vị tiên tiến, Sáng kiến đổi mới)',
  '  thidua council decide --council SỐ --nomination SỐ (--approve | --reject) [--for N --against N] [--note "…"] --as MÃ|SĐT',
  '  thidua council close --council SỐ --as MÃ|SĐT',
  '  thidua council awards --year 2026',
  '  thidua council file --council SỐ --number SỐ_TỜ_TRÌNH --place "ĐỊA DANH" --recipient "NƠI NHẬN TỜ TRÌNH" --signer MÃ|SĐT',
  '         [--signer-title "GIÁM ĐỐC"] [--authority "KT. GIÁM ĐỐC"] [--parent "UBND TỈNH …"] [--date NGÀY]',
  '         [--frame flows/….yaml --points ĐIỂM.json] --out HOSO.zip --as MÃ|SĐT   (hồ sơ đề nghị khen thưởng: DOCX + XLSX)',
  `  (NGÀY dạng ${LOCAL_DATE_FORMAT}; mọi lệnh nhận thêm --unit MÃ)`,
].join('\n');

const count = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  if (!/^\d{1,3}$/.test(text)) throw new AwardCliError(`Số phiếu "${text}" không hợp lệ.`);
  return Number(text);
};

export const councilCommand: CliCommand = {
  name: 'council',
  summary: 'Hội đồng thi đua – khen thưởng: mở phiên họp, xét từng đề nghị, khen thưởng cuối năm',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        unit: { type: 'string' },
        year: { type: 'string' },
        date: { type: 'string' },
        member: { type: 'string', multiple: true },
        minutes: { type: 'string' },
        council: { type: 'string' },
        nomination: { type: 'string' },
        approve: { type: 'boolean', default: false },
        reject: { type: 'boolean', default: false },
        for: { type: 'string' },
        against: { type: 'string' },
        note: { type: 'string' },
        number: { type: 'string' },
        place: { type: 'string' },
        recipient: { type: 'string' },
        signer: { type: 'string' },
        'signer-title': { type: 'string' },
        authority: { type: 'string' },
        parent: { type: 'string' },
        frame: { type: 'string' },
        points: { type: 'string' },
        out: { type: 'string' },
        as: { type: 'string' },
      },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || !['open', 'propose-year', 'decide', 'close', 'awards', 'file'].includes(what ?? '')) throw new UsageError(USAGE);
    const meta = { now: ctx.now().getTime(), channel: 'cli' };
    return withUnit(
      ctx,
      values.unit,
      async (store, unit) => {
        if (what === 'awards') {
          const year = yearOf(values.year);
          const awards = await store.read((tx) => yearAwards(tx, unit.id, year));
          ctx.out(`Khen thưởng năm ${year} đã được Hội đồng thông qua:`);
          if (awards.size === 0) ctx.out('  (chưa có)');
          for (const [award, list] of awards) ctx.out(`  ${award}: ${list.map((n) => n.nomineeName).join('; ')}`);
          return 0;
        }
        if (what === 'open') {
          const year = yearOf(values.year);
          const result = await store.transaction(async (tx) => {
            const actor = await actorAs(tx, unit.id, values.as);
            const members: CouncilMember[] = [];
            for (const m of values.member ?? []) {
              const at = m.lastIndexOf(':');
              if (at <= 0) throw new AwardCliError(`Thành viên "${m}" cần dạng "MÃ|SĐT|HỌ TÊN:VAI TRÒ".`);
              const who = m.slice(0, at).trim();
              const role = m.slice(at + 1).trim();
              const personId = await personIdOf(tx, unit.id, who).catch(() => null);
              const name = personId === null ? who : ((await tx.staff.getPerson(personId))?.fullName ?? who);
              members.push({ personId, name, role });
            }
            return openCouncil(tx, actor, { year, meetingDate: values.date ?? '', members, minutesNumber: values.minutes?.trim() || null }, meta);
          });
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Đã mở phiên họp Hội đồng số ${result.id} (năm ${year}).`);
          return 0;
        }
        if (what === 'propose-year') {
          const year = yearOf(values.year);
          const result = await store.transaction(async (tx) => proposeYearAwards(tx, await actorAs(tx, unit.id, values.as), year, meta));
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Đã đưa ${result.created.length} đề nghị mới ra Hội đồng:`);
          for (const n of result.created) ctx.out(`  [${n.id}] ${n.award}: ${n.nomineeName}`);
          for (const l of result.leftOut) ctx.out(`  Không xét: ${l.fullName} — ${l.reasons.join('; ')}`);
          return 0;
        }
        const councilId = idOf(values.council, '--council');
        if (what === 'file') {
          if (!values.out || !values.number || !values.place || !values.recipient || !values.signer) {
            throw new AwardCliError('Cần --out, --number, --place, --recipient và --signer (xem: thidua council --help).');
          }
          const frame = values.frame ? loadFrame(values.frame, values.points) : undefined;
          const result = await store.transaction(async (tx) => {
            const actor = await actorAs(tx, unit.id, values.as);
            const signer = await tx.staff.getPerson(await personIdOf(tx, unit.id, values.signer ?? ''));
            return generateNominationFile(
              tx,
              actor,
              {
                councilId,
                issuer: { parent: values.parent ?? null, name: unit.name, place: values.place ?? '' },
                recipient: values.recipient ?? '',
                date: values.date ?? localDateOf(ctx.now()),
                proposalNumber: values.number ?? '',
                signer: { authority: values.authority ?? null, title: values['signer-title'] ?? 'GIÁM ĐỐC', name: signer?.fullName ?? '' },
                frame,
              },
              meta,
            );
          });
          if (!result.ok) return refused(ctx.err, result.refusal);
          const path = resolve(values.out);
          writeFileSync(path, result.zip);
          ctx.out(`Đã lập hồ sơ đề nghị khen thưởng (${result.nominees} trường hợp): ${path}`);
          result.names.forEach((n) => ctx.out(`  ${n}`));
          ctx.out('Chuyển các văn bản sang PDF, ký số rồi gửi qua hệ thống quản lý văn bản.');
          return 0;
        }
        if (what === 'close') {
          const result = await store.transaction(async (tx) => {
            const r = await closeCouncil(tx, await actorAs(tx, unit.id, values.as), councilId, meta);
            const council = await tx.nominations.getCouncil(councilId);
            return r.ok && council ? { ok: true as const, lines: minutesLines(council, await tx.nominations.list(unit.id, council.year)) } : r.ok ? { ok: true as const, lines: [] } : r;
          });
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Đã kết thúc phiên họp số ${councilId}. Biên bản:`);
          result.lines.forEach((l) => ctx.out(`  ${l}`));
          return 0;
        }
        if (values.approve === values.reject) throw new AwardCliError('Cần đúng một trong --approve hoặc --reject.');
        const nominationId = idOf(values.nomination, '--nomination');
        const result = await store.transaction(async (tx) =>
          decideNomination(
            tx,
            await actorAs(tx, unit.id, values.as),
            { councilId, nominationId, approved: values.approve, votesFor: count(values.for), votesAgainst: count(values.against), note: values.note ?? null },
            meta,
          ),
        );
        if (!result.ok) {
          ctx.err(awardRefusalText(result.refusal));
          return 1;
        }
        ctx.out(`Đã ghi: ${result.nomination.nomineeName} — ${result.nomination.award}: ${values.approve ? 'thông qua' : 'không thông qua'}.`);
        return 0;
      },
      [AwardCliError],
    );
  },
};

const pointsFile = z.record(z.string(), z.number().min(0));

/** Seed 004's frame rubric and the unit's own points per main index (`{"ag.1": 45, …}`). */
function loadFrame(framePath: string, pointsPath: string | undefined) {
  let rubric;
  try {
    rubric = loadRubricFile(framePath);
  } catch (error) {
    throw new AwardCliError(`Không đọc được bộ chỉ số ${framePath}: ${(error as Error).message}`);
  }
  if (!rubric.frame) throw new AwardCliError(`${framePath} không phải khung chỉ số (frame) như Kế hoạch của Sở KH&CN An Giang.`);
  let points: Record<string, number> = {};
  if (pointsPath) {
    try {
      points = pointsFile.parse(JSON.parse(readFileSync(pointsPath, 'utf8')));
    } catch {
      throw new AwardCliError(`Không đọc được ${pointsPath}: cần JSON dạng {"ag.1": 45, "ag.2": 40, …}.`);
    }
  }
  return { rubric, points };
}
