import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'db/migrations/**', 'test-output/**', 'coverage/**', 'src/channels/web/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Type-aware rules for the TypeScript of tsconfig.json (src, db, test; tests included). Only the two promise rules
  // are switched on: the whole `recommendedTypeChecked` set would slow lint down and bring rules the project has not
  // agreed on. `projectService` builds one program from tsconfig.json. Root-level config files (drizzle*.config.ts,
  // vitest*.config.ts) are linted without types, so a new one needs no tsconfig change.
  {
    files: ['src/**/*.ts', 'db/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise is awaited, returned, or handed off on purpose with `void` — and then it must not reject (it ends
      // in a `.catch` that logs, or cannot reject by construction): an unhandled rejection kills the process.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true, ignoreIIFE: false }],
      // No promise where a plain value is expected: an async callback given to `forEach`, an event emitter or an
      // express handler typed `void` loses its rejection; an `if (promise)` is always true.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksConditionals: true, checksSpreads: true, checksVoidReturn: { arguments: true, attributes: false, properties: true, returns: true, variables: true } },
      ],
    },
  },
  // The exam room's pages (plain browser scripts, no build step).
  {
    files: ['src/exam-room/static/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', performance: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
);
