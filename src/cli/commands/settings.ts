/**
 * `thidua settings [show] | set khoá=giá_trị … --as NGƯỜI`: the unit's rules (issue 17) — each seed reading with
 * its value, default and the seed's words, the director's reviewer and the list order — shown to anyone with the
 * database, changed only by an office or director person named with `--as` (`canChangeRules`), audited.
 * `--period MÃ_KỲ` shows or sets that period's overrides (article window, Phụ lục 02 departments).
 */
import type { UnitSettings } from '../../scoring/unit-settings.js';
import { catalogueValues } from '../../settings/catalogue.js';
import { changeUnitRules, UNIT_RULE_KEYS } from '../../settings/change-unit-rules.js';
import { rulesRefusalText } from '../../settings/rules-refusal-text.js';
import { loadUnitRules, PERIOD_RULE_KEYS, UnitRulesError, type ChainRules } from '../../settings/unit-rules.js';
import type { Tx } from '../../store/store.js';
import { UsageError, type CliContext, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { findPerson } from '../resolve-person.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng: thidua settings [show] [--unit MÃ] [--period MÃ_KỲ]',
  '       thidua settings set khoá=giá_trị … --as NGƯỜI [--unit MÃ] [--period MÃ_KỲ]',
  '  show  các thiết lập của đơn vị: giá trị đang dùng, mặc định (đúng văn bản) và câu chữ văn bản làm căn cứ',
  '  set   đổi thiết lập; NGƯỜI (mã số, số điện thoại hoặc họ tên) phải là Văn phòng hoặc Giám đốc; ghi nhật ký kiểm tra',
  '        ví dụ: thidua settings set yearScore=mean-of-present ties.people=dong-hang --as 0912000006',
  '               thidua settings set directorReviewer=0912000008 --as 0912000009   (Phó Giám đốc duyệt bản của Giám đốc; hoặc office)',
  '               thidua settings set articleWindow=half-year --period 2024-TD --as 0912000006   (chỉ kỳ đó)',
  `  khoá: ${UNIT_RULE_KEYS.join(', ')}; theo kỳ (--period): ${PERIOD_RULE_KEYS.join(', ')}`,
  '  danh sách phòng (subLevelDepartments): tên phòng cách nhau bằng ";", null = các phòng nêu trong bảng điểm, none = không phòng nào',
  '  theo kỳ: giá_trị default = bỏ thiết lập riêng của kỳ (dùng thiết lập của đơn vị)',
].join('\n');

export const settingsCommand: CliCommand = {
  name: 'settings',
  summary: 'Thiết lập cách đọc văn bản của đơn vị (điểm năm, điểm phòng, bằng điểm, người duyệt Giám đốc…): xem và đổi',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { unit: { type: 'string' }, period: { type: 'string' }, as: { type: 'string' } },
      USAGE,
    );
    const [sub = 'show', ...rest] = positionals;
    const period = values.period?.trim().toUpperCase() || null;
    if (sub === 'show') {
      if (rest.length > 0 || values.as) throw new UsageError(USAGE);
      return withUnit(ctx, values.unit, async (store, unit) => {
        const rules = await store.read((tx) => loadUnitRules(tx, unit.id, period));
        ctx.out(`Thiết lập của đơn vị ${unit.id}${period ? ` (kỳ ${period})` : ''}:`);
        printRules(ctx, rules.scoring, rules.chain);
        return 0;
      }, [UnitRulesError]);
    }
    if (sub !== 'set' || rest.length === 0) throw new UsageError(USAGE);
    if (!values.as) throw new UsageError(`Cần --as NGƯỜI (Văn phòng hoặc Giám đốc) để đổi thiết lập.\n${USAGE}`);
    const who = values.as;
    return withUnit(ctx, values.unit, async (store, unit) => {
      const result = await store.transaction(async (tx) => {
        const actor = await findPerson(tx, unit.id, who);
        const assignments = await resolveReviewer(tx, unit.id, rest);
        return changeUnitRules(tx, {
          unitId: unit.id,
          actor: { personId: actor.id, unitId: actor.unitId, roles: actor.active ? actor.roles : [], departmentId: actor.departmentId },
          assignments,
          periodCode: period,
          now: ctx.now().getTime(),
        });
      });
      if (!result.ok) {
        ctx.err(rulesRefusalText(result.refusal));
        return 1;
      }
      ctx.out(`Đã lưu thiết lập của đơn vị ${unit.id}${period ? ` cho kỳ ${period}` : ''} (${result.change.changed.join(', ')}); đã ghi nhật ký kiểm tra.`);
      printRules(ctx, result.change.after.rules, result.change.after.chain);
      return 0;
    }, [UnitRulesError]);
  },
};

/** `directorReviewer=0912…` or a name: the person's id (other assignments unchanged). */
async function resolveReviewer(tx: Pick<Tx, 'staff'>, unitId: string, assignments: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of assignments) {
    const m = /^directorReviewer=(.+)$/.exec(a);
    const value = m?.[1]?.trim() ?? '';
    if (!m || ['office', 'văn-phòng', 'none', 'null', 'không'].includes(value) || /^\d{1,9}$/.test(value)) {
      out.push(a);
      continue;
    }
    out.push(`directorReviewer=${(await findPerson(tx, unitId, value)).id}`);
  }
  return out;
}

/** The catalogue's entries, one line each (the dashboard's /cai-dat shows the same entries). */
function printRules(ctx: CliContext, s: UnitSettings, chain: ChainRules): void {
  for (const e of catalogueValues(s, chain)) {
    ctx.out(`  ${e.key} = ${e.value}${e.isDefault ? ' (mặc định)' : ''} — ${e.label}: ${e.valueLabel}`);
  }
  ctx.out('Căn cứ và giải thích từng thiết lập: docs/settings.md; trên trang quản trị: /cai-dat');
}
