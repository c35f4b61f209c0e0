/**
 * The initiatives register in chat (issue 14 item 1): `/sangkien` walks a short guided dialog (title, kind, topic,
 * co-authors, summary, evidence files or links, confirm) and registers the initiative through
 * `src/initiatives/register-initiative.ts`; `/sangkiencuatoi` lists the person's own with their recognition, which
 * the office records (`thidua initiative recognise`). Buttons `sk:<step>:<nonce>[:value]`.
 */
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { findUrls, normaliseUrl } from '../../conversation/render/normalise-url.js';
import type { Choice } from '../../conversation/types.js';
import { defineWorkflow, type WorkflowContext } from '../../conversation/workflow.js';
import { awardRefusalText } from '../../awards/refusals.js';
import { KIND_LABELS, TOPIC_LABELS } from '../../initiatives/labels.js';
import { registerInitiative, TITLE_MAX, TITLE_MIN } from '../../initiatives/register-initiative.js';
import { normalisePhone } from '../../directory/phone.js';
import { INITIATIVE_KINDS, INITIATIVE_TOPICS } from '../../store/initiatives.js';
import { INITIATIVE_DIALOG_VERSION, initiativeDialogSchema, type InitiativeDialog } from './dialog.js';
import { initiativeLine, summaryText, T } from './texts.js';

type Ctx = WorkflowContext<InitiativeDialog>;

const say = (ctx: Ctx, text: string) => void ctx.replies.push({ kind: 'text', text });
const ask = (ctx: Ctx, text: string, choices: Choice[], columns = 1) => void ctx.replies.push({ kind: 'choices', text, choices, columns });

/** Shows the step of `d` (with a fresh nonce) and saves it as the active dialog. */
async function show(ctx: Ctx, d: InitiativeDialog): Promise<void> {
  const next = { ...d, nonce: ctx.newNonce() };
  ctx.enter(next);
  const b = (label: string, action: string, value?: string): Choice => ({ label, payload: `sk:${action}:${next.nonce}${value ? `:${value}` : ''}` });
  switch (next.step) {
    case 'title':
      return say(ctx, T.askTitle);
    case 'kind':
      return ask(ctx, T.askKind, INITIATIVE_KINDS.map((k, i) => b(KIND_LABELS[k], 'k', String(i))));
    case 'topic':
      return ask(ctx, T.askTopic, INITIATIVE_TOPICS.map((t, i) => b(TOPIC_LABELS[t], 't', String(i))));
    case 'authors':
      return ask(ctx, T.askAuthors, [b('Chỉ mình tôi', 'a')]);
    case 'summary':
      return ask(ctx, T.askSummary, [b('Bỏ qua', 's')]);
    case 'evidence':
      return ask(ctx, T.askEvidence, [b('Xong', 'd')]);
    case 'confirm': {
      const names = await Promise.all(next.coAuthorIds.map(async (id) => (await ctx.tx.staff.getPerson(id))?.fullName ?? `#${id}`));
      return ask(ctx, summaryText(next, names), [b('💾 Lưu', 'ok'), b('✏️ Làm lại', 'r'), b('✖️ Hủy', 'x')], 3);
    }
  }
}

const fresh = (): InitiativeDialog => ({ step: 'title', nonce: '', title: null, kind: null, topic: null, coAuthorIds: [], summary: null, evidence: [] });

/** Finds the co-authors typed as phones or full names; the sender is never a co-author of their own. */
async function resolveAuthors(ctx: Ctx, text: string): Promise<{ ok: true; ids: number[] } | { ok: false; message: string }> {
  const ids: number[] = [];
  const missing: string[] = [];
  for (const raw of text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean)) {
    const phone = normalisePhone(raw);
    const found = await ctx.tx.staff.findPeople(ctx.person.unitId, phone ? { phone } : { fullName: raw });
    const active = found.filter((p) => p.active);
    if (active.length === 0) missing.push(raw);
    else if (active.length > 1) return { ok: false, message: T.ambiguous(raw) };
    else if (active[0] && active[0].id !== ctx.person.id && !ids.includes(active[0].id)) ids.push(active[0].id);
  }
  return missing.length > 0 ? { ok: false, message: T.notFound(missing) } : { ok: true, ids };
}

/** At most this many evidence items per initiative (files are kept on disk; a register entry needs a few proofs). */
export const MAX_INITIATIVE_EVIDENCE = 10;

/** A file or links sent at the evidence step. */
async function addEvidence(ctx: Ctx, d: InitiativeDialog): Promise<void> {
  const e = ctx.event;
  if (d.evidence.length >= MAX_INITIATIVE_EVIDENCE) return ask(ctx, T.evidenceFull(MAX_INITIATIVE_EVIDENCE), [{ label: 'Xong', payload: `sk:d:${d.nonce}` }]);
  if (e.kind === 'file') {
    const f = ctx.storedFile;
    if (!f) return say(ctx, e.file.size > ctx.limits.maxFileBytes ? T.fileTooBig(Math.round(ctx.limits.maxFileBytes / (1024 * 1024))) : T.evidenceBad);
    if (d.evidence.some((x) => x.kind === 'file' && x.sha256 === f.sha256)) return say(ctx, T.evidenceDuplicate);
    f.keep();
    const next: InitiativeDialog = { ...d, evidence: [...d.evidence, { kind: 'file', path: f.path, sha256: f.sha256, size: f.size, mime: f.mime, name: cleanFileName(e.file.name) || null }] };
    ctx.enter(next);
    return ask(ctx, T.evidenceSaved(next.evidence.length), [{ label: 'Xong', payload: `sk:d:${d.nonce}` }]);
  }
  const raws = e.kind === 'link' ? [e.url] : e.kind === 'text' ? findUrls(e.text) : [];
  const links = raws.map((r) => normaliseUrl(r, ctx.limits.maxUrlLength)).flatMap((u) => (u.ok ? [u.url] : []));
  const added = links.filter((url) => !d.evidence.some((x) => x.kind === 'link' && x.url === url)).slice(0, MAX_INITIATIVE_EVIDENCE - d.evidence.length);
  if (added.length === 0) return say(ctx, links.length > 0 ? T.evidenceDuplicate : T.evidenceBad);
  const next: InitiativeDialog = { ...d, evidence: [...d.evidence, ...added.map((url) => ({ kind: 'link' as const, url }))] };
  ctx.enter(next);
  ask(ctx, T.evidenceSaved(next.evidence.length), [{ label: 'Xong', payload: `sk:d:${d.nonce}` }]);
}

