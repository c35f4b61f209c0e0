import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, CallbackSigner } from '../../src/channels/telegram/callback-data.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghij';

describe('callback data signing', () => {
  const signer = new CallbackSigner(TOKEN);

  it('round-trips a payload in the chat it was sent to, within 64 bytes even at the engine maximum', () => {
    const payload = `q:${'x'.repeat(46)}`;
    const data = signer.sign('5123456789', payload);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(signer.verify('5123456789', data)).toBe(payload);
  });

  it('rejects data replayed in another chat, altered, forged, or signed for another bot', () => {
    const data = signer.sign('5123456789', 'q:1:ab12:0');
    expect(signer.verify('5123456790', data)).toBeNull();
    expect(signer.verify('5123456789', data.replace(/0$/, '1'))).toBeNull();
    expect(signer.verify('5123456789', 'AAAAAAAAAAq:1:ab12:0')).toBeNull();
    expect(signer.verify('5123456789', undefined)).toBeNull();
    expect(signer.verify('5123456789', 'short')).toBeNull();
    const other = new CallbackSigner('987654321:AAOtherTokenForTestsOnly_abcdefghij');
    expect(other.verify('5123456789', data)).toBeNull();
  });

  it('refuses payloads the engine must not produce', () => {
    expect(() => signer.sign('1', '')).toThrow();
    expect(() => signer.sign('1', 'x'.repeat(49))).toThrow();
    expect(() => signer.sign('1', 'có dấu')).toThrow();
  });
});
