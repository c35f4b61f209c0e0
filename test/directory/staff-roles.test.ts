import { describe, expect, it } from 'vitest';
import { parseRoles, primaryRole } from '../../src/directory/staff-roles.js';

describe('parseRoles', () => {
  it('accepts Vietnamese names regardless of case and diacritics, and English ids', () => {
    expect(parseRoles('Công chức').roles).toEqual(['staff']);
    expect(parseRoles('VIÊN CHỨC; Trưởng phòng').roles).toEqual(['staff', 'head']);
    expect(parseRoles('nguoi lao dong').roles).toEqual(['laborer']);
    expect(parseRoles('Giám đốc Trung tâm, công chức').roles).toEqual(['head', 'staff']);
    expect(parseRoles('Phó Giám đốc').roles).toEqual(['leader']);
    expect(parseRoles('Lãnh đạo phụ trách').roles).toEqual(['leader']);
    expect(parseRoles('Chánh Văn phòng').roles).toEqual(['office']);
    expect(parseRoles('Giám đốc').roles).toEqual(['director']);
    expect(parseRoles('Quản trị').roles).toEqual(['admin']);
    expect(parseRoles('staff, head; office').roles).toEqual(['staff', 'head', 'office']);
  });

  it('returns unknown names as written', () => {
    expect(parseRoles('công chức, thủ quỹ')).toEqual({ roles: ['staff'], unknown: ['thủ quỹ'] });
  });

  it('picks the highest role as the primary one, laborers stay laborers', () => {
    expect(primaryRole(['staff', 'head'])).toBe('head');
    expect(primaryRole(['laborer'])).toBe('laborer');
    expect(primaryRole([])).toBe('staff');
  });
});
