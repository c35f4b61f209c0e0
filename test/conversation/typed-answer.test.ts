/**
 * Issue 18, item 14: typed answers misread. While a question is open a level's code means the level (not "go to
 * question N"), a number that is both a position and a point value asks which, and level words are accepted.
 */
import { describe, expect, it } from 'vitest';
import { ambiguityPrompt, parseAnswer, parseTypedAnswer, type AnswerExpectation } from '../../src/conversation/parse-answer.js';

/** Seed 000 cbs.II.2: 0/3/7/10 points. */
const zeroThreeSevenTen: AnswerExpectation = {
  kind: 'choice',
  keys: ['a', 'b', 'c', 'd'],
  points: [0, 3, 7, 10],
  labels: [
    'Không tạo được nội dung truyền thông chính sách.',
    'Tạo được nội dung truyền thông chính sách ở mức độ đơn giản; hiệu quả truyền thông chưa cao',
    'Có tạo được nội dung truyền thông chính sách có chất lượng.',
    'Tạo được nội dung truyền thông chính sách có chất lượng được đăng, phát trên nhiều nền tảng truyền thông.',
  ],
};

/** Seed 000 cbs.I.1: training results. */
const training: AnswerExpectation = {
  kind: 'choice',
  keys: ['a', 'b', 'c', 'd'],
  points: [0, 5, 10, 15],
  labels: [
    'Không tham gia các khóa đào tạo, bồi dưỡng, tập huấn về chuyển đổi số',
    'Có tham gia các khóa đào tạo, bồi dưỡng, tập huấn về chuyển đổi số; kết quả xếp loại, đánh giá ở mức trung bình',
    'Có tham gia các khóa đào tạo, bồi dưỡng, tập huấn về chuyển đổi số; kết quả xếp loại, đánh giá ở mức Khá',
    'Có tham gia các khóa đào tạo, bồi dưỡng, tập huấn về chuyển đổi số; kết quả xếp loại, đánh giá ở mức Giỏi',
  ],
};

/** Seed 000 cbs.I.2 with the sub-levels of Phòng Thông tin, Báo chí – Xuất bản. */
const subLevels: AnswerExpectation = {
  kind: 'choice',
  keys: ['a', 'b.1', 'b.2', 'b.3', 'c.1', 'c.2', 'c.3', 'd.1', 'd.2'],
  points: [0, 2, 4, 5, 5, 7, 10, 15, 20],
};

describe('a level code while a question is open', () => {
  it('c2 on a question with sub-levels is the level c.2, not "go to question 2"', () => {
    for (const typed of ['c2', 'C2', 'c 2', 'c.2', 'C.2)']) {
      expect(parseTypedAnswer(typed, subLevels), typed).toEqual({ status: 'success', value: 'c.2' });
    }
  });

  it('is still "go to question N" when no level has that code', () => {
    expect(parseTypedAnswer('c2', zeroThreeSevenTen)).toEqual({ status: 'jump', question: 2 });
    expect(parseTypedAnswer('câu 12', subLevels)).toEqual({ status: 'jump', question: 12 });
    expect(parseTypedAnswer('c9', subLevels)).toEqual({ status: 'jump', question: 9 });
    expect(parseTypedAnswer('c5', { kind: 'number', min: 0, integer: true })).toEqual({ status: 'jump', question: 5 });
    expect(parseTypedAnswer('cau 3', { kind: 'pass-fail' })).toEqual({ status: 'jump', question: 3 });
  });

  it('answers everything else as parseAnswer does', () => {
    expect(parseTypedAnswer('b', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'b' });
    expect(parseTypedAnswer('chưa đạt', { kind: 'pass-fail' })).toEqual({ status: 'success', value: 'fail' });
    expect(parseTypedAnswer('b', subLevels)).toEqual({ status: 'fail', reason: 'ambiguous-level' });
  });
});

