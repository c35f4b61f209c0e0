/**
 * Unit settings: one field per place where a seed can be read two ways (issue 17, issue 13).
 *
 * Why a setting and not a code change: the seeds are administrative plans written by people, and a unit may have
 * agreed on a reading different from the literal one (a pilot year, someone who joined mid-year, a province that
 * caps the initiative bonus). The default of every field is the literal reading of the seed; the other value is
 * documented here, in `docs/settings.md` and in the Vietnamese labels below (for a future settings page).
 *
 * Pure data and validation only: the app stores one settings object per unit later; every scoring function that
 * depends on a reading takes the settings as a parameter (defaults applied when it is omitted).
 */
import { z } from 'zod';

/** Year score (seed 000 III.2.a): `/4` = (Q1 + Q2 + Q3 + Q4) / 4, or the mean of the quarters present. */
export const YEAR_SCORE_METHODS = ['/4', 'mean-of-present'] as const;
export type YearScoreMethod = (typeof YEAR_SCORE_METHODS)[number];

/** Department score (seed 000 III.2.b, III.3.a): every member counts (0 when not classified), or the classified. */
export const DEPARTMENT_SCORE_METHODS = ['all-members', 'classified-only'] as const;
export type DepartmentScoreMethod = (typeof DEPARTMENT_SCORE_METHODS)[number];

/** The department's own article each quarter (seed 000 II.3.b, III.2.c). */
export const DEPARTMENT_ARTICLE_RULES = ['best-department-only', 'members-too'] as const;
export type DepartmentArticleRule = (typeof DEPARTMENT_ARTICLE_RULES)[number];

