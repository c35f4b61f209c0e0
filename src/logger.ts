/**
 * Structured logging with pino. Personal data (names, phones, scores — Decree 13/2023/NĐ-CP) and secrets
 * never go into logs: log ids (person id, chat key, event id), counts and outcomes only. The redact list is a
 * second line of defence for fields that must never be printed even by mistake.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'phone',
  '*.phone',
  'fullName',
  '*.fullName',
  'name',
  '*.name',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'req.headers.cookie',
];

export function createLogger(level = 'info', destination?: { write(line: string): unknown }): Logger {
  return pino(
    {
      level,
      base: { app: 'thidua' },
      redact: { paths: REDACT_PATHS, censor: '[ẩn]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A logger that prints nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
