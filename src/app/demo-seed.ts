/**
 * Demo data for a first `npm start`: one unit shaped like seed 000 (Sở Thông tin và Truyền thông), its rubric, the
 * current quarter open, four departments (one with the Phụ lục 02 sub-levels) and 19 people covering every role,
 * plus one-time login codes for a few of them so the web chat can be tried at once.
 *
 * Runs only when `DEMO_DATA=auto` and the database has no unit; a non-empty database is never touched. The names
 * and phone numbers are invented. Codes are returned to the caller to print on stdout, never logged.
 */
import { importStaff } from '../directory/import-staff.js';
import { issueInviteCode } from '../directory/issue-invite-code.js';
import type { StaffTable } from '../directory/staff-table.js';
import { openPeriod } from '../periods/open-period.js';
import { periodCode, quarterOf } from '../scoring/period-calendar.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import type { Store, Tx } from '../store/store.js';

export const DEMO_UNIT_ID = 'so-tttt-demo';
export const DEMO_UNIT_NAME = 'Sở Thông tin và Truyền thông (dữ liệu mẫu)';
export const DEMO_RUBRIC_ID = 'dak-nong-chien-binh-so-2024';
/** Demo codes stay valid for a week. */
export const DEMO_CODE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const VP = 'Văn phòng Sở';
const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';
const BCVT = 'Phòng Bưu chính, Viễn thông và Công nghệ thông tin';
const TT = 'Trung tâm Công nghệ thông tin và Truyền thông';

/** [full name, phone, department, position, roles] — the columns of a staff list (`thidua import staff`). */
const DEMO_STAFF: readonly (readonly [string, string, string, string, string])[] = [
  ['Trần Văn Hùng', '0905112233', '', 'Giám đốc Sở', 'director'],
  ['Nguyễn Thị Hồng Nhung', '0913224466', '', 'Phó Giám đốc', 'leader'],
  ['Lê Quang Vinh', '0935778899', '', 'Phó Giám đốc', 'leader'],
  ['Phạm Thị Thu Hà', '0982345671', VP, 'Chánh Văn phòng', 'office, head, staff'],
  ['Hoàng Văn Nam', '0971456782', VP, 'Chuyên viên công nghệ thông tin', 'staff, admin'],
  ['Vũ Thị Lan', '0356789123', VP, 'Văn thư', 'staff'],
  ['Bùi Văn Tư', '0868123457', VP, 'Nhân viên lái xe', 'laborer'],
  ['Ngô Thanh Sơn', '0918765432', TTBC, 'Trưởng phòng', 'head, staff'],
  ['Đặng Thị Mai Anh', '0947321654', TTBC, 'Chuyên viên', 'staff'],
  ['Lý Hoàng Phúc', '0387654210', TTBC, 'Chuyên viên', 'staff'],
  ["H'Hen Niê", '0398112244', TTBC, 'Chuyên viên', 'staff'],
  ['Trịnh Quốc Khánh', '0903998877', BCVT, 'Trưởng phòng', 'head, staff'],
  ['Phan Thị Ngọc Trâm', '0977665544', BCVT, 'Chuyên viên', 'staff'],
  ['Võ Đức Thắng', '0916554433', BCVT, 'Chuyên viên', 'staff'],
  ['Mai Xuân Trường', '0989443322', TT, 'Giám đốc Trung tâm', 'head, staff'],
  ['Huỳnh Thị Kim Oanh', '0868332211', TT, 'Viên chức', 'staff'],
  ['Y Bliêng Mlô', '0399221100', TT, 'Kỹ sư phần mềm', 'staff'],
  ['Đinh Văn Lực', '0327110099', TT, 'Nhân viên bảo vệ', 'laborer'],
  ['Lương Thị Bích Ngọc', '0946887766', BCVT, 'Chuyên viên', 'staff'],
];

/** Which Phó Giám đốc is in charge of which department. */
const LEADER_IN_CHARGE: readonly (readonly [string, string])[] = [
  [VP, 'Nguyễn Thị Hồng Nhung'],
  [TTBC, 'Nguyễn Thị Hồng Nhung'],
  [BCVT, 'Lê Quang Vinh'],
  [TT, 'Lê Quang Vinh'],
];

