import { describe, expect, it } from 'vitest';
import { conversationStateSchema, readState, STATE_SCHEMA_VERSION } from '../../src/conversation/state.js';

const answering = { type: 'answering', periodId: 1, submissionId: 2, criterionId: 'c1', nonce: 'n1' };
const IDLE_STATE = { schemaVersion: STATE_SCHEMA_VERSION, dialog: { type: 'idle' } };

describe('readState', () => {
  it('reads a current document as the zod schema does, and resets anything else to idle', () => {
    const docs: unknown[] = [
      { schemaVersion: 2, dialog: { type: 'idle' } },
      { schemaVersion: 2, dialog: { type: 'linking' }, touchedAt: 5 },
      { schemaVersion: 2, dialog: { type: 'workflow', workflow: 'self-assessment', version: 1, data: answering }, touchedAt: 7 },
      { schemaVersion: 2, dialog: { type: 'idle', stale: true } },
      { schemaVersion: 2, dialog: { type: 'workflow', workflow: 'x', version: 1.5, data: null } },
      { schemaVersion: 2, dialog: { type: 'idle' }, touchedAt: 'yesterday' },
      { schemaVersion: 2, dialog: null },
      { schemaVersion: 2, dialog: { type: 'unknown' } },
      [],
      null,
    ];
    for (const doc of docs) {
      const parsed = conversationStateSchema.safeParse(doc);
      const expected = parsed.success ? { state: parsed.data, reset: 'none' } : { state: IDLE_STATE, reset: 'unreadable' };
      expect(readState({ schemaVersion: 2, state: JSON.stringify(doc), revision: 1 })).toEqual(expected);
    }
    expect(readState({ schemaVersion: 2, state: '{not json', revision: 1 })).toEqual({ state: IDLE_STATE, reset: 'unreadable' });
    expect(readState({ schemaVersion: 9, state: '{}', revision: 1 })).toEqual({ state: IDLE_STATE, reset: 'unreadable' });
    expect(readState(null)).toEqual({ state: IDLE_STATE, reset: 'new' });
  });

  it('migrates version 1 documents: built-in self-assessment dialogs and module dialogs become workflow dialogs', () => {
    const v1 = (dialog: unknown, extra: Record<string, unknown> = {}) =>
      readState({ schemaVersion: 1, state: JSON.stringify({ schemaVersion: 1, dialog, ...extra }), revision: 4 });
    expect(v1(answering, { touchedAt: 9 })).toEqual({
      state: { schemaVersion: 2, dialog: { type: 'workflow', workflow: 'self-assessment', version: 1, data: answering }, touchedAt: 9 },
      reset: 'none',
    });
    const review = { type: 'review', periodId: 1, submissionId: 2, nonce: 'n' };
    expect(v1(review).state.dialog).toEqual({ type: 'workflow', workflow: 'self-assessment', version: 1, data: review });
    const confirm = { type: 'confirm-submit', periodId: 1, submissionId: 2, nonce: 'n' };
    expect(v1(confirm).state.dialog).toEqual({ type: 'workflow', workflow: 'self-assessment', version: 1, data: confirm });
    expect(v1({ type: 'module', module: 'approval', data: { x: 1 } }).state.dialog).toEqual({
      type: 'workflow',
      workflow: 'approval',
      version: 1,
      data: { x: 1 },
    });
    expect(v1({ type: 'linking' }).state.dialog).toEqual({ type: 'linking' });
    expect(v1({ type: 'unknown' })).toEqual({ state: IDLE_STATE, reset: 'unreadable' });
  });
});
