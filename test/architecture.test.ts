/**
 * The architecture rules of docs/ARCHITECTURE.md ("Rules (checked by test/architecture.test.ts)"), checked on the
 * REAL import graph: every `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')` of
 * every .ts file under src/ (read with the TypeScript compiler's own pre-processor, so comments and strings are not
 * mistaken for imports), relative specifiers resolved to the file they name. A violation names the importing file,
 * the import as written and the rule.
 *
 * The checker is tested first on a synthetic fixture, so a broken checker (no files found, nothing resolved, a rule
 * that never fires) cannot pass silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------------------------------
// The graph
// ---------------------------------------------------------------------------------------------------------------

/** One import of one file. `target` is a repository-relative path (`src/x/y.ts`) or a package (`pkg:drizzle-orm`). */
interface ImportEdge {
  /** Repository-relative path of the importing file, with `/` separators. */
  from: string;
  /** The specifier as written (`../../persistence/open-db.js`, `drizzle-orm/sqlite-core`). */
  specifier: string;
  /**
   * What it names: a repository-relative file (`src/store/store.ts`, `db/schema.ts`) for a relative specifier, or
   * `pkg:<name>` for a package (`pkg:drizzle-orm`, `pkg:@scope/name`, `pkg:node:fs`).
   */
  target: string;
}

/** Package name of a bare specifier: `drizzle-orm/sqlite-core` → `drizzle-orm`, `@a/b/c` → `@a/b`, `fs` → `node:fs`. */
function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.split('/')[0] ?? specifier;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  // A bare Node built-in (`fs`, `http`) is the same module as `node:fs`.
  return BUILTINS.has(name) ? `node:${name}` : name;
}
const BUILTINS = new Set(['fs', 'path', 'http', 'https', 'http2', 'net', 'tls', 'crypto', 'os', 'child_process', 'url', 'worker_threads', 'stream', 'events', 'util', 'zlib', 'dgram', 'dns']);

/**
 * Resolves a relative specifier of `from` against the set of known files: `./x.js` → `x.ts`, `./x` → `x.ts` or
 * `x/index.ts`, `./data.json` → `data.json`. Returns the joined path even when no file exists (the rules still
 * apply to where it points; a missing file is reported by the type checker, not here).
 */
function resolveRelative(from: string, specifier: string, exists: (path: string) => boolean): string {
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    joined.replace(/\.(m|c)?js$/, '.ts'),
    joined.replace(/\.(m|c)?js$/, '.tsx'),
    joined,
    `${joined}.ts`,
    `${joined}/index.ts`,
  ];
  return candidates.find(exists) ?? joined.replace(/\.(m|c)?js$/, '.ts');
}