/** The people who get a login code, in the order printed, with the role shown next to the code. */
const CODE_FOR: readonly (readonly [string, string])[] = [
  ['Đặng Thị Mai Anh', 'Chuyên viên, Phòng Thông tin, Báo chí – Xuất bản'],
  ['Ngô Thanh Sơn', 'Trưởng phòng Thông tin, Báo chí – Xuất bản (duyệt bản tự đánh giá)'],
  ['Phạm Thị Thu Hà', 'Chánh Văn phòng (tổng hợp, báo cáo)'],
  ['Trần Văn Hùng', 'Giám đốc Sở (phê duyệt)'],
];

/** A code to print for the person trying the demo. */
export interface DemoLogin {
  personId: number;
  fullName: string;
  roleLabel: string;
  code: string;
}

export interface DemoSeedResult {
  /** False when the database already had a unit (nothing was written). */
  seeded: boolean;
  unitId?: string;
  periodCode?: string;
  people?: number;
  logins: DemoLogin[];
}

/** True when the database has no unit at all. */
export async function isEmptyDatabase(tx: Pick<Tx, 'staff'>): Promise<boolean> {
  return (await tx.staff.listUnits()).length === 0;
}

/**
 * Seeds the demo unit when the database is empty, in one unit of work (all or nothing). `rubrics` are the loaded
 * `flows/` rubrics (the seed 000 one must be among them); `now` decides the open quarter. Call before the app
 * starts taking events (it opens its own `store.transaction`).
 */
export async function seedDemoIfEmpty(store: Store, rubrics: ReadonlyMap<string, Rubric>, now: Date): Promise<DemoSeedResult> {
  if (!(await store.read((tx) => isEmptyDatabase(tx)))) return { seeded: false, logins: [] };
  const rubric = rubrics.get(DEMO_RUBRIC_ID);
  if (!rubric) throw new Error(`Thiếu bảng điểm ${DEMO_RUBRIC_ID} trong thư mục flows/ để tạo dữ liệu mẫu`);
  return store.transaction(async (tx): Promise<DemoSeedResult> => {
    if (!(await isEmptyDatabase(tx))) return { seeded: false, logins: [] };
    const table: StaffTable = {
      header: ['Họ và tên', 'Số điện thoại', 'Phòng', 'Chức vụ', 'Vai trò', 'Phụ trách phòng'],
      rows: DEMO_STAFF.map((cells, i) => ({ rowNumber: i + 2, cells: [...cells, departmentsLedBy(cells[0])] })),
    };
    const imported = await importStaff(tx, table, {
      unit: { id: DEMO_UNIT_ID, name: DEMO_UNIT_NAME },
      now: () => now.getTime(),
    });
    if (!imported.applied) {
      const problems = [...imported.plan.fileErrors, ...imported.plan.rowErrors.map((e) => JSON.stringify(e))];
      throw new Error(`Không tạo được danh sách cán bộ mẫu: ${problems.join('; ')}`);
    }
    const personId = new Map((await tx.staff.listPeople(DEMO_UNIT_ID)).map((p) => [p.fullName, p.id]));
    const { year, quarter } = quarterOf(now);
    const period = await openPeriod(tx, { unitId: DEMO_UNIT_ID, rubric, code: periodCode(year, quarter), by: null });
    const logins: DemoLogin[] = [];
    for (const [fullName, roleLabel] of CODE_FOR) {
      const id = personId.get(fullName);
      if (id === undefined) throw new Error('demo seed: missing person');
      const { code } = await issueInviteCode(tx, id, now.getTime(), DEMO_CODE_TTL_MS);
      logins.push({ personId: id, fullName, roleLabel, code });
    }
    return { seeded: true, unitId: DEMO_UNIT_ID, periodCode: period.code, people: DEMO_STAFF.length, logins };
  });
}

/** The "Phụ trách phòng" cell of a person's row (departments separated by `;`). */
function departmentsLedBy(fullName: string): string {
  return LEADER_IN_CHARGE.filter(([, leader]) => leader === fullName)
    .map(([department]) => department)
    .join('; ');
}
