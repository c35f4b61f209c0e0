/**
 * Evidence (minh chứng): links and files attached to one criterion of the submission.
 * Files arrive already stored by content (the engine calls the FileStore before the transaction).
 */
import type { Criterion } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { EvidenceView } from '../../store/assessment.js';
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { findUrl, normaliseUrl } from '../../conversation/render/normalise-url.js';
import { T } from '../../conversation/render/texts.js';
import type { SaCtx } from './context.js';
import type { OutboundMessage } from '../../conversation/types.js';
import type { Session } from './session.js';

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
    if (!e.file.data || !ctx.storedFile) {
      return { ok: false, message: e.file.data ? T.fileNotReceived : T.fileTooBig(maxMb) };
    }
    const f = ctx.storedFile;
    const already = evidenceOf(session, criterion.id).some((x) => x.kind === 'file' && x.sha256 === f.sha256);
    if (!already) {
      const added = await assessment.addEvidence(
        session.submission.id,
        criterion.id,
        { kind: 'file', filePath: f.path, sha256: f.sha256, size: f.size, mime: f.mime, originalName: cleanFileName(e.file.name) || null },
        ctx.nowMs,
      );
      session.evidence.push(added);
    }
  } else {
    const raw = e.kind === 'link' ? e.url : e.kind === 'text' ? findUrl(e.text) : null;
    if (raw === null) return { ok: false, message: T.badLink(ctx.limits.maxUrlLength) };
    if (!types.includes('link')) return { ok: false, message: T.fileOnly };
    const url = normaliseUrl(raw, ctx.limits.maxUrlLength);
    if (!url.ok) return { ok: false, message: T.badLink(ctx.limits.maxUrlLength) };
    const already = evidenceOf(session, criterion.id).some((x) => x.kind === 'link' && x.url === url.url);
    if (!already) session.evidence.push(await assessment.addEvidence(session.submission.id, criterion.id, { kind: 'link', url: url.url }, ctx.nowMs));
  }
  return { ok: true, message: T.evidenceSaved(index + 1, evidenceCount(session, criterion.id)) };
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
