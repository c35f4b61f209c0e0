/**
 * A whole quarter (2026-Q4) of a demo unit — 3 departments, 15 people — played through the conversation engine:
 * submissions, one adjustment, one return and resubmission, one late submission, department lists (one late),
 * the leader's comment, the office, the director. Final scores, bands, department means, late flags and the audit
 * trail are checked against values computed by hand below; the exported XLSX is read back with a real reader.
 * Played on both store dialects (SQLite and PostgreSQL), reading results back only through the repositories.
 *
 * Level points (seed 000): I.1 a0 b5 c10 d15 (+5 bonus, max 20) · I.2 a0 b5 c10 d20 · I.3 a0 b5 c10 ·
 * II.1/II.2 a0 b2 c5 · II.3 a0 b3 c7 d10 · III.1–3 a0 b5 c7 d10. Profiles list I.1 I.2 I.3 II.1 II.2 II.3 III.1 III.2 III.3.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile, { readSheetNames } from 'read-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/approval/list-snapshot.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import { acceptListVia, approveVia, fillAnswers, finaliseVia, reportVia, returnVia, seed000Answers, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { adjustVia } from './adjust-walk.js';
import { DIALECTS, freshStore } from '../helpers/dialects.js';
import { seedUnit, type SeedPerson } from '../helpers/seed-unit.js';
import { engineDriver } from './engine-driver.js';

const [A, B, C] = ['Phòng Kế hoạch – Tài chính', 'Phòng Chuyển đổi số', 'Văn phòng Sở'] as const;
const PEOPLE: SeedPerson[] = [
  { key: 'director', fullName: 'Đặng Văn Giám', department: null, roles: ['director'] },
  { key: 'leader', fullName: 'Bùi Văn Phó', department: null, roles: ['leader'] },
  { key: 'headA', fullName: 'An Văn Trưởng', department: 0, roles: ['head', 'staff'] },
  { key: 'a1', fullName: 'Lê Thị Ánh', department: 0, roles: ['staff'] },
  { key: 'a2', fullName: 'Phan Văn Bình', department: 0, roles: ['staff'] },
  { key: 'a3', fullName: 'Mai Thị Cúc', department: 0, roles: ['staff'] },
  { key: 'headB', fullName: 'Bạch Văn Trưởng', department: 1, roles: ['head', 'staff'] },
  { key: 'b1', fullName: 'Trịnh Văn Dũng', department: 1, roles: ['staff'] },
  { key: 'b2', fullName: 'Ngô Thị Em', department: 1, roles: ['staff'] },
  { key: 'b3', fullName: 'Hồ Văn Phúc', department: 1, roles: ['staff'] },
  { key: 'headC', fullName: 'Cao Văn Chánh', department: 2, roles: ['head', 'staff'] },
  { key: 'c1', fullName: 'Vũ Thị Giang', department: 2, roles: ['office', 'staff'] },
  { key: 'c2', fullName: 'Tạ Văn Hải', department: 2, roles: ['staff'] },
  { key: 'c3', fullName: 'Lý Thị Hương', department: 2, roles: ['staff'] },
  { key: 'c4', fullName: 'Đào Văn Khoa', department: 2, roles: ['laborer'] },
];

const dir = mkdtempSync(join(tmpdir(), 'thidua-quarter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 2026-12-dd 09:00 in Hà Nội. */
const day = (dd: number) => Date.UTC(2026, 11, dd, 2, 0);
/**
 * Seed 000 Q4: self-assessments and department lists are due on 10 December, the last allowed day (inclusive).
 * 23:30 on 10/12 in Hà Nội is still on time; 00:30 on 11/12 there is late although it is still the 10th in UTC.
 */
const LAST_MINUTE = Date.UTC(2026, 11, 10, 16, 30);
const JUST_LATE = Date.UTC(2026, 11, 10, 17, 30);

