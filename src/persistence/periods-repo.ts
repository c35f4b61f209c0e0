/**
 * Assessment periods (quarters) of a unit and the rubric versions they are scored with.
 *
 * A period stores the exact rubric it was opened with (`rubric_versions`, keyed by id + version, with the sha256
 * of its definition), so a rubric edited next year never changes last year's scores.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { periods, rubricVersions } from '../../db/schema.js';
import type { PeriodView } from '../conversation/ports.js';
import { defaultDeadlines, isLocalDate, parsePeriodCode, type PeriodDates } from '../scoring/period-calendar.js';
import { rubricSchema, type Rubric } from '../scoring/rubric-schema.js';
import { inTransaction, type Db } from './open-db.js';

/** A stored period: the engine's {@link PeriodView} plus every deadline. Dates are local `YYYY-MM-DD` (Asia/Ho_Chi_Minh). */
export interface PeriodRecord extends PeriodView, PeriodDates {}

export interface OpenPeriodInput {
  unitId: string;
  rubric: Rubric;
  /** `2026-Q4` */
  code: string;
  /** Dates that differ from the seed 000 defaults. */
  overrides?: Partial<PeriodDates>;
}

/** Refused period operations (duplicate code, bad dates, rubric conflict); the message is for the user. */
export class PeriodError extends Error {
  override name = 'PeriodError';
}

/** Opens a period with the seed deadlines (or overrides) and the rubric stored as a version. */
export function openPeriod(db: Db, input: OpenPeriodInput): PeriodRecord {
  const ref = parsePeriodCode(input.code);
  if (!ref) throw new PeriodError(`Mã kỳ "${input.code}" không hợp lệ (ví dụ đúng: 2026-Q4)`);
  const code = `${ref.year}-Q${ref.quarter}`;
  const dates: PeriodDates = { ...defaultDeadlines(ref.year, ref.quarter), ...definedOnly(input.overrides ?? {}) };
  checkDates(dates);
  return inTransaction(db, () => {
    if (findPeriod(db, input.unitId, code)) {
      throw new PeriodError(`Kỳ ${code} của đơn vị ${input.unitId} đã được mở trước đó; không mở lại.`);
    }
    const rubricVersionId = storeRubricVersion(db, input.rubric);
    const row = db
      .insert(periods)
      .values({ unitId: input.unitId, rubricVersionId, code, year: ref.year, quarter: ref.quarter, ...dates })
      .returning()
      .get();
    return toRecord(row);
  });
}

/**
 * Stores the rubric as a version, reusing the row when the same id + version has the same definition; refuses a
 * changed definition under an unchanged version (old periods must keep scoring the same).
 */
export function storeRubricVersion(db: Db, rubric: Rubric): number {
  const definition = JSON.stringify(rubric);
  const sha256 = createHash('sha256').update(definition).digest('hex');
  const existing = db
    .select({ id: rubricVersions.id, sha256: rubricVersions.sha256 })
    .from(rubricVersions)
    .where(and(eq(rubricVersions.rubricId, rubric.id), eq(rubricVersions.version, rubric.version)))
    .get();
  if (existing) {
    if (existing.sha256 !== sha256) {
      throw new PeriodError(
        `Bộ tiêu chí ${rubric.id} phiên bản ${rubric.version} đã được lưu với nội dung khác; hãy đổi "version" khi sửa bộ tiêu chí.`,
      );
    }
    return existing.id;
  }
  return db
    .insert(rubricVersions)
    .values({ rubricId: rubric.id, version: rubric.version, sha256, definition: rubric })
    .returning({ id: rubricVersions.id })
    .get().id;
}

/** The period of the unit with this code (`2026-Q4`), or null. */
export function findPeriod(db: Db, unitId: string, code: string): PeriodRecord | null {
  const ref = parsePeriodCode(code);
  if (!ref) return null;
  const row = db
    .select()
    .from(periods)
    .where(and(eq(periods.unitId, unitId), eq(periods.code, `${ref.year}-Q${ref.quarter}`)))
    .get();
  return row ? toRecord(row) : null;
}

/** The unit's periods (optionally of one year), oldest first. */
export function listPeriods(db: Db, unitId: string, year?: number): PeriodRecord[] {
  const where = year === undefined ? eq(periods.unitId, unitId) : and(eq(periods.unitId, unitId), eq(periods.year, year));
  return db.select().from(periods).where(where).orderBy(asc(periods.year), asc(periods.quarter)).all().map(toRecord);
}

/** Parsed rubrics per connection and version id; rubric versions are never modified, so this cannot go stale. */
const rubricCache = new WeakMap<Db['$client'], Map<number, Rubric>>();

/** The rubric a period is scored with (read and parsed with zod once per connection and version, then cached). */
export function rubricOfVersion(db: Db, rubricVersionId: number): Rubric {
  let byId = rubricCache.get(db.$client);
  if (!byId) {
    byId = new Map();
    rubricCache.set(db.$client, byId);
  }
  const cached = byId.get(rubricVersionId);
  if (cached) return cached;
  const row = db
    .select({ definition: rubricVersions.definition })
    .from(rubricVersions)
    .where(eq(rubricVersions.id, rubricVersionId))
    .get();
  if (!row) throw new PeriodError(`Không tìm thấy phiên bản bộ tiêu chí #${rubricVersionId}`);
  const rubric = rubricSchema.parse(row.definition);
  byId.set(rubricVersionId, rubric);
  return rubric;
}

function checkDates(dates: PeriodDates): void {
  for (const [key, value] of Object.entries(dates)) {
    if (!isLocalDate(value)) throw new PeriodError(`Ngày "${value}" (${key}) không hợp lệ; dùng dạng YYYY-MM-DD`);
  }
  const steps: [keyof PeriodDates, string, keyof PeriodDates, string][] = [
    ['selfDeadline', 'hạn tự đánh giá', 'startsOn', 'ngày bắt đầu'],
    ['departmentDeadline', 'hạn gửi danh sách phòng', 'selfDeadline', 'hạn tự đánh giá'],
    ['officeDeadline', 'hạn Văn phòng tổng hợp', 'departmentDeadline', 'hạn gửi danh sách phòng'],
  ];
  for (const [key, label, prevKey, prevLabel] of steps) {
    if (dates[key] < dates[prevKey]) {
      throw new PeriodError(`${capitalise(label)} (${dates[key]}) không được trước ${prevLabel} (${dates[prevKey]})`);
    }
  }
  if (dates.endsOn < dates.startsOn) throw new PeriodError('Ngày kết thúc kỳ không được trước ngày bắt đầu');
}

function definedOnly(overrides: Partial<PeriodDates>): Partial<PeriodDates> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function toRecord(row: typeof periods.$inferSelect): PeriodRecord {
  return {
    id: row.id,
    unitId: row.unitId,
    code: row.code,
    year: row.year,
    quarter: row.quarter,
    rubricVersionId: row.rubricVersionId,
    status: row.status,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    selfDeadline: row.selfDeadline,
    departmentDeadline: row.departmentDeadline,
    officeDeadline: row.officeDeadline,
  };
}
