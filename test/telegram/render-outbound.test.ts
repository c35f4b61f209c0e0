import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/channels/split-text.js';
import { answeredText, MAX_TEXT_CHARS, renderOutbound } from '../../src/channels/telegram/render-outbound.js';

const options = { sign: (p: string) => `S${p}` };

describe('outbound model → Bot API operations', () => {
  it('merges texts into the following question and signs every button', () => {
    const ops = renderOutbound(
      [
        { kind: 'answered', text: '✔ Câu 1: Đạt' },
        { kind: 'text', text: 'Đã lưu.' },
        { kind: 'choices', text: 'Câu 2/8?', choices: [{ label: 'Đạt', payload: 'q:2:n:1' }, { label: 'Không đạt', payload: 'q:2:n:0' }] },
      ],
      options,
    );
    expect(ops).toEqual([
      { op: 'markAnswered', text: '✔ Câu 1: Đạt' },
      {
        op: 'sendMessage',
        text: 'Đã lưu.\n\nCâu 2/8?',
        question: true,
        replyMarkup: { inline_keyboard: [[{ text: 'Đạt', callback_data: 'Sq:2:n:1' }, { text: 'Không đạt', callback_data: 'Sq:2:n:0' }]] },
      },
    ]);
  });

  it('after a shared contact, removes the contact keyboard with the first plain text instead of merging it', () => {
    const ops = renderOutbound(
      [
        { kind: 'text', text: 'Xin chào Trần Thị Lan!' },
        { kind: 'choices', text: 'Bắt đầu tự đánh giá?', choices: [{ label: 'Bắt đầu', payload: 'c:tudanhgia' }] },
      ],
      { ...options, removeReplyKeyboard: true },
    );
    expect(ops.map((o) => (o.op === 'sendMessage' ? [o.text, o.replyMarkup] : o.op))).toEqual([
      ['Xin chào Trần Thị Lan!', { remove_keyboard: true }],
      ['Bắt đầu tự đánh giá?', { inline_keyboard: [[{ text: 'Bắt đầu', callback_data: 'Sc:tudanhgia' }]] }],
    ]);
  });

  it('lays out buttons by `columns`, never more than 8 a row', () => {
    const choices = Array.from({ length: 10 }, (_, i) => ({ label: String(i), payload: `p${i}` }));
    const [three] = renderOutbound([{ kind: 'choices', text: 'x', choices, columns: 3 }], options);
    const rows = (three as { replyMarkup: { inline_keyboard: unknown[][] } }).replyMarkup.inline_keyboard;
    expect(rows.map((r) => r.length)).toEqual([3, 3, 3, 1]);
    const [wide] = renderOutbound([{ kind: 'choices', text: 'x', choices, columns: 20 }], options);
    expect((wide as { replyMarkup: { inline_keyboard: unknown[][] } }).replyMarkup.inline_keyboard.map((r) => r.length)).toEqual([8, 2]);
  });

  it('asks for the phone number with a one-time request_contact keyboard', () => {
    expect(renderOutbound([{ kind: 'request-phone', text: 'Chia sẻ số điện thoại' }], options)).toEqual([
      {
        op: 'sendMessage',
        text: 'Chia sẻ số điện thoại',
        replyMarkup: { keyboard: [[{ text: '📱 Chia sẻ số điện thoại', request_contact: true }]], resize_keyboard: true, one_time_keyboard: true },
      },
    ]);
  });

  it('sends pictures and files by their path (read from the file store when sent); long captions become a text', () => {
    const ops = renderOutbound(
      [
        { kind: 'image', path: 'honours/2026-Q4.png', caption: 'Bảng vinh danh' },
        { kind: 'file', path: '/abs/bang-diem.xlsx', name: 'bang-diem.xlsx', caption: 'c'.repeat(1500) },
      ],
      options,
    );
    expect(ops[0]).toEqual({ op: 'sendPhoto', path: 'honours/2026-Q4.png', caption: 'Bảng vinh danh' });
    expect(ops[1]).toEqual({ op: 'sendDocument', path: '/abs/bang-diem.xlsx', filename: 'bang-diem.xlsx' });
    expect(ops[2]).toMatchObject({ op: 'sendMessage' });
  });

  it('splits texts over 4,096 characters at line breaks', () => {
    const line = `${'a'.repeat(99)}\n`;
    const parts = splitText(line.repeat(100), MAX_TEXT_CHARS);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= MAX_TEXT_CHARS)).toBe(true);
    expect(parts.join('\n')).toBe(line.repeat(100).trim());
    expect(answeredText('Câu 1?', '✔ Đạt')).toBe('Câu 1?\n\n✔ Đạt');
    expect(answeredText('q'.repeat(5000), '✔ Đạt').length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
});
