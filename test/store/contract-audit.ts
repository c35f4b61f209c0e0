/**
 * Contract cases for the dashboard's audit search (`tx.audit.page`), run on every store implementation from
 * contract.ts and written only against the interfaces: one unit's entries, newest first, narrowed by person (acting
 * or concerned), period and action, paged by keyset on id.
 */
import { describe, expect, it } from 'vitest';
import type { AuditPageQuery } from '../../src/store/audit.js';
import type { Store } from '../../src/store/store.js';
import { NOW, seedWorld } from './contract.js';

export function describeAuditPageContract(fresh: () => Promise<Store>): void {
  describe('audit search page (newest first, keyset on id)', () => {
    it('filters by person (actor or subject), period and action, pages by id, and never crosses units', async () => {
      const store = await fresh();
      const w = await seedWorld(store);
      const ids = await store.transaction(async (t) => {
        const base = { unitId: 'u1', channel: 'web', entityType: 'submission', entityId: '1' };
        return [
          await t.audit.record({ ...base, at: NOW, action: 'submission.submitted', actorPersonId: w.people.staff, subjectPersonId: w.people.staff, periodId: w.period.id }),
          await t.audit.record({ ...base, at: NOW + 1, action: 'submission.returned', actorPersonId: w.people.head, subjectPersonId: w.people.staff, periodId: w.period.id, reason: 'Thiếu minh chứng' }),
          await t.audit.record({ ...base, at: NOW + 2, action: 'unit.rules_changed', actorPersonId: w.people.head, entityType: 'unit', entityId: 'u1', before: { a: 1 }, after: { a: 2 } }),
          await t.audit.record({ ...base, at: NOW + 3, action: 'submission.submitted', actorPersonId: w.people.staff2, subjectPersonId: w.people.staff2, periodId: w.period.id }),
          await t.audit.record({ at: NOW + 4, unitId: 'u2', action: 'submission.submitted', entityType: 'submission', entityId: '9', actorPersonId: w.people.other, subjectPersonId: w.people.other }),
        ];
      });
      const [a, b, c, d] = ids as [number, number, number, number, number];
      const page = (q: Omit<AuditPageQuery, 'unitId'> & { unitId?: string }) =>
        store.read((t) => t.audit.page({ unitId: 'u1', ...q })).then((rows) => rows.map((r) => r.id));

      expect(await page({ limit: 10 })).toEqual([d, c, b, a]);
      // Keyset: the next page starts below the last id shown; a page written meanwhile does not shift it.
      expect(await page({ limit: 2 })).toEqual([d, c]);
      const e = await store.transaction((t) => t.audit.record({ at: NOW + 5, unitId: 'u1', action: 'web.login', entityType: 'person', entityId: '1', actorPersonId: w.people.staff }));
      expect(await page({ limit: 2, beforeId: c })).toEqual([b, a]);
      expect(await page({ limit: 2, beforeId: a })).toEqual([]);
      // The person acting or the person concerned.
      expect(await page({ limit: 10, personId: w.people.head })).toEqual([c, b]);
      expect(await page({ limit: 10, personId: w.people.staff })).toEqual([e, b, a]);
      expect(await page({ limit: 10, periodId: w.period.id })).toEqual([d, b, a]);
      expect(await page({ limit: 10, action: 'submission.submitted' })).toEqual([d, a]);
      expect(await page({ limit: 10, action: 'submission.submitted', personId: w.people.staff, periodId: w.period.id })).toEqual([a]);
      expect(await page({ limit: 10, action: 'nothing.like.this' })).toEqual([]);
      expect(await page({ limit: 10, unitId: 'u3' })).toEqual([]);
      // The limit is kept within 1–500.
      expect(await page({ limit: 0 })).toHaveLength(1);
      // The whole record comes back, JSON parsed.
      const [full] = await store.read((t) => t.audit.page({ unitId: 'u1', action: 'unit.rules_changed', limit: 1 }));
      expect(full).toEqual({
        id: c, at: NOW + 2, unitId: 'u1', actorPersonId: w.people.head, channel: 'web', action: 'unit.rules_changed', entityType: 'unit',
        entityId: 'u1', subjectPersonId: null, periodId: null, before: { a: 1 }, after: { a: 2 }, reason: null,
      });
    });
  });
}
