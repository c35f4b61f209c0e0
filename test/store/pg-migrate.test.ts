/**
 * Migrations on PostgreSQL: several instances starting at once on a fresh database all succeed (the migration runs
 * under `pg_advisory_lock`), the result is the committed schema, and a second start applies nothing.
 */
import { readFileSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../db/schema.pg.js';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/store/postgres/open-postgres.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/pg-test-db.js';

/** How many migrations are committed (so the test follows new ones instead of a hard-coded count). */
const MIGRATIONS = (JSON.parse(readFileSync('db/migrations-pg/meta/_journal.json', 'utf8')) as { entries: unknown[] }).entries.length;

/** The tables of db/schema.pg.ts. */
const TABLES = Object.values(schema).filter((v) => is(v, PgTable)).length;

const made: TestDatabase[] = [];
afterEach(async () => {
  for (const db of made.splice(0)) await db.drop();
});

async function fresh(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  made.push(db);
  return db;
}

async function scalar(url: string, text: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(text)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

describe('PostgreSQL migrations', () => {
  it('three instances migrating a fresh database at once all succeed, and each migration is applied once', async () => {
    for (let round = 0; round < 3; round++) {
      const db = await fresh();
      const results = await Promise.allSettled([migratePostgres(db.config), migratePostgres(db.config), migratePostgres(db.config)]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
      expect(await scalar(db.url, 'SELECT count(*) FROM drizzle.__drizzle_migrations')).toBe(MIGRATIONS);
      expect(await scalar(db.url, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`)).toBe(TABLES);
      expect(await scalar(db.url, `SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal`)).toBe(3);
    }
  });

  it('three stores opening at once on a fresh database all work; a later start applies nothing', async () => {
    const db = await fresh();
    const stores = await Promise.all([openPostgresStore(db.config), openPostgresStore(db.config), openPostgresStore(db.config)]);
    try {
      const marks = await Promise.all(stores.map((s, i) => s.transaction((tx) => tx.inboundEvents.markProcessed('web', `e${i}`, 1))));
      expect(marks).toEqual([true, true, true]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
    await migratePostgres(db.config);
    expect(await scalar(db.url, 'SELECT count(*) FROM drizzle.__drizzle_migrations')).toBe(MIGRATIONS);
  });

  it('the partial index and the identity columns are as in the schema', async () => {
    const db = await fresh();
    await migratePostgres(db.config);
    expect(await scalar(db.url, `SELECT indexdef FROM pg_indexes WHERE indexname = 'inbound_events_pending'`)).toMatch(
      /WHERE \(status = 'pending'::text\)$/,
    );
    expect(await scalar(db.url, `SELECT is_identity FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'id'`)).toBe('YES');
  });
});
