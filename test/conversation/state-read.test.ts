import { describe, expect, it } from 'vitest';
import { conversationStateSchema, freezeState, readState } from '../../src/conversation/state.js';

/** What the zod schema alone makes of a document (the reference the fast path must match). */
function byZod(doc: unknown): ReturnType<typeof readState> {
  const parsed = conversationStateSchema.safeParse(doc);
  return parsed.success ? { state: parsed.data, reset: 'none' } : { state: { schemaVersion: 1, dialog: { type: 'idle' } }, reset: 'unreadable' };
}

const answering = { type: 'answering', periodId: 1, submissionId: 2, criterionId: 'c1', nonce: 'n1' };
const DOCS: unknown[] = [
  { schemaVersion: 1, dialog: { type: 'idle' } },
  { schemaVersion: 1, dialog: { type: 'linking' }, touchedAt: 5 },
  { schemaVersion: 1, dialog: answering, touchedAt: 1_790_000_000_000 },
  { schemaVersion: 1, dialog: { ...answering, nonce: 'n2', then: 'next', type: 'evidence' } },
  { schemaVersion: 1, dialog: { type: 'evidence', periodId: 1, submissionId: 2, criterionId: 'c1', nonce: 'n', then: 'review' } },
  { schemaVersion: 1, dialog: { type: 'evidence', periodId: 1, submissionId: 2, criterionId: 'c1', nonce: 'n', then: 'later' } },
  { schemaVersion: 1, dialog: { type: 'review', periodId: 1, submissionId: 2, nonce: 'n' } },
  { schemaVersion: 1, dialog: { type: 'confirm-submit', periodId: 1, submissionId: 2, nonce: 'n' } },
  { schemaVersion: 1, dialog: { type: 'module', module: 'approval', data: { x: 1 } } },
  // Extra, missing or reordered keys and bad values: zod decides (strips, refuses, or reorders).
  { schemaVersion: 1, dialog: { type: 'idle', stale: true } },
  { schemaVersion: 1, dialog: { type: 'idle' }, extra: 1 },
  { dialog: { type: 'idle' }, schemaVersion: 1 },
  { schemaVersion: 1, dialog: { periodId: 1, type: 'review', submissionId: 2, nonce: 'n' } },
  { schemaVersion: 1, dialog: { ...answering, periodId: 0 } },
  { schemaVersion: 1, dialog: { ...answering, submissionId: 1.5 } },
  { schemaVersion: 1, dialog: { ...answering, criterionId: 3 } },
  { schemaVersion: 1, dialog: { type: 'answering', periodId: 1, submissionId: 2, nonce: 'n' } },
  { schemaVersion: 1, dialog: { type: 'idle' }, touchedAt: 'yesterday' },
  { schemaVersion: 1, dialog: null },
  { schemaVersion: 1, dialog: [] },
  { schemaVersion: 1, dialog: { type: 'unknown' } },
  [],
  null,
];

describe('readState', () => {
  it.each(DOCS.map((doc) => [JSON.stringify(doc)]))('matches the zod schema for %s', (text) => {
    const result = readState({ schemaVersion: 1, state: text, revision: 1 });
    const reference = byZod(JSON.parse(text));
    expect(result).toEqual(reference);
    // Same key order too: the engine compares serialised states to decide whether to write.
    expect(JSON.stringify(result.state)).toBe(JSON.stringify(reference.state));
  });
});

describe('state the engine saved itself', () => {
  it('is handed back without parsing when the store returns the frozen object with the document', () => {
    const saved = freezeState({ schemaVersion: 1, dialog: { ...answering, type: 'answering' } as const });
    expect(Object.isFrozen(saved) && Object.isFrozen(saved.dialog)).toBe(true);
    const stored = { schemaVersion: 1, state: JSON.stringify(saved), revision: 3, parsed: saved };
    expect(readState(stored).state).toBe(saved);
    // A document read from the database has no parsed form: it is parsed and checked as always.
    const fromDb = { schemaVersion: 1, state: '{"x":1}', revision: 3 };
    expect(readState(fromDb).reset).toBe('unreadable');
  });
});
