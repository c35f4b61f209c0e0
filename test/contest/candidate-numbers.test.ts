import { describe, expect, it } from 'vitest';
import { assignCandidateNumbers, assignRooms, type AcceptedCandidate } from '../../src/contest/candidate-numbers.js';
import { seedContest } from './fixture.js';

const contest = seedContest();
const c = (personId: string, fullName: string, unitName: string, level: AcceptedCandidate['level']): AcceptedCandidate => ({
  personId,
  fullName,
  unitId: unitName,
  unitName,
  level,
  positionId: 'x',
});

const list: AcceptedCandidate[] = [
  c('a', 'Trần Văn Bình', 'Xã Mỹ Khánh', 'commune'),
  c('b', 'Nguyễn Thị An', 'Sở Tài chính', 'city'),
  c('c', 'Lê Văn Đức', 'Sở Nội vụ', 'city'),
  c('d', 'Phạm Thị Dung', 'Sở Nội vụ', 'city'),
  c('e', 'Võ Minh Em', 'Huyện Phong Điền', 'district'),
];

describe('assignCandidateNumbers', () => {
  it('numbers by level, unit, then given name (Đ after D), with the level prefix and 3 digits', () => {
    const numbered = assignCandidateNumbers(contest, list);
    expect(numbered.map((n) => `${n.candidateNumber} ${n.fullName}`)).toEqual([
      'TP001 Phạm Thị Dung',
      'TP002 Lê Văn Đức',
      'TP003 Nguyễn Thị An',
      'QH001 Võ Minh Em',
      'XP001 Trần Văn Bình',
    ]);
    expect(new Set(numbered.map((n) => n.candidateNumber)).size).toBe(list.length);
  });

  it('gives the same numbers whatever the input order', () => {
    const forward = assignCandidateNumbers(contest, list);
    const backward = assignCandidateNumbers(contest, [...list].reverse());
    expect(backward).toEqual(forward);
  });

  it('keeps numbers already given and continues after the highest', () => {
    const late = c('f', 'Đặng Văn Anh', 'Sở Nội vụ', 'city');
    const existing = new Map([
      ['b', 'TP001'],
      ['c', 'TP002'],
      ['d', 'TP003'],
    ]);
    const numbered = assignCandidateNumbers(contest, [...list, late], existing);
    expect(numbered.filter((n) => n.level === 'city').map((n) => `${n.candidateNumber} ${n.personId}`)).toEqual([
      'TP001 b',
      'TP002 c',
      'TP003 d',
      'TP004 f',
    ]);
  });

  it('refuses a person listed twice, a number given twice, and a wrong prefix', () => {
    expect(() => assignCandidateNumbers(contest, [list[0]!, list[0]!])).toThrow('Người Trần Văn Bình (a) có hai lần trong danh sách dự thi.');
    expect(() => assignCandidateNumbers(contest, list, new Map([['a', 'XP001'], ['e', 'XP001']]))).toThrow('Số báo danh XP001 đã được cấp cho hai người.');
    expect(() => assignCandidateNumbers(contest, list, new Map([['a', 'TP009']]))).toThrow(
      'Số báo danh TP009 của Trần Văn Bình không đúng dạng XP000 của cấp xã.',
    );
  });
});

describe('assignRooms', () => {
  const rooms = [
    { id: 'p1', name: 'Phòng máy 1', capacity: 2 },
    { id: 'p2', name: 'Phòng máy 2', capacity: 3 },
  ];

  it('fills rooms in order, seats numbered from 1', () => {
    const seats = assignRooms(assignCandidateNumbers(contest, list), rooms);
    expect(seats.map((s) => `${s.candidateNumber}@${s.roomId}#${s.seat}`)).toEqual([
      'TP001@p1#1',
      'TP002@p1#2',
      'TP003@p2#1',
      'QH001@p2#2',
      'XP001@p2#3',
    ]);
  });

  it('refuses when the rooms cannot hold everyone', () => {
    expect(() => assignRooms(assignCandidateNumbers(contest, list), rooms.slice(0, 1))).toThrow(
      'Không đủ chỗ: có 5 thí sinh nhưng các phòng thi chỉ có 2 chỗ.',
    );
    expect(() => assignRooms([], [{ id: 'x', name: 'Phòng X', capacity: 0 }])).toThrow('Phòng X: sức chứa phải là số nguyên dương.');
  });
});
