/**
 * The merge rules of `thidua db copy` (src/store/copy-merge.ts): every table of both schemas has one (a new table
 * cannot be forgotten), every column a rule names exists, every integer column named like an id (`…_id`) is
 * renumbered or declared not to be one, and ids inside JSON and audit text follow the renumbering.
 */
import { describe, expect, it } from 'vitest';
import { MERGE_RULES, mergeRow, mergeRules, rewriteJsonIds, type MergeContext } from '../../src/store/copy-merge.js';
import { postgresCopyTables } from '../../src/store/postgres/table-target.js';
import { sqliteCopyTables } from '../../src/store/sqlite/table-source.js';
import type { CopyValue } from '../../src/store/table-copy.js';

/** Integer `…_id` columns that name no row of this database (a platform's id, a sequence of another kind). */
const NOT_IDS: Record<string, string[]> = {
  // Written by the rule's row function (person or department, by subject_kind).
  emulation_registrations: ['subject_id'],
};

function context(shift = 1000): MergeContext {
  const id = (space: string, old: number) => (space === 'people' ? old + shift : old + shift * 10);
  return {
    id,
    optionalId: (space, old) => (old === null ? null : id(space, Number(old))),
    json: (text, _where, periodSpace) => (typeof text === 'string' ? JSON.stringify(rewriteJsonIds(JSON.parse(text), id, periodSpace)) : text),
    conversationReset: { schemaVersion: 2, state: '{"schemaVersion":2,"dialog":{"type":"idle"}}' },
    now: 42,
    unitIds: new Set(['stttt']),
    tag: 'stttt',
  };
}

describe('merge rules', () => {
  it('cover every table of both schemas, and nothing else', () => {
    const names = sqliteCopyTables().map((t) => t.name);
    expect(postgresCopyTables().map((t) => t.name).sort()).toEqual([...names].sort());
    expect(() => mergeRules(names)).not.toThrow();
    expect(Object.keys(MERGE_RULES).sort()).toEqual([...names].sort());
  });

  it('refuse a table without a rule, naming it', () => {
    expect(() => mergeRules(['people', 'bang_moi'])).toThrow('no merge rule for table(s) bang_moi');
  });

  it('name only columns that exist, and renumber every integer id column', () => {
    for (const table of sqliteCopyTables()) {
      const rule = MERGE_RULES[table.name]!;
      if (rule.skip) continue;
      const columns = new Map(table.columns.map((c) => [c.name, c.kind]));
      const named = [...(rule.id ? [rule.id] : []), ...Object.keys(rule.refs ?? {}), ...(rule.json ?? []), ...Object.keys(rule.idArrays ?? {})];
      for (const c of named) expect(columns.has(c), `${table.name}.${c}`).toBe(true);
      for (const c of rule.json ?? []) expect(columns.get(c), `${table.name}.${c}`).toBe('json');
      for (const space of Object.values(rule.refs ?? {})) expect(MERGE_RULES[space]?.id, `${table.name} → ${space}`).toBeTruthy();
      for (const c of table.columns) {
        if (c.kind !== 'integer' || !/(^id|_id)$/.test(c.name)) continue;
        const covered = named.includes(c.name) || (NOT_IDS[table.name] ?? []).includes(c.name);
        expect(covered, `${table.name}.${c.name} holds an id but no rule renumbers it`).toBe(true);
      }
    }
  });

  it('rewrite ids by key name inside JSON, at any depth, and ids inside audit text', () => {
    const snapshot = JSON.stringify({ departmentId: 3, entries: [{ personId: 7, total: 90 }], mean: 90 });
    expect(JSON.parse(String(context().json(snapshot, 'x')))).toEqual({ departmentId: 10003, entries: [{ personId: 1007, total: 90 }], mean: 90 });
    const audit = {
      id: 5, at: 1, unit_id: 'stttt', actor_person_id: 7, channel: 'telegram', action: 'answer_review', entity_type: 'answer',
      entity_id: '12:cbs.I.1', subject_person_id: 8, period_id: 2, before: '{"reviewedById":7,"points":3}', after: null, reason: null,
    } satisfies Record<string, CopyValue>;
    const out = mergeRow('audit_log', MERGE_RULES.audit_log!, audit, context());
    expect(out).toMatchObject({ id: 10005, actor_person_id: 1007, subject_person_id: 1008, period_id: 10002, entity_id: '10012:cbs.I.1' });
    expect(JSON.parse(String(out?.before))).toEqual({ reviewedById: 1007, points: 3 });
  });

  it('reset conversations to the menu and keep unsent messages as failed, never to be sent', () => {
    const chat = mergeRow('conversations', MERGE_RULES.conversations!, { chat_key: 'telegram:1', person_id: 7, schema_version: 2, state: '{"dialog":{"type":"workflow"}}', revision: 4, updated_at: 1 }, context());
    expect(chat).toMatchObject({ person_id: 1007, state: '{"schemaVersion":2,"dialog":{"type":"idle"}}', updated_at: 42 });
    const held = mergeRow('outbox', MERGE_RULES.outbox!, { id: 1, dedupe_key: 'k', person_id: 7, status: 'pending', payload: '[]', claimed_by: 'a', lease_until: 5 }, context());
    expect(held).toMatchObject({ id: 10001, status: 'failed', dedupe_key: 'moved:stttt:k', claimed_by: null, lease_until: null });
  });
});
