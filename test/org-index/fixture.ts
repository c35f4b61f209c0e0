/**
 * A commune (seed 003, Hương Hữu) with the officials the DTI names, linked chats and an index year opened through
 * the services: Văn hóa – Thông tin (also the lead office, the calendar's lead role), Kế toán – Ngân sách,
 * Văn phòng – Thống kê, a civil servant ("cán bộ, công chức"), a steering-committee member and its chair.
 */
import { answerIndicator } from '../../src/org-index/answer-indicator.js';
import { markNotApplicable, reviewIndicator } from '../../src/org-index/review-year.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import { setOfficial } from '../../src/org-index/officials.js';
import { loadOrgYear, openOrgYear, orgActor } from '../../src/org-index/org-year.js';
import type { OrgPeriodRecord } from '../../src/store/org-index.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { orgIndexWorkflow } from '../../src/workflows/org-index/org-index-workflow.js';
import { BASE_WORKFLOWS, FakeClock, linkedChat, makeEngine, type Chat, type Harness } from '../conversation/harness.js';
import { seedUnit, type SeedPerson } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

export const DTI_FILE = 'flows/huong-huu-dti-2024.yaml';
let dti: Rubric | undefined;
export function dtiRubric(): Rubric {
  dti ??= loadRubricFile(DTI_FILE);
  return dti;
}

export const COMMUNE_PEOPLE: (SeedPerson & { codes: string[] })[] = [
  { key: 'vhtt', fullName: 'Lê Thị Văn', phone: '0913000001', department: null, roles: ['staff'], codes: ['van-hoa-thong-tin'] },
  { key: 'ktns', fullName: 'Trần Văn Kế', phone: '0913000002', department: null, roles: ['staff'], codes: ['ke-toan-ngan-sach'] },
  { key: 'vptk', fullName: 'Phạm Thị Thống', phone: '0913000003', department: null, roles: ['staff'], codes: ['van-phong-thong-ke'] },
  { key: 'cbcc', fullName: 'Nguyễn Văn Công', phone: '0913000004', department: null, roles: ['staff'], codes: ['can-bo-cong-chuc'] },
  { key: 'bcd', fullName: 'Hồ Văn Đạo', phone: '0913000005', department: null, roles: ['staff'], codes: ['steering'] },
  { key: 'chair', fullName: 'Võ Văn Chủ', phone: '0913000006', department: null, roles: ['leader'], codes: ['chair'] },
];

export interface Commune {
  store: SqliteStore;
  h: Harness;
  unitId: string;
  people: Record<string, number>;
  period: OrgPeriodRecord;
  chats: Record<string, Chat>;
}

/** Seeds a commune `unitId` in `store` (a fresh one by default), opens `year`, and links every person's chat. */
export async function commune(options: { store?: SqliteStore; h?: Harness; unitId?: string; unitName?: string; year?: number; phonePrefix?: string } = {}): Promise<Commune> {
  const store = options.store ?? testStore();
  const unitId = options.unitId ?? 'xa-huong-huu';
  const prefix = options.phonePrefix ?? '0913';
  const people = COMMUNE_PEOPLE.map((p) => ({ ...p, phone: `${prefix}${p.phone?.slice(4)}` }));
  const seeded = await seedUnit(store, { unitId, unitName: options.unitName ?? 'UBND xã Hương Hữu', departments: [], people, periodCode: null, leaderInCharge: null });
  const rubric = dtiRubric();
  const now = Date.UTC(2024, 0, 15);
  const period = await store.transaction(async (tx) => {
    for (const p of people) {
      for (const code of p.codes) {
        const set = await setOfficial(tx, { unitId, personId: seeded.people[p.key]!, code, on: true, rubric, actorId: null, now });
        if (!set.ok) throw new Error(JSON.stringify(set.refusal));
      }
    }
    const opened = await openOrgYear(tx, { unitId, rubric, year: options.year ?? 2024, actorId: null, now });
    if (!opened.ok) throw new Error(JSON.stringify(opened.refusal));
    return opened.period;
  });
  // 1 October 2024, 09:00 in Vietnam: inside the data window, before the entry deadline.
  const h = options.h ?? makeEngine(store, { workflows: [...BASE_WORKFLOWS, orgIndexWorkflow], clock: new FakeClock(Date.UTC(2024, 9, 1, 2, 0)) });
  const chats: Record<string, Chat> = {};
  for (const p of people) chats[p.key] = await linkedChat(h, `${unitId}-${p.key}`, p.phone);
  return { store, h, unitId, people: seeded.people, period, chats };
}

/** The answer worth the indicator's maximum. */
export function full(c: Criterion): AnswerValue {
  switch (c.kind) {
    case 'parts':
      return c.parts.map((p) => p.key);
    case 'count':
      return Math.ceil(c.max / c.perUnit);
    case 'rate':
      return c.invert ? 0 : 100;
    case 'monthly-quota':
      return c.months;
    case 'penalty':
      return 0;
    case 'info':
      return 'Có';
    default:
      return 'pass';
  }
}

/** Answers and accepts every indicator as the lead office; `overrides` change answers, `notApplicable` marks. */
export async function fill(store: SqliteStore, periodId: number, leadId: number, overrides: Record<string, AnswerValue>, notApplicable: string[] = []) {
  await store.transaction(async (tx) => {
    const year = await loadOrgYear(tx, periodId);
    if (!year) throw new Error('no year');
    const person = await tx.staff.getPerson(leadId);
    const actor = orgActor(person!, year.officials);
    const stamp = { now: Date.UTC(2024, 9, 20) };
    for (const id of notApplicable) {
      const na = await markNotApplicable(tx, year, actor, id, true, 'Không thuộc diện đánh giá', stamp);
      if (!na.ok) throw new Error(JSON.stringify(na.refusal));
    }
    for (const c of year.rubric.criteria) {
      if (notApplicable.includes(c.id)) continue;
      const answered = await answerIndicator(tx, year, actor, { criterionId: c.id, value: overrides[c.id] ?? full(c), now: stamp.now });
      if (!answered.ok) throw new Error(`${c.id}: ${JSON.stringify(answered.refusal)}`);
      const accepted = await reviewIndicator(tx, year, actor, c.id, { action: 'accept' }, stamp);
      if (!accepted.ok) throw new Error(JSON.stringify(accepted.refusal));
    }
  });
}

