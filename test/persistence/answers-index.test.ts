import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/test-db.js';

describe('answers covering index', () => {
  it("reads a submission's answer values (the reviewer's when there is one) from the index alone", () => {
    const sqlite = testDb().$client;
    const columns = sqlite.prepare("SELECT name FROM pragma_index_info('answers_submission_values')").pluck().all();
    expect(columns).toEqual(['submission_id', 'criterion_id', 'value', 'reviewed_value']);
    const query = `SELECT json_group_object(a.criterion_id, json(COALESCE(a.reviewed_value, a.value)))
      FROM answers a WHERE a.submission_id = ?`;
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(1) as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).toContain('USING COVERING INDEX answers_submission_values');
  });
});
