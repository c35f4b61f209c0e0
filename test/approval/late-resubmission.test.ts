/**
 * A member (re)submits after the office accepted the department's list: the list goes back to "sent"
 * (`list.reopened_by_resubmission`), the head is told why and can review, the office is told and accepts again
 * only after the review. After the office reported to the director, and after finalisation, nothing reopens.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, departmentLists, periods, submissions } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { readSnapshot } from '../../src/approval/list-snapshot.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { acceptListVia, buttonIn, finaliseVia, reportVia, returnVia, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { DEPTS, setup } from './fixture.js';

const LAN = 'Trần Thị Lan';

function list(db: Db) {
  const row = db.select().from(departmentLists).get();
  if (!row) throw new Error('no list');
  return row;
}

function audits(db: Db, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id)).all();
}

function entryStatus(db: Db, personId: number): string | undefined {
  return readSnapshot(list(db).snapshot)?.entries.find((e) => e.personId === personId)?.status;
}

/** Lan submits and is returned; the head sends the department's list; the office accepts it. */
async function acceptedWithLanReturned() {
  const f = await setup();
  const { p, d } = f;
  const sid = await f.fill(p.staff, 'cccbbcccc');
  await submitVia(d, p.staff);
  await returnVia(d, p.head, LAN, 'Thiếu minh chứng khóa đào tạo');
  expect(textOf(await sendListVia(d, p.head))).toContain('Đã gửi danh sách');
  expect(textOf(await acceptListVia(d, p.office, DEPTS[0]))).toContain('Đã tiếp nhận');
  for (const id of [p.head, p.office, p.staff, p.leader]) d.take(id);
  return { ...f, sid };
}

