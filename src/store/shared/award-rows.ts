/**
 * Row readers for the issue 14 tables (initiatives, award blockers, registrations, nominations, councils), shared by
 * the SQLite and PostgreSQL repositories. These tables are cold (the office's records, read a few times a year), so
 * every row is parsed with zod: SQLite hands JSON columns as text and booleans as 0/1, PostgreSQL as parsed jsonb
 * and booleans; the readers accept both and refuse anything else.
 */
import { z } from 'zod';
import { BLOCKER_SOURCES, type AwardBlockerRecord } from '../award-blockers.js';
import { INITIATIVE_KINDS, INITIATIVE_TOPICS, RECOGNITION_LEVELS, type InitiativeRecord } from '../initiatives.js';
import { NOMINATION_SCHEMES, NOMINEE_KINDS, type CouncilRecord, type NominationRecord } from '../nominations.js';
import type { EmulationRegistration } from '../registrations.js';

/** A JSON column: text (SQLite) or already parsed (PostgreSQL jsonb). */
const json = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), inner);
const bool = z.preprocess((v) => (v === 0 ? false : v === 1 ? true : v), z.boolean());
const int = z.number().int();
const intOrNull = int.nullable();
const textOrNull = z.string().nullable();

const evidence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string(), sha256: z.string(), size: int, mime: z.string(), name: textOrNull }),
  z.object({ kind: z.literal('link'), url: z.string() }),
]);

const initiativeRow = z.object({
  id: int,
  unit_id: z.string(),
  title: z.string(),
  kind: z.enum(INITIATIVE_KINDS),
  topic: z.enum(INITIATIVE_TOPICS),
  author_ids: json(z.array(int)),
  collective: textOrNull,
  department_id: intOrNull,
  summary: textOrNull,
  evidence: json(z.array(evidence)),
  registered_by_id: intOrNull,
  level: z.enum(RECOGNITION_LEVELS).nullable(),
  body: textOrNull,
  decision_number: textOrNull,
  decision_date: textOrNull,
  recognised_by_id: intOrNull,
  recognised_at: intOrNull,
  created_at: int,
});

export const INITIATIVE_COLUMNS =
  'id, unit_id, title, kind, topic, author_ids, collective, department_id, summary, evidence, registered_by_id, level, body, ' +
  'decision_number, decision_date, recognised_by_id, recognised_at, created_at';

export function toInitiative(row: unknown): InitiativeRecord {
  const r = initiativeRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    title: r.title,
    kind: r.kind,
    topic: r.topic,
    authorIds: r.author_ids,
    collective: r.collective,
    departmentId: r.department_id,
    summary: r.summary,
    evidence: r.evidence,
    registeredById: r.registered_by_id,
    createdAt: r.created_at,
    recognition:
      r.level && r.body !== null && r.decision_number !== null && r.decision_date !== null && r.recognised_at !== null
        ? {
            level: r.level,
            body: r.body,
            decisionNumber: r.decision_number,
            decisionDate: r.decision_date,
            recognisedById: r.recognised_by_id,
            recognisedAt: r.recognised_at,
          }
        : null,
  };
}

const blockerRow = z.object({
  id: int,
  unit_id: z.string(),
  person_id: int,
  year: int,
  source: z.enum(BLOCKER_SOURCES),
  source_ref: z.string(),
  reason: z.string(),
  detail: textOrNull,
  recorded_by_id: intOrNull,
  recorded_at: int,
  lifted_at: intOrNull,
  lifted_by_id: intOrNull,
  lift_reason: textOrNull,
});

export const BLOCKER_COLUMNS =
  'id, unit_id, person_id, year, source, source_ref, reason, detail, recorded_by_id, recorded_at, lifted_at, lifted_by_id, lift_reason';

