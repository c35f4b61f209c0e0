/**
 * The PostgreSQL unit of work's deferred writes (src/store/postgres/unit-connection.ts): parameters written as
 * literals exactly as bind parameters would store them; a deferred write that fails fails its unit, at the COMMIT or
 * at the next statement, even when a caller catches that error; nothing deferred outlives its unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParameters } from '../../src/store/postgres/unit-connection.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';

const NOW = Date.UTC(2026, 9, 1);

describe('inlineParameters', () => {
  it('writes each value as a quoted literal, tells $1 from $10, and never substitutes inside a value', () => {
    const values = ['a', 2, 3, 4, 5, 6, 7, 8, 9, 'ten'];
    expect(inlineParameters('SELECT $1, $10, $2', values)).toBe(`SELECT 'a', 'ten', '2'`);
    expect(inlineParameters('SELECT $1, $2', ["$2 it's", null])).toBe(`SELECT '$2 it''s', NULL`);
    // The driver's escapeLiteral: a value with a backslash becomes an E'' string with the backslash doubled.
    expect(inlineParameters('SELECT $1', ['a\\b'])).toBe(`SELECT  E'a\\\\b'`);
    expect(inlineParameters('SELECT $1, $2', [true, 1.5])).toBe(`SELECT 'true', '1.5'`);
  });

  it('refuses what has no literal form (the write then runs as a prepared statement) and a missing value', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date(NOW), Buffer.from('x'), ['a'], { a: 1 }]) {
      expect(inlineParameters('SELECT $1', [bad])).toBeUndefined();
    }
    expect(inlineParameters('SELECT $1, $2', ['only one'])).toBeUndefined();
  });
});

describe('PostgreSQL unit of work: deferred writes', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: whatever a unit leaves behind on it would show in the next unit.
    store = createPostgresStore({ ...db.config, poolSize: 1 }, { skipMigrations: true });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const doc = (state: string, revision: number) => ({ schemaVersion: 1, state, revision, personId: null });
  const load = (key: string) => store.read((tx) => tx.conversations.load(key));

  it('stores a deferred write with the COMMIT, as typed as a bind parameter would be (quotes, backslashes, emoji)', async () => {
    const state = `{"q":"it's \\\\ $1 ; COMMIT; -- 🎉"}`;
    await store.transaction((tx) => tx.conversations.save('c:1', doc(state, 7), NOW));
    expect(await load('c:1')).toEqual({ schemaVersion: 1, state, revision: 7 });
  });

  it('a deferred write read back later in the same unit is seen (sent before the next statement)', async () => {
    const seen = await store.transaction(async (tx) => {
      await tx.conversations.save('c:2', doc('{"v":1}', 1), NOW);
      return tx.conversations.load('c:2');
    });
    expect(seen?.state).toBe('{"v":1}');
  });

  it('a deferred write that fails at the COMMIT fails the unit; nothing is stored and the connection is clean', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('web', 'deferred-fk', NOW);
        // No person 999 999: the foreign key refuses the save, which is only sent with the COMMIT.
        await tx.conversations.save('c:3', { ...doc('{}', 1), personId: 999_999 }, NOW);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await load('c:3')).toBeNull();
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'deferred-fk', NOW))).toBe(true);
  });

  it('a failed deferred write whose error a caller catches still fails the unit (never a silent rollback)', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.conversations.save('c:4', { ...doc('{}', 1), personId: 999_999 }, NOW);
        // The next statement sends the deferred write first and throws its error; this caller swallows it.
        await tx.conversations.load('c:4').catch(() => null);
        await tx.inboundEvents.markProcessed('web', 'after-caught', NOW).catch(() => false);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'after-caught', NOW))).toBe(true);
  });

  it('a unit whose own statement failed and was caught is refused at the COMMIT, not resolved as committed', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('web', 'caught-then-commit', NOW);
        await tx.conversations.save('c:5', doc('{}', 1), NOW);
        await tx.assessment.saveAnswer(999_999, { criterionId: 'x', value: 'a', selfPoints: null }, NOW);
        await tx.conversations.load('c:5').catch(() => null);
      }),
    ).rejects.toThrow();
    expect(await load('c:5')).toBeNull();
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'caught-then-commit', NOW))).toBe(true);
  });
});
