/**
 * Downloads a photo or document the person sent (`getFile`, then the file URL). The Bot API serves files up to
 * 20 MB; bigger ones are not fetched at all and reach the engine with `data: null`, and the engine explains the
 * limit. The file URL contains the bot token: it is never logged.
 */
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { InboundFile } from '../../conversation/types.js';
import { readLimited } from '../download-limited.js';
import type { FileRef } from './to-inbound.js';

/** The Bot API's download limit for `getFile`. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Thrown when the file could not be fetched (network, expired file id): the person is asked to resend. */
export class FileDownloadError extends Error {
  override name = 'FileDownloadError';
}

export async function downloadFile(telegram: Telegram, ref: FileRef, maxBytes = MAX_DOWNLOAD_BYTES): Promise<InboundFile> {
  const tooBig = (size: number): InboundFile => ({ name: ref.name, mime: ref.mime, size, data: null });
  if (ref.size !== undefined && ref.size > maxBytes) return tooBig(ref.size);
  let url: URL;
  try {
    url = await telegram.getFileLink(ref.fileId);
  } catch (error) {
    if (error instanceof TelegramError && /too big/i.test(String(error.description))) return tooBig(maxBytes + 1);
    throw new FileDownloadError(`getFile failed: ${error instanceof Error ? error.name : 'unknown'}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FileDownloadError('unsupported file location');
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new FileDownloadError(`download failed: ${error instanceof Error ? error.name : 'unknown'}`);
  }
  if (!response.ok || !response.body) throw new FileDownloadError(`download failed: HTTP ${response.status}`);
  const { data, size } = await readLimited(response.body, maxBytes);
  return data ? { name: ref.name, mime: ref.mime, size, data } : tooBig(size);
}
