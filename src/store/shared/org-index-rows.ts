/**
 * Row checks of the organisation index tables, shared by the SQLite and PostgreSQL repositories. Why shared: the
 * columns are the same; only JSON (SQLite: text, PostgreSQL: parsed jsonb) and booleans (SQLite: 0/1) differ, so
 * each implementation passes its own decoders.
 */
import { z } from 'zod';
import {
  ORG_ANSWER_STATUSES,
  ORG_PERIOD_STATUSES,
  type OrgAnswerRecord,
  type OrgEvidenceRecord,
  type OrgPeriodRecord,
} from '../org-index.js';

export interface Decoders {
  /** A JSON column as read from the driver → the value (null stays null). */
  json(value: unknown): unknown;
  /** A boolean column as read from the driver → boolean or null. */
  bool(value: unknown): boolean | null;
}

export const ORG_PERIOD_COLUMNS = `id, unit_id, rubric_version_id, year, status, calendar, initiative_count, submitted_by_id,
  submitted_at, verified_by_id, verified_at, approved_by_id, approved_at`;

const intN = z.number().int().nullable();
const periodRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  rubric_version_id: z.number().int(),
  year: z.number().int(),
  status: z.enum(ORG_PERIOD_STATUSES),
  calendar: z.unknown(),
  initiative_count: intN,
  submitted_by_id: intN,
  submitted_at: intN,
  verified_by_id: intN,
  verified_at: intN,
  approved_by_id: intN,
  approved_at: intN,
});

export function orgPeriodOf(raw: unknown, d: Decoders): OrgPeriodRecord {
  const r = periodRow.parse(raw);
  return {
    id: r.id,
    unitId: r.unit_id,
    rubricVersionId: r.rubric_version_id,
    year: r.year,
    status: r.status,
    calendar: d.json(r.calendar),
    initiativeCount: r.initiative_count,
    submittedById: r.submitted_by_id,
    submittedAt: r.submitted_at,
    verifiedById: r.verified_by_id,
    verifiedAt: r.verified_at,
    approvedById: r.approved_by_id,
    approvedAt: r.approved_at,
  };
}

/** Period patch fields → column names. */
export const ORG_PERIOD_PATCH_COLUMNS = {
  status: 'status',
  calendar: 'calendar',
  initiativeCount: 'initiative_count',
  submittedById: 'submitted_by_id',
  submittedAt: 'submitted_at',
  verifiedById: 'verified_by_id',
  verifiedAt: 'verified_at',
  approvedById: 'approved_by_id',
  approvedAt: 'approved_at',
} as const;

export const ORG_ANSWER_COLUMNS = `period_id, criterion_id, value, detail, answered_by_id, answered_at, status, reviewed_value,
  review_reason, reviewed_by_id, reviewed_at, updated_at`;

const answerRow = z.object({
  period_id: z.number().int(),
  criterion_id: z.string(),
  value: z.unknown(),
  detail: z.unknown(),
  answered_by_id: intN,
  answered_at: intN,
  status: z.enum(ORG_ANSWER_STATUSES),
  reviewed_value: z.unknown(),
  review_reason: z.string().nullable(),
  reviewed_by_id: intN,
  reviewed_at: intN,
  updated_at: z.number().int(),
});

export function orgAnswerOf(raw: unknown, d: Decoders): OrgAnswerRecord {
  const r = answerRow.parse(raw);
  return {
    periodId: r.period_id,
    criterionId: r.criterion_id,
    value: d.json(r.value),
    detail: d.json(r.detail),
    answeredById: r.answered_by_id,
    answeredAt: r.answered_at,
    status: r.status,
    reviewedValue: d.json(r.reviewed_value),
    reviewReason: r.review_reason,
    reviewedById: r.reviewed_by_id,
    reviewedAt: r.reviewed_at,
    updatedAt: r.updated_at,
  };
}

export const ORG_EVIDENCE_COLUMNS = `id, period_id, criterion_id, kind, url, file_path, sha256, size, mime, file_name, signed,
  added_by_id, created_at`;

const evidenceRow = z.object({
  id: z.number().int(),
  period_id: z.number().int(),
  criterion_id: z.string(),
  kind: z.enum(['link', 'file']),
  url: z.string().nullable(),
  file_path: z.string().nullable(),
  sha256: z.string().nullable(),
  size: intN,
  mime: z.string().nullable(),
  file_name: z.string().nullable(),
  signed: z.unknown(),
  added_by_id: intN,
  created_at: z.number().int(),
});

export function orgEvidenceOf(raw: unknown, d: Decoders): OrgEvidenceRecord {
  const r = evidenceRow.parse(raw);
  return {
    id: r.id,
    periodId: r.period_id,
    criterionId: r.criterion_id,
    kind: r.kind,
    url: r.url,
    filePath: r.file_path,
    sha256: r.sha256,
    size: r.size,
    mime: r.mime,
    fileName: r.file_name,
    signed: d.bool(r.signed),
    addedById: r.added_by_id,
    createdAt: r.created_at,
  };
}

export const officialRow = z.object({ person_id: z.number().int(), code: z.string() });
export const assignmentRow = z.object({
  criterion_id: z.string(),
  person_id: z.number().int(),
  assigned_by_id: intN,
  assigned_at: z.number().int(),
});