describe.each(DIALECTS)('a whole quarter for a demo unit (%s)', (dialect) => {
  it('ends with the hand-computed scores, bands, means, late flags, audit trail and score sheet', async () => {
    const fresh = await freshStore(dialect, dir);
    const store = fresh.store;
    const unit = await seedUnit(store, { departments: [A, B, C], people: PEOPLE, unitId: 'stttt' });
    const p = unit.people;
    const id = (k: string) => p[k] ?? -1;
    const period = unit.period;
    if (!period) throw new Error('no period');
    const d = engineDriver(store, Object.values(p));
    d.clock.ms = day(3);
    const fill = (k: string, answers: Record<string, AnswerValue>, role: 'staff' | 'head' | 'office' | 'laborer', dept: string) =>
      fillAnswers(store, { periodId: period.id, personId: id(k), rubric: unit.rubric, ctx: { role, departmentName: dept }, answers, now: d.clock.ms });
    const profile = (levels: string, options?: Parameters<typeof seed000Answers>[1]) => seed000Answers(levels, options);

    await fill('headA', profile('dccccdccc'), 'head', A); // 15+10+10+5+5+10+7+7+7 = 76
    await fill('a1', profile('ddccccddd', { bonus: true }), 'staff', A); // 20+20+10+5+5+7+10+10+10 = 97
    await fill('a2', profile('bbbbbbbbb'), 'staff', A); // 5+5+5+2+2+3+5+5+5 = 37
    await fill('headB', profile('ccccccccc'), 'head', B); // 10+10+10+5+5+7+7+7+7 = 68
    await fill('b1', profile('cbcbbbbbb'), 'staff', B); // 10+5+10+2+2+3+5+5+5 = 47
    await fill('b3', profile('ccccccccc', { citizenPass: false }), 'staff', B); // 68, not classified (Công dân số failed)
    await fill('headC', profile('ccccccccc', { bonus: true }), 'head', C); // 15+10+10+5+5+7+7+7+7 = 73
    await fill('c1', profile('ddcccdddd'), 'office', C); // 15+20+10+5+5+10+10+10+10 = 95
    const laborer: Record<string, AnswerValue> = Object.fromEntries(['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3'].map((c) => [c, 'pass']));
    await fill('c4', laborer, 'laborer', C);
    for (const k of ['headA', 'a1', 'a2', 'headB', 'b1', 'b3', 'headC', 'c1', 'c4']) await submitVia(d, id(k));

    // Reviews: one return + resubmission (b1), one adjustment (a1: III.3 d → c, 97 → 94).
    d.clock.ms = day(5);
    await returnVia(d, id('headB'), 'Trịnh Văn Dũng', 'Chưa có minh chứng cho mục III.1');
    await fill('b1', profile('cccbbbdbb'), 'staff', B); // 10+10+10+2+2+3+10+5+5 = 57
    await submitVia(d, id('b1'));
    await approveVia(d, id('headB'), 'Trịnh Văn Dũng');
    await adjustVia(d, id('headA'), 'Lê Thị Ánh', 'Câu 18. Hợp tác', 'c)', 'Chưa thể hiện vai trò dẫn dắt');
    await approveVia(d, id('headA'), 'Lê Thị Ánh');
    await approveVia(d, id('headA'), 'Phan Văn Bình');
    for (const name of ['An Văn Trưởng', 'Bạch Văn Trưởng', 'Cao Văn Chánh']) await approveVia(d, id('leader'), name);
    await approveVia(d, id('headB'), 'Hồ Văn Phúc');
    for (const name of ['Vũ Thị Giang', 'Đào Văn Khoa']) await approveVia(d, id('headC'), name);

    // On the last allowed day, late in the evening: c2 submits and is approved, two lists are sent — all on time.
    d.clock.ms = LAST_MINUTE;
    await fill('c2', profile('ccbbbbccc'), 'staff', C); // 10+10+5+2+2+3+7+7+7 = 53
    await submitVia(d, id('c2'));
    expect(textOf(d.take(id('headC')).flatMap((n) => n.messages))).not.toContain('NỘP MUỘN');
    await approveVia(d, id('headC'), 'Tạ Văn Hải');
    for (const k of ['headA', 'headC']) await sendListVia(d, id(k));
    await d.send(id('leader'), { kind: 'command', name: 'ykien', args: '' }).then((r) => d.send(id('leader'), { kind: 'button', payload: r.flatMap((m) => (m.kind === 'choices' ? m.choices : [])).find((c) => c.label.includes(A))?.payload ?? '' }));
    await d.send(id('leader'), { kind: 'text', text: 'Đồng ý với kết quả họp phòng' });

    // A late submission (after 10/12, local time) is allowed, flagged, reviewed late, and the list is sent late.
    d.clock.ms = JUST_LATE;
    await fill('b2', profile('ddcccdddd'), 'staff', B); // 15+20+10+5+5+10+10+10+10 = 95
    await submitVia(d, id('b2'));
    expect(textOf(d.take(id('headB')).flatMap((n) => n.messages))).toContain('NỘP MUỘN');
    await approveVia(d, id('headB'), 'Ngô Thị Em');
    await sendListVia(d, id('headB'));
    const progress = textOf(await d.send(id('c1'), { kind: 'command', name: 'tiendo', args: '' }));
    expect(progress).toContain('⚠️ Đã quá hạn: tự đánh giá');
    expect(progress).toContain('Nộp muộn: Ngô Thị Em');
    expect(progress).toContain('Danh sách: đã gửi, chờ Văn phòng tiếp nhận (gửi muộn)');
    expect(progress).toContain('Chưa nộp: Mai Thị Cúc');

    d.clock.ms = day(12);
    for (const name of [A, B, C]) await acceptListVia(d, id('c1'), name);
    await reportVia(d, id('c1'));
    expect(textOf(await finaliseVia(d, id('director')))).toContain('Đã phê duyệt');
    expect(d.errors).toEqual([]);

    // Final scores and bands (hand-computed above).
    const all = await store.read((tx) => tx.reviews.submissionsOfPeriod(period.id));
    const final = Object.fromEntries(all.map((s) => [PEOPLE.find((x) => p[x.key] === s.personId)?.key, [s.status, s.reviewedTotal, s.band, s.classified]]));
    expect(final).toEqual({
      headA: ['approved', 76, 'tieu-bieu', true],
      a1: ['approved', 94, 'xuat-sac', true],
      a2: ['approved', 37, 'khong-dat', true],
      headB: ['approved', 68, 'tieu-bieu', true],
      b1: ['approved', 57, 'chien-binh-so', true],
      b2: ['approved', 95, 'xuat-sac', true],
      b3: ['approved', 68, null, false],
      headC: ['approved', 73, 'tieu-bieu', true],
      c1: ['approved', 95, 'xuat-sac', true],
      c2: ['approved', 53, 'chien-binh-so', true],
      c4: ['approved', 0, null, false],
    });
    const submissionOf = (k: string) => all.find((s) => s.personId === id(k));
    expect(submissionOf('b2')).toMatchObject({ submittedLate: true, reviewedLate: true });
    expect(submissionOf('a1')).toMatchObject({ submittedLate: false, reviewedLate: false });
    expect(submissionOf('c2')).toMatchObject({ submittedLate: false, reviewedLate: false });

    // Department means, seed 000 III.2.b (the mean of the members ranked by points; a member who did not submit or
    // is not classified counts 0; the laborer counts in no mean): A (76+94+37+Cúc 0)/4 = 51.75;
    // B (68+57+95+Phúc 0)/4 = 55; C (73+95+53+Hương 0)/4 = 55.25.
    const lists = await store.read((tx) => tx.reviews.listsOfPeriod(period.id));
    const means = Object.fromEntries(lists.map((l) => [readSnapshot(l.snapshot)?.departmentName, [l.status, readSnapshot(l.snapshot)?.mean, l.sentLate]]));
    expect(means).toEqual({ [A]: ['accepted', 51.75, false], [B]: ['accepted', 55, true], [C]: ['accepted', 55.25, false] });
    expect(lists.find((l) => l.leaderComment !== null)?.leaderComment).toBe('Đồng ý với kết quả họp phòng');

    // The audit trail.
    const trail = await store.read((tx) => tx.audit.search({ unitId: 'stttt' }));
    const count = (action: string) => trail.filter((r) => r.action === action).length;
    expect({
      submitted: count('submission.submitted'),
      resubmitted: count('submission.resubmitted'),
      returned: count('submission.returned'),
      adjusted: count('submission.adjusted'),
      approved: count('submission.approved'),
      sent: count('list.sent'),
      commented: count('list.commented'),
      accepted: count('list.accepted'),
      toDirector: count('period.submitted_to_director'),
      finalised: count('period.finalised'),
    }).toEqual({ submitted: 11, resubmitted: 1, returned: 1, adjusted: 1, approved: 11, sent: 3, commented: 1, accepted: 3, toDirector: 1, finalised: 1 });
    expect(trail.find((r) => r.action === 'submission.adjusted')).toMatchObject({
      actorPersonId: id('headA'),
      subjectPersonId: id('a1'),
      channel: 'telegram',
      reason: 'Chưa thể hiện vai trò dẫn dắt',
      before: { criterionId: 'cbs.III.3', value: 'd', points: 10, total: 97 },
      after: { criterionId: 'cbs.III.3', value: 'c', points: 7, total: 94, band: 'xuat-sac' },
    });
    expect(trail.find((r) => r.action === 'submission.returned')).toMatchObject({ subjectPersonId: id('b1'), reason: 'Chưa có minh chứng cho mục III.1' });
    expect(trail.filter((r) => r.action === 'submission.approved' && r.subjectPersonId === id('b2'))[0]?.after).toMatchObject({ late: true });

    // /diem's official results.
    expect(await store.read((tx) => createApprovalService().myResults(tx, id('a1')))).toEqual([
      expect.objectContaining({ code: '2026-Q4', total: 94, band: 'xuat-sac', classified: true }),
    ]);
    await store.close();

    // The score sheet through the CLI (configured for the same database: DATABASE_PATH or DATABASE_URL), parsed back with read-excel-file.
    const out: string[] = [];
    const err: string[] = [];
    const env = fresh.env;
    const xlsx = join(dir, `bang-diem-${dialect}.xlsx`);
    expect(await runCli(['export', '--period', '2026-Q4', '--format', 'xlsx', '--out', xlsx], { out: (l) => out.push(l), err: (l) => err.push(l) }, { env })).toBe(0);
    expect(err).toEqual([]);
    // Issue 18 item 19: the director and the deputy director (no department) get a sheet of their own.
    expect(await readSheetNames(xlsx)).toEqual([A, B, C, 'Lãnh đạo đơn vị', 'Tổng hợp']);
    const sheetA = await readXlsxFile(xlsx, { sheet: A });
    expect(sheetA[1]).toEqual(['STT', 'Tiêu chí đánh giá', 'Điểm tối đa', 'An Văn Trưởng', 'Lê Thị Ánh', 'Phan Văn Bình', 'Mai Thị Cúc', 'Ghi chú']);
    const row = (rows: unknown[][], label: string) => rows.find((r) => r[1] === label) ?? [];
    expect(row(sheetA, 'Tổng điểm').slice(2, 7)).toEqual([100, 76, 94, 37, null]);
    expect(row(sheetA, 'Trạng thái').slice(3, 7)).toEqual(['Đã duyệt', 'Đã duyệt', 'Đã duyệt', 'Không nộp']);
    expect(row(sheetA, 'Hợp tác, hỗ trợ, chia sẻ kinh nghiệm với đồng nghiệp').slice(2, 6)).toEqual([10, 7, 7, 5]);
    // Issue 18 item 19: the mean in its own block (column C), no longer under the first person's column.
    expect(row(sheetA, 'Điểm trung bình của phòng')[2]).toBe(51.75);
    expect(row(sheetA, 'Điểm trung bình của phòng')[3]).toMatch(/^Chiến binh số/);
    const summary = await readXlsxFile(xlsx, { sheet: 'Tổng hợp' });
    // Seed 000 II.3.b: no head answered the department's article of the quarter (/baiphong).
    expect(summary.filter((r) => typeof r[1] === 'string' && ([A, B, C] as string[]).includes(r[1])).map((r) => r[7])).toEqual([
      'Tin, bài của phòng trong Quý: chưa khai báo',
      'Tin, bài của phòng trong Quý: chưa khai báo',
      'Tin, bài của phòng trong Quý: chưa khai báo',
    ]);
    expect(summary.find((r) => r[1] === 'Hồ Văn Phúc')?.slice(3, 6)).toEqual([68, 'Không xếp loại', 'Đã duyệt']);
    // Issue 18 item 19: the count next to the mean is the count the mean is over (every member ranked by points),
    // then how many of them have a classified score: Số người, tính điểm TB, có điểm xếp loại, Điểm TB.
    expect(summary.filter((r) => typeof r[1] === 'string' && ([A, B, C] as string[]).includes(r[1])).map((r) => [r[1], r[2], r[3], r[4], r[5]])).toEqual([
      [A, 4, 4, 3, 51.75],
      [B, 4, 4, 3, 55], // Hồ Văn Phúc: 68 points, not classified (Công dân số failed), counts 0
      [C, 5, 4, 3, 55.25], // the laborer (Đạt/Chưa đạt) has no points and is in no mean
    ]);

    // The same numbers as CSV, one department.
    const csv = join(dir, `b-${dialect}.csv`);
    expect(await runCli(['export', '--period', '2026-Q4', '--format', 'csv', '--department', B, '--out', csv], { out: (l) => out.push(l), err: (l) => err.push(l) }, { env })).toBe(0);
    const csvText = readFileSync(csv, 'utf8');
    expect(csvText.split('\r\n').find((l) => l.startsWith(',Tổng điểm'))).toBe(',Tổng điểm,100,68,57,95,68,');

    // The audit trail through the CLI.
    out.length = 0;
    // Only the office and the director read it (canReadAudit); a head is refused in Vietnamese.
    expect(await runCli(['audit', '--person', String(id('a1')), '--as', String(id('headA'))], { out: (l) => out.push(l), err: (l) => err.push(l) }, { env })).toBe(1);
    expect(err.at(-1)).toBe('Chỉ Văn phòng và Giám đốc xem được nhật ký thay đổi.');
    expect(out).toEqual([]);
    expect(await runCli(['audit', '--person', String(id('a1')), '--as', String(id('c1'))], { out: (l) => out.push(l), err: (l) => err.push(l) }, { env })).toBe(0);
    const printed = out.join('\n');
    expect(printed).toContain('[telegram] An Văn Trưởng (#');
    expect(printed).toContain('Điều chỉnh điểm (submission.adjusted)');
    expect(printed).toContain('lý do: Chưa thể hiện vai trò dẫn dắt');
    out.length = 0;
    expect(await runCli(['audit', '--period', '2026-Q4', '--as', String(id('c1'))], { out: (l) => out.push(l), err: (l) => err.push(l) }, { env })).toBe(0);
    expect(out[0]).toBe(`Nhật ký: ${trail.length} mục`);
    await fresh.drop();
  });
});
