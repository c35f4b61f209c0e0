/**
 * The contest as data: what a file in `flows/contests/` must look like (seed 001, Cần Thơ 2024: the leaders' IT and
 * digital-transformation competency contest).
 *
 * Why data: the plan fixes who may take part, the quotas, the prizes and the 50% rule, but leaves the weights, the
 * duration, how a collective's result comes from its candidates, ties and absent candidates to rules "announced
 * later" (thông báo sau). Each such value is a {@link Setting}: either fixed by the plan, or the organiser's to set
 * (`decidedBy: organiser`, `value: null` until announced). Nothing downstream guesses an open value: see
 * `open-values.ts`.
 */
import { z } from 'zod';
import { isLocalDate, LOCAL_DATE_FORMAT } from '../scoring/period-calendar.js';

const text = z.string().trim().min(1);
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và gạch ngang');

/** Contest levels (cấp), in the order candidate numbers and results are listed. */
export const LEVEL_IDS = ['city', 'district', 'commune'] as const;
export const levelIdSchema = z.enum(LEVEL_IDS);
/** `city` = cấp thành phố, `district` = cấp huyện, `commune` = cấp xã. */
export type LevelId = z.infer<typeof levelIdSchema>;

/** The boards whose members may not take part (seed: "Thành viên của Ban Tổ chức, Ban Giám khảo"). */
export const BOARD_IDS = ['organising-committee', 'jury', 'exam-setting', 'proctoring'] as const;
export const boardIdSchema = z.enum(BOARD_IDS);
export type BoardId = z.infer<typeof boardIdSchema>;
/** Vietnamese names of the boards. */
export const BOARD_LABELS: Readonly<Record<BoardId, string>> = {
  'organising-committee': 'Ban Tổ chức',
  jury: 'Ban Giám khảo',
  'exam-setting': 'Ban Đề thi',
  proctoring: 'Ban Coi thi',
};

/**
 * A value the plan either fixes or leaves to the organiser. `decidedBy: organiser` with `value: null` means
 * "announced later" and is reported by `openValues`; once announced the organiser fills `value` and `source`
 * (the notice that announced it). A value the plan fixes (`decidedBy: plan`) may not be null.
 */
export interface Setting<T> {
  decidedBy: 'plan' | 'organiser';
  value: T | null;
  /** Where the value comes from: the plan's wording, or the organiser's notice (số, ngày). */
  source?: string | undefined;
}

function setting<T extends z.ZodType>(inner: T) {
  return z
    .object({ decidedBy: z.enum(['plan', 'organiser']), value: inner.nullable(), source: text.optional() })
    .strict()
    .refine((s: { decidedBy: string; value?: unknown }) => s.decidedBy === 'organiser' || s.value !== null, {
      message: 'giá trị do kế hoạch quy định (decidedBy: plan) không được để trống',
    });
}

const positiveNumber = z.number().positive();
const positiveInt = z.number().int().positive();

/** A position (chức vụ) that may take part; `aliases` are other spellings accepted in lists ("PGĐ Sở"). */
export const positionSchema = z.object({ id: idSchema, label: text, aliases: z.array(text).default([]) }).strict();
export type Position = z.infer<typeof positionSchema>;

/**
 * How many people a unit sends from a group of positions. `max: null` means the plan sets no upper bound
 * (seed, commune level: "Chủ tịch và Phó Chủ tịch Ủy ban nhân dân cấp xã").
 */
export const quotaSchema = z
  .object({
    positions: z.array(idSchema).min(1),
    min: z.number().int().min(0),
    max: z.number().int().positive().nullable(),
    /** The plan's wording this quota reads. */
    quote: text,
  })
  .strict()
  .refine((q) => q.max === null || q.max >= q.min, { message: 'max phải lớn hơn hoặc bằng min' });
export type Quota = z.infer<typeof quotaSchema>;

/** A kind of unit at a level (sở; đơn vị sự nghiệp; UBND quận, huyện; xã, phường, thị trấn). */
export const unitKindSchema = z
  .object({
    id: idSchema,
    label: text,
    positions: z.array(positionSchema).min(1),
    quotas: z.array(quotaSchema).min(1),
  })
  .strict();
export type UnitKind = z.infer<typeof unitKindSchema>;

/** A collective prize (giải) at a level: `rank` 1 = giải Nhất. */
export const prizeSchema = z.object({ rank: positiveInt, label: text, count: positiveInt }).strict();
export type Prize = z.infer<typeof prizeSchema>;

export const levelSchema = z
  .object({
    id: levelIdSchema,
    label: text,
    /** Candidate numbers of this level start with it (TP001); unique in the contest. */
    numberPrefix: z.string().regex(/^[A-Z]{1,4}$/, 'tiền tố số báo danh gồm 1–4 chữ in hoa không dấu'),
    unitKinds: z.array(unitKindSchema).min(1),
    /** Collective prizes of the level, best first; empty when the level has none (seed: cấp xã). */
    prizes: z.array(prizeSchema).default([]),
  })
  .strict();
export type Level = z.infer<typeof levelSchema>;

/** A theory topic (content area) of the plan; the question bank's topics use the same ids. */
export const topicSchema = z.object({ id: idSchema, label: text, quote: text }).strict();
export type Topic = z.infer<typeof topicSchema>;

/** How a collective's result comes from its candidates' totals. */
export const COLLECTIVE_RULES = ['mean', 'best', 'sum'] as const;
export type CollectiveRule = (typeof COLLECTIVE_RULES)[number];

