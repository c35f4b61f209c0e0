/**
 * Every transition of the review workflow, driven through the conversation engine's inbound/outbound model
 * (commands, `ap:` buttons, reason dialogs), with the state, the points, the notifications and the audit log checked.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { answers, auditLog, departmentLists, periods, submissions } from '../../db/schema.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { acceptListVia, approveVia, buttonIn, finaliseVia, reportVia, returnListVia, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { adjustVia } from './adjust-walk.js';
import { DEPTS, setup } from './fixture.js';

function sub(db: Db, id: number) {
  const row = db.select().from(submissions).where(eq(submissions.id, id)).get();
  if (!row) throw new Error('no submission');
  return row;
}

function actions(db: Db): string[] {
  return db.select({ a: auditLog.action }).from(auditLog).orderBy(asc(auditLog.id)).all().map((r) => r.a);
}

describe('approval workflow on the engine model', () => {
  it('submission: submit → return → resubmit → adjust → approve, with prompts, notices and audit', async () => {
    const { db, p, d, fill } = await setup();
    const sid = await fill(p.staff, 'cccbbcccc'); // 10+10+10+2+2+7+7+7+7 = 62
    await submitVia(d, p.staff);
    expect(sub(db, sid).status).toBe('submitted');
    const [prompt] = d.take(p.head);
    expect(prompt?.purpose).toBe('approval');
    // The key names the prompt AND its recipient (issue 18 item 22: a key shared by recipients reaches only one).
    expect(prompt?.dedupeKey).toMatch(new RegExp(`^approval:${sid}:\\d+:submitted:${p.head}$`));
    const promptText = textOf(prompt?.messages ?? []);
    expect(promptText).toContain('Trần Thị Lan');
    expect(promptText).toContain('62đ — Chiến binh số tiêu biểu');
    for (const label of ['Duyệt', 'Điều chỉnh', 'Trả lại', 'Xem chi tiết']) expect(buttonIn(prompt?.messages ?? [], label)).toMatch(/^ap:/);

    // Details: every answer with its evidence link.
    const details = await d.send(p.head, { kind: 'button', payload: buttonIn(prompt?.messages ?? [], 'Xem chi tiết') });
    expect(textOf(details)).toContain('Hiểu biết về công nghệ số: mức c (10đ)');
    expect(textOf(details)).toContain(`🔗 https://stttt.daknong.gov.vn/bai-viet/${p.staff}`);

    // Return needs a reason; an empty one is asked again.
    await d.send(p.head, { kind: 'command', name: 'duyet', args: '' }).then((r) => d.send(p.head, { kind: 'button', payload: buttonIn(r, 'Trả lại', 'Trần Thị Lan') }));
    const tooShort = await d.send(p.head, { kind: 'text', text: ' ' });
    expect(textOf(tooShort)).toContain('Vui lòng nhập lý do');
    expect(sub(db, sid).status).toBe('submitted');
    const returned = await d.send(p.head, { kind: 'text', text: 'Thiếu minh chứng khóa đào tạo' });
    expect(textOf(returned)).toContain('Đã trả lại');
    expect(sub(db, sid)).toMatchObject({ status: 'returned', returnReason: 'Thiếu minh chứng khóa đào tạo' });
    expect(textOf(d.take(p.staff).flatMap((n) => n.messages))).toContain('Lý do: Thiếu minh chứng khóa đào tạo');

    // The person edits I.2 (c → d) and resubmits: the head sees what changed.
    await fill(p.staff, 'cdcbbcccc'); // 72
    await submitVia(d, p.staff);
    const re = textOf(d.take(p.head).flatMap((n) => n.messages));
    expect(re).toContain('đã sửa và nộp lại');
    expect(re).toContain('72đ');
    expect(re).toMatch(/Câu 11\. Kỹ năng sử dụng công nghệ số: mức c \(10đ\) → mức d \(20đ\)/);

    // Adjust I.3 from c (10) to b (5), with a reason; the person is told the new points and the reason.
    const adjusted = await adjustVia(d, p.head, 'Trần Thị Lan', 'Câu 12. Khả năng', 'b)', 'Chưa đủ căn cứ mức c');
    expect(textOf(adjusted)).toContain('Tổng mới của Trần Thị Lan: 67đ');
    expect(buttonIn(adjusted, 'Duyệt', 'sau điều chỉnh')).toMatch(/^ap:a:/);
    // The refreshed prompt names the adjusted criterion by its title, not by its code.
    expect(textOf(adjusted)).toMatch(/Đã điều chỉnh: Khả năng[^\n]*/);
    expect(textOf(adjusted)).not.toContain('Đã điều chỉnh: I.3');
    const notice = textOf(d.take(p.staff).flatMap((n) => n.messages));
    expect(notice).toContain('mức c (10đ) → mức b (5đ)');
    expect(notice).toContain('Lý do: Chưa đủ căn cứ mức c');
    expect(notice).toContain('Tổng mới: 67đ');
    const i3 = db.select().from(answers).where(eq(answers.submissionId, sid)).all().find((a) => a.criterionId === 'cbs.I.3');
    expect(i3).toMatchObject({ reviewedValue: 'b', reviewedPoints: 5, reviewReason: 'Chưa đủ căn cứ mức c' });

    // Approve (from the refreshed prompt).
    const ok = await d.send(p.head, { kind: 'button', payload: buttonIn(adjusted, 'Duyệt') });
    expect(textOf(ok)).toContain('Đã duyệt');
    expect(sub(db, sid)).toMatchObject({ status: 'approved', reviewedTotal: 67, selfTotal: 72, band: 'tieu-bieu', classified: true, reviewedById: p.head });
    expect(textOf(d.take(p.staff).flatMap((n) => n.messages))).toContain('đã được duyệt');

    // A stale button (old revision) changes nothing.
    const stale = await d.send(p.head, { kind: 'button', payload: buttonIn(prompt?.messages ?? [], 'Duyệt') });
    expect(textOf(stale)).toMatch(/đã thay đổi|đã được duyệt/);

    expect(actions(db)).toEqual([
      'submission.submitted',
      'submission.returned',
      'submission.resubmitted',
      'submission.adjusted',
      'submission.approved',
    ]);
    const adj = db.select().from(auditLog).where(eq(auditLog.action, 'submission.adjusted')).get();
    expect(adj).toMatchObject({ actorPersonId: p.head, subjectPersonId: p.staff, channel: 'telegram', reason: 'Chưa đủ căn cứ mức c' });
    expect(adj?.before).toMatchObject({ criterionId: 'cbs.I.3', value: 'c', points: 10, total: 72 });
    expect(adj?.after).toMatchObject({ criterionId: 'cbs.I.3', value: 'b', points: 5, total: 67 });

    // The person sees their own history.
    const history = textOf(await d.send(p.staff, { kind: 'command', name: 'lichsu', args: '' }));
    expect(history).toContain('Nguyễn Văn Trưởng điều chỉnh điểm');
    expect(history).toContain('Lý do: Chưa đủ căn cứ mức c');
    expect(history).toContain('Nguyễn Văn Trưởng duyệt bản tự đánh giá: 67đ');
    expect(d.errors).toEqual([]);
  });

  it('a head is reviewed by the leader in charge; lists go sent → returned → sent → accepted; period → finalised → reopened', async () => {
    const { db, p, d, fill, period } = await setup();
    await fill(p.staff, 'ddcccdddd'); // 15+20+10+5+5+10+10+10+10 = 95
    await fill(p.head, 'cccbbcccc', 'head'); // 62
    await fill(p.head2, 'bbbbbbbbb', 'head', DEPTS[1]); // 5+5+5+2+2+3+5+5+5 = 37
    await fill(p.staff3, 'ccccccccc', 'staff', DEPTS[1]); // 10+10+10+5+5+7+7+7+7 = 68
    for (const id of [p.staff, p.head, p.head2, p.staff3]) await submitVia(d, id);
    expect(d.take(p.leader).length).toBe(2); // the two heads' own self-assessments
    expect(textOf(await approveVia(d, p.leader, 'Nguyễn Văn Trưởng'))).toContain('Đã duyệt');
    await approveVia(d, p.leader, 'Hoàng Thị Mai');
    await approveVia(d, p.head, 'Trần Thị Lan');

    // Sending the list with a pending review is refused; after reviewing, it goes to the office and the leader.
    const early = await sendListVia(d, p.head2);
    expect(textOf(early)).toContain('Còn 1 bản tự đánh giá chờ duyệt');
    await approveVia(d, p.head2, 'Đỗ Thị Hoa');
    const sent = textOf(await sendListVia(d, p.head));
    expect(sent).toContain('Đã gửi danh sách tới Văn phòng');
    expect(sent).toContain('Lê Văn Hùng — chưa nộp (chưa bắt đầu)');
    expect(sent).toContain('Trần Thị Lan — 95đ, Chiến binh số xuất sắc');
    expect(sent).toContain('Điểm trung bình của phòng: 52,33đ'); // (95 + 62 + Hùng 0) / 3; Bảo is a laborer (seed 000 III.2.b)
    expect(d.take(p.office)[0]?.purpose).toBe('approval');
    expect(textOf(d.take(p.leader).flatMap((n) => n.messages))).toContain('/ykien');

    const comment = await d.send(p.leader, { kind: 'command', name: 'ykien', args: 'Thống nhất, đề nghị biểu dương Lan' });
    expect(textOf(comment)).toContain('Đã ghi ý kiến');
    await returnListVia(d, p.office, DEPTS[0], 'Thiếu ý kiến họp phòng');
    expect(db.select().from(departmentLists).get()).toMatchObject({ status: 'returned', returnReason: 'Thiếu ý kiến họp phòng' });
    expect(textOf(d.take(p.head).flatMap((n) => n.messages))).toContain('Lý do: Thiếu ý kiến họp phòng');
    await sendListVia(d, p.head);
    await acceptListVia(d, p.office, DEPTS[0]);

    // The office cannot report before every list is accepted.
    expect(textOf(await reportVia(d, p.office))).toContain('Còn 1 phòng');
    await sendListVia(d, p.head2);
    await acceptListVia(d, p.office, DEPTS[1]);
    const progress = textOf(await d.send(p.office, { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('Chưa nộp: Lê Văn Hùng, Phạm Văn Bảo');
    expect(progress).toContain('Danh sách: Văn phòng đã tiếp nhận');

    expect(textOf(await reportVia(d, p.office))).toContain('Đã trình Giám đốc');
    const toDirector = d.take(p.director);
    expect(buttonIn(toDirector[0]?.messages ?? [], 'Phê duyệt')).toBe(`ap:pf:${period.id}`);
    // The director sends it back with a reason, the office reports again, the director finalises.
    await d.send(p.director, { kind: 'button', payload: buttonIn(toDirector[0]?.messages ?? [], 'Trả lại') });
    await d.send(p.director, { kind: 'text', text: 'Bổ sung ý kiến phòng Văn phòng' });
    expect(db.select().from(periods).get()?.status).toBe('open');
    await reportVia(d, p.office);
    expect(textOf(await finaliseVia(d, p.director))).toContain('Đã phê duyệt');
    expect(db.select().from(periods).get()).toMatchObject({ status: 'finalised', finalisedAt: d.clock.ms });
    expect(textOf(d.take(p.staff).flatMap((n) => n.messages))).toContain('Điểm của anh/chị: 95đ');

    // Nothing changes after finalisation, except through the office's audited reopening.
    const frozen = await sendListVia(d, p.head);
    expect(textOf(frozen)).toContain('phê duyệt chính thức');
    const reopened = await d.send(p.office, { kind: 'command', name: 'mololai', args: 'Sai sót điểm phòng Kế hoạch' });
    expect(textOf(reopened)).toContain('Đã mở lại Quý');
    expect(db.select().from(periods).get()).toMatchObject({ status: 'open', finalisedAt: null });
    const reopen = db.select().from(auditLog).where(eq(auditLog.action, 'period.reopened')).get();
    expect(reopen).toMatchObject({ actorPersonId: p.office, reason: 'Sai sót điểm phòng Kế hoạch', before: { status: 'finalised' }, after: { status: 'open' } });
    expect(actions(db).filter((a) => a.startsWith('list.') || a.startsWith('period.'))).toEqual([
      'list.sent',
      'list.commented',
      'list.returned',
      'list.resent',
      'list.accepted',
      'list.sent',
      'list.accepted',
      'period.submitted_to_director',
      'period.returned_by_director',
      'period.submitted_to_director',
      'period.finalised',
      'period.reopened',
    ]);
    expect(d.errors).toEqual([]);
  });
});
