/**
 * Dispatches `thidua <command> …` to the registered commands. Separate from index.ts so tests can run the CLI
 * in-process with captured output.
 */
import { loadConfig, type Config } from '../config.js';
import { UsageError, type CliCommand, type CliContext, type CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';

export async function runCli(
  argv: string[],
  io: CliIo,
  options: { env?: Record<string, string | undefined>; now?: () => Date; commands?: CliCommand[] } = {},
): Promise<number> {
  const commands = options.commands ?? COMMANDS;
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out('Cách dùng: thidua <lệnh> [tham số]\n');
    for (const c of commands) io.out(`  ${c.name.padEnd(12)} ${c.summary}`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Không có lệnh "${name}". Gõ "thidua help" để xem danh sách lệnh.`);
    return 2;
  }
  let config: Config | undefined;
  const ctx: CliContext = {
    ...io,
    config: () => (config ??= options.env ? loadConfig(options.env) : loadConfig()),
    now: options.now ?? (() => new Date()),
  };
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(`Lỗi: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
