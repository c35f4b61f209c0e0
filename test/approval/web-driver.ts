/** An {@link ApprovalDriver} over the web chat's HTTP API (one cookie jar per logged-in person), with the outbox inbox. */
import { expect } from 'vitest';
import { z } from 'zod';
import type { OutboundMessage } from '../../src/conversation/types.js';
import type { ApprovalDriver } from '../helpers/approval-walk.js';
import { postJson, type CookieJar, type Harness } from '../web/web-harness.js';

const webMessage = z.object({
  kind: z.string(),
  text: z.string().optional(),
  choices: z.array(z.object({ label: z.string(), payload: z.string() })).optional(),
  persistent: z.boolean().optional(),
});

/** The page's JSON message back in the engine's model (choices keep whether they are a lasting card). */
const toOutbound = (m: z.infer<typeof webMessage>): OutboundMessage =>
  m.choices
    ? { kind: 'choices', text: m.text ?? '', choices: m.choices, ...(m.persistent ? { persistent: true } : {}) }
    : m.kind === 'answered'
      ? { kind: 'answered', text: m.text ?? '' }
      : { kind: 'text', text: m.text ?? '' };

export interface WebDriver extends ApprovalDriver {
  /** The person's delivered notifications (`GET /api/web/messages`). */
  inbox(personId: number): Promise<OutboundMessage[]>;
}

export function webDriver(harness: Harness, jars: Map<number, CookieJar>): WebDriver {
  let n = 0;
  const jarOf = (personId: number) => {
    const jar = jars.get(personId);
    if (!jar) throw new Error(`#${personId} is not logged in`);
    return jar;
  };
  return {
    async send(personId, event) {
      const response = await harness.request('/api/web/events', postJson({ ...event, eventId: `evt-${String((n += 1)).padStart(8, '0')}` }, jarOf(personId)));
      expect(response.status).toBe(200);
      return z.object({ replies: z.array(webMessage) }).parse(await response.json()).replies.map(toOutbound);
    },
    async inbox(personId) {
      const response = await harness.request('/api/web/messages', { jar: jarOf(personId) });
      return z.object({ messages: z.array(webMessage) }).parse(await response.json()).messages.map(toOutbound);
    },
  };
}
