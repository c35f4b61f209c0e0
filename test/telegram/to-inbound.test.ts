import { describe, expect, it } from 'vitest';
import { toInbound, updateSchema, type TelegramInbound } from '../../src/channels/telegram/to-inbound.js';
import { fixture, type Fixture } from '../helpers/telegram-updates.js';

const AT = new Date('2026-11-21T03:00:00Z');
const map = (name: Fixture, edit?: (u: Record<string, unknown>) => void): TelegramInbound => {
  const raw = fixture(name);
  edit?.(raw);
  return toInbound(updateSchema.parse(raw), 'thiduaso_bot', AT);
};
const base = { channel: 'telegram', userId: '5123456789', chatId: '5123456789', receivedAt: AT };

describe('Telegram update → inbound model (recorded fixtures)', () => {
  it('maps /start, typed text, a bare link and commands', () => {
    expect(map('message-start')).toEqual({ type: 'event', event: { ...base, eventId: '731204501', kind: 'start', displayName: 'Lan Trần Thị' } });
    expect(map('message-text')).toMatchObject({ type: 'event', event: { kind: 'text', text: 'b', eventId: '731204503' } });
    expect(map('message-link')).toMatchObject({
      type: 'event',
      event: { kind: 'link', url: 'https://stttt.daknong.gov.vn/tin-tuc/chuyen-doi-so-2024' },
    });
    const cmd = map('message-start', (u) => {
      const m = u.message as Record<string, unknown>;
      m.text = '/tudanhgia@thiduaso_bot 5';
      m.entities = [{ offset: 0, length: 23, type: 'bot_command' }];
    });
    expect(cmd).toMatchObject({ type: 'event', event: { kind: 'command', name: 'tudanhgia', args: '5' } });
    const deepLink = map('message-start', (u) => void ((u.message as Record<string, unknown>).text = '/start ABC123'));
    expect(deepLink).toMatchObject({ type: 'event', event: { kind: 'start', param: 'ABC123' } });
  });

  it('accepts a contact as verified only when it is the sender’s own', () => {
    expect(map('message-contact')).toMatchObject({ type: 'event', event: { kind: 'contact', phone: '84912000002', verified: true } });
    const foreign = map('message-contact', (u) => void (((u.message as Record<string, unknown>).contact as Record<string, unknown>).user_id = 42));
    expect(foreign).toMatchObject({ event: { kind: 'contact', verified: false } });
    const noUser = map('message-contact', (u) => void delete ((u.message as Record<string, unknown>).contact as Record<string, unknown>).user_id);
    expect(noUser).toMatchObject({ event: { kind: 'contact', verified: false } });
  });

  it('returns photos (largest size) and documents as files to download, with the caption', () => {
    expect(map('message-photo')).toEqual({
      type: 'file',
      base: { ...base, eventId: '731204505', displayName: 'Lan Trần Thị' },
      file: { fileId: 'AgACAgUAAxkBAAIBGWdLarge', size: 86523, name: 'anh-24.jpg', mime: 'image/jpeg' },
      caption: 'Ảnh chứng nhận hoàn thành khóa học',
    });
    expect(map('message-document')).toMatchObject({
      type: 'file',
      file: { fileId: 'BQACAgUAAxkBAAIBHGdDocument', size: 245760, name: 'Giấy chứng nhận ATTT.pdf', mime: 'application/pdf' },
    });
  });

  it('keeps button data raw for verification and remembers the pressed message', () => {
    expect(map('callback-query')).toMatchObject({
      type: 'button',
      callbackQueryId: '4382950123456789012',
      data: 'xxxxxxxxxxq:1:ab12:0',
      message: { id: 31, text: 'Câu 1/8 — Có điện thoại thông minh?' },
      base: { chatId: '5123456789', userId: '5123456789' },
    });
  });

  it('in groups only returns commands addressed to this bot', () => {
    expect(map('group-command')).toMatchObject({
      type: 'group-command',
      name: 'dangkynhom',
      title: 'Sở TT&TT — Thông báo chung',
      base: { chatId: '-1001234567890', userId: '5123456790', inGroup: true },
    });
    const otherBot = map('group-command', (u) => void ((u.message as Record<string, unknown>).text = '/dangkynhom@other_bot'));
    expect(otherBot).toMatchObject({ type: 'ignore', reason: 'command-for-another-bot' });
    const chatter = map('group-command', (u) => {
      const m = u.message as Record<string, unknown>;
      m.text = 'Chào cả nhà';
      delete m.entities;
    });
    expect(chatter).toEqual({ type: 'ignore', reason: 'group-chatter' });
  });

  it('maps blocking, unsupported messages and group upgrades', () => {
    expect(map('my-chat-member-kicked')).toEqual({ type: 'membership', chatId: '5123456789', isGroup: false, status: 'kicked' });
    expect(map('message-sticker')).toMatchObject({ type: 'unsupported', base: { chatId: '5123456789' } });
    const migrated = map('group-command', (u) => void ((u.message as Record<string, unknown>).migrate_to_chat_id = -1009999));
    expect(migrated).toEqual({ type: 'migrate', fromChatId: '-1001234567890', toChatId: '-1009999' });
  });
});
