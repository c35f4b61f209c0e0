/**
 * Configuration: the only module that reads `process.env`. Validated once with zod; everything else receives the
 * typed `Config`. Secrets are kept out of `describeConfig` (the log-safe summary).
 */
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty`: one readable line per event (a terminal); `json`: pino's lines (log collectors). Unset: pretty on a terminal. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/thidua.db'),
  /** `postgres://user:password@host:port/db` selects PostgreSQL (a province); unset keeps SQLite at DATABASE_PATH. */
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'DATABASE_URL phải có dạng postgres://người_dùng:mật_khẩu@máy_chủ:cổng/tên_cơ_sở_dữ_liệu')
      .optional(),
  ),
  /** Connections per pool (PostgreSQL only; the store keeps two pools: units of work and read-only reads). */
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'DATABASE_POOL_SIZE phải là một số nguyên' })
    .int('DATABASE_POOL_SIZE phải là một số nguyên')
    .min(1, 'DATABASE_POOL_SIZE phải từ 1 đến 200')
    .max(200, 'DATABASE_POOL_SIZE phải từ 1 đến 200')
    .default(10),
  /** A statement running longer is cancelled by the server (ms; 0 = no limit). PostgreSQL only. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ error: 'DATABASE_STATEMENT_TIMEOUT_MS phải là một số mili giây' })
    .int('DATABASE_STATEMENT_TIMEOUT_MS phải là một số nguyên mili giây')
    .min(0, 'DATABASE_STATEMENT_TIMEOUT_MS không được âm (0 = không giới hạn)')
    .default(30_000),
  /** A transaction left idle longer is ended by the server, releasing its locks (ms; 0 = no limit). PostgreSQL only. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce
    .number({ error: 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS phải là một số mili giây' })
    .int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS phải là một số nguyên mili giây')
    .min(0, 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS không được âm (0 = không giới hạn)')
    .default(60_000),
  /** Evidence files and rendered pictures live here. Defaults to the database's folder. */
  DATA_DIR: optionalText,
  /** `auto`: seed the demo unit when the database has no unit yet; `off`: never. Unset: `off` in production. */
  DEMO_DATA: z.enum(['auto', 'off']).optional(),
  DEFAULT_UNIT_ID: optionalText,
  /** express `trust proxy`: a hop count (`1`) or the proxy's addresses (`loopback`); never `true` (trust-proxy.ts). */
  TRUST_PROXY: optionalText,
  PUBLIC_URL: optionalText.pipe(z.string().url('PUBLIC_URL phải là một URL đầy đủ (https://…)').optional()),
  SCHEDULER: z.enum(['on', 'off']).default('on'),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('polling'),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 16–256 ký tự A-Z, a-z, 0-9, _ và -')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),

  ZALO_APP_ID: optionalText,
  ZALO_APP_SECRET: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_REFRESH_TOKEN: optionalText,
  ZALO_API_ROOT: z.string().url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.string().url().default('https://oauth.zaloapp.com'),
  ZALO_GROUP_ID: optionalText,

  /** Where evidence files are kept: `local` (the data folder; one instance, or a shared folder) or `s3` (a bucket). */
  FILE_STORE: z.enum(['local', 's3']).default('local'),
  /** The S3-compatible server (`https://minio.internal:9000`); path-style addressing. */
  S3_ENDPOINT: optionalText.pipe(z.string().url('S3_ENDPOINT phải là một URL đầy đủ (https://…)').optional()),
  S3_BUCKET: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET: 3–63 ký tự chữ thường, số, dấu chấm và gạch ngang')
      .optional(),
  ),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  /** Signs the short-lived file links (≥ 32 characters); the same value on every instance. */
  FILE_LINK_SECRET: optionalText.pipe(z.string().min(32, 'FILE_LINK_SECRET: tối thiểu 32 ký tự').optional()),
  /** How long a file link works (seconds). */
  FILE_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
});

export interface TelegramConfig {
  token: string;
  mode: 'webhook' | 'polling';
  webhookSecret?: string;
  publicUrl?: string;
  apiRoot: string;
}

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  /** Seeds the token store only when it is empty (refresh tokens rotate on every use). */
  refreshToken?: string;
  apiRoot: string;
  oauthRoot: string;
  groupId?: string;
}

