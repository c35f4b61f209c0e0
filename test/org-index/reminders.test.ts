/**
 * Issue 13 item 2: reminders before each completion date and before the entry deadline, to whoever still owes an
 * answer, through the outbox exactly once per person and day.
 */
import { describe, expect, it } from 'vitest';
import { answerIndicator } from '../../src/org-index/answer-indicator.js';
import { setOfficial } from '../../src/org-index/officials.js';
import { loadOrgYear, openOrgYear, orgActor } from '../../src/org-index/org-year.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { createHarness, vn } from '../scheduler/harness.js';
import { dtiRubric } from './fixture.js';

describe('organisation index reminders', () => {
  it('7 days and 1 day before a completion date and the entry deadline, only to assignees who still owe an answer', async () => {
    const h = await createHarness({ codes: [] });
    const unitId = h.unit.unitId;
    const { staff, head } = h.unit.people as Record<string, number>;
    const rubric = dtiRubric();
    const period = await h.store.transaction(async (tx) => {
      await setOfficial(tx, { unitId, personId: staff!, code: 'van-hoa-thong-tin', on: true, rubric, actorId: null, now: 0 });
      await setOfficial(tx, { unitId, personId: head!, code: 'can-bo-cong-chuc', on: true, rubric, actorId: null, now: 0 });
      const opened = await openOrgYear(tx, { unitId, rubric, year: 2024, actorId: null, now: 0 });
      if (!opened.ok) throw new Error('open');
      return opened.period;
    });
    const s = createScheduler(h.deps);
    const at = (m: number, d: number) => vn(2024, m, d, 8, 0);
    const run = (m: number, d: number) => s.runSlot('org-reminder', unitId, at(m, d).getTime(), at(m, d));

    await run(3, 23);
    expect(h.rows('reminder:org-reminder')).toEqual([]);
    // 24 March: 7 days before 31/3, when dti.2 (Văn hóa – Thông tin) is due.
    await run(3, 24);
    const march = h.rows('reminder:org-reminder');
    expect(march.map((r) => r.personId)).toEqual([staff]);
    expect(march[0]?.text).toContain('Hạn hoàn thành 31/03/2024: dti.2');
    expect(march[0]?.text).toContain('/chiso');
    // The same slot again reminds nobody twice.
    await run(3, 24);
    expect(h.rows('reminder:org-reminder')).toHaveLength(1);

    // Answered: the day-before reminder leaves it out.
    await h.store.transaction(async (tx) => {
      const year = (await loadOrgYear(tx, period.id))!;
      const person = (await tx.staff.getPerson(staff!))!;
      const out = await answerIndicator(tx, year, orgActor(person, year.officials), { criterionId: 'dti.2', value: ['to-chuc'], now: 1 });
      if (!out.ok) throw new Error('answer');
    });
    await run(3, 30);
    expect(h.rows('reminder:org-reminder')).toHaveLength(1);

    // 4 November: 7 days before the entry deadline (11/11): everyone with an unanswered indicator.
    await run(11, 4);
    const november = h.rows('reminder:org-reminder').slice(1);
    expect(november.map((r) => r.personId).sort()).toEqual([staff, head].sort());
    const staffText = november.find((r) => r.personId === staff)?.text ?? '';
    expect(staffText).toContain('Hạn nhập số liệu và ký số: 11/11/2024');
    expect(staffText).not.toContain('dti.2,');
    expect(staffText).not.toMatch(/dti\.2(?!\d)/);
  });
});
