/**
 * The shape of a `thidua` sub-command. Each command lives in `src/cli/commands/<name>.ts` and is registered in
 * `src/cli/index.ts`. Commands print to `out` (stdout) and `err` (stderr) so tests can capture them, and return
 * an exit code instead of calling `process.exit`.
 */
import type { Config } from '../config.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliContext extends CliIo {
  /** Validated configuration (DATABASE_PATH etc.). Loaded lazily so `thidua rubric validate` needs no env. */
  config: () => Config;
  /** Current time (injectable for tests). */
  now: () => Date;
}

export interface CliCommand {
  /** First word: `rubric`, `import`, `period`, `score`, … */
  name: string;
  /** One line for `thidua help`. */
  summary: string;
  /**
   * The full usage (`Cách dùng: thidua <name> …`, every sub-command and option), printed by `thidua <name> --help`,
   * `-h` and `thidua help <name>`, and after a parse error. Required so no command is left without help.
   */
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** Thrown for bad usage; printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