/**
 * Ties between collectives for a prize: `share` (all tied get the prize, the next prize places are skipped:
 * 1, 1, 3), `theory-then-share` (higher theory result by the same rule first, then share), `jury` (the jury
 * decides: tied places are left unawarded and reported).
 */
export const TIE_RULES = ['share', 'theory-then-share', 'jury'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/** Absent candidates (vắng thi): counted as 0 in their collective or left out; blocking the year's awards or not. */
export const absentRuleSchema = z
  .object({ collective: z.enum(['zero', 'leave-out']), blocksAwards: z.boolean() })
  .strict();
export type AbsentRule = z.infer<typeof absentRuleSchema>;

export const contestSchema = z
  .object({
    id: idSchema,
    title: text,
    year: z.number().int().min(2000).max(2100),
    issuedBy: text,
    /** The unit that runs the contest (Sở Nội vụ in seed 001). */
    organiser: text,
    basis: text,
    schedule: z
      .object({
        expected: text,
        date: setting(z.string().refine(isLocalDate, `ngày ghi theo dạng ${LOCAL_DATE_FORMAT}`)),
        venue: text,
      })
      .strict(),
    levels: z.array(levelSchema).min(1),
    exclusions: z.object({ boards: z.array(boardIdSchema).min(1), quote: text }).strict(),
    candidateNumbers: z
      .object({ digits: z.number().int().min(2).max(6), quote: text })
      .strict(),
    theory: z
      .object({
        label: text,
        topics: z.array(topicSchema).min(1),
        /** Questions per topic id; every question weighs the same. */
        topicQuotas: setting(z.record(idSchema, z.number().int().min(0))),
        /** Points the theory part is worth in the total (the total's maximum is the sum of the parts' weights). */
        weight: setting(positiveNumber),
        durationMinutes: setting(positiveInt),
      })
      .strict(),
    practical: z
      .object({
        label: text,
        /** The scale the examiners mark on (e.g. 10 or 100). */
        maxPoints: setting(positiveNumber),
        weight: setting(positiveNumber),
        durationMinutes: setting(positiveInt),
        /** Two examiners' marks further apart than this (on `maxPoints`' scale) go to the jury head. */
        disagreementMargin: setting(z.number().min(0)),
      })
      .strict(),
    results: z
      .object({
        collective: setting(z.enum(COLLECTIVE_RULES)),
        ties: setting(z.enum(TIE_RULES)),
        absent: setting(absentRuleSchema),
      })
      .strict(),
    /** Seed: "trường hợp đạt dưới 50% số điểm theo quy định chưa xem xét khen thưởng năm 2024". */
    awardRule: z
      .object({
        thresholdPercent: z.number().positive().max(100),
        /** The year whose awards a low score blocks. */
        year: z.number().int().min(2000).max(2100),
        reason: text,
        quote: text,
      })
      .strict(),
    prizesAwardedBy: text,
    prizesRecipient: z.literal('collective'),
  })
  .strict();

/** A validated contest file. */
export type Contest = z.infer<typeof contestSchema>;

/** Every position of the contest with where it belongs. */
export function positionsOf(contest: Contest): Array<{ level: Level; unitKind: UnitKind; position: Position }> {
  return contest.levels.flatMap((level) =>
    level.unitKinds.flatMap((unitKind) => unitKind.positions.map((position) => ({ level, unitKind, position }))),
  );
}

/**
 * Semantic checks zod cannot express: unique ids and prefixes, quotas naming the kind's own positions, prize
 * ranks in order, topic quotas naming the plan's topics. One Vietnamese line per problem.
 */
export function checkContest(contest: Contest): string[] {
  const problems: string[] = [];
  const seen = (list: readonly string[], what: string): void => {
    const counts = new Map<string, number>();
    for (const x of list) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const [x, n] of counts) if (n > 1) problems.push(`${what} "${x}" bị trùng`);
  };
  seen(contest.levels.map((l) => l.id), 'cấp');
  seen(contest.levels.map((l) => l.numberPrefix), 'tiền tố số báo danh');
  seen(contest.levels.flatMap((l) => l.unitKinds.map((k) => k.id)), 'loại đơn vị');
  seen(positionsOf(contest).map((p) => p.position.id), 'chức vụ');
  seen(contest.theory.topics.map((t) => t.id), 'chủ đề');
  for (const level of contest.levels) {
    for (const kind of level.unitKinds) {
      const own = new Set(kind.positions.map((p) => p.id));
      for (const quota of kind.quotas) {
        for (const id of quota.positions) {
          if (!own.has(id)) problems.push(`${level.label}, ${kind.label}: định mức nêu chức vụ "${id}" không có trong danh sách chức vụ`);
        }
      }
    }
    level.prizes.forEach((prize, i) => {
      if (prize.rank !== i + 1) problems.push(`${level.label}: giải thứ ${i + 1} phải có hạng ${i + 1}, đang là ${prize.rank}`);
    });
  }
  const quotas = contest.theory.topicQuotas.value;
  if (quotas !== null) {
    const topics = new Set(contest.theory.topics.map((t) => t.id));
    for (const id of Object.keys(quotas)) if (!topics.has(id)) problems.push(`số câu theo chủ đề: chủ đề "${id}" không có trong kế hoạch`);
    if (Object.values(quotas).reduce((a, b) => a + b, 0) === 0) problems.push('số câu theo chủ đề: tổng số câu phải lớn hơn 0');
  }
  return problems;
}
