/**
 * A unit of work's connection, as the repositories see it: statements run in order on the pooled client, and writes
 * whose result nobody reads may be deferred ({@link UnitConnection.defer}) and sent together with the next statement
 * (just before it) or with the COMMIT — one round trip instead of two.
 *
 * Why: an engine step ends with writes that return nothing (the answer, the conversation's state) followed by
 * COMMIT. Each statement costs the app a socket write and a wake-up, on the same core that runs the engine; sent as
 * one simple-protocol query (`INSERT …; UPDATE …; COMMIT`) they cost one. The order of statements is unchanged: a
 * deferred write is sent before any later statement of the unit, so later reads see it (read-your-writes holds).
 * What changes is only when a deferred write's error surfaces: at the next statement or the COMMIT, failing the unit
 * as it would have failed anyway — so only writes whose failure no caller catches may be deferred (see
 * `writeDeferred` in pg-query.ts).
 *
 * Deferred writes go as one simple-protocol query with their parameters as literals (that protocol takes no
 * parameters): strings, numbers, booleans and null only (written through the driver's own `escapeLiteral`); a write
 * with any other parameter (an array) runs at once.
 */
import pg from 'pg';
import type { Client } from './pg-query.js';

/**
 * A parameter as an SQL literal, or undefined when it has no literal form (the statement then runs on its own).
 * Every value is written as a quoted, untyped literal — what the driver sends for a parameter (text, type left to
 * the server) — so the server gives it the type the statement's context asks for, as it does a parameter's.
 */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? `'${String(value)}'` : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return `'${String(value)}'`;
  return undefined;
}

/**
 * `text` with `$1…$n` replaced by the values as literals; undefined when a value has no literal form or a
 * placeholder has no value. Every `$n` is replaced, in string literals and comments too: deferred statements must
 * not contain `$` otherwise (the two that are deferred do not).
 */
export function inlineParameters(text: string, values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of values) {
    const written = literal(value);
    if (written === undefined) return undefined;
    literals.push(written);
  }
  let missing = false;
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => {
    const written = literals[Number(n) - 1];
    if (written === undefined) missing = true;
    return written ?? '';
  });
  return missing ? undefined : inlined;
}

export class UnitConnection implements Client {
  private deferred: string[] = [];
  /**
   * The first error of a batch of deferred writes. It is thrown by whichever statement came next, whose caller may
   * catch it; the transaction is aborted all the same, so `commit()` rethrows it rather than let the unit resolve
   * as if its writes were stored.
   */
  private failure: unknown;

  constructor(private readonly client: pg.PoolClient) {}

  /**
   * Runs a statement, after the writes deferred before it (sent first, as one simple-protocol query). Why not in the
   * same round trip: the statement would then go as text with literals, parsed and planned on every call, and the
   * server's work for that cost more than the round trip it saves (measured with the engine benchmark).
   */
  async query(config: pg.QueryConfig | string, values?: unknown[]): Promise<pg.QueryResult<Record<string, unknown>>> {
    if (this.deferred.length > 0) {
      try {
        await this.client.query(this.take().join(';\n'));
      } catch (error) {
        this.failure ??= error;
        throw error;
      }
    }
    return typeof config === 'string' ? this.client.query<Record<string, unknown>>(config, values) : this.client.query<Record<string, unknown>>(config);
  }

  /** Queues a write, sent before the unit's next statement or with its COMMIT; false when it has no literal form. */
  defer(text: string, values: readonly unknown[]): boolean {
    const inlined = inlineParameters(text, values);
    if (inlined === undefined) return false;
    this.deferred.push(inlined);
    return true;
  }

  /**
   * Sends the deferred writes and COMMIT in one round trip. Throws when the transaction did not commit: a deferred
   * write failed earlier (its error, even if a caller caught it), or the server answered the COMMIT with a ROLLBACK
   * (an error inside the unit was caught and the unit went on).
   */
  async commit(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const statements = this.take();
    statements.push('COMMIT');
    const results: pg.QueryResult | pg.QueryResult[] = await this.client.query(statements.join(';\n'));
    const last = Array.isArray(results) ? results.at(-1) : results;
    if (last?.command === 'ROLLBACK') throw new Error('postgres: the unit of work was rolled back (a statement inside it failed and the error was caught)');
  }

  /** Forgets the deferred writes (the unit is rolled back). */
  discard(): void {
    this.deferred = [];
  }

  private take(): string[] {
    const statements = this.deferred;
    this.deferred = [];
    return statements;
  }
}
