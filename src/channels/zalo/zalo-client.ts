/**
 * A thin typed client for the Zalo OA Open API (v3.0 messaging, v2.0 uploads). Every request goes through one
 * private `call()` that sets the bare `access_token` header, applies a timeout, parses the `{ error, message, data }`
 * envelope (errors arrive with HTTP 200) and maps error codes to typed errors (`zalo-errors.ts`); on an
 * invalid/expired token it refreshes once and retries once. Base URLs are injectable (tests, proxies).
 * Tokens never appear in logs or error messages.
 */
import { z } from 'zod';
import { splitText } from '../split-text.js';
import { createJsonTransport, fetchJsonTransport, type JsonResponse, type JsonTransport } from './json-transport.js';
import { ZaloError, ZaloTokenError, zaloErrorFromCode } from './zalo-errors.js';
import type { TokenProvider } from './zalo-tokens.js';

/** Zalo: a consultation text holds at most 2,000 characters. */
export const ZALO_TEXT_LIMIT = 2000;
/** Zalo: at most 5 buttons per message. */
export const ZALO_MAX_BUTTONS = 5;
/** Zalo: button titles ≤ 100 characters. */
export const ZALO_BUTTON_TITLE_LIMIT = 100;

export type ZaloButton =
  | { title: string; type: 'oa.query.show' | 'oa.query.hide'; payload: string }
  | { title: string; type: 'oa.open.url'; payload: { url: string } };

export interface ZaloSendResult {
  messageId: string;
}

export interface ZaloQuota {
  /** Epoch ms of the user's last interaction, from Zalo itself; null when Zalo does not know one. */
  lastInteractionAt: number | null;
}

/** Minimal logger surface (pino-compatible). */
export interface ClientLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ZaloClientOptions {
  /** `https://openapi.zalo.me` (ZALO_API_ROOT). */
  apiRoot: string;
  /**
   * Injected fetch (tests, proxies): then every call goes through it. Without it, JSON calls use a keep-alive
   * node:http(s) transport (`json-transport.ts`, much cheaper per call) and uploads the global fetch. (Attachment
   * downloads are not API calls: `attachment-download.ts`.)
   */
  fetch?: typeof fetch;
  tokens: TokenProvider;
  timeoutMs?: number;
  logger: ClientLogger;
}

const envelopeSchema = z.looseObject({
  error: z.coerce.number(),
  message: z.string().optional(),
  data: z.unknown().optional(),
});
const sendSchema = z.looseObject({ message_id: z.union([z.string(), z.number()]).transform(String) });
const quotaSchema = z.looseObject({
  last_interaction: z.union([z.string(), z.number()]).optional().nullable(),
});
const uploadImageSchema = z.looseObject({ attachment_id: z.string().min(1) });
const uploadFileSchema = z.looseObject({ token: z.string().min(1) });
const anySchema = z.unknown();

type Body = { json: unknown } | { query: unknown } | { form: FormData } | undefined;

export class ZaloClient {
  private readonly fetch: typeof fetch;
  private readonly transport: JsonTransport;
  private readonly root: string;

  constructor(private readonly options: ZaloClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.transport = options.fetch ? fetchJsonTransport(options.fetch) : createJsonTransport();
    this.root = options.apiRoot.replace(/\/+$/, '');
  }

  /** Sends a consultation text, split into ≤ 2,000-character messages. */
  async sendText(userId: string, text: string): Promise<ZaloSendResult[]> {
    const results: ZaloSendResult[] = [];
    for (const part of textParts(text)) results.push(await this.sendCs(userId, { text: part }));
    return results;
  }

  /** Text with up to 5 buttons (shown on Zalo mobile only: put a typed alternative in `text`). */
  sendButtons(userId: string, text: string, buttons: ZaloButton[]): Promise<ZaloSendResult> {
    if (buttons.length === 0 || buttons.length > ZALO_MAX_BUTTONS) throw new RangeError('Zalo: 1–5 buttons per message');
    return this.sendCs(userId, {
      text: text.slice(0, ZALO_TEXT_LIMIT),
      attachment: { type: 'template', payload: { buttons: buttons.map((b) => ({ ...b, title: b.title.slice(0, ZALO_BUTTON_TITLE_LIMIT) })) } },
    });
  }

  /** An image by uploaded `attachmentId` (or public `url`), with an optional caption. */
  sendImage(userId: string, image: { attachmentId: string } | { url: string }, caption?: string): Promise<ZaloSendResult> {
    return this.sendCs(userId, mediaMessage(image, caption));
  }

  /** A file by the token from `uploadFile`. */
  sendFile(userId: string, fileToken: string): Promise<ZaloSendResult> {
    return this.sendCs(userId, { attachment: { type: 'file', payload: { token: fileToken } } });
  }

