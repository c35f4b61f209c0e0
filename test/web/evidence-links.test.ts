/**
 * Evidence across two instances (issue 12): two app instances on one database, each with its own data folder,
 * sharing an S3-compatible bucket (s3rver on loopback) and FILE_LINK_SECRET. A file uploaded through instance A is
 * kept in the bucket (not in A's folder); the link instance A hands out is served by instance B, to that person
 * only, until it expires; a tampered link is refused.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { evidence } from '../../db/schema.js';
import { createS3FileStore } from '../../src/store/files/s3-file-store.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';
import { login, postJson, startHarness, type Harness } from './web-harness.js';

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

let a: Harness | undefined;
let b: Harness | undefined;
afterEach(async () => {
  await b?.close();
  await a?.close();
  a = b = undefined;
});

describe('evidence files with two instances and a bucket', () => {
  it('a file uploaded on one instance is served by the other through a signed link, to its person only, until it expires', async () => {
    a = await startHarness({ env: s3.env });
    b = await startHarness({ env: s3.env, store: a.store });
    const staff = await login(a, 0);
    const head = await login(a, 1);

    // Upload through instance A.
    await a.request('/api/web/events', postJson({ kind: 'command', name: 'tudanhgia', args: '9', eventId: 'evt-0000000019' }, staff));
    const bytes = new TextEncoder().encode('%PDF-1.4 minh chứng chuyển đổi số');
    const uploaded = await a.request('/api/web/upload', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('chứng nhận.pdf'), 'x-event-id': 'upl-0000000019' },
      jar: staff,
    });
    expect(uploaded.status).toBe(200);
    const row = a.db.select().from(evidence).all()[0];
    expect(row).toMatchObject({ kind: 'file', mime: 'application/pdf' });
    const path = row?.filePath ?? '';
    // In the bucket, not in either instance's data folder.
    expect(existsSync(join(a.dir, path))).toBe(false);
    const bucket = createS3FileStore(s3.config, { dataDir: a.dir });
    expect(await bucket.exists(path)).toBe(true);
    bucket.close();

    // Instance A hands the person a link to the file (as the details view does)…
    const personId = a.demo.logins[0]?.personId ?? 0;
    await a.dispatch({
      personId,
      dedupeKey: 'test:evidence-link:1',
      purpose: 'announcement',
      messages: [{ kind: 'file', path, name: 'chứng nhận.pdf', mime: 'application/pdf', caption: 'Minh chứng' }],
    });
    const pulled = (await (await a.request('/api/web/messages', { jar: staff })).json()) as { messages: { kind: string; url?: string }[] };
    const url = pulled.messages.find((m) => m.kind === 'file')?.url ?? '';
    expect(url).toMatch(/^\/api\/web\/media\//);

    // …and instance B serves it (no memory shared between the two but the database, the bucket and the secret).
    const served = await b.request(url, { jar: staff });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // Someone else's session, no session, a tampered token: refused.
    expect((await b.request(url, { jar: head })).status).toBe(404);
    expect((await b.request(url)).status).toBe(401);
    const token = url.split('/').at(-1) ?? '';
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect((await b.request(`/api/web/media/${tampered}`, { jar: staff })).status).toBe(404);

    // After the link's 15 minutes (the default), it is refused with a Vietnamese explanation.
    b.clock.advance(15 * 60_000 + 1);
    const expired = await b.request(url, { jar: staff });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error?: string; message?: string }).error ?? '').toContain('hết hạn');
  });
});