/** Ties at the last honoured place (seed 000 III.3: "05 cá nhân/01 tập thể", chosen by the director). */
export const TIE_RULES = ['director-chooses', 'dong-hang'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/** Laborers who answer the Chiến binh số part although only Công dân số is required (seed 000 III.2.c). */
export const LABORER_CHIEN_BINH_SO = ['refuse', 'accept-and-rank'] as const;
export type LaborerChienBinhSo = (typeof LABORER_CHIEN_BINH_SO)[number];

/** The article window of "Ít nhất 1 bài/6 tháng" (seed 000 II.3.b). */
export const ARTICLE_WINDOWS = ['last-6-months', 'half-year'] as const;
export type ArticleWindow = (typeof ARTICLE_WINDOWS)[number];

/** A percentage exactly on the gap between "Trên 95%" and "Từ 80% đến dưới 95%" (seed 003 II.2). */
export const PERCENT_GAP_RULES = ['lower-band', 'upper-band'] as const;
export type PercentGapRule = (typeof PERCENT_GAP_RULES)[number];

/** dti.47 (seed 003): "Tối đa 1 ý kiến/năm, mỗi ý kiến 1 điểm" against a maximum of 10 points. */
export const DTI47_READINGS = ['per-issue-max-10', 'at-most-one-issue'] as const;
export type Dti47Reading = (typeof DTI47_READINGS)[number];

/** Seed 004: whether the initiative bonus may take the total above the 400-point scale. */
export const INITIATIVE_BONUS_CAPS = ['may-exceed', 'cap-at-max'] as const;
export type InitiativeBonusCap = (typeof INITIATIVE_BONUS_CAPS)[number];

const text = z.string().trim().min(1);

export const unitSettingsSchema = z
  .object({
    yearScore: z.enum(YEAR_SCORE_METHODS).default('/4'),
    departmentScore: z.enum(DEPARTMENT_SCORE_METHODS).default('all-members'),
    departmentArticle: z.enum(DEPARTMENT_ARTICLE_RULES).default('best-department-only'),
    ties: z
      .object({
        people: z.enum(TIE_RULES).default('director-chooses'),
        department: z.enum(TIE_RULES).default('director-chooses'),
      })
      .strict()
      .default({ people: 'director-chooses', department: 'director-chooses' }),
    /** The extra yearly top-5 list, which the seed does not have. */
    yearTop5: z.boolean().default(false),
    laborerChienBinhSo: z.enum(LABORER_CHIEN_BINH_SO).default('refuse'),
    articleWindow: z.enum(ARTICLE_WINDOWS).default('last-6-months'),
    /**
     * Departments that adopted the Phụ lục 02 sub-levels ("có thể xây dựng"); null = the departments the rubric
     * names (seed 000: Phòng Thông tin, Báo chí – Xuất bản). Elsewhere the plain levels are asked.
     */
    subLevelDepartments: z.array(text).nullable().default(null),
    percentGap: z.enum(PERCENT_GAP_RULES).default('lower-band'),
    dti47: z.enum(DTI47_READINGS).default('per-issue-max-10'),
    initiativeBonus: z.enum(INITIATIVE_BONUS_CAPS).default('may-exceed'),
  })
  .strict();

/** A unit's settings with every default applied. */
export type UnitSettings = z.infer<typeof unitSettingsSchema>;
/** What may be stored or passed: any subset, the rest takes the defaults. */
export type UnitSettingsInput = z.input<typeof unitSettingsSchema>;

/** The literal reading of the seeds. Frozen: copy it to change a field. */
export const DEFAULT_UNIT_SETTINGS: Readonly<UnitSettings> = Object.freeze(unitSettingsSchema.parse({}));

/** Parses stored or typed settings (unknown input), applying defaults; throws a zod error on a bad value. */
export function parseUnitSettings(input: unknown): UnitSettings {
  return unitSettingsSchema.parse(input ?? {}, { error: z.locales.vi().localeError });
}

/** Settings as the scoring functions accept them: omitted (seed defaults), partial or resolved. */
export type SettingsArg = UnitSettingsInput | UnitSettings | null | undefined;

/** Settings with the defaults applied to whatever part the caller gave (pure functions accept a partial). */
export function resolveSettings(settings?: UnitSettingsInput | UnitSettings | null): UnitSettings {
  if (!settings) return DEFAULT_UNIT_SETTINGS;
  // Scoring tens of thousands of people passes the same object each time: parse it once.
  let resolved = resolvedCache.get(settings);
  if (!resolved) {
    resolved = unitSettingsSchema.parse(settings);
    resolvedCache.set(settings, resolved);
    resolvedCache.set(resolved, resolved);
  }
  return resolved;
}

const resolvedCache = new WeakMap<object, UnitSettings>();

/** One choice of a setting, as a settings page or the README shows it. */
export interface SettingChoice {
  value: string;
  label: string;
}

/** What a settings page needs to show one setting: Vietnamese labels, the seed's words and why. */
export interface SettingDescription {
  key: keyof UnitSettings;
  label: string;
  /** The seed and the words of it the setting comes from. */
  source: string;
  explanation: string;
  choices: readonly SettingChoice[];
  defaultValue: string;
}

const SEED_000 = 'Kế hoạch “Chiến binh số”, Sở TT&TT Đắk Nông (seed 000)';
const SEED_003 = 'Quyết định 16/QĐ-UBND, xã Hương Hữu (seed 003)';
const SEED_004 = 'Kế hoạch 83/KH-SKHCN, Sở KH&CN An Giang (seed 004)';

/** Every setting with its Vietnamese labels, in the order a settings page shows them. */
export const SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    key: 'yearScore',
    label: 'Điểm cả năm',
    source: `${SEED_000}, mục III.2.a: “Điểm cả năm = (điểm Quý I + điểm Quý II + điểm Quý III + điểm Quý IV)/4”.`,
    explanation:
      'Mặc định chia cho 4: Quý không có điểm hoặc không được xếp loại tính 0 điểm, nên không thể bỏ một Quý để nâng điểm năm. ' +
      'Cách khác chia cho số Quý người đó thuộc đơn vị (người mới chuyển đến, năm thí điểm); Quý có tham gia nhưng không nộp hoặc không xếp loại vẫn tính 0.',
    choices: [
      { value: '/4', label: 'Tổng 4 Quý chia 4 (đúng văn bản)' },
      { value: 'mean-of-present', label: 'Trung bình các Quý người đó thuộc đơn vị' },
    ],
    defaultValue: '/4',
  },
  {
    key: 'departmentScore',
    label: 'Điểm tập thể (phòng)',
    source: `${SEED_000}, mục III.2.b: “Điểm của tập thể được tính bằng điểm trung bình của các cá nhân trong tập thể”; III.3.a: “điểm trung bình chia theo nhân sự của phòng”.`,
    explanation:
      'Mặc định chia cho toàn bộ nhân sự của phòng được chấm điểm: người không nộp hoặc không được xếp loại tính 0 điểm. ' +
      'Cách khác chỉ tính trung bình những người được xếp loại. Người lao động (chỉ đánh giá Công dân số) không tính vào điểm phòng.',
    choices: [
      { value: 'all-members', label: 'Trung bình toàn bộ nhân sự (đúng văn bản)' },
      { value: 'classified-only', label: 'Trung bình những người được xếp loại' },
    ],
    defaultValue: 'all-members',
  },
  {
    key: 'departmentArticle',
    label: 'Bài viết của phòng mỗi Quý',
    source: `${SEED_000}, mục II.3.b: “Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý”; III.2.c: “không có bài viết đăng của cá nhân/của phòng không xếp loại”.`,
    explanation:
      'Mặc định phòng không có bài viết trong Quý thì không được xét tập thể dẫn đầu. ' +
      'Cách chặt hơn: các thành viên của phòng đó cũng không được xếp loại trong Quý.',
    choices: [
      { value: 'best-department-only', label: 'Phòng không được xét tập thể dẫn đầu' },
      { value: 'members-too', label: 'Phòng không được xét và thành viên không được xếp loại' },
    ],
    defaultValue: 'best-department-only',
  },
  {
    key: 'ties',
    label: 'Bằng điểm ở vị trí cuối danh sách biểu dương',
    source: `${SEED_000}, mục III.3.b: “báo cáo Giám đốc Sở xem xét chọn 05 cá nhân/01 tập thể có số điểm cao nhất”.`,
    explanation:
      'Mặc định Giám đốc chọn trong số những người (phòng) bằng điểm để đủ 05 cá nhân và 01 tập thể. ' +
      'Cách khác: biểu dương tất cả những người (phòng) bằng điểm, ghi “đồng hạng”. Áp dụng riêng cho cá nhân và cho tập thể.',
    choices: [
      { value: 'director-chooses', label: 'Giám đốc chọn trong số bằng điểm (đúng văn bản)' },
      { value: 'dong-hang', label: 'Biểu dương tất cả, ghi đồng hạng' },
    ],
    defaultValue: 'director-chooses',
  },
  {
    key: 'yearTop5',
    label: 'Danh sách 5 cá nhân cao điểm nhất năm',
    source: `${SEED_000}, mục III.3.a: cuối năm chỉ có “Cá nhân xuất sắc”, “Đơn vị tiên tiến”, “Sáng kiến đổi mới”.`,
    explanation: 'Văn bản không có danh sách 5 người cao điểm nhất năm; mặc định tắt, đơn vị có thể bật thêm.',
    choices: [
      { value: 'false', label: 'Tắt (đúng văn bản)' },
      { value: 'true', label: 'Bật' },
    ],
    defaultValue: 'false',
  },
  {
    key: 'laborerChienBinhSo',
    label: 'Người lao động trả lời nhóm Chiến binh số',
    source: `${SEED_000}, mục III.2.c: “Đối với người lao động chỉ yêu cầu thực hiện các tiêu chí ở Nhóm Công dân số”.`,
    explanation:
      'Mặc định người lao động chỉ trả lời nhóm Công dân số; phần Chiến binh số không được nhận. ' +
      'Cách khác: người lao động muốn thì trả lời cả nhóm Chiến binh số và được xếp loại, xếp hạng như công chức, viên chức.',
    choices: [
      { value: 'refuse', label: 'Chỉ Công dân số' },
      { value: 'accept-and-rank', label: 'Nhận và xếp hạng nếu người lao động tự nguyện' },
    ],
    defaultValue: 'refuse',
  },
  {
    key: 'articleWindow',
    label: 'Cách tính “Ít nhất 1 bài/6 tháng”',
    source: `${SEED_000}, mục II.3.b: “Mỗi cá nhân phải viết bài: Ít nhất 1 bài/6 tháng”.`,
    explanation:
      'Mặc định tính 6 tháng gần nhất tính đến ngày cuối Quý. ' +
      'Cách khác tính theo nửa năm (tháng 1–6, tháng 7–12): Quý I và Quý III chưa hết nửa năm nên điều kiện được xét ở Quý II và Quý IV.',
    choices: [
      { value: 'last-6-months', label: '6 tháng gần nhất' },
      { value: 'half-year', label: 'Theo nửa năm' },
    ],
    defaultValue: 'last-6-months',
  },
  {
    key: 'subLevelDepartments',
    label: 'Phòng áp dụng thang điểm chi tiết (Phụ lục 02)',
    source: `${SEED_000}, Phụ lục 02: “Phòng Thông tin, báo chí – xuất bản có thể xây dựng bảng điểm đánh giá chi tiết”.`,
    explanation:
      'Mặc định phòng được nêu trong bảng điểm dùng các mức con; phòng khác trả lời theo các mức a, b, c, d. ' +
      'Đơn vị có thể liệt kê các phòng áp dụng cho từng kỳ (danh sách rỗng: không phòng nào).',
    choices: [
      { value: 'null', label: 'Các phòng nêu trong bảng điểm' },
      { value: 'list', label: 'Danh sách phòng do đơn vị chọn' },
    ],
    defaultValue: 'null',
  },
  {
    key: 'percentGap',
    label: 'Tỉ lệ đúng 95%',
    source: `${SEED_003}, mục II.2: “Trên 95%: Xuất sắc”; “Từ 80% đến dưới 95%: Tốt”.`,
    explanation:
      'Văn bản bỏ trống đúng 95%. Mặc định xếp “Tốt” (chưa “trên 95%”); cách khác xếp “Xuất sắc”. ' +
      'Tỉ lệ luôn được so sánh chính xác, không làm tròn trước khi so sánh.',
    choices: [
      { value: 'lower-band', label: 'Đúng 95% là Tốt' },
      { value: 'upper-band', label: 'Đúng 95% là Xuất sắc' },
    ],
    defaultValue: 'lower-band',
  },
  {
    key: 'dti47',
    label: 'Chỉ số 47 (lấy ý kiến người dân)',
    source: `${SEED_003}, chỉ số 47: điểm tối đa 10; “Tối đa 1 ý kiến/ năm, mỗi ý kiến 1 điểm; 0 ý kiến thì 0 điểm”.`,
    explanation:
      'Văn bản tự mâu thuẫn. Mặc định mỗi vấn đề lấy ý kiến 1 điểm, tối đa 10 điểm (khớp điểm tối đa). ' +
      'Cách khác theo câu chữ “tối đa 1 ý kiến/năm”: chỉ tính 1 vấn đề, nhiều nhất 1 điểm.',
    choices: [
      { value: 'per-issue-max-10', label: 'Mỗi vấn đề 1 điểm, tối đa 10' },
      { value: 'at-most-one-issue', label: 'Tối đa 1 vấn đề (1 điểm)' },
    ],
    defaultValue: 'per-issue-max-10',
  },
  {
    key: 'initiativeBonus',
    label: 'Điểm thưởng sáng kiến vượt thang 400',
    source: `${SEED_004}, mục III.1: “Có từ 02 sáng kiến, mô hình trở lên được +30 điểm; có 01 sáng kiến, mô hình được +10 điểm”; “thang điểm 400”.`,
    explanation:
      'Điểm thưởng luôn hiển thị riêng với điểm trên thang 400. Mặc định cộng thêm và tổng có thể vượt 400; cách khác tổng không vượt quá 400.',
    choices: [
      { value: 'may-exceed', label: 'Tổng có thể vượt 400' },
      { value: 'cap-at-max', label: 'Tổng không vượt quá 400' },
    ],
    defaultValue: 'may-exceed',
  },
];
