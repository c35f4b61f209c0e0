import { defineConfig } from 'drizzle-kit';

/** drizzle-kit only generates migrations from db/schema.ts; the app applies them at start-up (src/persistence/migrate.ts). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
  verbose: false,
});
