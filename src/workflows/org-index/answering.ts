/**
 * An official answers the indicators assigned to them (`/chiso`), one at a time as the self-assessment asks its
 * criteria: buttons or typed answers (parsed by the self-assessment's `parseTypedAnswer`), dti.8 month by month,
 * evidence files and links attached to the open indicator, PDFs checked for a digital signature.
 */
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { fold, parseNumber, parseTypedAnswer, parseYesNo } from '../../conversation/parse-answer.js';
import { findUrls, normaliseUrl } from '../../conversation/render/normalise-url.js';
import { addIndicatorEvidence, answerIndicator } from '../../org-index/answer-indicator.js';
import { indicatorsOf, type OrgYear } from '../../org-index/org-year.js';
import type { OrgActor } from '../../org-index/org-roles.js';
import { pdfSignature, signatureText } from '../../org-index/pdf-signature.js';
import { levelChoicesFor, monthsMeetingQuota } from '../../scoring/answer-points.js';
import { criterionExpectation } from '../self-assessment/question.js';
import { pts } from '../../conversation/render/format.js';
import type { Criterion } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { OiCtx } from './context.js';
import type { AnswerDialog } from './dialog.js';
import { leadOffice, refusal, say, yearAndActor } from './common.js';
import { answerButtons, currentMonth, describeOrgValue, renderIndicator, vnDate } from './render-question.js';
import { localDateOf } from '../../scoring/period-calendar.js';

const SKIP = new Set(['bo qua', 'skip', 'tiep']);
const DONE = new Set(['xong', 'ket thuc', 'done', 'dung']);

/** `/chiso [dti.6]`: the person's indicators; starts at the given one, else the first unanswered or returned. */
export async function startAnswering(ctx: OiCtx, args: string): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year } = loaded;
  if (year.period.status !== 'open') {
    say(ctx, `Bộ chỉ số năm ${year.period.year} đã khóa nhập số liệu (đang ở bước thẩm định hoặc đã phê duyệt). Gõ /ketquachiso để xem kết quả.`);
    return;
  }
  const mine = indicatorsOf(year, ctx.person.id).filter((c) => {
    const s = year.answers.get(c.id)?.status;
    return s !== 'accepted' && s !== 'adjusted' && s !== 'not-applicable';
  });
  const wanted = args.trim().toLowerCase();
  if (mine.length === 0) {
    say(ctx, `Anh/chị không còn chỉ số nào cần trả lời trong Bộ chỉ số năm ${year.period.year}.`);
    return;
  }
  let index = mine.findIndex((c) => c.id.toLowerCase() === wanted);
  if (wanted !== '' && index < 0) {
    refusal(ctx, { code: 'not-assignee', criterionId: args.trim() });
    return;
  }
  if (index < 0) {
    index = mine.findIndex((c) => {
      const a = year.answers.get(c.id);
      return !a || a.status === 'returned';
    });
    if (index < 0) index = 0;
  }
  const d: AnswerDialog = { kind: 'answer', periodId: year.period.id, queue: mine.map((c) => c.id), index, nonce: ctx.newNonce() };
  ctx.enter(d);
  await show(ctx, year, d, `Bộ chỉ số DTI năm ${year.period.year}: anh/chị được giao ${mine.length} chỉ số cần trả lời.`);
}

async function show(ctx: OiCtx, year: OrgYear, d: AnswerDialog, notice?: string): Promise<void> {
  const criterionId = d.queue[d.index] ?? '';
  const count = (await ctx.tx.orgIndex.listEvidence(year.period.id, criterionId)).length;
  ctx.replies.push(renderIndicator(year, d, count, notice));
}

export async function resumeAnswering(ctx: OiCtx, d: AnswerDialog): Promise<boolean> {
  const loaded = await yearAndActor(ctx, d.periodId);
  if (!loaded) return false;
  await show(ctx, loaded.year, d);
  return true;
}

/** `oi:<nonce>:a:<key>`, `m:1|0`, `skip`, `done` while answering. */
export async function onAnswerButton(ctx: OiCtx, d: AnswerDialog, rest: string[]): Promise<void> {
  const loaded = await yearAndActor(ctx, d.periodId);
  if (!loaded) return;
  const { year, actor } = loaded;
  const criterion = currentCriterion(year, d);
  if (!criterion) return finish(ctx, year);
  const [what, key] = rest;
  if (what === 'skip') return next(ctx, year, d);
  if (what === 'done') return finish(ctx, year);
  if (what === 'm' && criterion.kind === 'monthly-quota') return monthAnswer(ctx, year, actor, d, criterion, key === '1' ? criterion.perMonth : 0);
  if (what === 'a') {
    const button = answerButtons(year, criterion).find((b) => b.key === key);
    if (!button) return show(ctx, year, d, 'Nút này không còn dùng được; đây là câu hỏi hiện tại.');
    return save(ctx, year, actor, d, criterion, button.value, null);
  }
  await show(ctx, year, d);
}

