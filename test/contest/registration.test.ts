import { describe, expect, it } from 'vitest';
import {
  checkAllLists,
  checkUnitList,
  normaliseTitle,
  type BoardMember,
  type RegisteringUnit,
} from '../../src/contest/registration.js';
import { seedContest } from './fixture.js';

const contest = seedContest();
const soNoiVu: RegisteringUnit = { id: 'snv', name: 'Sở Nội vụ', level: 'city', kind: 'so' };
const quanNinhKieu: RegisteringUnit = { id: 'nk', name: 'Quận Ninh Kiều', level: 'district', kind: 'quan-huyen' };
const phuongAnHoa: RegisteringUnit = { id: 'ah', name: 'Phường An Hòa', level: 'commune', kind: 'xa-phuong-thi-tran' };
const jury: BoardMember[] = [{ personId: 'p-gk', board: 'jury' }];

describe('checkUnitList', () => {
  it('accepts one or two directors or deputies of a department, by id or by title as people write it', () => {
    const check = checkUnitList(
      contest,
      {
        unit: soNoiVu,
        candidates: [
          { personId: 'p1', fullName: 'Nguyễn Văn An', position: 'giam-doc-so' },
          { personId: 'p2', fullName: 'Trần Thị Bích', position: 'Phó Giám đốc Sở Nội vụ' },
        ],
      },
      { boardMembers: jury },
    );
    expect(check.accepted).toBe(true);
    expect(check.candidates.map((c) => c.positionId)).toEqual(['giam-doc-so', 'pho-giam-doc-so']);
  });

  it('refuses a third candidate (quota breach) with a message on that line and on the list', () => {
    const check = checkUnitList(
      contest,
      {
        unit: soNoiVu,
        candidates: [
          { personId: 'p1', fullName: 'Nguyễn Văn An', position: 'Giám đốc' },
          { personId: 'p2', fullName: 'Trần Thị Bích', position: 'PGĐ Sở' },
          { personId: 'p3', fullName: 'Lê Minh Châu', position: 'phó giám đốc' },
        ],
      },
      { boardMembers: [] },
    );
    expect(check.accepted).toBe(false);
    expect(check.candidates.map((c) => c.accepted)).toEqual([true, true, false]);
    expect(check.candidates[2]!.problems).toEqual([
      'Vượt số lượng: Sở, ban, ngành thành phố chỉ được cử tối đa 2 người là Giám đốc sở hoặc Phó Giám đốc sở; đây là người thứ 3.',
    ]);
    expect(check.unitProblems).toEqual([
      'Danh sách có 3 người là Giám đốc sở hoặc Phó Giám đốc sở, vượt số lượng tối đa 2 người.',
    ]);
  });

  it('refuses a member of the jury, who then does not count towards the quota', () => {
    const check = checkUnitList(
      contest,
      {
        unit: quanNinhKieu,
        candidates: [
          { personId: 'p-gk', fullName: 'Phạm Quốc Dũng', position: 'Phó Chủ tịch UBND quận' },
          { personId: 'p4', fullName: 'Võ Thị Em', position: 'Chủ tịch Ủy ban nhân dân quận' },
        ],
      },
      { boardMembers: jury },
    );
    expect(check.candidates[0]).toEqual({
      personId: 'p-gk',
      fullName: 'Phạm Quốc Dũng',
      positionId: 'pho-chu-tich-ubnd-huyen',
      accepted: false,
      problems: ['Là thành viên Ban Giám khảo của cuộc thi nên không được dự thi.'],
    });
    expect(check.candidates[1]!.accepted).toBe(true);
    expect(check.unitProblems).toEqual([]);
  });

  it('refuses a position that is not eligible at the level, naming who may be sent', () => {
    const check = checkUnitList(
      contest,
      { unit: soNoiVu, candidates: [{ personId: 'p5', fullName: 'Đỗ Văn Giang', position: 'Trưởng phòng Tổ chức' }] },
      { boardMembers: [] },
    );
    expect(check.candidates[0]!.problems).toEqual([
      'Chức vụ “Trưởng phòng Tổ chức” không thuộc đối tượng dự thi của Sở, ban, ngành thành phố (cấp thành phố); chỉ cử Giám đốc sở hoặc Phó Giám đốc sở.',
    ]);
    expect(check.unitProblems).toEqual([
      'Chưa đủ số lượng: phải cử ít nhất 1 người là Giám đốc sở hoặc Phó Giám đốc sở, danh sách hợp lệ có 0 người.',
    ]);
  });

  it('does not take a district chair for a commune chair', () => {
    const check = checkUnitList(
      contest,
      { unit: quanNinhKieu, candidates: [{ personId: 'p6', fullName: 'Huỳnh Văn Hải', position: 'Chủ tịch UBND xã' }] },
      { boardMembers: [] },
    );
    expect(check.candidates[0]!.accepted).toBe(false);
  });

  it('commune level: the UBND chair and all vice-chairs, and one of the council chair or vice-chair', () => {
    const base = [
      { personId: 'x1', fullName: 'Lâm Văn Khoa', position: 'Chủ tịch UBND phường An Hòa' },
      { personId: 'x2', fullName: 'Tạ Thị Lan', position: 'Phó Chủ tịch UBND' },
      { personId: 'x3', fullName: 'Mai Văn Minh', position: 'Phó Chủ tịch Ủy ban nhân dân phường' },
      { personId: 'x4', fullName: 'Ngô Thị Nga', position: 'Chủ tịch HĐND phường' },
    ];
    expect(checkUnitList(contest, { unit: phuongAnHoa, candidates: base }, { boardMembers: [] }).accepted).toBe(true);

    const twoFromCouncil = checkUnitList(
      contest,
      { unit: phuongAnHoa, candidates: [...base, { personId: 'x5', fullName: 'Phan Văn Oanh', position: 'Phó Chủ tịch Hội đồng nhân dân phường' }] },
      { boardMembers: [] },
    );
    expect(twoFromCouncil.candidates[4]!.problems).toEqual([
      'Vượt số lượng: Xã, phường, thị trấn chỉ được cử tối đa 1 người là Chủ tịch Hội đồng nhân dân xã, phường, thị trấn hoặc Phó Chủ tịch Hội đồng nhân dân xã, phường, thị trấn; đây là người thứ 2.',
    ]);

    const noCouncil = checkUnitList(contest, { unit: phuongAnHoa, candidates: base.slice(0, 3) }, { boardMembers: [] });
    expect(noCouncil.unitProblems).toEqual([
      'Chưa đủ số lượng: phải cử ít nhất 1 người là Chủ tịch Hội đồng nhân dân xã, phường, thị trấn hoặc Phó Chủ tịch Hội đồng nhân dân xã, phường, thị trấn, danh sách hợp lệ có 0 người.',
    ]);
  });

  it('refuses the same person twice in a list, and an unknown unit kind', () => {
    const check = checkUnitList(
      contest,
      {
        unit: soNoiVu,
        candidates: [
          { personId: 'p1', fullName: 'Nguyễn Văn An', position: 'Giám đốc' },
          { personId: 'p1', fullName: 'Nguyễn Văn An', position: 'Giám đốc' },
        ],
      },
      { boardMembers: [] },
    );
    expect(check.candidates[1]!.problems).toEqual(['Trùng với người ở dòng 1 của danh sách.']);
    const unknown = checkUnitList(contest, { unit: { ...soNoiVu, kind: 'hoi-doan-the' }, candidates: [] }, { boardMembers: [] });
    expect(unknown.unitProblems[0]).toBe(
      'Đơn vị Sở Nội vụ: loại đơn vị “hoi-doan-the” không thuộc cấp thành phố (chỉ: Sở, ban, ngành thành phố; Đơn vị sự nghiệp cấp thành phố).',
    );
  });
});