export function toBlocker(row: unknown): AwardBlockerRecord {
  const r = blockerRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    personId: r.person_id,
    year: r.year,
    source: r.source,
    sourceRef: r.source_ref,
    reason: r.reason,
    detail: r.detail,
    recordedById: r.recorded_by_id,
    recordedAt: r.recorded_at,
    lifted: r.lifted_at === null ? null : { at: r.lifted_at, byId: r.lifted_by_id, reason: r.lift_reason ?? '' },
  };
}

const registrationRow = z.object({
  id: int,
  unit_id: z.string(),
  year: int,
  subject_kind: z.enum(['person', 'department']),
  subject_id: int,
  titles: json(z.array(z.string())),
  registered_by_id: intOrNull,
  registered_at: int,
});

export const REGISTRATION_COLUMNS = 'id, unit_id, year, subject_kind, subject_id, titles, registered_by_id, registered_at';

export function toRegistration(row: unknown): EmulationRegistration {
  const r = registrationRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    year: r.year,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    titles: r.titles,
    registeredById: r.registered_by_id,
    registeredAt: r.registered_at,
  };
}

const checklist = z.array(z.object({ criterionId: z.string(), answer: z.string(), evidence: z.array(z.string()) }));
const file = z.object({
  name: z.string(),
  sha256: z.string(),
  size: int,
  sentOn: z.string(),
  signed: z.boolean(),
  complete: z.boolean(),
});

const nominationRow = z.object({
  id: int,
  unit_id: z.string(),
  year: int,
  scheme: z.enum(NOMINATION_SCHEMES),
  award: z.string(),
  nominee_kind: z.enum(NOMINEE_KINDS),
  person_id: intOrNull,
  department_id: intOrNull,
  initiative_id: intOrNull,
  nominee_name: z.string(),
  proposed_by_id: intOrNull,
  checklist: json(checklist),
  file: json(file.nullable()),
  council_id: intOrNull,
  approved: bool.nullable(),
  votes_for: intOrNull,
  votes_against: intOrNull,
  decision_note: textOrNull,
  decided_at: intOrNull,
  created_at: int,
});

export const NOMINATION_COLUMNS =
  'id, unit_id, year, scheme, award, nominee_kind, person_id, department_id, initiative_id, nominee_name, proposed_by_id, ' +
  'checklist, file, council_id, approved, votes_for, votes_against, decision_note, decided_at, created_at';

export function toNomination(row: unknown): NominationRecord {
  const r = nominationRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    year: r.year,
    scheme: r.scheme,
    award: r.award,
    nomineeKind: r.nominee_kind,
    personId: r.person_id,
    departmentId: r.department_id,
    initiativeId: r.initiative_id,
    nomineeName: r.nominee_name,
    proposedById: r.proposed_by_id,
    createdAt: r.created_at,
    checklist: r.checklist,
    file: r.file,
    decision:
      r.council_id !== null && r.approved !== null && r.decided_at !== null
        ? {
            councilId: r.council_id,
            approved: r.approved,
            votesFor: r.votes_for,
            votesAgainst: r.votes_against,
            note: r.decision_note,
            decidedAt: r.decided_at,
          }
        : null,
  };
}

const councilRow = z.object({
  id: int,
  unit_id: z.string(),
  year: int,
  meeting_date: z.string(),
  members: json(z.array(z.object({ personId: intOrNull, name: z.string(), role: z.string() }))),
  minutes_number: textOrNull,
  created_by_id: intOrNull,
  created_at: int,
  closed_at: intOrNull,
});

export const COUNCIL_COLUMNS = 'id, unit_id, year, meeting_date, members, minutes_number, created_by_id, created_at, closed_at';

export function toCouncil(row: unknown): CouncilRecord {
  const r = councilRow.parse(row);
  return {
    id: r.id,
    unitId: r.unit_id,
    year: r.year,
    meetingDate: r.meeting_date,
    members: r.members,
    minutesNumber: r.minutes_number,
    createdById: r.created_by_id,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}
