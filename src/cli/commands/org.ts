/**
 * `thidua org …`: the organisation index (seed 003/004, issue 13) from the command line.
 *
 *   org official --person ID|SĐT --code MÃ [--off] --rubric MÃ [--unit MÃ]   who holds an official role or duty
 *   org open --rubric MÃ --year 2024 [--entry-deadline YYYY-MM-DD] [--unit MÃ] open an index year (calendar printed)
 *   org rank --year 2024 [--approved] [--xlsx TỆP]                            every unit's index, ranked, ties shown
 *   org sheet --year 2024 --xlsx TỆP [--unit MÃ]                              the self-scored sheet (Bảng điểm tự chấm)
 *   org evidence --year 2024 --zip TỆP [--unit MÃ]                            evidence files per indicator number
 *   org initiatives --year 2024 --count N --as ID|SĐT [--unit MÃ]             recognised initiatives (seed 004 bonus)
 *
 * Role checks are the services' own (`src/org-index/org-roles.ts`); `--as` names the person acting.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { normalisePhone } from '../../directory/phone.js';
import { evidenceEntries, rankingSheet, selfScoredSheet, sheetsXlsx } from '../../org-index/exports.js';
import { initiativeBonusCount } from '../../org-index/initiatives.js';
import { setOfficial } from '../../org-index/officials.js';
import { orgResult } from '../../org-index/org-result.js';
import { currentOrgYear, orgActor } from '../../org-index/org-year.js';
import { openOrgYear } from '../../org-index/org-year.js';
import { rankYear } from '../../org-index/rank-year.js';
import { orgRefusalText, statusText } from '../../org-index/refusals.js';
import { setInitiativeCount } from '../../org-index/review-year.js';
import { loadScoringRules } from '../../settings/unit-rules.js';
import { FLOWS_DIR, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import type { Tx } from '../../store/store.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withStore, withUnit } from '../resolve-unit.js';
import { fmtPoints } from '../../conversation/render/format.js';

const USAGE = [
  'Cách dùng:',
  '  thidua org official --person <mã|SĐT> --code <chức danh> --rubric MÃ [--off] [--unit MÃ]',
  '      chức danh: mã trong officialRoles của bộ chỉ số, hoặc steering (thành viên BCĐ), chair (Trưởng BCĐ)',
  '  thidua org open --rubric MÃ --year 2024 [--entry-deadline NGÀY] [--unit MÃ]',
  `      NGÀY: hạn nhập số liệu, dạng ${LOCAL_DATE_FORMAT}`,
  '  thidua org rank --year 2024 [--approved] [--xlsx TỆP]',
  '  thidua org sheet --year 2024 --xlsx TỆP [--unit MÃ]',
  '  thidua org evidence --year 2024 --zip TỆP [--unit MÃ]',
  '  thidua org initiatives --year 2024 --count N --as <mã|SĐT> [--unit MÃ]',
].join('\n');

export const orgCommand: CliCommand = {
  name: 'org',
  summary: 'Bộ chỉ số chuyển đổi số cơ quan (DTI): chức danh, mở năm, xếp hạng, bảng tự chấm, minh chứng',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        unit: { type: 'string' },
        rubric: { type: 'string' },
        flows: { type: 'string', default: FLOWS_DIR },
        year: { type: 'string' },
        person: { type: 'string' },
        code: { type: 'string' },
        off: { type: 'boolean', default: false },
        'entry-deadline': { type: 'string' },
        approved: { type: 'boolean', default: false },
        xlsx: { type: 'string' },
        zip: { type: 'string' },
        count: { type: 'string' },
        as: { type: 'string' },
      },
      USAGE,
    );
    const sub = positionals[0];
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) throw new UsageError(`Năm không hợp lệ: ${values.year}\n${USAGE}`);
    const now = ctx.now().getTime();
    const rubricOf = () => {
      if (!values.rubric) throw new UsageError(`Cần --rubric MÃ.\n${USAGE}`);
      // Frame templates too (seed 004): opening one then says what is missing instead of "not found".
      const rubric = loadRubricsFromDir(values.flows, { includeTemplates: true }).get(values.rubric);
      if (rubric) return rubric;
      throw new UsageError(`Không có bộ tiêu chí "${values.rubric}" trong ${values.flows}/.`);
    };
    switch (sub) {
      case 'official': {
        const rubric = rubricOf();
        if (!values.person || !values.code) throw new UsageError(`Cần --person và --code.\n${USAGE}`);
        return withUnit(ctx, values.unit, (store, unit) =>
          store.transaction(async (tx) => {
            const personId = await personOf(tx, unit.id, values.person ?? '');
            const out = await setOfficial(tx, { unitId: unit.id, personId, code: values.code ?? '', on: !values.off, rubric, actorId: null, now, channel: 'cli' });
            if (!out.ok) return fail(ctx, orgRefusalText(out.refusal));
            ctx.out(out.changed ? `Đã ${values.off ? 'bỏ' : 'giao'} chức danh ${values.code ?? ''} cho người #${personId}.` : 'Không có gì thay đổi.');
            return 0;
          }),
        );
      }
      case 'open': {
        const rubric = rubricOf();
        if (year === undefined) throw new UsageError(`Cần --year.\n${USAGE}`);
        return withUnit(ctx, values.unit, (store, unit) =>
          store.transaction(async (tx) => {
            const out = await openOrgYear(tx, { unitId: unit.id, rubric, year, actorId: null, now, channel: 'cli', dates: { entryDeadline: values['entry-deadline'] } });
            if (!out.ok) return fail(ctx, orgRefusalText(out.refusal));
            const cal = (await currentOrgYear(tx, unit.id, year))?.calendar;
            ctx.out(`Đã mở Bộ chỉ số năm ${year} cho ${unit.name} (${unit.id}), bộ ${rubric.id} phiên bản ${rubric.version}.`);
            if (cal) {
              ctx.out(`  Niên hạn số liệu: ${cal.dataFrom} – ${cal.dataTo}`);
              ctx.out(`  Nhập số liệu, ký số: hạn cuối ${cal.entryDeadline}`);
              ctx.out(`  Thẩm định (${cal.verification.by}): ${cal.verification.from} – ${cal.verification.to}`);
              ctx.out(`  Phê duyệt (${cal.approval.by}): ${cal.approval.from} – ${cal.approval.to}`);
            }
            if (out.unassigned.length > 0) ctx.out(`  Chưa giao cho ai (chưa có người giữ chức danh): ${out.unassigned.join(', ')}`);
            return 0;
          }),
        );
      }
      case 'rank': {
        if (year === undefined) throw new UsageError(`Cần --year.\n${USAGE}`);
        return withStore(ctx, async (store) => {
          const ranked = await store.read((tx) => rankYear(tx, year, { onlyApproved: values.approved }));
          ctx.out(`Xếp hạng chỉ số chuyển đổi số năm ${year}: ${ranked.length} đơn vị`);
          for (const r of ranked) {
            const bonus = r.bonus > 0 ? ` + ${fmtPoints(r.bonus)} thưởng` : '';
            ctx.out(
              `${String(r.rank).padStart(3)}${r.tied ? '=' : ' '} ${r.unitName}: ${fmtPoints(r.base)}${bonus}/${fmtPoints(r.max)} (${fmtPoints(r.percent)}%) ${r.bandLabel ?? 'chưa xếp loại'} — ${statusText(r.status)}${r.tied ? ' (đồng hạng)' : ''}`,
            );
          }
          if (values.xlsx) {
            writeFileSync(values.xlsx, await sheetsXlsx([rankingSheet(year, ranked)]));
            ctx.out(`Đã ghi ${values.xlsx}`);
          }
          return 0;
        });
      }
      case 'sheet':
      case 'evidence': {
        if (year === undefined) throw new UsageError(`Cần --year.\n${USAGE}`);
        const target = sub === 'sheet' ? values.xlsx : values.zip;
        if (!target) throw new UsageError(`Cần ${sub === 'sheet' ? '--xlsx' : '--zip'} TỆP.\n${USAGE}`);
        return withUnit(ctx, values.unit, async (store, unit) => {
          const data = await store.read(async (tx) => {
            const y = await currentOrgYear(tx, unit.id, year);
            if (!y) return null;
            const evidence = await tx.orgIndex.listEvidence(y.period.id);
            const result = orgResult(y, await loadScoringRules(tx, unit.id), await initiativeBonusCount(tx, y.period));
            return { y, evidence, result };
          });
          if (!data) return fail(ctx, `Đơn vị ${unit.id} chưa có Bộ chỉ số năm ${year}.`);
          if (sub === 'sheet') {
            writeFileSync(target, await sheetsXlsx([selfScoredSheet(data.y, data.result, data.evidence, unit.name)]));
            ctx.out(`Đã ghi bảng điểm tự chấm: ${target} (${fmtPoints(data.result.score.total)}/${fmtPoints(data.result.score.max)} điểm)`);
            return 0;
          }
          const { files, links } = evidenceEntries(data.evidence);
          const entries: Record<string, Uint8Array> = {};
          const dataDir = ctx.config().dataDir;
          for (const f of files) entries[f.zipPath] = readFileSync(join(dataDir, f.filePath));
          for (const [criterionId, urls] of links) entries[`${criterionId}/lien-ket.txt`] = strToU8(`${urls.join('\r\n')}\r\n`);
          writeFileSync(target, zipSync(entries, { level: 6 }));
          ctx.out(`Đã ghi ${files.length} tệp minh chứng và ${links.size} danh sách liên kết vào ${target}`);
          return 0;
        });
      }
      case 'initiatives': {
        if (year === undefined || values.count === undefined || !values.as) throw new UsageError(`Cần --year, --count và --as.\n${USAGE}`);
        const count = Number(values.count);
        return withUnit(ctx, values.unit, (store, unit) =>
          store.transaction(async (tx) => {
            const y = await currentOrgYear(tx, unit.id, year);
            if (!y) return fail(ctx, `Đơn vị ${unit.id} chưa có Bộ chỉ số năm ${year}.`);
            const person = await tx.staff.getPerson(await personOf(tx, unit.id, values.as ?? ''));
            if (!person) return fail(ctx, `Không tìm thấy người "${values.as ?? ''}".`);
            const out = await setInitiativeCount(tx, y, orgActor(person, y.officials), count, { now, channel: 'cli' });
            if (!out.ok) return fail(ctx, orgRefusalText(out.refusal));
            ctx.out(`Đã ghi ${count} sáng kiến, mô hình được công nhận cho năm ${year}.`);
            return 0;
          }),
        );
      }
      default:
        throw new UsageError(USAGE);
    }
  },
};

function fail(ctx: { err: (line: string) => void }, message: string): number {
  ctx.err(message);
  return 1;
}

async function personOf(tx: Pick<Tx, 'staff'>, unitId: string, text: string): Promise<number> {
  if (/^\d{1,9}$/.test(text)) return Number(text);
  const phone = normalisePhone(text);
  const found = phone ? await tx.staff.findPeople(unitId, { phone }) : [];
  const id = found[0]?.id;
  if (id === undefined) throw new UsageError(`Không tìm thấy người "${text}".`);
  return id;
}
