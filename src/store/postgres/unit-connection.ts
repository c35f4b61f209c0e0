/**
 * A unit of work's connection, as the repositories see it: statements run in order on the pooled client, but what
 * needs no answer of its own — the unit's `BEGIN` and chat lock, and writes whose result nobody reads
 * ({@link UnitConnection.defer}) — waits and goes in the same round trip as the unit's next statement or its COMMIT.
 *
 * Why: each round trip costs the app a socket write and a wake-up, on the same core that runs the engine, and the
 * server as much again; on two cores that, not the SQL, is most of an engine step's cost (measured with
 * `npm run bench:engine -- --store postgres`). An engine step is then three round trips instead of five:
 * `BEGIN; lock; EXECUTE start_step(…)`, the session's read, and `EXECUTE answer(…); EXECUTE save(…); COMMIT`.
 *
 * How: one simple-protocol query carries the waiting statements and the next one. That protocol takes no parameters,
 * so a statement goes as `EXECUTE name('value', …)` of a statement prepared with SQL `PREPARE` once per pooled
 * connection (the first use on a connection sends the `PREPARE` in a round trip of its own): the server neither
 * parses nor plans it again, as with the driver's named statements, and the values are quoted literals, which the
 * server types as it would the driver's untyped parameters. Values with no literal form here (arrays, dates,
 * buffers) make the statement run on its own, as a named statement, after the waiting ones.
 *
 * Read-ahead: a chat's steps repeat — while a person answers a self-assessment, every step reads the same session
 * right after its first statement. A read marked as such (`readAheadRows` in pg-query.ts) that was a unit's second
 * statement is remembered for the chat's lock key ({@link ReadAheads}), and the chat's next unit sends it after its
 * first statement, in the same round trip; if that unit's next statement is the same read with the same values,
 * it gets those rows without a round trip (an engine step: two). Only reads are marked, and the rows are used only
 * when nothing was sent or queued in between: it is as if the read had run at that moment, which READ COMMITTED
 * allows. A guess that misses costs one read and is forgotten.
 *
 * The order of statements never changes, so read-your-writes holds. What changes is only when a deferred write's
 * error surfaces: with the next statement or the COMMIT, failing the unit as it would have failed anyway — so only
 * writes whose failure no caller catches may be deferred (see `writeDeferred` in pg-query.ts).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Client } from './pg-query.js';

/** A parameter as an SQL literal, or undefined when it has no literal form (the statement then runs on its own). */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? `'${String(value)}'` : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return `'${String(value)}'`;
  return undefined;
}

/** PostgreSQL keeps the first 63 bytes of a name: longer ones are shortened to a hash so two never collide. */
const MAX_NAME = 63;

/**
 * The SQL-level name for a statement the driver knows as `name`. SQL `PREPARE` and the protocol's named statements
 * share one namespace per connection, hence the `x_` prefix.
 */
