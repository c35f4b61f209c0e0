/**
 * Parsed rubrics by version id. Rubric versions are never modified once stored, so a parsed copy cannot go stale;
 * parsing the definition with zod on every event would cost more than the rest of the step.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { rubricSchema, type Rubric } from '../../scoring/rubric-schema.js';

export interface RubricVersions {
  /** The rubric of a stored version; throws when there is none (a period always references one). */
  get(rubricVersionId: number): Rubric;
}

/** One per database (shared by the writer and the reader connection). */
export function createRubricVersions(c: Database.Database): RubricVersions {
  const byId = new Map<number, Rubric>();
  const select = c.prepare('SELECT definition FROM rubric_versions WHERE id = ?').pluck();
  return {
    get(rubricVersionId) {
      const cached = byId.get(rubricVersionId);
      if (cached) return cached;
      const definition = z.string().optional().parse(select.get(rubricVersionId));
      if (definition === undefined) throw new Error(`rubric_versions: no version #${rubricVersionId}`);
      const rubric = rubricSchema.parse(JSON.parse(definition));
      byId.set(rubricVersionId, rubric);
      return rubric;
    },
  };
}
