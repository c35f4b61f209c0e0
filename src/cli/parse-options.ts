/**
 * `node:util` parseArgs with the errors turned into Vietnamese usage errors (exit code 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` strictly; unknown flags or missing values become a `UsageError` ending with `usage`. */
export function parseOptions<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Tham số không hợp lệ (${detail}).\n${usage}`);
  }
}
