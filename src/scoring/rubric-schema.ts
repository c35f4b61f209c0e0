/**
 * The rubric data model: what a file in `flows/` must look like.
 *
 * Rubrics are data (reviewed every year, refined per department), so they are validated with zod at start-up
 * and in tests, and everything downstream (the conversation, scoring, exports) reads only this typed shape.
 */
import { z } from 'zod';

/** Roles that exist in a unit. A criterion lists the roles that answer it. */
export const ROLES = ['staff', 'laborer', 'head', 'leader', 'office', 'director', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i, 'id chỉ gồm chữ, số, dấu chấm và gạch ngang');
const text = z.string().trim().min(1);

/** How evidence (minh chứng) is collected for a criterion. */
export const evidenceSchema = z
  .object({
    policy: z.enum(['none', 'optional', 'required']),
    /** Accepted forms of evidence. */
    types: z.array(z.enum(['link', 'file'])).min(1).default(['link', 'file']),
    /** What the evidence should be (seed 003 "tài liệu kiểm chứng"). */
    documents: z.array(text).default([]),
  })
  .strict();
export type EvidencePolicy = z.infer<typeof evidenceSchema>;

/** A level with points, lettered as in the seed (a, b, c, d). */
export const levelSchema = z
  .object({
    key: z.string().regex(/^[a-z]$/, 'mức phải là một chữ cái a–z'),
    label: text,
    points: z.number().min(0),
  })
  .strict();
export type Level = z.infer<typeof levelSchema>;

/** A department-specific sub-level (seed 000 Phụ lục 02: "Mức 01/02/03"), keyed `b.2`. */
export const subLevelSchema = z
  .object({
    key: z.string().regex(/^[a-z]\.[0-9]+$/, 'mức con có dạng b.2'),
    label: text,
    points: z.number().min(0),
  })
  .strict();
export type SubLevel = z.infer<typeof subLevelSchema>;

const baseCriterion = {
  id: idSchema,
  section: idSchema,
  title: text,
  /** The question exactly as the bot asks it (Vietnamese). */
  question: text,
  guidance: z.string().trim().default(''),
  evidence: evidenceSchema.default({ policy: 'optional', types: ['link', 'file'], documents: [] }),
  /** Roles that answer this criterion. */
  roles: z.array(roleSchema).min(1),
  /** Organisation indices (seed 003): completion date `DD.MM` and the responsible official. */
  due: z
    .string()
    .regex(/^\d{1,2}\.\d{1,2}$/, 'hạn hoàn thành có dạng DD.MM')
    .optional(),
  /** The seed's words for the responsible official ("Đơn vị giám sát, thực hiện"), shown as is. */
  responsible: text.optional(),
  /**
   * Official roles (codes of the rubric's `officialRoles`) who answer this indicator. Why: seed 003 names the
   * responsible official per indicator; the lead office assigns people from this default (issue 13).
   */
  assignees: z.array(idSchema).default([]),
  /**
   * When set, the indicator may be marked "không đánh giá" for a unit (seed 003: dti.1 without a leader on the
   * provincial steering committee, dti.25 and dti.40 "khi có triển khai"); it then leaves the maximum. The text
   * is the seed's condition, shown to whoever marks it.
   */
  notApplicableWhen: text.optional(),
};

/** Đạt / không đạt. Value: `"pass" | "fail"`. Carries no points unless `points` is set. */
export const passFailCriterion = z
  .object({ ...baseCriterion, kind: z.literal('pass-fail'), points: z.number().min(0).default(0) })
  .strict();

/** Lettered levels with points; optional cap (the criterion's maximum including any bonus). Value: `"c"`. */
export const levelsCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('levels'),
    levels: z.array(levelSchema).min(2),
    /** Maximum points of the criterion, bonus included (seed 000 I.1: 15 + 5 bonus, capped at 20). */
    max: z.number().positive(),
  })
  .strict();