describe('a (re)submission after the office accepted the list', () => {
  it('returns the list to "sent", audited; the head reviews; the office accepts again only after the review', async () => {
    const { db, p, d, fill, sid } = await acceptedWithLanReturned();
    expect(list(db).status).toBe('accepted');

    await fill(p.staff, 'cdcbbcccc');
    expect(textOf(await submitVia(d, p.staff))).toMatch(/gửi lại|nộp lại/i);
    expect(db.select().from(submissions).where(eq(submissions.id, sid)).get()?.status).toBe('submitted');
    expect(list(db)).toMatchObject({ status: 'sent', acceptedById: null, acceptedAt: null });
    expect(entryStatus(db, p.staff)).toBe('submitted');
    const [reopened, ...more] = audits(db, 'list.reopened_by_resubmission');
    expect(more).toEqual([]);
    expect(reopened).toMatchObject({
      actorPersonId: p.staff,
      subjectPersonId: p.staff,
      entityType: 'department_list',
      entityId: String(list(db).id),
      before: { status: 'accepted', acceptedById: p.office },
      after: { status: 'sent', cause: 'resubmitted', submissionId: sid },
    });

    // The head's prompt says why it can be reviewed; the office is told the list came back.
    const prompt = d.take(p.head);
    expect(prompt.map((n) => n.purpose)).toEqual(['approval']);
    expect(textOf(prompt[0]?.messages ?? [])).toContain('đã sửa và nộp lại');
    expect(textOf(prompt[0]?.messages ?? [])).toContain('Văn phòng đã tiếp nhận danh sách Phòng Kế hoạch – Tài chính trước khi bản này được nộp');
    const office = textOf(d.take(p.office).flatMap((n) => n.messages));
    expect(office).toContain(`${LAN} (${DEPTS[0]}) vừa nộp lại bản tự đánh giá`);
    expect(office).toContain('tự động chuyển lại trạng thái "đã gửi"');

    // The office cannot accept before the head has reviewed it.
    const early = await acceptListVia(d, p.office, DEPTS[0]);
    expect(textOf(early)).toContain('Còn 1 bản tự đánh giá của phòng');
    expect(list(db).status).toBe('sent');

    // The head approves straight from the prompt: the list is refreshed and the office told.
    const approved = await d.send(p.head, { kind: 'button', payload: buttonIn(prompt[0]?.messages ?? [], 'Duyệt') });
    expect(textOf(approved)).toContain(`Đã duyệt bản của ${LAN}: 72đ`);
    expect(entryStatus(db, p.staff)).toBe('approved');
    expect(textOf(d.take(p.office).flatMap((n) => n.messages))).toContain('vừa được điều chỉnh');
    expect(textOf(await acceptListVia(d, p.office, DEPTS[0]))).toContain('Đã tiếp nhận');
    expect(list(db).status).toBe('accepted');
    expect(audits(db, 'list.reopened_by_resubmission')).toHaveLength(1);
    expect(d.errors).toEqual([]);
  });

  it('also reopens for a first, late submission (cause "submitted"), and a second event does not reopen twice', async () => {
    const { db, p, d, fill } = await acceptedWithLanReturned();
    await fill(p.staff2, 'ccccccccc');
    await submitVia(d, p.staff2);
    expect(list(db).status).toBe('sent');
    expect(audits(db, 'list.reopened_by_resubmission').map((a) => a.after)).toEqual([
      expect.objectContaining({ cause: 'submitted', status: 'sent' }),
    ]);
    expect(textOf(d.take(p.head).flatMap((n) => n.messages))).toContain('đã tự động chuyển lại');
    // Lan resubmits while the list is already back with the head: nothing more to reopen.
    await fill(p.staff, 'cdcbbcccc');
    await submitVia(d, p.staff);
    expect(audits(db, 'list.reopened_by_resubmission')).toHaveLength(1);
    expect(textOf(d.take(p.head).flatMap((n) => n.messages))).not.toContain('tự động chuyển lại');
    expect(d.errors).toEqual([]);
  });

  it('never reopens after the office reported to the director, nor after finalisation', async () => {
    const { db, p, d, sid } = await acceptedWithLanReturned();
    await sendListVia(d, p.head2);
    await acceptListVia(d, p.office, DEPTS[1]);
    expect(textOf(await reportVia(d, p.office))).toContain('Đã trình Giám đốc');

    // The engine offers no open period any more, so nothing is submitted and nothing reopens.
    for (const stage of ['reported', 'finalised'] as const) {
      if (stage === 'finalised') expect(textOf(await finaliseVia(d, p.director))).toContain('Đã phê duyệt');
      const attempt = await d.send(p.staff, { kind: 'command', name: 'nop', args: '' });
      expect(textOf(attempt)).toContain('Hiện chưa đến thời gian tự đánh giá Quý nào');
      expect(attempt.some((m) => m.kind === 'choices')).toBe(false);
      expect(db.select().from(submissions).where(eq(submissions.id, sid)).get()?.status).toBe('returned');
      expect(list(db).status).toBe('accepted');
    }
    expect(db.select().from(periods).get()?.status).toBe('finalised');
    expect(audits(db, 'list.reopened_by_resubmission')).toEqual([]);
    expect(d.errors).toEqual([]);
  });

  it('the hook itself leaves the list alone unless the period is open', async () => {
    const { store, db, p, d, period, sid } = await acceptedWithLanReturned();
    // As if the self-assessment had let Lan resubmit whatever the period's state.
    await store.transaction((tx) => tx.assessment.updateSubmission(sid, { status: 'submitted', submittedAt: d.clock.ms }, d.clock.ms));
    const service = createApprovalService();
    const event = async (status: 'open' | 'submitted_to_director' | 'finalised') => {
      db.update(periods).set({ status }).where(eq(periods.id, period.id)).run();
      return store.transaction((tx) =>
        service.promptReviewers(tx, { kind: 'resubmitted', personId: p.staff, submissionId: sid, periodId: period.id }, d.clock.now()),
      );
    };
    for (const status of ['finalised', 'submitted_to_director'] as const) {
      const notes = (await event(status)) ?? [];
      expect(notes.map((n) => n.personId)).toEqual([p.head]);
      expect(list(db).status).toBe('accepted');
    }
    expect(audits(db, 'list.reopened_by_resubmission')).toEqual([]);
    const notes = (await event('open')) ?? [];
    expect(notes.map((n) => n.personId).sort()).toEqual([p.head, p.office].sort());
    expect(list(db).status).toBe('sent');
    expect(audits(db, 'list.reopened_by_resubmission')).toHaveLength(1);
  });
});