  /** Asks the user to share their info (phone); the answer arrives as a `user_submit_info` event. */
  sendRequestUserInfo(userId: string, card: { title: string; subtitle: string; imageUrl: string }): Promise<ZaloSendResult> {
    return this.sendCs(userId, {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'request_user_info',
          elements: [{ title: card.title.slice(0, 100), subtitle: card.subtitle.slice(0, 500), image_url: card.imageUrl }],
        },
      },
    });
  }

  /** `POST /v3.0/oa/quota/message`: Zalo's own record of the last interaction (decides the 7-day window). */
  async getMessageQuota(userId: string): Promise<ZaloQuota> {
    const d = await this.call('POST', '/v3.0/oa/quota/message', { json: { user_id: userId } }, quotaSchema);
    const last = d.last_interaction === undefined || d.last_interaction === null ? NaN : Number(d.last_interaction);
    return { lastInteractionAt: Number.isFinite(last) && last > 0 ? last : null };
  }

  /** `POST /v2.0/oa/upload/image` (jpg/png ≤ 1 MB) → attachment id (kept 7 days by Zalo). */
  async uploadImage(data: Uint8Array, filename: string, mime: string): Promise<string> {
    const d = await this.call('POST', '/v2.0/oa/upload/image', { form: formWith(data, filename, mime) }, uploadImageSchema);
    return d.attachment_id;
  }

  /** `POST /v2.0/oa/upload/file` (PDF/DOC/DOCX ≤ 5 MB) → file token. */
  async uploadFile(data: Uint8Array, filename: string, mime: string): Promise<string> {
    const d = await this.call('POST', '/v2.0/oa/upload/file', { form: formWith(data, filename, mime) }, uploadFileSchema);
    return d.token;
  }

  /** Group (GMF) text; `[@user_id]` mentions are allowed in `text`. */
  async sendGroupText(groupId: string, text: string): Promise<ZaloSendResult[]> {
    const results: ZaloSendResult[] = [];
    for (const part of textParts(text)) results.push(await this.sendGroup(groupId, { text: part }));
    return results;
  }

  sendGroupImage(groupId: string, image: { attachmentId: string } | { url: string }, caption?: string): Promise<ZaloSendResult> {
    return this.sendGroup(groupId, mediaMessage(image, caption));
  }

  sendGroupFile(groupId: string, fileToken: string): Promise<ZaloSendResult> {
    return this.sendGroup(groupId, { attachment: { type: 'file', payload: { token: fileToken } } });
  }

  /** `GET /v2.0/oa/getoa` (boot health check). */
  getOaInfo(): Promise<unknown> {
    return this.call('GET', '/v2.0/oa/getoa', undefined, anySchema);
  }

  private async sendCs(userId: string, message: object): Promise<ZaloSendResult> {
    const d = await this.call('POST', '/v3.0/oa/message/cs', { json: { recipient: { user_id: userId }, message } }, sendSchema);
    return { messageId: d.message_id };
  }

  private async sendGroup(groupId: string, message: object): Promise<ZaloSendResult> {
    const d = await this.call('POST', '/v3.0/oa/group/message', { json: { recipient: { group_id: groupId }, message } }, sendSchema);
    return { messageId: d.message_id };
  }

  /** The one request path. */
  private async call<T>(method: 'GET' | 'POST', path: string, body: Body, schema: z.ZodType<T>): Promise<T> {
    let token = await this.options.tokens.getAccessToken();
    try {
      return await this.once(method, path, body, schema, token);
    } catch (error) {
      if (!(error instanceof ZaloTokenError)) throw error;
      this.options.logger.warn({ endpoint: path, code: error.code }, 'zalo: token rejected, refreshing once');
      token = await this.options.tokens.refreshAfterRejection(token);
      return this.once(method, path, body, schema, token);
    }
  }

  private async once<T>(method: 'GET' | 'POST', path: string, body: Body, schema: z.ZodType<T>, token: string): Promise<T> {
    let url = this.root + path;
    const headers: Record<string, string> = { access_token: token };
    let payload: string | undefined;
    if (body && 'query' in body) url += `?data=${encodeURIComponent(JSON.stringify(body.query))}`;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    }
    const started = performance.now();
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let response: JsonResponse;
    try {
      if (body && 'form' in body) {
        const res = await this.fetch(url, { method, headers, body: body.form, signal: AbortSignal.timeout(timeoutMs) });
        response = { status: res.status, json: await res.json(), header: (name) => res.headers.get(name) };
      } else {
        response = await this.transport(url, { method, headers, body: payload, timeoutMs });
      }
    } catch (error) {
      const why = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'hết thời gian chờ' : 'không kết nối được';
      throw new ZaloError('network', 0, `Zalo ${path}: ${why}`, path);
    }
    const json = response.json;
    if (response.status >= 500 || response.status === 429) {
      throw new ZaloError('network', 0, `Zalo ${path}: HTTP ${response.status}`, path);
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new ZaloError('network', 0, `Zalo ${path}: câu trả lời không đúng dạng (HTTP ${response.status})`, path);
    const ms = Math.round(performance.now() - started);
    if (envelope.data.error !== 0) {
      this.options.logger.debug({ endpoint: path, code: envelope.data.error, ms }, 'zalo: api error');
      throw zaloErrorFromCode(envelope.data.error, envelope.data.message ?? '', path);
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) throw new ZaloError('api', 0, `Zalo ${path}: dữ liệu trả về không đúng dạng`, path);
    this.options.logger.debug({ endpoint: path, ms, rateRemain: response.header('x-ratelimit-remain') }, 'zalo: api ok');
    return data.data;
  }
}

/** ≤ 2,000-character parts of `text` (NFC, as Zalo shows it); an empty text is still one (empty) message. */
function textParts(text: string): string[] {
  const parts = splitText(text.normalize('NFC'), ZALO_TEXT_LIMIT);
  return parts.length > 0 ? parts : [''];
}

function mediaMessage(image: { attachmentId: string } | { url: string }, caption?: string): object {
  const element = 'attachmentId' in image ? { media_type: 'image', attachment_id: image.attachmentId } : { media_type: 'image', url: image.url };
  return {
    ...(caption ? { text: caption.slice(0, ZALO_TEXT_LIMIT) } : {}),
    attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
  };
}

function formWith(data: Uint8Array, filename: string, mime: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: mime }), filename);
  return form;
}
