import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedAttachmentUrl, downloadAttachment, isPublicAddress } from '../../src/channels/zalo/attachment-download.js';
import { ZaloError } from '../../src/channels/zalo/zalo-errors.js';

let server: Server | undefined;
let hits = 0;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function local(): Promise<number> {
  hits = 0;
  server = createServer((_req, res) => {
    hits += 1;
    res.end('secret');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('Zalo attachment downloads (SSRF guard)', () => {
  it("accepts only https links on Zalo's CDN (an http link there is upgraded)", () => {
    expect(allowedAttachmentUrl('https://f7-group-zf.zdn.vn/a/b.docx')?.href).toBe('https://f7-group-zf.zdn.vn/a/b.docx');
    expect(allowedAttachmentUrl('http://f6.photo.talk.zdn.vn/x.jpg')?.protocol).toBe('https:');
    for (const bad of [
      'http://127.0.0.1:8080/files/x.pdf',
      'https://127.0.0.1/x',
      'https://evil.example/x.jpg',
      'https://zdn.vn.evil.example/x',
      'https://evilzdn.vn/x',
      'ftp://f6.zdn.vn/x',
      'https://user:pw@f6.zdn.vn/x',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(allowedAttachmentUrl(bad)).toBeNull();
    }
  });

  it('classifies private, loopback and link-local addresses as not public', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['203.162.4.191', '8.8.8.8', '2001:4860:4860::8888']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('never fetches a loopback URL with the default policy', async () => {
    const port = await local();
    const error = await downloadAttachment(`http://127.0.0.1:${port}/files/x.pdf`, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloError);
    expect((error as ZaloError).kind).toBe('invalid_request');
    expect(hits).toBe(0);
  });

  it('resolves an allowed host name and refuses it when it points at a private address', async () => {
    const port = await local();
    // "localhost" stands for a Zalo-looking name whose DNS answer is internal.
    const policy = { hostSuffixes: ['localhost'], protocols: ['http:'] as const, allowPrivateAddresses: false };
    const error = await downloadAttachment(`http://localhost:${port}/x.pdf`, 1000, { policy }).catch((e: unknown) => e);
    expect((error as ZaloError).kind).toBe('invalid_request');
    expect(hits).toBe(0);
    // The same server is reachable when the policy allows private addresses (tests' loopback fake).
    const got = await downloadAttachment(`http://localhost:${port}/x.pdf`, 1000, { policy: { ...policy, allowPrivateAddresses: true } });
    expect(Buffer.from(got.data!).toString()).toBe('secret');
    expect(hits).toBe(1);
  });
});
