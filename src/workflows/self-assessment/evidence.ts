/**
 * Evidence (minh chứng): links and files attached to one criterion of the submission.
 * Files arrive received and hashed (the engine calls the FileStore before the transaction); a file is stored only
 * when it is recorded here (`storedFile.keep()`), within the person's quota per period.
 */
import type { Criterion } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { EvidenceView } from '../../store/assessment.js';
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { findUrl, findUrls, normaliseUrl } from '../../conversation/render/normalise-url.js';
import { T } from '../../conversation/render/texts.js';
import type { SaCtx } from './context.js';
import type { OutboundMessage } from '../../conversation/types.js';
import type { Session } from './session.js';
import { auditOwnAction } from './notify.js';

/** True when the answer claims something and the criterion requires proof of it (no proof needed for "0"/"không"). */
export function needsEvidence(criterion: Criterion, value: AnswerValue | undefined, points: number | null): boolean {
  if (criterion.evidence.policy !== 'required' || value === undefined) return false;
  if (value === 0 || value === false || value === 'fail') return false;
  if (Array.isArray(value) && value.length === 0) return false;
  if (criterion.kind === 'levels' && points === 0) return false;
  return true;
}

/** How many pieces of evidence the criterion has. */
export function evidenceCount(session: Session, criterionId: string): number {
  return evidenceOf(session, criterionId).length;
}

export function evidenceOf(session: Session, criterionId?: string): readonly EvidenceView[] {
  return criterionId ? session.evidence.filter((e) => e.criterionId === criterionId) : session.evidence;
}

/** Indices of criteria whose required evidence is still missing. */
export function missingEvidence(session: Session): number[] {
  const withEvidence = new Set(session.evidence.map((e) => e.criterionId));
  const out: number[] = [];
  session.criteria.forEach((c, i) => {
    const a = session.answers.get(c.id);
    if (a && needsEvidence(c, a.value, a.selfPoints) && !withEvidence.has(c.id)) out.push(i);
  });
  return out;
}

/** Does the event carry evidence (a link event, a file, or text containing an http(s) link)? */
export function carriesEvidence(ctx: SaCtx): boolean {
  const e = ctx.event;
  return e.kind === 'link' || e.kind === 'file' || (e.kind === 'text' && findUrl(e.text) !== null);
}

/**
 * Stores the evidence the event carries for `criterion`. Returns the message to show: a confirmation, or why
 * it was refused (too big, not http(s), wrong type). Never throws for bad input.
 */
export async function attachEvidence(
  ctx: SaCtx,
  session: Session,
  criterion: Criterion,
  index: number,
): Promise<{ ok: boolean; message: string }> {
  const e = ctx.event;
  const types = criterion.evidence.types;
  const { assessment } = ctx.tx;
  if (e.kind === 'file') {
    if (!types.includes('file')) return { ok: false, message: T.linkOnly };
    const maxMb = Math.round(ctx.limits.maxFileBytes / (1024 * 1024));
    if (e.file.size > ctx.limits.maxFileBytes) return { ok: false, message: T.fileTooBig(maxMb) };
    if (!ctx.storedFile) {
      return { ok: false, message: e.file.data || e.file.received ? T.fileNotReceived : T.fileTooBig(maxMb) };
    }
    const f = ctx.storedFile;
    const already = evidenceOf(session, criterion.id).some((x) => x.kind === 'file' && x.sha256 === f.sha256);
    if (!already) {
      const used = storedBytes(session);
      if (!session.evidence.some((x) => x.kind === 'file' && x.sha256 === f.sha256) && used + f.size > ctx.limits.maxEvidenceBytesPerPeriod) {
        ctx.logger.info({ submissionId: session.submission.id, used, size: f.size }, 'evidence quota reached');
        return { ok: false, message: quotaReached(ctx.limits.maxEvidenceBytesPerPeriod, used) };
      }
      const added = await assessment.addEvidence(
        session.submission.id,
        criterion.id,
        { kind: 'file', filePath: f.path, sha256: f.sha256, size: f.size, mime: f.mime, originalName: cleanFileName(e.file.name) || null },
        ctx.nowMs,
      );
      session.evidence.push(added);
      f.keep();
      await recordAdded(ctx, session, added);
    }
  } else {
    // Every link of a typed message is kept (two links pasted together kept only the first).
    const raws = e.kind === 'link' ? [e.url] : e.kind === 'text' ? findUrls(e.text) : [];
    if (raws.length === 0) return { ok: false, message: T.badLink(ctx.limits.maxUrlLength) };
    if (!types.includes('link')) return { ok: false, message: T.fileOnly };
    let saved = 0;
    let already = 0;
    let refused = 0;
    for (const raw of raws) {
      const url = normaliseUrl(raw, ctx.limits.maxUrlLength);
      if (!url.ok) {
        refused += 1;
        continue;
      }
      if (evidenceOf(session, criterion.id).some((x) => x.kind === 'link' && x.url === url.url)) {
        already += 1;
        continue;
      }
      const added = await assessment.addEvidence(session.submission.id, criterion.id, { kind: 'link', url: url.url }, ctx.nowMs);
      session.evidence.push(added);
      await recordAdded(ctx, session, added);
      saved += 1;
    }
    if (saved === 0 && already === 0) return { ok: false, message: T.badLink(ctx.limits.maxUrlLength) };
    if (raws.length > 1) {
      const count = evidenceCount(session, criterion.id);
      return { ok: true, message: T.linksSaved(index + 1, saved, already, refused, count, ctx.limits.maxUrlLength) };
    }
  }
  return { ok: true, message: T.evidenceSaved(index + 1, evidenceCount(session, criterion.id)) };
}