/** A bonus added to another criterion, capped by that criterion's `max`. Value: `true | false`. */
export const bonusCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('bonus'),
    bonusFor: idSchema,
    points: z.number().positive(),
  })
  .strict();

/** A count with a value per unit, capped (seed 003: 0.5 per meeting, at most 2). Value: a number ≥ 0. */
export const countCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('count'),
    perUnit: z.number().positive(),
    max: z.number().positive(),
    unit: text.default('lần'),
    /**
     * The other reading of a self-contradictory indicator (seed 003 dti.47: "tối đa 1 ý kiến/năm" against a
     * maximum of 10), used when the unit setting named by `setting` picks it: at most `maxCount` units count.
     */
    alternativeReading: z
      .object({ setting: z.literal('dti47'), maxCount: z.number().int().positive(), note: text })
      .strict()
      .optional(),
  })
  .strict();

/** Points proportional to a rate in percent (seed 003: share of staff with a smartphone). Value: 0–100. */
export const rateCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('rate'),
    max: z.number().positive(),
    /** Decimal places the points are rounded to (half away from zero). */
    decimals: z.number().int().min(0).max(4).default(2),
    /** Points fall as the rate rises: max × (100 − rate) / 100 (seed 003 dti.34: share of complaints). */
    invert: z.boolean().default(false),
  })
  .strict();

/**
 * A monthly quota, prorated by months (seed 003 dti.8: "tối thiểu 1 tin bài/1 tháng đạt 100%"). Asked month by
 * month: the value is the list of calendar months ("1"–"12") in which the quota was met, or the number of such
 * months. Twelve articles in one month are one month. Points = max × months / `months`.
 */
export const monthlyQuotaCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('monthly-quota'),
    max: z.number().positive(),
    perMonth: z.number().positive(),
    months: z.number().int().positive(),
    decimals: z.number().int().min(0).max(4).default(2),
  })
  .strict();

/** Full points minus a penalty per occurrence, never below 0 (seed 003: −2 per infected computer). Value: count. */
export const penaltyCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('penalty'),
    max: z.number().positive(),
    perOccurrence: z.number().positive(),
  })
  .strict();

/**
 * Parts that each add points (seed 003: 1 point held + 1 point chaired). Value: list of part keys. A part may
 * require others (a meeting not held cannot have been chaired): an answer with it but without them is refused.
 */
export const partsCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('parts'),
    parts: z
      .array(
        z
          .object({ key: idSchema, label: text, points: z.number().positive(), requires: z.array(idSchema).default([]) })
          .strict(),
      )
      .min(1),
  })
  .strict();

/**
 * A condition that carries no points but blocks classification when unmet (seed 000: digital signing,
 * published articles). `pass-fail` takes `"pass" | "fail"`; `min-count` takes a number and needs at least `min`.
 */
export const conditionCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('condition'),
    test: z.discriminatedUnion('type', [
      z.object({ type: z.literal('pass-fail') }).strict(),
      z.object({ type: z.literal('min-count'), min: z.number().int().positive(), unit: text.default('bài') }).strict(),
    ]),
    /** The reason shown when the condition is not met. */
    failReason: text,
  })
  .strict();

/** An indicator recorded for information only, carrying no points (seed 003 has a few). Value: free text. */
export const infoCriterion = z.object({ ...baseCriterion, kind: z.literal('info') }).strict();

export const criterionSchema = z.discriminatedUnion('kind', [
  passFailCriterion,
  levelsCriterion,
  bonusCriterion,
  countCriterion,
  rateCriterion,
  monthlyQuotaCriterion,
  penaltyCriterion,
  partsCriterion,
  conditionCriterion,
  infoCriterion,
]);
export type Criterion = z.infer<typeof criterionSchema>;
export type CriterionKind = Criterion['kind'];

