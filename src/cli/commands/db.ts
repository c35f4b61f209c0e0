/**
 * `thidua db copy --from sqlite:<tệp> --to postgres://…`: moves a unit's whole database (every table, the audit log
 * included) and its evidence files into PostgreSQL and the configured file store, merged beside the units already
 * there (new ids; src/store/copy-merge.ts), verifying every copied row before the copy is committed
 * (src/store/copy-store.ts). Run it with the source's app stopped; the province's instances may keep running.
 */
import { dirname } from 'node:path';
import { initialState, serialiseState, STATE_SCHEMA_VERSION } from '../../conversation/state.js';
import { CopyRefusedError, CopyVerificationError, type CopyReport } from '../../store/copy-report.js';
import { copyStore } from '../../store/copy-store.js';
import { localEvidenceCopier } from '../../store/files/copy-evidence.js';
import { openFileStore } from '../../store/files/open-file-store.js';
import { openCopySource, openCopyTarget } from '../../store/open-store.js';
import type { TableSource, TableTarget } from '../../store/table-copy.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';

const USAGE = [
  'Cách dùng: thidua db copy --from sqlite:<tệp .db> --to postgres://<người dùng>@<máy>/<csdl> [--from-files <thư mục>]',
  '  copy   chép toàn bộ dữ liệu của đơn vị (mọi bảng, cả nhật ký thay đổi) vào PostgreSQL, cạnh các đơn vị đã có ở đó (đánh số',
  '         lại), và tệp minh chứng sang kho tệp đang cấu hình (FILE_STORE, S3_*, DATA_DIR); kiểm tra số dòng và tổng kiểm',
  '         từng bảng trước khi ghi hẳn. Hãy dừng ứng dụng ở nguồn trước (sau khi đã gửi hết tin).',
  '  --from-files       thư mục dữ liệu của nguồn (mặc định: thư mục chứa tệp .db)',
].join('\n');

export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'Cơ sở dữ liệu: chép một đơn vị từ SQLite sang PostgreSQL (copy), kèm tệp minh chứng, có kiểm tra',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { from: { type: 'string' }, to: { type: 'string' }, 'from-files': { type: 'string' } },
      USAGE,
    );
    if (positionals[0] !== 'copy' || positionals.length !== 1) throw new UsageError(USAGE);
    const from = /^sqlite:(.+)$/.exec(values.from ?? '')?.[1];
    if (!from) throw new UsageError(`--from phải có dạng sqlite:<đường dẫn tệp .db>.\n${USAGE}`);
    const to = values.to ?? '';
    if (!/^postgres(ql)?:\/\/.+/.test(to)) throw new UsageError(`--to phải là địa chỉ PostgreSQL (postgres://…).\n${USAGE}`);

    const config = ctx.config();
    const fileStore = openFileStore(config.files, config.dataDir);
    let source: TableSource | undefined;
    let target: TableTarget | undefined;
    try {
      await fileStore.check();
      source = openCopySource(from);
      target = await openCopyTarget(to);
      ctx.out(`Đang chép ${source.description} → ${target.description} (tệp minh chứng → ${fileStore.files.description})…`);
      const report = await copyStore(source, target, {
        conversationReset: { schemaVersion: STATE_SCHEMA_VERSION, state: serialiseState(initialState()) },
        evidence: localEvidenceCopier(values['from-files'] ?? dirname(from), fileStore.files),
      });
      return printSummary(report, ctx.out, ctx.err);
    } catch (error) {
      if (error instanceof CopyRefusedError) {
        ctx.err(`Không chép: ${error.message}`);
        return 1;
      }
      // Anything else (a row that collides, a lost connection, a difference found by the verification) happened
      // before the COMMIT: the target database is as it was.
      const what = error instanceof CopyVerificationError ? 'Kiểm tra không khớp' : 'Không chép được';
      ctx.err(`${what}, đã huỷ toàn bộ lần chép (cơ sở dữ liệu đích giữ nguyên): ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    } finally {
      await source?.close();
      await target?.close();
      fileStore.close();
    }
  },
};

/** The Vietnamese summary; exit code 1 when some evidence file could not be copied. */
function printSummary(report: CopyReport, out: (line: string) => void, err: (line: string) => void): number {
  const width = Math.max(...report.tables.map((t) => t.table.length));
  out(`Đơn vị: ${report.units.join(', ')}`);
  for (const t of report.tables) {
    const left = t.left > 0 ? `  (${t.left} dòng không chép)` : '';
    out(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)} dòng  sha256 ${t.checksum.slice(0, 16)}${left}`);
  }
  for (const s of report.skipped) out(`  ${s.table.padEnd(width)}  không chép: ${s.reason}`);
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  out(`Đã chép ${rows} dòng của ${report.tables.length} bảng (mã mới theo cơ sở dữ liệu đích); số dòng và tổng kiểm của từng bảng khớp giữa nguồn và đích.`);
  const files = report.files;
  if (!files) return 0;
  out(`Tệp minh chứng: ${files.copied} tệp đã chép, ${files.alreadyThere} tệp đã có sẵn ở kho đích.`);
  if (files.missing.length === 0 && files.mismatched.length === 0) return 0;
  if (files.missing.length > 0) err(`⚠️ ${files.missing.length} tệp không có ở thư mục nguồn (không chép được): ${files.missing.join(', ')}`);
  if (files.mismatched.length > 0) {
    err(`⚠️ ${files.mismatched.length} tệp ở thư mục nguồn có nội dung khác với mã sha256 đã ghi (không chép): ${files.mismatched.join(', ')}`);
  }
  return 1;
}