/** Bytes of the distinct files kept for this submission (one person, one period): what the quota counts. */
function storedBytes(session: Session): number {
  const sizes = new Map<string, number>();
  for (const x of session.evidence) if (x.kind === 'file') sizes.set(x.sha256, x.size);
  let total = 0;
  for (const size of sizes.values()) total += size;
  return total;
}

function quotaReached(quota: number, used: number): string {
  const mb = (n: number) => Math.round(n / 1048576);
  return (
    `Anh/chị đã lưu ${mb(used)} MB tệp minh chứng trong kỳ này; mỗi người được lưu tối đa ${mb(quota)} MB mỗi kỳ. ` +
    'Vui lòng gửi đường liên kết (Google Drive, OneDrive…) thay cho tệp.'
  );
}

export function renderEvidencePrompt(
  session: Session,
  index: number,
  nonce: string,
  count: number,
  maxFileBytes: number,
  notice?: string,
): OutboundMessage {
  const criterion = session.criteria[index];
  if (!criterion) throw new Error(`criterion index ${index} out of range`);
  const ev = criterion.evidence;
  const forms =
    ev.types.includes('link') && ev.types.includes('file')
      ? 'đường liên kết (http/https) hoặc tệp/ảnh'
      : ev.types.includes('link')
        ? 'đường liên kết (http/https)'
        : 'tệp hoặc ảnh';
  const lines: string[] = [];
  if (notice) lines.push(notice, '');
  lines.push(`📎 Minh chứng cho câu ${index + 1}: ${criterion.title}`);
  if (ev.documents.length > 0) lines.push(`Cần: ${ev.documents.join('; ')}`);
  lines.push(`Gửi ${forms}${ev.types.includes('file') ? ` (tối đa ${Math.round(maxFileBytes / 1048576)} MB)` : ''}.`);
  lines.push(`Đã có: ${count}. Gửi xong bấm "Xong".`);
  return {
    kind: 'choices',
    text: lines.join('\n'),
    choices: [
      { label: '✅ Xong', payload: `e:${nonce}:done` },
      { label: '◀ Về câu hỏi', payload: `e:${nonce}:back` },
    ],
    typeHint: 'Gửi đường liên kết hoặc tệp; gõ "xong" khi đã gửi đủ, "quay lại" để về câu hỏi.',
    columns: 2,
  };
}

/**
 * Evidence added to a submitted or returned self-assessment is audited (`evidence.added`, the submission as the
 * entity, the criterion and kind in `after`; no link or file name), so a resubmission can tell the reviewer what
 * evidence came since the return. Drafts are not audited: nobody has seen them yet.
 */
async function recordAdded(ctx: SaCtx, session: Session, added: EvidenceView): Promise<void> {
  if (session.submission.status === 'draft') return;
  await auditOwnAction(ctx, session, {
    action: 'evidence.added',
    entityType: 'submission',
    entityId: String(session.submission.id),
    before: null,
    after: { criterionId: added.criterionId, kind: added.kind, evidenceId: added.id },
  });
}

/**
 * Evidence added since the submission was last returned, by criterion (from the audit of the returned
 * submission: `evidence.added` entries after the last `submission.returned`); empty when never returned.
 * Recorded with the resubmission so the reviewer's notice counts evidence as a change.
 */
export async function evidenceAddedSinceReturn(ctx: SaCtx, session: Session): Promise<Record<string, number>> {
  const entries = await ctx.tx.audit.search({ unitId: session.person.unitId, subjectPersonId: session.person.id, periodId: session.period.id });
  const id = String(session.submission.id);
  const out: Record<string, number> = {};
  for (const entry of entries) {
    if (entry.entityType !== 'submission' || entry.entityId !== id) continue;
    if (entry.action === 'submission.returned') {
      for (const key of Object.keys(out)) delete out[key];
      continue;
    }
    if (entry.action !== 'evidence.added') continue;
    const criterionId = criterionOf(entry.after);
    if (criterionId) out[criterionId] = (out[criterionId] ?? 0) + 1;
  }
  return out;
}

function criterionOf(after: unknown): string | null {
  if (typeof after !== 'object' || after === null || !('criterionId' in after)) return null;
  const id = (after as { criterionId: unknown }).criterionId;
  return typeof id === 'string' ? id : null;
}