/** The specifiers a source text imports or re-exports (static, side-effect, dynamic, `import x = require()`). */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Builds the edges of `files` (repository-relative paths) given their sources. */
function buildGraph(files: readonly { path: string; source: string }[], exists: (path: string) => boolean): ImportEdge[] {
  return files.flatMap(({ path, source }) =>
    specifiersOf(source).map((specifier) => ({
      from: path,
      specifier,
      target: specifier.startsWith('.') ? resolveRelative(path, specifier, exists) : `pkg:${packageOf(specifier)}`,
    })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------------------------

interface Violation {
  rule: string;
  from: string;
  specifier: string;
  target: string;
}

interface Rule {
  /** Short name, as in docs/ARCHITECTURE.md. */
  name: string;
  /** Whose imports the rule constrains. */
  appliesTo(file: string): boolean;
  /** True when `edge` breaks the rule. */
  forbids(edge: ImportEdge): boolean;
}

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const pkg = (...names: string[]) => (target: string) => names.some((n) => target === `pkg:${n}`);

/** The store's implementation folders: the only places that know the database. */
const STORE_IMPLEMENTATION = ['src/store/sqlite', 'src/store/postgres'];
const isStoreImplementation = (path: string) => STORE_IMPLEMENTATION.some((f) => under(f)(path));

/** Storage libraries and the schema (`db/schema.ts`, later `db/schema.pg.ts`). */
const isStorageLibrary = pkg('drizzle-orm', 'drizzle-kit', 'better-sqlite3', 'pg', 'pg-pool', 'postgres');
const isSchema = (target: string) => /^db\/schema[^/]*$/.test(target);

/** The channel-agnostic core: rules, workflows, the engine. */
const CORE = [
  'src/conversation',
  'src/workflows',
  'src/approval',
  'src/scoring',
  'src/periods',
  'src/results',
  'src/contest',
  'src/contest-service',
  'src/awards',
  'src/initiatives',
  'src/nominations',
  'src/org-index',
];
const isCore = (path: string) => CORE.some((f) => under(f)(path));

/** Platforms, HTTP and process-level libraries the core must not know (it logs through `EngineLogger`). */
const isPlatform = pkg('telegraf', 'express', 'node-cron', 'pino', 'pino-pretty', 'node:http', 'node:https', 'node:http2', 'node:net', 'undici', 'playwright-core');
/** Edges of the application the core must not reach into. */
const EDGES = ['src/channels', 'src/http', 'src/scheduler', 'src/app', 'src/cli'];

const RULES: Rule[] = [
  {
    name: 'only the store implementation imports the database (drizzle-orm, better-sqlite3, pg, db/schema*)',
    appliesTo: (file) => !isStoreImplementation(file),
    forbids: (e) => isStorageLibrary(e.target) || isSchema(e.target),
  },
  {
    name: 'the core imports no platform, no HTTP and no logger library (telegraf, express, node-cron, pino, node:http…)',
    appliesTo: isCore,
    forbids: (e) => isPlatform(e.target),
  },
  {
    name: 'the core imports nothing from channels, http, scheduler, app or cli',
    appliesTo: isCore,
    forbids: (e) => EDGES.some((f) => under(f)(e.target)),
  },
  {
    name: "the core imports the store's interfaces (src/store/*.ts), never an implementation or the store factory",
    appliesTo: isCore,
    forbids: (e) =>
      under('src/store')(e.target) &&
      (e.target.split('/').length > 3 || e.target === 'src/store/open-store.ts'),
  },
  {
    name: 'the core does not read the configuration or the process logger (src/config.ts, src/logger.ts)',
    appliesTo: isCore,
    forbids: (e) => e.target === 'src/config.ts' || e.target === 'src/logger.ts' || e.target === 'src/log-pretty.ts',
  },
  {
    name: "the store's interfaces (src/store/*.ts, except the factory open-store.ts) import no implementation",
    appliesTo: (file) => /^src\/store\/[^/]+\.ts$/.test(file) && file !== 'src/store/open-store.ts',
    forbids: (e) => under('src/store')(e.target) && e.target.split('/').length > 3,
  },
  {
    name: 'a channel imports no app/, no scheduler and no other channel',
    appliesTo: (file) => /^src\/channels\/[^/]+\//.test(file),
    forbids: (e) => {
      if (under('src/app')(e.target) || under('src/scheduler')(e.target)) return true;
      const own = /^src\/channels\/([^/]+)\//.exec(e.from)?.[1];
      const other = /^src\/channels\/([^/]+)\//.exec(e.target)?.[1];
      return other !== undefined && other !== own;
    },
  },
  {
    name: 'scoring is pure: it imports only zod, yaml, node:fs, node:path, src/project-root.ts (to find flows/) and other scoring files',
    appliesTo: under('src/scoring'),
    forbids: (e) =>
      !(
        pkg('zod', 'yaml', 'node:fs', 'node:path')(e.target) ||
        under('src/scoring')(e.target) ||
        e.target === 'src/project-root.ts'
      ),
  },
  {
    name: 'nothing imports src/persistence/** (the old storage folder is being removed)',
    appliesTo: (file) => !under('src/persistence')(file),
    forbids: (e) => under('src/persistence')(e.target),
  },
];

/** Every violation of `rules` in `edges`. */
function check(edges: readonly ImportEdge[], rules: readonly Rule[] = RULES): Violation[] {
  return edges.flatMap((edge) =>
    rules
      .filter((rule) => rule.appliesTo(edge.from) && rule.forbids(edge))
      .map((rule) => ({ rule: rule.name, from: edge.from, specifier: edge.specifier, target: edge.target })),
  );
}

/** One line per violation: `src/a.ts → '../b.js' (src/b.ts): rule`. */
function report(violations: readonly Violation[]): string {
  return violations
    .map((v) => `${v.from} → '${v.specifier}'${v.target.startsWith('pkg:') ? '' : ` (${v.target})`}: ${v.rule}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------------------------------------------

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

function tsFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'node_modules' || name === 'static' ? [] : tsFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const existsInRepo = (path: string) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();

function graphOf(files: readonly string[]): ImportEdge[] {
  return buildGraph(
    files.map((path) => ({ path, source: readFileSync(join(ROOT, path), 'utf8') })),
    existsInRepo,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------------

describe('the import-graph checker (on a synthetic fixture)', () => {
  const sources: Record<string, string> = {
    'src/conversation/engine.ts': [
      "import type { Tx } from '../store/store.js';", // allowed: a store interface
      "import { createSqliteStore } from '../store/sqlite/sqlite-store.js';", // core → store implementation
      "import { Telegraf } from 'telegraf';", // core → platform
      "// import express from 'express'; (a comment, not an import)",
      "const text = `import pino from 'pino'`; // a string, not an import",
      "export { openDb } from '../../src/persistence/open-db.js';", // re-export from the old folder, two levels up
    ].join('\n'),
    'src/workflows/a/b.ts': "const m = await import('../../channels/telegram/x.js');", // dynamic import into a channel
    'src/channels/zalo/c.ts': [
      "import { x } from '../telegram/x.js';", // another channel
      "import { split } from '../split-text.js';", // shared channel file: allowed
      "import type { AppServices } from '../../app/services.js';",
    ].join('\n'),
    'src/channels/telegram/x.ts': "import { sql } from 'drizzle-orm/sqlite-core';\nimport * as s from '../../../db/schema.js';",
    'src/store/sqlite/sqlite-store.ts': "import Database from 'better-sqlite3';\nimport * as s from '../../../db/schema.js';",
    'src/scoring/score.ts': "import { z } from 'zod';\nimport { readFileSync } from 'fs';\nimport { x } from '../project-root.js';\nimport { y } from '../directory/phone.js';",
    'src/store/store.ts': "import type { Repositories } from './repositories.js';\nimport type { Db } from './sqlite/open-sqlite.js';",
    'src/store/open-store.ts': "import { createSqliteStore } from './sqlite/sqlite-store.js';",
    'src/store/sqlite/open-sqlite.ts': '',
    'src/store/repositories.ts': '',
    'src/channels/split-text.ts': '',
    'src/project-root.ts': '',
    'src/directory/phone.ts': '',
    'db/schema.ts': '',
    'src/persistence/open-db.ts': "import { x } from '../shared/row-check.js';",
    'src/persistence/row-check.ts': '',
    'src/app/services.ts': '',
  };
  const exists = (path: string) => path in sources;
  const edges = buildGraph(
    Object.entries(sources).map(([path, source]) => ({ path, source })),
    exists,
  );

  it('finds static, type-only, re-export and dynamic imports, and skips comments and strings', () => {
    expect(edges.filter((e) => e.from === 'src/conversation/engine.ts').map((e) => e.target)).toEqual([
      'src/store/store.ts',
      'src/store/sqlite/sqlite-store.ts',
      'pkg:telegraf',
      'src/persistence/open-db.ts',
    ]);
    expect(edges.find((e) => e.from === 'src/workflows/a/b.ts')?.target).toBe('src/channels/telegram/x.ts');
  });

  it('resolves relative paths at any depth and names packages by their root', () => {
    expect(resolveRelative('src/a/b/c.ts', '../../../db/schema.js', exists)).toBe('db/schema.ts');
    expect(resolveRelative('src/a/b.ts', '../store', (p) => p === 'src/store/index.ts')).toBe('src/store/index.ts');
    expect(packageOf('drizzle-orm/better-sqlite3/migrator')).toBe('drizzle-orm');
    expect(packageOf('@resvg/resvg-js')).toBe('@resvg/resvg-js');
    expect(packageOf('http')).toBe('node:http');
    expect(packageOf('node:fs/promises')).toBe('node:fs');
  });

  it('reports each violation with the importing file, the import and the rule', () => {
    const found = check(edges).map((v) => `${v.from} | ${v.specifier} | ${v.rule.split(' ').slice(0, 4).join(' ')}`);
    expect(found.sort()).toEqual(
      [
        'src/conversation/engine.ts | ../store/sqlite/sqlite-store.js | the core imports the',
        'src/conversation/engine.ts | telegraf | the core imports no',
        'src/conversation/engine.ts | ../../src/persistence/open-db.js | nothing imports src/persistence/** (the',
        'src/workflows/a/b.ts | ../../channels/telegram/x.js | the core imports nothing',
        'src/channels/zalo/c.ts | ../telegram/x.js | a channel imports no',
        'src/channels/zalo/c.ts | ../../app/services.js | a channel imports no',
        'src/channels/telegram/x.ts | drizzle-orm/sqlite-core | only the store implementation',
        'src/channels/telegram/x.ts | ../../../db/schema.js | only the store implementation',
        'src/scoring/score.ts | ../directory/phone.js | scoring is pure: it',
        "src/store/store.ts | ./sqlite/open-sqlite.js | the store's interfaces (src/store/*.ts,",
      ].sort(),
    );
    expect(report(check(edges))).toContain(
      "src/channels/telegram/x.ts → '../../../db/schema.js' (db/schema.ts): only the store implementation imports the database",
    );
  });
});

describe('architecture (the real import graph of src/)', () => {
  const files = tsFiles('src');
  const edges = graphOf(files);

  it('reads every folder of src/ and resolves its imports to files that exist', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const folder of ['src/conversation', 'src/workflows', 'src/store/sqlite', 'src/channels/telegram', 'src/scoring']) {
      expect(files.some(under(folder)), folder).toBe(true);
    }
    const relativeEdges = edges.filter((e) => !e.target.startsWith('pkg:'));
    expect(relativeEdges.length).toBeGreaterThan(300);
    const unresolved = relativeEdges.filter((e) => !existsInRepo(e.target)).map((e) => `${e.from} → '${e.specifier}'`);
    expect(unresolved.join('\n')).toBe('');
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      const violations = check(edges, [rule]);
      expect(report(violations)).toBe('');
    });
  }

  it('the store contract suite (test/store/contract.ts) is written against the interfaces only', () => {
    const path = 'test/store/contract.ts';
    if (!existsInRepo(path)) return;
    const violations = graphOf([path]).filter(
      (e) => isStorageLibrary(e.target) || isSchema(e.target) || isStoreImplementation(e.target) || under('test/helpers')(e.target),
    );
    expect(violations.map((e) => `${e.from} → '${e.specifier}'`)).toEqual([]);
  });

  it('no test imports src/persistence/** (the folder is being removed)', () => {
    const violations = check(graphOf(tsFiles('test')), RULES.filter((r) => r.name.startsWith('nothing imports src/persistence')));
    expect(report(violations)).toBe('');
  });

  it('only src/config.ts reads process.env', () => {
    const offenders = files.filter((f) => f !== 'src/config.ts' && readFileSync(join(ROOT, f), 'utf8').includes('process.env'));
    expect(offenders).toEqual([]);
  });
});