/** An S3-compatible bucket for evidence files (`FILE_STORE=s3`). */
export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where evidence files are kept. */
export type FileStoreConfig = { kind: 'local' } | { kind: 's3'; s3: S3Config };

/**
 * PostgreSQL connection settings (the same shape as the store's `PostgresConfig`; config.ts may not import the
 * store's PostgreSQL code, which pulls in the `pg` driver).
 */
export interface PostgresSettings {
  /** Holds the password: never logged (see {@link describeConfig}). */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  /** Unset: pretty when stdout is a terminal, else JSON (decided in main.ts). */
  logFormat?: 'pretty' | 'json';
  port: number;
  host: string;
  /** SQLite's file (used when {@link Config.postgres} is unset). */
  databasePath: string;
  /** Set by `DATABASE_URL`: the store is PostgreSQL. */
  postgres?: PostgresSettings;
  dataDir: string;
  demoData: 'auto' | 'off';
  defaultUnitId?: string;
  publicUrl?: string;
  trustProxy?: TrustProxy;
  scheduler: boolean;
  timezone: 'Asia/Ho_Chi_Minh';
  telegram?: TelegramConfig;
  zalo?: ZaloConfig;
  files: FileStoreConfig;
  /**
   * Signed file links (`src/http/signed-links.ts`). Without a secret each process makes a random one at start:
   * fine for one instance (a link dies with a restart); several instances must share `FILE_LINK_SECRET`.
   */
  fileLinks: { secret?: string; ttlMs: number };
}

