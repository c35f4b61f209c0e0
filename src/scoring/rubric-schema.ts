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
  responsible: text.optional(),
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

/** A monthly quota, prorated (seed 003: 1 article a month = 100%). Value: the count over the window. */
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

/** Independent parts that each add points (seed 003: 1 point held + 1 point chaired). Value: list of part keys. */
export const partsCriterion = z
  .object({
    ...baseCriterion,
    kind: z.literal('parts'),
    parts: z.array(z.object({ key: idSchema, label: text, points: z.number().positive() }).strict()).min(1),
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
    criteria: z.array(criterionSchema).min(1),
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
    aggregation: z
      .object({
        year: z.literal('mean-of-quarters'),
        department: z.literal('mean-of-classified-members'),
      })
      .strict()
      .default({ year: 'mean-of-quarters', department: 'mean-of-classified-members' }),
    roleRules: z.array(roleRuleSchema).default([]),
    departmentOverrides: z.array(departmentOverrideSchema).default([]),
  })
  .strict();

export type Rubric = z.infer<typeof rubricSchema>;
export type RubricInput = z.input<typeof rubricSchema>;
