import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/config.js';

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

  it('parses TRUST_PROXY as a boolean, a hop count or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({}).trustProxy).toBeUndefined();
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
});