describe('a number that is both a position and a point value', () => {
  it('typing 3 on a 0/3/7/10 criterion asks which, with both readings', () => {
    const typed = parseTypedAnswer('3', zeroThreeSevenTen);
    expect(typed).toMatchObject({
      status: 'ambiguous',
      readings: [
        { key: 'c', by: 'position', points: 7 },
        { key: 'b', by: 'points', points: 3 },
      ],
    });
    // The older result never records option 3 (7 points) for "3".
    expect(parseAnswer('3', zeroThreeSevenTen)).toEqual({ status: 'fail', reason: 'ambiguous-choice' });
  });

  it('takes the only reading when there is one, and "3đ" / "3 điểm" as points', () => {
    expect(parseTypedAnswer('2', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'b' });
    expect(parseTypedAnswer('7', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'c' });
    expect(parseTypedAnswer('10', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'd' });
    expect(parseTypedAnswer('0', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'a' });
    expect(parseTypedAnswer('3đ', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'b' });
    expect(parseTypedAnswer('3 điểm', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'b' });
    expect(parseTypedAnswer('8', zeroThreeSevenTen)).toEqual({ status: 'fail', reason: 'out-of-range' });
    expect(parseTypedAnswer('4đ', zeroThreeSevenTen)).toEqual({ status: 'fail', reason: 'out-of-range' });
  });

  it('lists every level a number fits on sub-levels (5 = the 5th level c.1, and b.3 and c.1 are 5 points)', () => {
    expect(parseTypedAnswer('5', subLevels)).toEqual({
      status: 'ambiguous',
      readings: [
        { key: 'c.1', by: 'position', points: 5 },
        { key: 'b.3', by: 'points', points: 5 },
      ],
    });
    expect(parseTypedAnswer('20', subLevels)).toEqual({ status: 'success', value: 'd.2' });
  });

  it('phrases the question in Vietnamese with each level, its points and why it fits', () => {
    const typed = parseTypedAnswer('3', zeroThreeSevenTen);
    if (typed.status !== 'ambiguous') throw new Error('expected ambiguous');
    expect(ambiguityPrompt('3', typed.readings)).toBe(
      '"3" có thể hiểu theo 2 cách:\n' +
        '• c) Có tạo được nội dung truyền thông chính sách có chất lượng. — 7đ (lựa chọn thứ 3 trong danh sách)\n' +
        '• b) Tạo được nội dung truyền thông chính sách ở mức độ đơn giản… — 3đ (mức 3 điểm)\n' +
        'Anh/chị chọn mức nào? Bấm nút hoặc gõ "c" hoặc "b".',
    );
  });
});

describe('level words', () => {
  it.each([
    ['giỏi', 'd'],
    ['Giỏi', 'd'],
    ['gioi', 'd'],
    ['khá', 'c'],
    ['kha', 'c'],
    ['mức khá', 'c'],
    ['trung bình', 'b'],
    ['trung binh.', 'b'],
    ['không tham gia', 'a'],
    ['khong tham gia', 'a'],
  ])('%s → %s', (typed, key) => {
    expect(parseTypedAnswer(typed, training)).toEqual({ status: 'success', value: key });
    expect(parseAnswer(typed, training)).toEqual({ status: 'success', value: key });
  });

  it('accepts the first words of a level and its whole text', () => {
    expect(parseTypedAnswer('Không tạo được', zeroThreeSevenTen)).toEqual({ status: 'success', value: 'a' });
    expect(parseTypedAnswer('co tao duoc noi dung truyen thong chinh sach co chat luong', zeroThreeSevenTen)).toEqual({
      status: 'success',
      value: 'c',
    });
  });

  it('asks when the words fit several levels, and does not guess from words every level has', () => {
    const typed = parseTypedAnswer('có tham gia', training);
    expect(typed).toMatchObject({ status: 'ambiguous', readings: [{ key: 'b', by: 'words' }, { key: 'c', by: 'words' }, { key: 'd', by: 'words' }] });
    expect(parseTypedAnswer('chuyển đổi số', training)).toEqual({ status: 'fail', reason: 'unrecognised' });
    expect(parseTypedAnswer('ok', training)).toEqual({ status: 'fail', reason: 'unrecognised' });
    // Without the levels' texts nothing changes.
    expect(parseTypedAnswer('giỏi', { kind: 'choice', keys: ['a', 'b'] })).toEqual({ status: 'fail', reason: 'unrecognised' });
  });
});