export const sectionSchema = z
  .object({
    id: idSchema,
    /** Sections are grouped (seed 000: `cong-dan-so` pass/fail, `chien-binh-so` points, `dieu-kien` conditions). */
    group: idSchema,
    title: text,
    /** Point cap of the section; null for sections without points. */
    cap: z.number().positive().nullable().default(null),
  })
  .strict();
export type Section = z.infer<typeof sectionSchema>;

/** A classification band. Bounds are on points or on percent of the maximum, per `bands.basis`. */
export const bandSchema = z
  .object({
    id: idSchema,
    label: text,
    /** Lower bound; `minExclusive: true` means "above" (seed 003: "Trên 95%"). */
    min: z.number(),
    minExclusive: z.boolean().default(false),
  })
  .strict();
export type Band = z.infer<typeof bandSchema>;

/** A gate: all criteria of a group must pass for the score to count for classification. */
export const gateSchema = z
  .object({
    type: z.literal('all-pass'),
    group: idSchema,
    failReason: text,
  })
  .strict();
export type Gate = z.infer<typeof gateSchema>;

/** Department-specific refinements (seed 000 Phụ lục 02), matched by the department's name. */
export const departmentOverrideSchema = z
  .object({
    department: text,
    /** criterion id → level key → sub-levels inside that level's range. */
    subLevels: z.record(idSchema, z.record(z.string().regex(/^[a-z]$/), z.array(subLevelSchema).min(1))),
  })
  .strict();
export type DepartmentOverride = z.infer<typeof departmentOverrideSchema>;

/** Role-specific rules: which section groups a role answers, and whether it is ranked by points. */
export const roleRuleSchema = z
  .object({
    role: roleSchema,
    groups: z.array(idSchema).min(1),
    ranked: z.boolean(),
  })
  .strict();

/** An official role of an organisation rubric (seed 003: "Công chức Văn hóa - Thông tin xã"). */
export const officialRoleSchema = z.object({ code: idSchema, label: text }).strict();
export type OfficialRole = z.infer<typeof officialRoleSchema>;

/** A day of the year, `DD.MM`, with the year relative to the index year (−1: the previous year). */
const dayOfYearSchema = z
  .object({
    date: z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'ngày có dạng DD.MM'),
    yearOffset: z.number().int().min(-1).max(1).default(0),
  })
  .strict();
export type DayOfYear = z.infer<typeof dayOfYearSchema>;

/**
 * The yearly calendar of an organisation index (seed 003 III.1). Why as data: every unit may change it, and the
 * seed's values are the defaults for its rubric (issue 13). Deadlines are the last allowed day, inclusive.
 */
export const yearCalendarSchema = z
  .object({
    /** "Niên hạn lấy số liệu: Từ 01/11 năm trước đến 01/11 của năm hiện tại." */
    dataWindow: z.object({ from: dayOfYearSchema, to: dayOfYearSchema }).strict(),
    /** "Thời hạn nhập số liệu, ký số: trước 11/11 của năm hiện tại." */
    entryDeadline: dayOfYearSchema,
    /** Who verifies the data ("Ban chỉ đạo chuyển đổi số xã … kiểm tra, thẩm định số liệu"). */
    verification: z.object({ by: text }).strict(),
    /** "trình UBND huyện phê duyệt kết quả trong tháng 12 hàng năm". */
    approval: z.object({ by: text, month: z.number().int().min(1).max(12) }).strict(),
    /** The official role that leads the index ("Đơn vị chủ trì Bộ chỉ số đánh giá DTI"). */
    leadRole: idSchema.optional(),
    /** The seed's words, quoted for the settings page. */
    note: text.optional(),
  })
  .strict();
export type YearCalendar = z.infer<typeof yearCalendarSchema>;

/** A condition a department meets as a whole each period (seed 000: "Mỗi phòng … Ít nhất 1 bài/Quý"). */
export const departmentConditionSchema = z
  .object({
    id: idSchema,
    title: text,
    question: text,
    /** Who answers it for the department. */
    answeredBy: roleSchema,
    test: z.discriminatedUnion('type', [
      z.object({ type: z.literal('pass-fail') }).strict(),
      z.object({ type: z.literal('min-count'), min: z.number().int().positive(), unit: text.default('bài') }).strict(),
    ]),
    failReason: text,
  })
  .strict();