export function sqlStatementName(name: string): string {
  const full = `x_${name}`;
  return full.length <= MAX_NAME ? full : `x_h_${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}

/** `EXECUTE "name"('a', NULL, …)`; undefined when a value has no literal form. */
export function executeStatement(sqlName: string, values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of values) {
    const written = literal(value);
    if (written === undefined) return undefined;
    literals.push(written);
  }
  return literals.length === 0 ? `EXECUTE "${sqlName}"` : `EXECUTE "${sqlName}"(${literals.join(', ')})`;
}

/** A statement waiting for the next round trip: plain SQL, or the execution of a statement to prepare first. */
interface Waiting {
  sql: string;
  prepare?: { name: string; text: string };
  /** `BEGIN` or the lock: what a unit that ran no statement never needs to send. */
  opening?: true;
}

/** The SQL-level statements prepared on each pooled connection (they live as long as its server session). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/** A read to send ahead: a named statement and its values. */
interface ReadAhead {
  name: string;
  text: string;
  values: readonly unknown[];
}

/**
 * The read each chat's last unit ran right after its first statement, by lock key: what its next unit sends ahead.
 * Bounded (the oldest chat is forgotten first); one per store, so per instance.
 */
export class ReadAheads {
  private readonly byKey = new Map<string, ReadAhead>();

  constructor(private readonly capacity = 20_000) {}

  get(key: string): ReadAhead | undefined {
    return this.byKey.get(key);
  }

  set(key: string, read: ReadAhead): void {
    this.byKey.delete(key);
    this.byKey.set(key, read);
    if (this.byKey.size > this.capacity) {
      const oldest = this.byKey.keys().next();
      if (!oldest.done) this.byKey.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}

/** What a unit's read-ahead needs: the chat's lock key and the store's remembered reads. */
export interface ReadAheadScope {
  key: string;
  reads: ReadAheads;
}

export class UnitConnection implements Client {
  private waiting: Waiting[] = [];
  /**
   * The first error of a round trip that carried waiting statements. It is thrown by whichever statement came with
   * them, whose caller may catch it; the transaction is aborted all the same, so `commit()` rethrows it rather than
   * let the unit resolve as if its writes were stored.
   */
  private failure: unknown;
  private readonly prepared: Set<string>;
  /** Statements the unit has run so far (a read is remembered for read-ahead only as the second). */
  private statements = 0;
  /** A round trip has been attempted (BEGIN goes with the first). */
  private sentAny = false;
  /** The rows of the read sent ahead, while nothing else has been sent or queued since. */
  private ahead: { sql: string; result: pg.QueryResult<Record<string, unknown>> } | undefined;
  /** Statements run or queued so far (a read sent ahead stands only if none came while its round trip was out). */
  private issued = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly scope?: ReadAheadScope,
  ) {
    let prepared = preparedOn.get(client);
    if (prepared === undefined) preparedOn.set(client, (prepared = new Set()));
    this.prepared = prepared;
  }

  /** Opens the transaction (and takes the chat's lock) with the unit's first statement, not in a round trip of its own. */
  begin(lockKey: string | undefined): void {
    this.waiting.push({ sql: 'BEGIN', opening: true });
    if (lockKey !== undefined) {
      this.waiting.push({ sql: `SELECT pg_advisory_xact_lock(hashtextextended(${pg.escapeLiteral(lockKey)}, 0))`, opening: true });
    }
  }

  /**
   * Runs a statement. With statements waiting, a named statement whose values all have a literal form goes in the
   * same round trip as them (as `EXECUTE`); anything else runs after them, on its own.
   */
  async query(config: pg.QueryConfig | string, values?: unknown[]): Promise<pg.QueryResult<Record<string, unknown>>> {
    this.forgetAhead();
    this.statements += 1;
    const issued = ++this.issued;
    if (this.waiting.length > 0) {
      const own = typeof config === 'string' ? undefined : this.executable(config.name, config.text, config.values ?? []);
      if (own !== undefined) {
        const ahead = this.statements === 1 ? this.planAhead() : undefined;
        const results = await this.send([...this.take(), own, ...(ahead ? [ahead] : [])]).catch((error: unknown) => {
          // The read sent ahead may be what failed: the chat's next unit does not send it again.
          if (ahead && this.scope) this.scope.reads.delete(this.scope.key);
          throw error;
        });
        // Another statement run or queued while this round trip was out (statements awaited together) went after the
        // read sent ahead: its rows no longer stand for a read made now.
        if (ahead && this.issued === issued) this.ahead = { sql: ahead.sql, result: results.at(-1) as pg.QueryResult<Record<string, unknown>> };
        return results.at(ahead ? -2 : -1) as pg.QueryResult<Record<string, unknown>>;
      }
      await this.send(this.take());
    }
    return typeof config === 'string' ? this.client.query<Record<string, unknown>>(config, values) : this.client.query<Record<string, unknown>>(config);
  }

  /**
   * Runs a read that may be sent ahead with the chat's next unit (a plain SELECT: no effect, and nothing but the
   * server failing makes it fail). Served from the rows sent ahead when this is the same read with the same values
   * and nothing was sent or queued since; remembered for the next unit when it is the unit's second statement.
   */
  async readAhead(name: string, text: string, values: readonly unknown[]): Promise<pg.QueryResult<Record<string, unknown>>> {
    const sql = executeStatement(sqlStatementName(name), values);
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead !== undefined && sql !== undefined && ahead.sql === sql) {
      this.statements += 1;
      return ahead.result;
    }
    // Not the read sent ahead (or none was): remember this one if it is the unit's second statement, else nothing.
    if (this.scope) {
      if (this.statements === 1 && this.waiting.length === 0 && sql !== undefined) this.scope.reads.set(this.scope.key, { name, text, values });
      else this.scope.reads.delete(this.scope.key);
    }
    return this.query({ name, text, values: [...values] });
  }

  /** Queues a write, sent with the unit's next statement or its COMMIT; false when it has no literal form. */
  defer(name: string, text: string, values: readonly unknown[]): boolean {
    const waiting = this.executable(name, text, values);
    if (waiting === undefined) return false;
    this.forgetAhead();
    this.issued += 1;
    this.waiting.push(waiting);
    return true;
  }

  /**
   * Sends the waiting statements and COMMIT in one round trip. Throws when the transaction did not commit: a
   * statement sent with waiting ones failed earlier (its error, even if a caller caught it), or the server answered
   * the COMMIT with a ROLLBACK (an error inside the unit was caught and the unit went on).
   */
  async commit(): Promise<void> {
    this.forgetAhead();
    if (this.failure !== undefined) throw this.failure;
    const statements = this.take();
    // BEGIN still waiting: the unit sent nothing, so there is no transaction to end.
    if (statements.length > 0 && statements.every((s) => s.opening)) return;
    statements.push({ sql: 'COMMIT' });
    const results = await this.send(statements);
    if (results.at(-1)?.command === 'ROLLBACK') throw new Error('postgres: the unit of work was rolled back (a statement inside it failed and the error was caught)');
  }

  /** Forgets the waiting statements (the unit is rolled back). */
  discard(): void {
    this.waiting = [];
  }

  /** Whether BEGIN has gone to the server (with whatever went with it): only then is there a transaction to end. */
  get begun(): boolean {
    return this.sentAny;
  }

  /** The read to send ahead with the unit's first statement: the one its chat's last unit ran second. */
  private planAhead(): Waiting | undefined {
    const read = this.scope?.reads.get(this.scope.key);
    return read === undefined ? undefined : this.executable(read.name, read.text, read.values);
  }

  /** Something else is sent or queued: the rows read ahead no longer stand for a read made now. */
  private forgetAhead(): void {
    if (this.ahead === undefined) return;
    this.ahead = undefined;
    // A guess that missed: the chat's next unit does not send it again (unless this unit remembers it anew).
    if (this.scope) this.scope.reads.delete(this.scope.key);
  }

  private executable(name: string | undefined, text: string, values: readonly unknown[]): Waiting | undefined {
    if (name === undefined) return undefined;
    const sqlName = sqlStatementName(name);
    const sql = executeStatement(sqlName, values);
    if (sql === undefined) return undefined;
    return this.prepared.has(sqlName) ? { sql } : { sql, prepare: { name: sqlName, text } };
  }

  /**
   * One round trip for the statements (after one per `PREPARE` they need, on a connection's first use of them). The
   * `PREPARE`s and the statements are queued on the client at once, so a statement the unit runs meanwhile (its
   * statements awaited together) never goes before them. PREPARE is not undone by a rollback, nor by a later statement
   * failing, so each goes in a query of its own and counts as prepared unless it failed: preparing it again would
   * fail ("already exists") on every later use of the connection.
   */
  private async send(statements: Waiting[]): Promise<pg.QueryResult[]> {
    this.sentAny = true;
    const pending: Promise<unknown>[] = [];
    for (const { prepare } of statements) {
      if (!prepare || this.prepared.has(prepare.name)) continue;
      const { name, text } = prepare;
      this.prepared.add(name);
      pending.push(this.client.query(`PREPARE "${name}" AS ${text}`).catch((error: unknown) => {
        this.prepared.delete(name);
        throw error;
      }));
    }
    const batch = this.client.query(statements.map((s) => s.sql).join(';\n')) as Promise<pg.QueryResult | pg.QueryResult[]>;
    let results: pg.QueryResult | pg.QueryResult[];
    if (pending.length === 0) {
      // The usual case: every statement is prepared on this connection already.
      try {
        results = await batch;
      } catch (error) {
        this.failure ??= error;
        throw error;
      }
    } else {
      const settled = await Promise.allSettled([...pending, batch]);
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed !== undefined) {
        this.failure ??= failed.reason;
        throw failed.reason;
      }
      results = await batch;
    }
    return Array.isArray(results) ? results : [results];
  }

  private take(): Waiting[] {
    const statements = this.waiting;
    this.waiting = [];
    return statements;
  }
}
