/**
 * A multiple-choice question bank as data (`flows/question-banks/*.yaml`). Why a separate file from the contest:
 * the bank is written by the exam-setting board (Ban Đề thi) and is secret until the test; the contest file is
 * public. The answer key lives only here and in the server's drawn test (`draw-test.ts`), never in what a
 * candidate's page receives (`candidate-view.ts`).
 */
import { z } from 'zod';

const text = z.string().trim().min(1);
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và gạch ngang');
/** Option letters as authored: the first option is `a`. */
export const OPTION_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

export const bankQuestionSchema = z
  .object({
    id: idSchema,
    topic: idSchema,
    text,
    options: z.array(text).min(2).max(OPTION_LETTERS.length),
    /** The correct option's letter, in authored order (a = the first option). */
    answer: z.enum(OPTION_LETTERS),
    /** Keep the authored option order (e.g. "Cả A và B đều đúng"); otherwise options are shuffled per candidate. */
    keepOrder: z.boolean().default(false),
    /** Where the fact comes from (a legal text, a standard); shown to the exam-setting board only. */
    source: text.optional(),
  })
  .strict();
export type BankQuestion = z.infer<typeof bankQuestionSchema>;

export const questionBankSchema = z
  .object({
    id: idSchema,
    title: text,
    /** A sample bank to be replaced by the organiser's (Ban Đề thi) own before the contest. */
    sample: z.boolean(),
    note: text.optional(),
    topics: z.array(z.object({ id: idSchema, label: text }).strict()).min(1),
    questions: z.array(bankQuestionSchema).min(1),
  })
  .strict();
/** A validated question bank, answer key included: server-side only. */
export type QuestionBank = z.infer<typeof questionBankSchema>;

/** Index of the correct option in authored order. */
export function answerIndex(question: BankQuestion): number {
  return OPTION_LETTERS.indexOf(question.answer);
}

/** Semantic checks: unique ids, known topics, the answer among the options, no repeated option. */
export function checkQuestionBank(bank: QuestionBank): string[] {
  const problems: string[] = [];
  const topics = new Set<string>();
  for (const t of bank.topics) {
    if (topics.has(t.id)) problems.push(`chủ đề "${t.id}" bị trùng`);
    topics.add(t.id);
  }
  const ids = new Set<string>();
  for (const q of bank.questions) {
    if (ids.has(q.id)) problems.push(`câu ${q.id}: mã câu hỏi bị trùng`);
    ids.add(q.id);
    if (!topics.has(q.topic)) problems.push(`câu ${q.id}: chủ đề "${q.topic}" không có trong danh sách chủ đề`);
    if (answerIndex(q) >= q.options.length) problems.push(`câu ${q.id}: đáp án "${q.answer}" không có trong ${q.options.length} phương án`);
    const normalised = q.options.map((o) => o.toLocaleLowerCase('vi').replace(/\s+/g, ' '));
    if (new Set(normalised).size !== normalised.length) problems.push(`câu ${q.id}: có phương án trùng nhau`);
  }
  return problems;
}

/** Number of questions per topic id. */
export function questionsPerTopic(bank: QuestionBank): Map<string, number> {
  const counts = new Map<string, number>(bank.topics.map((t) => [t.id, 0]));
  for (const q of bank.questions) counts.set(q.topic, (counts.get(q.topic) ?? 0) + 1);
  return counts;
}