/** Thrown with every problem listed, in Vietnamese and naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env, { error: z.locales.vi().localeError });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  let telegram: TelegramConfig | undefined;
  if (e.TELEGRAM_BOT_TOKEN) {
    if (!/^\d+:[A-Za-z0-9_-]{20,}$/.test(e.TELEGRAM_BOT_TOKEN)) {
      problems.push('TELEGRAM_BOT_TOKEN: không đúng dạng <số>:<chuỗi> do BotFather cấp');
    }
    if (e.TELEGRAM_MODE === 'webhook') {
      if (!e.PUBLIC_URL) problems.push('PUBLIC_URL: bắt buộc khi TELEGRAM_MODE=webhook');
      if (!e.TELEGRAM_WEBHOOK_SECRET) problems.push('TELEGRAM_WEBHOOK_SECRET: bắt buộc khi TELEGRAM_MODE=webhook');
    }
    telegram = {
      token: e.TELEGRAM_BOT_TOKEN,
      mode: e.TELEGRAM_MODE,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      publicUrl: e.PUBLIC_URL,
      apiRoot: e.TELEGRAM_API_ROOT,
    };
  }
  let zalo: ZaloConfig | undefined;
  const zaloKeys = [e.ZALO_APP_ID, e.ZALO_APP_SECRET, e.ZALO_OA_SECRET_KEY];
  if (zaloKeys.some(Boolean)) {
    if (!e.ZALO_APP_ID) problems.push('ZALO_APP_ID: bắt buộc khi bật kênh Zalo');
    if (!e.ZALO_APP_SECRET) problems.push('ZALO_APP_SECRET: bắt buộc khi bật kênh Zalo');
    if (!e.ZALO_OA_SECRET_KEY) problems.push('ZALO_OA_SECRET_KEY: bắt buộc khi bật kênh Zalo (kiểm tra chữ ký webhook)');
    if (e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_OA_SECRET_KEY) {
      zalo = {
        appId: e.ZALO_APP_ID,
        appSecret: e.ZALO_APP_SECRET,
        oaSecretKey: e.ZALO_OA_SECRET_KEY,
        refreshToken: e.ZALO_REFRESH_TOKEN,
        apiRoot: e.ZALO_API_ROOT,
        oauthRoot: e.ZALO_OAUTH_ROOT,
        groupId: e.ZALO_GROUP_ID,
      };
    }
  }
  let files: FileStoreConfig = { kind: 'local' };
  if (e.FILE_STORE === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'FILE_LINK_SECRET'] as const).filter((k) => !e[k]);
    for (const k of missing) {
      problems.push(
        k === 'FILE_LINK_SECRET'
          ? 'FILE_LINK_SECRET: bắt buộc khi FILE_STORE=s3 (mọi máy chạy phải dùng chung một khóa để đường dẫn tệp mở được ở máy nào cũng được)'
          : `${k}: bắt buộc khi FILE_STORE=s3`,
      );
    }
    if (e.S3_ENDPOINT && /^[a-z]+:\/\/[^/]*@/i.test(e.S3_ENDPOINT)) {
      problems.push('S3_ENDPOINT: không ghi khóa truy cập trong URL; dùng S3_ACCESS_KEY_ID và S3_SECRET_ACCESS_KEY');
    }
    if (e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY) {
      files = {
        kind: 's3',
        s3: {
          endpoint: e.S3_ENDPOINT,
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        },
      };
    }
  } else if (e.S3_ENDPOINT || e.S3_BUCKET) {
    problems.push('FILE_STORE: đặt FILE_STORE=s3 để dùng S3_ENDPOINT/S3_BUCKET (hiện tệp minh chứng được lưu ở thư mục dữ liệu)');
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (!trustProxy.ok) problems.push(trustProxy.problem);
  if (problems.length > 0) throw new ConfigError(problems);
  const databasePath = e.DATABASE_PATH;
  const dataDir = e.DATA_DIR ?? (databasePath === ':memory:' ? './data' : dirnameOf(databasePath));
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    ...(e.LOG_FORMAT ? { logFormat: e.LOG_FORMAT } : {}),
    port: e.PORT,
    host: e.HOST,
    databasePath,
    ...(e.DATABASE_URL
      ? {
          postgres: {
            url: e.DATABASE_URL,
            poolSize: e.DATABASE_POOL_SIZE,
            statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
            idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
          },
        }
      : {}),
    dataDir,
    // A demo unit has director and office accounts with printed codes: never by default in production.
    demoData: e.DEMO_DATA ?? (e.NODE_ENV === 'production' ? 'off' : 'auto'),
    defaultUnitId: e.DEFAULT_UNIT_ID,
    publicUrl: e.PUBLIC_URL,
    trustProxy: trustProxy.ok ? trustProxy.value : undefined,
    scheduler: e.SCHEDULER === 'on',
    timezone: 'Asia/Ho_Chi_Minh',
    telegram,
    zalo,
    files,
    fileLinks: { ...(e.FILE_LINK_SECRET ? { secret: e.FILE_LINK_SECRET } : {}), ttlMs: e.FILE_LINK_TTL_SECONDS * 1000 },
  };
}

/** A summary safe to log: which channels are on, never a token or secret. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    env: config.env,
    listen: `${config.host}:${config.port}`,
    ...(config.postgres
      ? {
          database: 'postgres',
          databaseUrl: maskUrlPassword(config.postgres.url),
          databasePoolSize: config.postgres.poolSize,
        }
      : { database: 'sqlite', databasePath: config.databasePath }),
    telegram: config.telegram ? config.telegram.mode : 'off',
    zalo: config.zalo ? 'on' : 'off',
    zaloGroup: config.zalo?.groupId ? 'configured' : 'none',
    scheduler: config.scheduler,
    // Where the files are, never the keys (nor the link secret).
    files: config.files.kind === 's3' ? `s3 ${config.files.s3.endpoint} bucket ${config.files.s3.bucket}` : 'local',
    fileLinks: `${config.fileLinks.secret ? 'shared secret' : 'per-process secret'}, ${Math.round(config.fileLinks.ttlMs / 1000)} s`,
  };
}

/** The URL with its password (and any `password=` parameter) replaced by `***`, for logs and messages. */
export function maskUrlPassword(url: string): string {
  let masked = url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass/i.test(key)) u.searchParams.set(key, '***');
    }
    masked = u.toString();
  } catch {
    // Not parseable as a URL: hide whatever sits between "://user:" and "@".
    masked = url.replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
  return masked;
}

function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '.' : path.slice(0, i);
}