describe('checkAllLists', () => {
  it('refuses a person already accepted in another unit’s list', () => {
    const [first, second] = checkAllLists(
      contest,
      [
        { unit: soNoiVu, candidates: [{ personId: 'p1', fullName: 'Nguyễn Văn An', position: 'Giám đốc' }] },
        {
          unit: { id: 'stttt', name: 'Sở Thông tin và Truyền thông', level: 'city', kind: 'so' },
          candidates: [
            { personId: 'p1', fullName: 'Nguyễn Văn An', position: 'Phó Giám đốc' },
            { personId: 'p7', fullName: 'Cao Thị Phương', position: 'Giám đốc' },
          ],
        },
      ],
      [],
    );
    expect(first!.accepted).toBe(true);
    expect(second!.candidates[0]!.problems).toEqual(['Đã có trong danh sách dự thi của Sở Nội vụ.']);
    expect(second!.candidates[1]!.accepted).toBe(true);
  });
});

describe('normaliseTitle', () => {
  it('ignores case, diacritics and the UBND/HĐND abbreviations', () => {
    expect(normaliseTitle('  Phó Chủ tịch  UBND Phường ')).toBe('pho chu tich uy ban nhan dan phuong');
    expect(normaliseTitle('Chủ tịch HĐND')).toBe(normaliseTitle('chủ tịch hội đồng nhân dân'));
  });
});