async function onInput(ctx: Ctx): Promise<void> {
  const d = ctx.dialog;
  if (!d) return;
  const e = ctx.event;
  const text = e.kind === 'text' ? e.text.trim() : '';
  switch (d.step) {
    case 'title':
      if (text.length < TITLE_MIN || text.length > TITLE_MAX) return say(ctx, T.titleLength(TITLE_MIN, TITLE_MAX));
      return show(ctx, { ...d, title: text, step: 'kind' });
    case 'authors': {
      if (!text) return say(ctx, T.useButtons);
      const found = await resolveAuthors(ctx, text);
      if (!found.ok) return say(ctx, found.message);
      return show(ctx, { ...d, coAuthorIds: found.ids, step: 'summary' });
    }
    case 'summary':
      if (!text) return say(ctx, T.useButtons);
      return show(ctx, { ...d, summary: text.slice(0, 2000), step: 'evidence' });
    case 'evidence':
      return addEvidence(ctx, d);
    default:
      return say(ctx, T.useButtons);
  }
}

async function onButton(ctx: Ctx, payload: string): Promise<void> {
  const [, action, nonce, value] = payload.split(':');
  const d = ctx.dialog;
  if (!d || d.nonce !== nonce) return say(ctx, T.stale);
  const index = Number(value);
  switch (action) {
    case 'k': {
      const kind = INITIATIVE_KINDS[index];
      if (d.step !== 'kind' || !kind) return say(ctx, T.stale);
      return show(ctx, { ...d, kind, step: 'topic' });
    }
    case 't': {
      const topic = INITIATIVE_TOPICS[index];
      if (d.step !== 'topic' || !topic) return say(ctx, T.stale);
      return show(ctx, { ...d, topic, step: 'authors' });
    }
    case 'a':
      return show(ctx, { ...d, coAuthorIds: [], step: 'summary' });
    case 's':
      return show(ctx, { ...d, summary: null, step: 'evidence' });
    case 'd':
      return show(ctx, { ...d, step: 'confirm' });
    case 'r':
      return show(ctx, fresh());
    case 'x':
      ctx.exit();
      return say(ctx, T.cancelled);
    case 'ok': {
      if (d.step !== 'confirm' || !d.title || !d.kind || !d.topic) return say(ctx, T.stale);
      const actor = { personId: ctx.person.id, unitId: ctx.person.unitId, roles: ctx.person.roles, departmentId: ctx.person.departmentId };
      const result = await registerInitiative(
        ctx.tx,
        actor,
        { title: d.title, kind: d.kind, topic: d.topic, coAuthorIds: d.coAuthorIds, collective: null, summary: d.summary, evidence: d.evidence },
        { now: ctx.nowMs, channel: ctx.event.channel },
      );
      ctx.exit();
      return say(ctx, result.ok ? T.saved(result.id) : awardRefusalText(result.refusal));
    }
    default:
      return say(ctx, T.stale);
  }
}

async function listOwn(ctx: Ctx): Promise<void> {
  const mine = (await ctx.tx.initiatives.listByUnit(ctx.person.unitId)).filter((i) => i.authorIds.includes(ctx.person.id));
  if (mine.length === 0) return say(ctx, 'Anh/chị chưa đăng ký sáng kiến nào. Gõ /sangkien để đăng ký.');
  say(ctx, ['💡 SÁNG KIẾN CỦA TÔI', ...mine.map(initiativeLine)].join('\n'));
}

export const initiativesWorkflow = defineWorkflow<InitiativeDialog>({
  name: 'initiatives',
  commands: [
    {
      names: ['sangkien', 'initiative'],
      description: 'Đăng ký sáng kiến, mô hình, giải pháp chuyển đổi số của tôi (kèm minh chứng)',
      handle: (ctx) => show(ctx, fresh()),
    },
    {
      names: ['sangkiencuatoi', 'myinitiatives'],
      description: 'Xem các sáng kiến tôi đã đăng ký và cấp công nhận',
      handle: listOwn,
    },
  ],
  buttons: [{ prefix: 'sk:', handle: onButton }],
  dialog: {
    schema: initiativeDialogSchema,
    version: INITIATIVE_DIALOG_VERSION,
    handle: onInput,
    async resume(ctx) {
      if (!ctx.dialog) return false;
      await show(ctx, ctx.dialog);
      return true;
    },
  },
  shortcut(folded) {
    return folded === 'sang kien' ? { command: 'sangkien', args: '' } : null;
  },
});
