/** The logging the engine and workflows use (pino satisfies it). Only ids and counts go in: never names, phones or scores. */
export interface EngineLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): EngineLogger;
}

/** Injected time, so tests can pause a week or cross a deadline. */
export interface Clock {
  now(): Date;
}
