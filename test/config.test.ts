import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, maskUrlPassword } from '../src/config.js';

const TOKEN = '123456:AAbbCCddEEffGGhhIIjjKKllMMnn';

describe('loadConfig', () => {
  it('runs with no variables at all: web chat, demo data, local SQLite', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/thidua.db',
      dataDir: './data',
      demoData: 'auto',
      scheduler: true,
      timezone: 'Asia/Ho_Chi_Minh',
    });
    expect(config.telegram).toBeUndefined();
    expect(config.zalo).toBeUndefined();
  });

  it('requires PUBLIC_URL and a secret for Telegram webhooks, naming each variable', () => {
    const error = (() => {
      try {
        loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PUBLIC_URL: bắt buộc khi TELEGRAM_MODE=webhook',
      'TELEGRAM_WEBHOOK_SECRET: bắt buộc khi TELEGRAM_MODE=webhook',
    ]);
  });

  it('rejects a malformed token and a webhook secret Telegram would refuse', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'abc' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'short!' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('enables Zalo only with all three keys and says which one is missing', () => {
    expect(() => loadConfig({ ZALO_APP_ID: '1' })).toThrow(/ZALO_APP_SECRET.*\n.*ZALO_OA_SECRET_KEY/s);
    const config = loadConfig({ ZALO_APP_ID: '1', ZALO_APP_SECRET: 's', ZALO_OA_SECRET_KEY: 'k', ZALO_GROUP_ID: 'g' });
    expect(config.zalo).toMatchObject({ appId: '1', groupId: 'g', apiRoot: 'https://openapi.zalo.me' });
  });

  it('explains a bad value in Vietnamese, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: .*(không hợp lệ|Đầu vào)/i);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA: /);
  });

  it('parses TRUST_PROXY as a hop count or the proxy\'s addresses and subnets', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1,fd00::/8' }).trustProxy).toBe('10.0.0.5,10.1.0.0/16,loopback,::1,fd00::/8');
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBeUndefined();
  });

  it('refuses TRUST_PROXY=true, which lets any client fake its address and so disables the login limit', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'TRUE' })).toThrow(/TRUST_PROXY: không nhận giá trị "true".*đăng nhập sai/);
  });

  it('names TRUST_PROXY when its value is garbage', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'garbage' })).toThrow(/TRUST_PROXY: "garbage" không phải số lớp proxy/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: "10\.0\.0\.0\/33"/);
    expect(() => loadConfig({ TRUST_PROXY: '1.2.3' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY: số lớp proxy/);
  });

  it('seeds demo data by default except in production, where it must be asked for', () => {
    expect(loadConfig({}).demoData).toBe('auto');
    expect(loadConfig({ NODE_ENV: 'production' }).demoData).toBe('off');
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'auto' }).demoData).toBe('auto');
    expect(loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'off' }).demoData).toBe('off');
  });

  it('keeps secrets out of the loggable summary', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      ZALO_APP_ID: '1',
      ZALO_APP_SECRET: 'app-secret',
      ZALO_OA_SECRET_KEY: 'oa-secret',
      ZALO_REFRESH_TOKEN: 'refresh-secret',
    });
    const summary = JSON.stringify(describeConfig(config));
    for (const secret of [TOKEN, 'app-secret', 'oa-secret', 'refresh-secret']) expect(summary).not.toContain(secret);
  });

  describe('evidence file store', () => {
    const S3 = {
      FILE_STORE: 's3',
      S3_ENDPOINT: 'https://minio.so-tttt.internal:9000',
      S3_BUCKET: 'thidua-minh-chung',
      S3_ACCESS_KEY_ID: 'access-key-id-value',
      S3_SECRET_ACCESS_KEY: 'secret-access-key-value',
      FILE_LINK_SECRET: 'link-secret-value-0123456789abcdef',
    };

    it('defaults to the data folder, with 15-minute links and a per-process secret', () => {
      const config = loadConfig({});
      expect(config.files).toEqual({ kind: 'local' });
      expect(config.fileLinks).toEqual({ ttlMs: 900_000 });
    });

    it('selects a bucket with FILE_STORE=s3 (region defaulted) and keeps its keys and the link secret out of the summary', () => {
      const config = loadConfig({ ...S3, FILE_LINK_TTL_SECONDS: '300' });
      expect(config.files).toEqual({
        kind: 's3',
        s3: {
          endpoint: S3.S3_ENDPOINT,
          bucket: S3.S3_BUCKET,
          region: 'us-east-1',
          accessKeyId: S3.S3_ACCESS_KEY_ID,
          secretAccessKey: S3.S3_SECRET_ACCESS_KEY,
        },
      });
      expect(config.fileLinks).toEqual({ secret: S3.FILE_LINK_SECRET, ttlMs: 300_000 });
      const summary = JSON.stringify(describeConfig(config));
      expect(summary).toContain('thidua-minh-chung');
      for (const secret of [S3.S3_ACCESS_KEY_ID, S3.S3_SECRET_ACCESS_KEY, S3.FILE_LINK_SECRET]) expect(summary).not.toContain(secret);
    });

    it('names every missing or bad setting in Vietnamese', () => {
      const problems = (env: Record<string, string>): string[] => {
        try {
          loadConfig(env);
          return [];
        } catch (error) {
          return (error as ConfigError).problems;
        }
      };
      expect(problems({ FILE_STORE: 's3' })).toEqual([
        'S3_ENDPOINT: bắt buộc khi FILE_STORE=s3',
        'S3_BUCKET: bắt buộc khi FILE_STORE=s3',
        'S3_ACCESS_KEY_ID: bắt buộc khi FILE_STORE=s3',
        'S3_SECRET_ACCESS_KEY: bắt buộc khi FILE_STORE=s3',
        expect.stringContaining('FILE_LINK_SECRET: bắt buộc khi FILE_STORE=s3') as unknown as string,
      ]);
      expect(problems({ ...S3, S3_ENDPOINT: 'https://key:secret@minio.internal' })).toEqual([expect.stringContaining('S3_ENDPOINT: không ghi khóa')]);
      expect(problems({ ...S3, S3_BUCKET: 'Bucket_Sai' }).join('\n')).toContain('S3_BUCKET');
      expect(problems({ ...S3, FILE_LINK_SECRET: 'ngắn' }).join('\n')).toContain('FILE_LINK_SECRET: tối thiểu 32 ký tự');
      expect(problems({ S3_BUCKET: 'thidua' }).join('\n')).toContain('FILE_STORE: đặt FILE_STORE=s3');
    });
  });

  it('selects PostgreSQL with DATABASE_URL, with pool size and timeouts (defaults and overrides); SQLite without it', () => {
    expect(loadConfig({}).postgres).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '  ' }).postgres).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://thidua:pw@db.tinh.gov.vn:5432/thidua' }).postgres).toEqual({
      url: 'postgres://thidua:pw@db.tinh.gov.vn:5432/thidua',
      poolSize: 10,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
    });
    const tuned = loadConfig({
      DATABASE_URL: 'postgresql://db/thidua',
      DATABASE_POOL_SIZE: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '15000',
    });
    expect(tuned.postgres).toMatchObject({ poolSize: 25, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 15_000 });
  });

  it('names each bad database variable in Vietnamese, never echoing the URL', () => {
    const error = (() => {
      try {
        loadConfig({
          DATABASE_URL: 'mysql://root:hunter2@db/thidua',
          DATABASE_POOL_SIZE: '0',
          DATABASE_STATEMENT_TIMEOUT_MS: '-1',
          DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: 'lâu',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: DATABASE_URL phải có dạng postgres:\/\//);
    expect(message).toMatch(/DATABASE_POOL_SIZE: DATABASE_POOL_SIZE phải từ 1 đến 200/);
    expect(message).toMatch(/DATABASE_STATEMENT_TIMEOUT_MS: .*không được âm/);
    expect(message).toMatch(/DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: .*mili giây/);
    expect(message).not.toContain('hunter2');
  });

  it('masks the database password in the loggable summary', () => {
    const summary = describeConfig(loadConfig({ DATABASE_URL: 'postgres://thidua:s%40cr3t@db:5432/thidua?sslmode=require&password=other' }));
    expect(summary).toMatchObject({ database: 'postgres', databaseUrl: 'postgres://thidua:***@db:5432/thidua?sslmode=require&password=***' });
    expect(JSON.stringify(summary)).not.toMatch(/s%40cr3t|s@cr3t|other/);
    expect(describeConfig(loadConfig({}))).toMatchObject({ database: 'sqlite', databasePath: './data/thidua.db' });
    expect(maskUrlPassword('postgres://u:p@w@rd@h/db')).not.toContain('p@w');
  });
});
