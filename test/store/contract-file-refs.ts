/**
 * Contract cases for `tx.fileRefs` (which stored files rows still name), run on every store implementation from
 * contract.ts: a path named by self-assessment evidence, by organisation-index evidence, by an initiative's
 * evidence list (JSON) or by a queued image message (JSON) is referenced; any other path is not.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { World } from './contract.js';

const T0 = Date.UTC(2026, 11, 3, 2);
const path = (n: number) => `evidence/${String(n).padStart(2, '0')}/${String(n).repeat(64).slice(0, 64)}.pdf`;
const file = (n: number) => ({ kind: 'file' as const, filePath: path(n), sha256: String(n).repeat(64).slice(0, 64), size: 10, mime: 'application/pdf', originalName: 'a.pdf' });

export function describeFileRefsContract(world: () => Promise<{ store: Store; w: World }>): void {
  describe('file references (tx.fileRefs)', () => {
    it('finds the paths that evidence rows, initiatives and queued messages name, and no other', async () => {
      const { store, w } = await world();
      await store.transaction(async (tx) => {
        const submission = await tx.assessment.ensureSubmission(w.period.id, w.people.staff, T0);
        await tx.assessment.addEvidence(submission.id, 'cbs.I.1', file(1), T0);
        await tx.assessment.addEvidence(submission.id, 'cbs.I.2', { kind: 'link', url: 'https://example.gov.vn/a' }, T0);
        await tx.initiatives.create({
          unitId: w.unitId, title: 'Sáng kiến', kind: 'sang-kien', topic: 'chuyen-doi-so', authorIds: [w.people.staff], collective: null,
          departmentId: null, summary: null, registeredById: w.people.staff, now: T0,
          evidence: [{ kind: 'link', url: 'https://example.gov.vn/b' }, { kind: 'file', path: path(2), sha256: 'x', size: 1, mime: 'application/pdf', name: null }],
        });
        await tx.outbox.enqueue({
          dedupeKey: 'board', channel: 'telegram', chatId: '1', purpose: 'notice', now: T0,
          messages: [{ kind: 'text', text: 'Bảng vinh danh' }, { kind: 'image', path: path(3), caption: 'x', mime: 'image/png' }],
        });
      });
      const asked = [path(1), path(2), path(3), path(4), 'evidence/zz/khong-co.pdf'];
      expect([...(await store.read((tx) => tx.fileRefs.referenced(asked)))].sort()).toEqual([path(1), path(2), path(3)]);
      expect((await store.read((tx) => tx.fileRefs.referenced([]))).size).toBe(0);
      // Many paths at once (more than one query's worth).
      const many = Array.from({ length: 1_200 }, (_, i) => `evidence/aa/${i}.pdf`).concat([path(1)]);
      expect([...(await store.read((tx) => tx.fileRefs.referenced(many)))]).toEqual([path(1)]);
    });
  });
}