/** Text, link or file while answering. */
export async function onAnswerInput(ctx: OiCtx, d: AnswerDialog): Promise<void> {
  const loaded = await yearAndActor(ctx, d.periodId);
  if (!loaded) return;
  const { year, actor } = loaded;
  const criterion = currentCriterion(year, d);
  if (!criterion) return finish(ctx, year);
  const e = ctx.event;
  if (e.kind === 'file') return attachFile(ctx, year, actor, d, criterion);
  if (e.kind === 'link') return attachLinks(ctx, year, actor, d, criterion, [e.url]);
  if (e.kind !== 'text') return show(ctx, year, d);
  const folded = fold(e.text);
  if (SKIP.has(folded)) return next(ctx, year, d);
  if (DONE.has(folded)) return finish(ctx, year);
  const urls = findUrls(e.text);
  if (urls.length > 0) return attachLinks(ctx, year, actor, d, criterion, urls);
  if (criterion.kind === 'monthly-quota') {
    const n = parseNumber(folded);
    const yes = n === null ? parseYesNo(folded) : null;
    if (n !== null && Number.isInteger(n) && n >= 0) return monthAnswer(ctx, year, actor, d, criterion, n);
    if (yes !== null) return monthAnswer(ctx, year, actor, d, criterion, yes ? criterion.perMonth : 0);
    return show(ctx, year, d, 'Cần số tin, bài của tháng (số nguyên không âm), hoặc “có”/“không”.');
  }
  const parsed = parseTypedAnswer(e.text, criterionExpectation(criterion, levelChoicesFor(year.rubric, criterion)));
  if (parsed.status !== 'success') return show(ctx, year, d, `Chưa hiểu câu trả lời “${e.text.trim()}”.`);
  return save(ctx, year, actor, d, criterion, parsed.value, null);
}

function currentCriterion(year: OrgYear, d: AnswerDialog): Criterion | undefined {
  const id = d.queue[d.index];
  return year.rubric.criteria.find((c) => c.id === id);
}

async function save(
  ctx: OiCtx,
  year: OrgYear,
  actor: OrgActor,
  d: AnswerDialog,
  criterion: Criterion,
  value: AnswerValue,
  detail: Record<string, number> | null,
): Promise<void> {
  const out = await answerIndicator(ctx.tx, year, actor, { criterionId: criterion.id, value, detail, now: ctx.nowMs, channel: ctx.event.channel });
  if (!out.ok) {
    refusal(ctx, out.refusal);
    if (criterion.kind === 'monthly-quota') ctx.enter({ ...d, months: {} });
    return show(ctx, year, criterion.kind === 'monthly-quota' ? { ...d, months: {} } : d);
  }
  ctx.replies.push({ kind: 'answered', text: `✅ ${criterion.id}: ${describeOrgValue(year, criterion, value)} (${pts(out.points)})` });
  say(ctx, `✅ Đã lưu chỉ số ${criterion.id}: ${describeOrgValue(year, criterion, value)} — ${pts(out.points)} (tự chấm).`);
  const today = localDateOf(ctx.now);
  if (today > year.calendar.entryDeadline) say(ctx, `⚠️ Đã quá hạn nhập số liệu, ký số (${vnDate(year.calendar.entryDeadline)}); văn phòng sẽ xem xét khi rà soát.`);
  return next(ctx, year, { ...d, months: undefined });
}

async function monthAnswer(ctx: OiCtx, year: OrgYear, actor: OrgActor, d: AnswerDialog, criterion: Extract<Criterion, { kind: 'monthly-quota' }>, count: number): Promise<void> {
  const month = currentMonth(year, d);
  if (!month) return show(ctx, year, d);
  const months = { ...(d.months ?? {}), [month.key]: count };
  const updated: AnswerDialog = { ...d, months, nonce: ctx.newNonce() };
  if (currentMonth(year, updated)) {
    ctx.enter(updated);
    return show(ctx, year, updated);
  }
  // Twelve months answered: the value is the calendar months that met the quota (12 articles in one month are one month).
  const byCalendarMonth: Record<string, number> = {};
  for (const [key, n] of Object.entries(months)) byCalendarMonth[String(Number(key.slice(5)))] = n;
  return save(ctx, year, actor, updated, criterion, monthsMeetingQuota(byCalendarMonth, criterion.perMonth), months);
}

