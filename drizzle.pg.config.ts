import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit for the PostgreSQL schema (db/schema.pg.ts → db/migrations-pg). Generation is offline (no database
 * needed); the app applies the migrations at start-up under an advisory lock (src/store/postgres/open-postgres.ts).
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
  strict: true,
  verbose: false,
});
