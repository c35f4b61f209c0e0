/**
 * Reading a download with a size cap, shared by the channels that fetch what people send (Telegram files, Zalo
 * attachments). Stops reading as soon as the cap is passed, so an oversized file never sits whole in memory;
 * each channel keeps its own fetch, URL checks and error mapping.
 */

/** What `readLimited` read: the bytes, or `null` when the body passed `maxBytes` (then `size` is the bytes seen). */
export interface LimitedBody {
  data: Buffer | null;
  size: number;
}

/**
 * Reads `body` to the end unless it passes `maxBytes`; then cancels the stream (a failing cancel is ignored, the
 * answer is already known) and returns `data: null` with the size read so far.
 */
export async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<LimitedBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { data: null, size };
    }
    chunks.push(value);
  }
  return { data: Buffer.concat(chunks), size };
}