export type DepartmentCondition = z.infer<typeof departmentConditionSchema>;

/** A main index of a fixed frame (seed 004: "Nhận thức số", 4 component indices, 50 points). */
export const frameIndexSchema = z
  .object({
    /** The rubric section that holds this index's component indices (one criterion each). */
    section: idSchema,
    title: text,
    /** The group of main indices ("Nhóm chỉ số nền tảng chung", "Nhóm chỉ số hoạt động"). */
    group: text,
    components: z.number().int().positive(),
    max: z.number().positive(),
  })
  .strict();

/**
 * A frame a higher authority fixes (seed 004: 6 main indices, 33 component indices, 400 points) and that a
 * province fills in from its own decision. Why: the seed gives the counts and maxima but not the indicators, so
 * the file ships as a template that validates but cannot run a period until it is complete (`isRunnable`).
 */
export const frameSchema = z
  .object({
    /** `template`: not filled in yet (loadable, not runnable); `complete`: must pass every frame check. */
    status: z.enum(['template', 'complete']),
    /** The decision the province copies the component indices from. */
    decision: text,
    totalPoints: z.number().positive(),
    componentCount: z.number().int().positive(),
    indices: z.array(frameIndexSchema).min(1),
    /** The "Thông tin chung" section: information about the unit, never scored. */
    generalInformationSection: idSchema.optional(),
    /** Bonus for initiatives recognised by the council, shown apart from the scale. */
    initiativeBonus: z
      .object({ one: z.number().positive(), twoOrMore: z.number().positive(), recognisedBy: text })
      .strict()
      .optional(),
  })
  .strict();
export type Frame = z.infer<typeof frameSchema>;

export const rubricSchema = z
  .object({
    id: idSchema,
    version: text,
    title: text,
    source: z.object({ document: text, seed: text.optional(), issuer: text.optional(), date: text.optional() }).strict(),
    subject: z.enum(['person', 'organisation']),
    cadence: z.enum(['quarter', 'year']),
    maxPoints: z.number().positive(),
    sections: z.array(sectionSchema).min(1),
    /** At least one, except in a frame template (checked in `validate-rubric.ts`). */
    criteria: z.array(criterionSchema),
    gates: z.array(gateSchema).default([]),
    bands: z
      .object({
        basis: z.enum(['points', 'percent']),
        /** Highest first; the first band whose lower bound the score reaches wins. */
        list: z.array(bandSchema).min(1),
        /** The band id that counts as "the top band" (yearly excellent-individual awards). */
        top: idSchema.optional(),
      })
      .strict(),
    /**
     * Informational only: how year and department scores are computed is a unit setting (`unit-settings.ts`:
     * `yearScore`, `departmentScore`). Kept so that older rubric files still load.
     */
    aggregation: z
      .object({
        year: z.enum(['mean-of-quarters']),
        department: z.enum(['mean-of-members', 'mean-of-classified-members']),
      })
      .strict()
      .optional(),
    roleRules: z.array(roleRuleSchema).default([]),
    departmentOverrides: z.array(departmentOverrideSchema).default([]),
    /** Per-department conditions of each period (seed 000: the department's own article each quarter). */
    departmentConditions: z.array(departmentConditionSchema).default([]),
    /** Official roles that answer organisation indicators (`criteria[].assignees`). */
    officialRoles: z.array(officialRoleSchema).default([]),
    /** Yearly calendar of an organisation index (seed 003). */
    calendar: yearCalendarSchema.optional(),
    /** A fixed frame to fill in (seed 004). */
    frame: frameSchema.optional(),
  })
  .strict();

export type Rubric = z.infer<typeof rubricSchema>;
export type RubricInput = z.input<typeof rubricSchema>;
