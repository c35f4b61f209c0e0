/**
 * Child loggers built on first use. The engine binds each event's ids (and each module call's name) to a child
 * logger, yet most steps log nothing; a pino child serialises its bindings up front, which costs more than the rest
 * of a cached step.
 */
import type { EngineLogger } from './engine-logger.js';

/** A logger that behaves as `parent.child(bindings)`, creating that child only when something is logged. */
export function lazyChild(parent: EngineLogger, bindings: Record<string, unknown>): EngineLogger {
  return new LazyChildLogger(parent, bindings);
}

class LazyChildLogger implements EngineLogger {
  private built: EngineLogger | undefined;

  constructor(
    private readonly parent: EngineLogger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  private get target(): EngineLogger {
    return (this.built ??= this.parent.child(this.bindings));
  }

  debug(...args: Parameters<EngineLogger['debug']>): void {
    this.target.debug(...args);
  }

  info(...args: Parameters<EngineLogger['info']>): void {
    this.target.info(...args);
  }

  warn(...args: Parameters<EngineLogger['warn']>): void {
    this.target.warn(...args);
  }

  error(...args: Parameters<EngineLogger['error']>): void {
    this.target.error(...args);
  }

  child(bindings: Record<string, unknown>): EngineLogger {
    // The parent's child with both bindings (as pino merges nested bindings). A lazy child of `this` would
    // resolve through `this.child` again and recurse without end on the first line logged.
    return new LazyChildLogger(this.parent, { ...this.bindings, ...bindings });
  }
}
