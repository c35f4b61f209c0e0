/**
 * `node:util` parseArgs with the errors turned into Vietnamese usage errors (exit code 2). Node's own messages are
 * English ("Unknown option '--x'. To specify a positional argument…"), so each is rewritten from its error code and
 * the option it names; nothing of node's text reaches the office.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` strictly; unknown flags or missing values become a `UsageError` ending with `usage`. */
export function parseOptions<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`Tham số không hợp lệ: ${parseErrorText(error)}\n${usage}`);
  }
}

/** The Vietnamese explanation of one of parseArgs' errors (by its `code`, naming the option it quotes). */
export function parseErrorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const option = /'(--?[^'\s]+)/.exec(message)?.[1];
  const named = option ? ` "${option}"` : '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `không có tham số${named} (gõ --help để xem các tham số của lệnh).`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `tham số${named} không nhận giá trị (chỉ ghi${named}).`
        : `tham số${named} cần một giá trị (ví dụ${named} GIÁ_TRỊ).`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'lệnh này không nhận thêm từ nào ngoài các tham số.';
    default:
      return 'không đọc được các tham số.';
  }
}