async function next(ctx: OiCtx, year: OrgYear, d: AnswerDialog): Promise<void> {
  const index = d.index + 1;
  if (index >= d.queue.length) return finish(ctx, year);
  const moved: AnswerDialog = { ...d, index, nonce: ctx.newNonce(), months: undefined };
  ctx.enter(moved);
  await show(ctx, year, moved);
}

async function finish(ctx: OiCtx, year: OrgYear): Promise<void> {
  ctx.exit();
  // Indicators marked "không đánh giá" are nobody's to answer.
  const mine = indicatorsOf(year, ctx.person.id).filter((c) => year.answers.get(c.id)?.status !== 'not-applicable');
  const answered = mine.filter((c) => {
    const a = year.answers.get(c.id);
    return a !== undefined && a.status !== 'returned';
  });
  say(ctx, `Anh/chị đã trả lời ${answered.length}/${mine.length} chỉ số được giao. Gõ /chiso để tiếp tục hoặc sửa.`);
  if (mine.length > 0 && answered.length === mine.length) {
    for (const personId of await leadOffice(ctx, year)) {
      if (personId === ctx.person.id) continue;
      ctx.notifications.push({
        personId,
        dedupeKey: `org:${year.period.id}:answered-all:${ctx.person.id}:${ctx.nowMs}:p${personId}`,
        purpose: 'notice',
        messages: [{ kind: 'text', text: `📥 ${ctx.person.fullName} đã trả lời đủ ${mine.length} chỉ số được giao. Gõ /duyetchiso để rà soát.` }],
      });
    }
  }
}

async function attachFile(ctx: OiCtx, year: OrgYear, actor: OrgActor, d: AnswerDialog, criterion: Criterion): Promise<void> {
  const e = ctx.event;
  const f = ctx.storedFile;
  if (e.kind !== 'file' || !f) return show(ctx, year, d, 'Không nhận được tệp (tệp quá lớn hoặc lỗi tải về).');
  if (criterion.evidence.policy === 'none' || !criterion.evidence.types.includes('file')) {
    return show(ctx, year, d, `Chỉ số ${criterion.id} không nhận tệp minh chứng.`);
  }
  const isPdf = f.mime === 'application/pdf' || /\.pdf$/i.test(e.file.name);
  // Only a PDF is looked into (a streamed upload is read back from its temporary file).
  const check = isPdf ? pdfSignature(e.file.data ?? (await f.read())) : null;
  const signed = check === 'signed' ? true : check === 'unsigned' ? false : null;
  const out = await addIndicatorEvidence(
    ctx.tx,
    year,
    actor,
    criterion.id,
    { kind: 'file', filePath: f.path, sha256: f.sha256, size: f.size, mime: f.mime, originalName: cleanFileName(e.file.name), signed },
    ctx.nowMs,
    ctx.event.channel,
  );
  if (!out.ok) return refusal(ctx, out.refusal);
  f.keep();
  const sig = isPdf ? (signed === null ? 'chưa kiểm tra được chữ ký số' : signatureText(signed)) : 'không phải tệp PDF nên không kiểm tra chữ ký số';
  await show(ctx, year, d, `📎 Đã nhận tệp “${out.evidence.fileName ?? ''}” cho chỉ số ${criterion.id} (${sig}).`);
}

async function attachLinks(ctx: OiCtx, year: OrgYear, actor: OrgActor, d: AnswerDialog, criterion: Criterion, raws: string[]): Promise<void> {
  if (criterion.evidence.policy === 'none' || !criterion.evidence.types.includes('link')) {
    return show(ctx, year, d, `Chỉ số ${criterion.id} không nhận đường liên kết minh chứng.`);
  }
  let saved = 0;
  for (const raw of raws) {
    const url = normaliseUrl(raw, ctx.limits.maxUrlLength);
    if (!url.ok) continue;
    const out = await addIndicatorEvidence(ctx.tx, year, actor, criterion.id, { kind: 'link', url: url.url }, ctx.nowMs, ctx.event.channel);
    if (!out.ok) return refusal(ctx, out.refusal);
    saved += 1;
  }
  await show(ctx, year, d, saved > 0 ? `🔗 Đã lưu ${saved} đường liên kết cho chỉ số ${criterion.id}.` : 'Đường liên kết không hợp lệ.');
}
