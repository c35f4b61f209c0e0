/** Vietnamese messages of `/baiphong`: the department's own article of the quarter (seed 000 II.3.b). */
import type { DepartmentArticleView } from '../../approval/department-article.js';
import { departmentArticleRuleText, departmentConditionLines } from '../../results/index.js';

/** How to answer, with an example (the chat has no form: the count and an optional link follow the command). */
export const DEPARTMENT_ARTICLE_USAGE =
  'Trả lời: /baiphong SỐ_BÀI [đường dẫn bài viết]\nVí dụ: /baiphong 2 https://stttt.daknong.gov.vn/tin-tuc/bai-1\nKhông có bài nào: /baiphong 0';

/** The question and the department's answer so far ("chưa khai báo" when none). */
export function departmentArticleText(view: DepartmentArticleView): string {
  return [
    `📰 Bài viết của ${view.department.name} — kỳ ${view.period.code}`,
    view.condition.question,
    'Kế hoạch, mục II.3.b: mỗi phòng ít nhất 1 tin, bài mỗi Quý (không phải dạng báo chí).',
    '',
    ...departmentConditionLines(view.rubric, view.status, view.rule),
    departmentArticleRuleText(view.rule),
    '',
    DEPARTMENT_ARTICLE_USAGE,
  ].join('\n');
}

/** After the answer was recorded. */
export function departmentArticleSavedText(view: DepartmentArticleView): string {
  return [`✅ Đã ghi bài viết của ${view.department.name} (kỳ ${view.period.code}).`, ...departmentConditionLines(view.rubric, view.status, view.rule)].join('\n');
}
