import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidence } from '../../db/schema.js';
import { login, postJson, startHarness, type CookieJar, type Harness } from './web-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
}

describe('web chat API', () => {
  it('answers 401 in Vietnamese without a session', async () => {
    h = await startHarness();
    for (const [path, init] of [
      ['/api/web/events', postJson({ kind: 'text', eventId: 'abcdefgh12', text: 'xin chào' })],
      ['/api/web/messages', {}],
      ['/api/web/me', {}],
      ['/api/web/upload', { method: 'POST', body: 'x', headers: { 'x-file-name': 'a.txt', 'x-event-id': 'abcdefgh12' } }],
    ] as const) {
      const response = await h.request(path, init);
      expect(response.status, path).toBe(401);
      expect(((await response.json()) as { error: string }).error).toContain('chưa đăng nhập');
    }
  });

  it('handles an event once per eventId and validates the body', async () => {
    h = await startHarness();
    const jar = await login(h);
    const event = { kind: 'command', name: 'tudanhgia', eventId: 'evt-0000000001' };
    const first = await h.request('/api/web/events', postJson(event, jar));
    expect(first.status).toBe(200);
    const body = (await first.json()) as { duplicate: boolean; replies: { kind: string }[] };
    expect(body.duplicate).toBe(false);
    expect(body.replies.some((r) => r.kind === 'choices')).toBe(true);

    const second = await h.request('/api/web/events', postJson(event, jar));
    expect(await second.json()).toEqual({ duplicate: true, replies: [] });

    const invalid = await h.request('/api/web/events', postJson({ kind: 'text', text: 'thiếu eventId' }, jar));
    expect(invalid.status).toBe(400);
    const broken = await h.request('/api/web/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{', jar });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toContain('JSON');
  });

  it('refuses a cross-site POST', async () => {
    h = await startHarness();
    const jar = await login(h);
    const response = await h.request('/api/web/events', {
      ...postJson({ kind: 'command', name: 'xem', eventId: 'evt-0000000002' }, jar),
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
  });

  it('refuses an upload over 20 MB with 413 and stores nothing', async () => {
    h = await startHarness();
    const jar = await login(h);
    await h.request('/api/web/events', postJson({ kind: 'command', name: 'tudanhgia', eventId: 'evt-0000000003' }, jar));
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    const response = await h.request('/api/web/upload', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('báo cáo.pdf'), 'x-event-id': 'upl-0000000001' },
      jar,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toContain('20 MB');
    expect(h.db.select().from(evidence).all()).toHaveLength(0);
    expect(filesUnder(join(h.dir, 'evidence'))).toHaveLength(0);
  });

  it('serves pending notifications for the person once', async () => {
    h = await startHarness();
    const jar = await login(h);
    const personId = h.demo.logins[0]?.personId ?? 0;
    const outcome = await h.dispatch({
      personId,
      dedupeKey: 'test:notice:1',
      purpose: 'notice',
      messages: [{ kind: 'text', text: 'Bản tự đánh giá đã được duyệt.' }],
    });
    expect(outcome).toMatchObject({ status: 'queued', channel: 'web' });
    const first = await h.request('/api/web/messages', { jar });
    expect(await first.json()).toEqual({ messages: [{ kind: 'text', text: 'Bản tự đánh giá đã được duyệt.' }] });
    const second = await h.request('/api/web/messages', { jar });
    expect(await second.json()).toEqual({ messages: [] });
  });

  it('serves the chat page with security headers and no external assets', async () => {
    h = await startHarness();
    const page = await h.request('/chat');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('lang="vi"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const asset of ['/chat/chat.js', '/chat/chat-render.js', '/chat/chat.css']) expect((await h.request(asset)).status).toBe(200);
  });

  it('stores an uploaded file as evidence once per eventId', async () => {
    h = await startHarness();
    const jar = await login(h);
    await h.request('/api/web/events', postJson({ kind: 'command', name: 'tudanhgia', args: '9', eventId: 'evt-0000000009' }, jar));
    const upload = (eventId: string) =>
      h!.request('/api/web/upload', {
        method: 'POST',
        body: new TextEncoder().encode('%PDF-1.4 minh chứng'),
        headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('chứng nhận.pdf'), 'x-event-id': eventId },
        jar,
      });
    const first = await upload('upl-0000000002');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { replies: { text?: string }[] };
    expect(body.replies.map((r) => r.text ?? '').join('\n')).toContain('Đã lưu minh chứng');
    expect(((await (await upload('upl-0000000002')).json()) as { duplicate: boolean }).duplicate).toBe(true);
    const rows = h.db.select().from(evidence).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'file', originalName: 'chứng nhận.pdf', mime: 'application/pdf' });
    expect(existsSync(join(h.dir, rows[0]?.filePath ?? 'missing'))).toBe(true);
  });

  it('serves pictures sent to a person only to that person and only from the data folder', async () => {
    h = await startHarness();
    const staff = await login(h, 0);
    const head = await login(h, 1);
    mkdirSync(join(h.dir, 'honours'), { recursive: true });
    writeFileSync(join(h.dir, 'honours', 'bang-vang.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const personId = h.demo.logins[0]?.personId ?? 0;
    await h.dispatch({
      personId,
      dedupeKey: 'test:image:1',
      purpose: 'announcement',
      messages: [
        { kind: 'image', path: 'honours/bang-vang.png', caption: 'Bảng vàng Quý IV', mime: 'image/png' },
        { kind: 'image', path: '/etc/passwd', caption: 'ngoài thư mục dữ liệu' },
      ],
    });
    const { messages } = (await (await h.request('/api/web/messages', { jar: staff })).json()) as {
      messages: { kind: string; url?: string; text?: string }[];
    };
    expect(messages.map((m) => m.kind)).toEqual(['image', 'text']);
    const url = messages[0]?.url ?? '';
    expect(url).toMatch(/^\/api\/web\/media\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const mine = await h.request(url, { jar: staff });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/png');
    expect((await h.request(url, { jar: head as CookieJar })).status).toBe(404);
    expect((await h.request(url)).status).toBe(401);
  });
});
