/**
 * People not ranked by points (laborers) through the review workflow — the head's prompt, the notices, the
 * department list, the export and the director's finalisation say "Công dân số: Đạt/Chưa đạt", never "0đ" — and
 * lateness the office must see: reviews after the department deadline ("duyệt muộn") and the office's own report
 * to the director after its deadline ("trình muộn").
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, departmentLists } from '../../db/schema.js';
import { buildScoreSheet } from '../../src/approval/export-score-sheet.js';
import { readSnapshot } from '../../src/approval/list-snapshot.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import { acceptListVia, approveVia, fillAnswers, finaliseVia, reportVia, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { DEPTS, setup } from './fixture.js';

/** The short title of cds.I.3 (people read criteria by title, never by code). */
const I3 = 'Có tài khoản dịch vụ công trực tuyến và…';
const CDS = ['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3'];

/** Local noon (Asia/Ho_Chi_Minh) of a `YYYY-MM-DD` day, plus `days`. */
function noonAfter(isoDate: string, days: number): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days, 5, 0);
}

describe('laborers and late reviews in the workflow', () => {
  it('shows laborers Đạt/Chưa đạt everywhere and flags late reviews and a late report to the director', async () => {
    const { store, db, unit, p, d, period, fill } = await setup();
    const laborer = (answers: Record<string, AnswerValue>) =>
      fillAnswers(store, { periodId: period.id, personId: p.laborer, rubric: unit.rubric, ctx: { role: 'laborer', departmentName: DEPTS[0] }, answers, now: d.clock.ms });
    await laborer(Object.fromEntries(CDS.map((c) => [c, c === 'cds.I.3' ? 'fail' : 'pass'])));
    await fill(p.staff, 'ddcccdddd'); // 95
    await fill(p.head2, 'bbbbbbbbb', 'head', DEPTS[1]); // 37
    for (const id of [p.laborer, p.staff, p.head2]) await submitVia(d, id);

    // The head's approval prompt and the laborer's own confirmation: pass/fail, not points.
    const prompt = textOf(d.take(p.head).flatMap((n) => n.messages));
    expect(prompt).toContain('Phạm Văn Bảo');
    expect(prompt).toContain(`Kết quả: Công dân số: Chưa đạt (thiếu: ${I3})`);
    expect(prompt).not.toContain('0đ');

    // Reviews after the department deadline are recorded and shown as late.
    d.clock.ms = noonAfter(period.departmentDeadline, 1);
    const approved = textOf(await approveVia(d, p.head, 'Phạm Văn Bảo'));
    expect(approved).toContain(`Công dân số: Chưa đạt (thiếu: ${I3})`);
    expect(approved).toContain('duyệt sau hạn');
    expect(textOf(d.take(p.laborer).flatMap((n) => n.messages))).toContain(`Kết quả: Công dân số: Chưa đạt (thiếu: ${I3})`);
    const history = textOf(await d.send(p.laborer, { kind: 'command', name: 'lichsu', args: '' }));
    expect(history).toContain('nộp bản tự đánh giá: tự đánh giá Công dân số: Chưa đạt');
    expect(history).toContain('Nguyễn Văn Trưởng duyệt bản tự đánh giá: Công dân số: Chưa đạt');
    expect(history).not.toContain('0đ');
    await approveVia(d, p.head, 'Trần Thị Lan');
    await approveVia(d, p.leader, 'Hoàng Thị Mai');
    const progress = textOf(await d.send(p.office, { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('Duyệt muộn: Trần Thị Lan, Phạm Văn Bảo');
    expect(progress).toContain('Duyệt muộn: Hoàng Thị Mai');

    // The department list: the laborer without points, late reviews marked; the mean counts the members ranked by
    // points, a member without a score as 0 (seed 000 III.2.b): (head 0 + Lan 95 + Hùng 0) / 3 = 31.67; Bảo is a laborer.
    const sent = textOf(await sendListVia(d, p.head));
    expect(sent).toContain(`Phạm Văn Bảo — Công dân số: Chưa đạt (thiếu: ${I3}) (duyệt muộn)`);
    expect(sent).toMatch(/Trần Thị Lan — 95đ, Chiến binh số xuất sắc[^\n]* \(duyệt muộn\)/);
    expect(sent).toContain('Điểm trung bình của phòng: 31,67đ');
    const list = db.select().from(departmentLists).all().map((l) => readSnapshot(l.snapshot)).find((s) => s?.departmentName === DEPTS[0]);
    expect(list?.entries.find((e) => e.personId === p.laborer)).toMatchObject({
      status: 'approved',
      total: null,
      reviewedLate: true,
      passFail: { met: 7, of: 8, notMet: ['cds.I.3'] },
    });

    // The export: no 0 for the laborer, the pass/fail in Xếp loại, late reviews in Trạng thái.
    const sheets = await store.read((tx) => buildScoreSheet(tx, { unitId: unit.unitId, periodCode: period.code }));
    const sheet = sheets.find((s) => s.name === DEPTS[0].slice(0, 31));
    const row = (label: string) => sheet?.rows.find((r) => r[1] === label) ?? [];
    const names = sheet?.rows[1] ?? [];
    const col = (name: string) => names.indexOf(name);
    expect(row('Tổng điểm')[col('Phạm Văn Bảo')]).toBeNull();
    expect(row('Xếp loại')[col('Phạm Văn Bảo')]).toBe(`Công dân số: Chưa đạt (thiếu: ${I3})`);
    expect(row('Trạng thái')[col('Phạm Văn Bảo')]).toBe('Đã duyệt (duyệt muộn)');
    expect(row('Tổng điểm')[col('Trần Thị Lan')]).toBe(95);
    const summary = sheets.find((s) => s.name === 'Tổng hợp');
    expect(summary?.rows.find((r) => r[1] === 'Phạm Văn Bảo')?.slice(3, 6)).toEqual([null, `Công dân số: Chưa đạt (thiếu: ${I3})`, 'Đã duyệt (duyệt muộn)']);

    // The office reports after its own deadline: recorded in the audit entry, shown to the director and in /tiendo.
    await sendListVia(d, p.head2);
    for (const name of DEPTS) await acceptListVia(d, p.office, name);
    d.clock.ms = noonAfter(period.officeDeadline, 1);
    expect(textOf(await reportVia(d, p.office))).toContain('sau hạn');
    const report = db.select().from(auditLog).where(and(eq(auditLog.action, 'period.submitted_to_director'), eq(auditLog.periodId, period.id))).get();
    expect(report?.after).toEqual({ status: 'submitted_to_director', late: true });
    const toDirector = textOf(d.take(p.director).flatMap((n) => n.messages));
    expect(toDirector).toContain('⚠️ Văn phòng trình muộn');
    expect(textOf(await d.send(p.director, { kind: 'command', name: 'pheduyet', args: '' }))).toContain('Văn phòng trình muộn');
    expect(textOf(await d.send(p.office, { kind: 'command', name: 'tiendo', args: '' }))).toMatch(/Văn phòng đã trình Giám đốc ngày \d\d\/\d\d\/2026 \(trình muộn\)/);

    // Finalisation tells the laborer their pass/fail, the staff member their points.
    await finaliseVia(d, p.director);
    expect(textOf(d.take(p.laborer).flatMap((n) => n.messages))).toContain(`Kết quả của anh/chị: Công dân số: Chưa đạt (thiếu: ${I3})`);
    expect(textOf(d.take(p.staff).flatMap((n) => n.messages))).toContain('Điểm của anh/chị: 95đ');
    expect(d.errors).toEqual([]);
  });

  it('does not flag an on-time report or on-time reviews', async () => {
    const { db, p, d, period, fill } = await setup();
    await fill(p.staff, 'ccccccccc'); // 68
    await fill(p.head2, 'bbbbbbbbb', 'head', DEPTS[1]);
    for (const id of [p.staff, p.head2]) await submitVia(d, id);
    await approveVia(d, p.head, 'Trần Thị Lan');
    await approveVia(d, p.leader, 'Hoàng Thị Mai');
    for (const id of [p.head, p.head2]) await sendListVia(d, id);
    for (const name of DEPTS) await acceptListVia(d, p.office, name);
    await reportVia(d, p.office);
    const report = db.select().from(auditLog).where(and(eq(auditLog.action, 'period.submitted_to_director'), eq(auditLog.periodId, period.id))).get();
    expect(report?.after).toEqual({ status: 'submitted_to_director', late: false });
    const progress = textOf(await d.send(p.office, { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('Văn phòng đã trình Giám đốc ngày');
    expect(progress).not.toContain('muộn');
    expect(textOf(d.take(p.director).flatMap((n) => n.messages))).not.toContain('trình muộn');
  });
});
