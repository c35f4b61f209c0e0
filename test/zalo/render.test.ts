import { describe, expect, it } from 'vitest';
import { renderOutbound } from '../../src/channels/zalo/render-outbound.js';
import { splitText } from '../../src/channels/split-text.js';
import { ZALO_TEXT_LIMIT } from '../../src/channels/zalo/zalo-client.js';
import { toInbound } from '../../src/channels/zalo/to-inbound.js';
import { parseZaloEvent } from '../../src/channels/zalo/webhook-schemas.js';
import { zaloEvent } from '../helpers/zalo-events.js';

describe('Zalo rendering', () => {
  it('adds a typed way to answer and pages more than 5 choices over messages of ≤ 5 buttons', () => {
    const choices = Array.from({ length: 8 }, (_, i) => ({ label: `Mức ${i + 1}`, payload: `q:n1:${i}` }));
    const parts = renderOutbound([{ kind: 'choices', text: 'Câu 1/3', choices }]);
    expect(parts).toHaveLength(2);
    const [first, second] = parts;
    if (first?.type !== 'buttons' || second?.type !== 'buttons') throw new Error('expected buttons');
    expect(first.buttons).toHaveLength(5);
    expect(second.buttons).toHaveLength(3);
    expect(first.buttons[0]).toEqual({ title: 'Mức 1', type: 'oa.query.hide', payload: '#td:q:n1:0' });
    expect(first.text).toContain('8. Mức 8');
    expect(first.text).toMatch(/Gõ số thứ tự \(1–8\)/);
    expect(first.text).toContain('Zalo điện thoại');
  });

  it('tells reviewers on a computer to use the phone for review buttons, not to type', () => {
    const choices = [
      { label: 'Duyệt', payload: 'ap:a:7:1' },
      { label: 'Trả lại', payload: 'ap:r:7:1' },
    ];
    const parts = renderOutbound([{ kind: 'choices', text: 'Bản tự đánh giá của Nguyễn Văn A', choices, typeHint: 'Gõ /duyet để xem lại danh sách chờ duyệt.' }]);
    const [first] = parts;
    if (first?.type !== 'buttons') throw new Error('expected buttons');
    expect(first.text).toContain('Gõ /duyet để xem lại danh sách chờ duyệt.');
    expect(first.text).toContain(
      '(Trên Zalo máy tính không có nút bấm. Để Duyệt, Điều chỉnh hoặc Trả lại, anh/chị vui lòng mở tin nhắn này trên Zalo điện thoại.)',
    );
    expect(first.text).not.toContain('hãy gõ câu trả lời');
    expect(first.text).not.toContain('Gõ số thứ tự');
  });

  it('tells a computer user how to confirm an irreversible step (phone) or cancel it (/huy)', () => {
    const choices = [
      { label: '✅ Xác nhận gửi', payload: 'ap:sl:3:0:0a1b2c3d' },
      { label: '✖️ Huỷ', payload: 'ap:cx:3' },
    ];
    const [first] = renderOutbound([{ kind: 'choices', text: 'Gửi danh sách này?', choices }]);
    if (first?.type !== 'buttons') throw new Error('expected buttons');
    expect(first.text).toContain('Để Xác nhận, anh/chị vui lòng mở tin nhắn này trên Zalo điện thoại; gõ /huy để thôi.');
    expect(first.text).not.toContain('Để Duyệt');
  });

  it('uses the engine hint, and puts the answer confirmation in front of the next question', () => {
    const parts = renderOutbound([
      { kind: 'answered', text: '✔ Câu 1: b) 5đ' },
      { kind: 'choices', text: 'Câu 2/3', choices: [{ label: 'Có', payload: 'q:n2:y' }], typeHint: 'Gõ "có" hoặc "không".' },
    ]);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'buttons', text: expect.stringMatching(/^✔ Câu 1: b\) 5đ\n\nCâu 2\/3[\s\S]*Gõ "có" hoặc "không"\./) });
  });

  it('asks for the phone with a request_user_info card after a text that mentions the code', () => {
    const parts = renderOutbound([{ kind: 'request-phone', text: 'Chia sẻ số điện thoại hoặc gõ mã kích hoạt.' }]);
    expect(parts.map((p) => p.type)).toEqual(['text', 'request_info']);
  });

  it('in groups: no buttons, and typed [@…] mentions are neutralised', () => {
    const parts = renderOutbound(
      [{ kind: 'choices', text: 'Bảng vàng [@123]', choices: [{ label: 'A', payload: 'x' }] }],
      { group: true },
    );
    expect(parts).toEqual([{ type: 'text', text: expect.stringContaining('[ @123]') }]);
  });

  it('splits long text into ≤ 2,000-character parts at line breaks', () => {
    const line = 'Nguyễn Văn A — 95 điểm, Chiến binh số xuất sắc.\n';
    const parts = splitText(line.repeat(100), ZALO_TEXT_LIMIT);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n').trimEnd()).toBe(line.repeat(100).trimEnd());
  });
});

describe('Zalo events → inbound', () => {
  const noDownload = async () => {
    throw new Error('no download expected');
  };
  const map = (body: Record<string, unknown>) => {
    const event = parseZaloEvent(body);
    if (!event) throw new Error('not parsed');
    return toInbound(event, { download: noDownload, receivedAt: new Date(0) });
  };

  it('a text starting with the button prefix is a button press; other texts stay text; commands are split', async () => {
    expect(await map(zaloEvent('user_send_text', { text: '#td:q:n1:b' }))).toMatchObject({ kind: 'button', payload: 'q:n1:b', eventId: '96d3cdf3af150460909' });
    expect(await map(zaloEvent('user_send_text', { text: 'b' }))).toMatchObject({ kind: 'text', text: 'b' });
    expect(await map(zaloEvent('user_send_text', { text: '/nop' }))).toMatchObject({ kind: 'command', name: 'nop', args: '' });
    expect(await map(zaloEvent('user_send_text', { text: 'https://a.gov.vn/x' }))).toMatchObject({ kind: 'link', url: 'https://a.gov.vn/x' });
  });

  it('maps links, follow, chat-now, shared info (phone as a number), and drops unfollow', async () => {
    expect(await map(zaloEvent('user_send_link'))).toMatchObject({ kind: 'link', url: 'https://developers.zalo.me/' });
    expect(await map(zaloEvent('follow'))).toMatchObject({ kind: 'start', userId: '24684588352919792' });
    expect(await map(zaloEvent('user_click_chatnow'))).toMatchObject({ kind: 'start', userId: '8309215952164870311' });
    expect(await map(zaloEvent('user_submit_info'))).toMatchObject({ kind: 'contact', phone: '841213333111', verified: true });
    expect(await map(zaloEvent('unfollow'))).toBeNull();
  });

  it('does not download files over the limit', async () => {
    const body = zaloEvent('user_send_file');
    ((body.message as { attachments: Array<{ payload: { size: string } }> }).attachments[0]!.payload.size) = String(30 * 1024 * 1024);
    expect(await map(body)).toMatchObject({ kind: 'file', file: { name: 'developer.docx', data: null } });
  });
});
