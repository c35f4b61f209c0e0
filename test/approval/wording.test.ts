/** How the head's screens name criteria and members who have not submitted (plain words, no rubric codes). */
import { describe, expect, it } from 'vitest';
import { entryLine } from '../../src/workflows/approval/render-lists.js';
import type { ListEntry } from '../../src/approval/list-snapshot.js';
import { criterionLabel } from '../../src/workflows/approval/render-review.js';
import { criterionById } from '../../src/scoring/compiled.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import { chienBinhSo } from '../scoring/seed-rubrics.js';

describe('criterion labels', () => {
  const rubric = chienBinhSo();
  const questions = criteriaFor(rubric, { role: 'staff', departmentName: null });
  const c = (id: string) => {
    const found = criterionById(rubric, id);
    if (!found) throw new Error(`no ${id}`);
    return found;
  };

  it("numbers a criterion by the person's own question list, with its title", () => {
    expect(criterionLabel(c('cbs.I.1'), questions)).toBe('Câu 9. Hiểu biết về công nghệ số');
    expect(criterionLabel(c('cds.I.1'), questions)).toMatch(/^Câu 1\. /);
    expect(criterionLabel(c('dk.ky-so'), questions)).toBe('Câu 19. Ký số văn bản');
  });

  it('falls back to the title alone, never the code', () => {
    expect(criterionLabel(c('cbs.I.1'), null)).toBe('Hiểu biết về công nghệ số');
    expect(criterionLabel(c('dk.bai-viet'), [])).not.toContain('bai-viet');
    expect(criterionLabel(c('cbs.I.2'), null)).not.toMatch(/I\.2/);
  });
});

describe('members without a submission in a department list', () => {
  const entry = (status: ListEntry['status']): ListEntry => ({
    personId: 1,
    fullName: 'Lê Văn Hùng',
    status,
    total: null,
    band: null,
    bandLabel: null,
    classified: null,
    submittedLate: false,
  });

  it('are "chưa nộp" before the self-assessment deadline, "không nộp" after it', () => {
    expect(entryLine(entry('missing'))).toBe('Lê Văn Hùng — chưa nộp (chưa bắt đầu)');
    expect(entryLine(entry('draft'))).toBe('Lê Văn Hùng — chưa nộp (đang làm dở)');
    expect(entryLine(entry('missing'), true)).toBe('Lê Văn Hùng — không nộp');
    expect(entryLine(entry('draft'), true)).toBe('Lê Văn Hùng — không nộp');
  });
});
