/**
 * The initiative registration dialog's data (version 1): the step on screen and what was typed so far. `nonce`
 * makes the buttons of an older screen stale.
 */
import { z } from 'zod';
import { INITIATIVE_KINDS, INITIATIVE_TOPICS } from '../../store/initiatives.js';

const evidence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string(), sha256: z.string(), size: z.number().int(), mime: z.string(), name: z.string().nullable() }),
  z.object({ kind: z.literal('link'), url: z.string() }),
]);

export const INITIATIVE_STEPS = ['title', 'kind', 'topic', 'authors', 'summary', 'evidence', 'confirm'] as const;

export const initiativeDialogSchema = z.object({
  step: z.enum(INITIATIVE_STEPS),
  nonce: z.string(),
  title: z.string().nullable(),
  kind: z.enum(INITIATIVE_KINDS).nullable(),
  topic: z.enum(INITIATIVE_TOPICS).nullable(),
  coAuthorIds: z.array(z.number().int()),
  summary: z.string().nullable(),
  evidence: z.array(evidence),
});
export type InitiativeDialog = z.infer<typeof initiativeDialogSchema>;

export const INITIATIVE_DIALOG_VERSION = 1;
