/**
 * PostgreSQL: a submission's answers with their review, and its evidence (part of the review repository): the
 * criterion-level reads and the reviewer's per-answer write, kept apart from the submission and list statements in
 * `reviews-repo.ts`. JSON values are jsonb and come back parsed, then checked with zod.
 */
import { z } from 'zod';
import type { AnswerValue } from '../../scoring/types.js';
import type { ReviewRepository } from '../reviews.js';
import { type Client, jsonParam, rows, statementName } from './pg-query.js';

const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const answerRow = z.object({
  id: z.number().int(),
  criterion_id: z.string(),
  value: answerValue,
  self_points: z.number().nullable(),
  reviewed_value: answerValue.nullable(),
  reviewed_points: z.number().nullable(),
  review_reason: z.string().nullable(),
});
const evidenceRow = z.object({
  criterion_id: z.string(),
  kind: z.enum(['link', 'file']),
  url: z.string().nullable(),
  file_path: z.string().nullable(),
  original_name: z.string().nullable(),
});

export function reviewAnswerStatements(c: Client): Pick<ReviewRepository, 'answers' | 'updateAnswerReview' | 'evidence'> {
  return {
    async answers(submissionId) {
      const found = await rows(
        c,
        'reviews_answers',
        `SELECT id, criterion_id, value, self_points, reviewed_value, reviewed_points, review_reason FROM answers
         WHERE submission_id = $1 ORDER BY id`,
        [submissionId],
      );
      return found.map((raw) => {
        const a = answerRow.parse(raw);
        return {
          id: a.id,
          criterionId: a.criterion_id,
          value: a.value as AnswerValue,
          selfPoints: a.self_points,
          reviewedValue: a.reviewed_value as AnswerValue | null,
          reviewedPoints: a.reviewed_points,
          reviewReason: a.review_reason,
        };
      });
    },
    async updateAnswerReview(answerId, patch, now) {
      const setValue = patch.reviewedValue !== undefined;
      const setReason = patch.reviewReason !== undefined;
      const sets = ['reviewed_points = $1', 'updated_at = $2'];
      const values: unknown[] = [patch.reviewedPoints, now];
      if (setValue) {
        values.push(jsonParam(patch.reviewedValue));
        sets.push(`reviewed_value = $${values.length}::jsonb`);
      }
      if (setReason) {
        values.push(patch.reviewReason);
        sets.push(`review_reason = $${values.length}`);
      }
      values.push(answerId);
      await c.query({
        name: statementName(`reviews_answer_review_${setValue ? 'v' : ''}${setReason ? 'r' : ''}`),
        text: `UPDATE answers SET ${sets.join(', ')} WHERE id = $${values.length}`,
        values,
      });
    },
    async evidence(submissionId) {
      const found = await rows(
        c,
        'reviews_evidence',
        'SELECT criterion_id, kind, url, file_path, original_name FROM evidence WHERE submission_id = $1 ORDER BY id',
        [submissionId],
      );
      return found.map((raw) => {
        const e = evidenceRow.parse(raw);
        return { criterionId: e.criterion_id, kind: e.kind, url: e.url, filePath: e.file_path, originalName: e.original_name };
      });
    },
  };
}
