/**
 * Issue 14 "done when": two staff register initiatives in chat (guided dialog with evidence), the office records
 * recognition at different levels, and seed 002's individual rule admits one individual and refuses another with
 * the reason. Also: staff may not record recognition; the query the organisation index reads.
 */
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/awards/load-actor.js';
import { awardRefusalText } from '../../src/awards/refusals.js';
import { recogniseInitiative } from '../../src/initiatives/recognise-initiative.js';
import { recognisedCount, recognisedInitiatives } from '../../src/initiatives/recognised-initiatives.js';
import { proposeNomination } from '../../src/nominations/nominate.js';
import type { Tx } from '../../src/store/store.js';
import { initiativesWorkflow } from '../../src/workflows/initiatives/initiatives-workflow.js';
import { BASE_WORKFLOWS, linkedChat, seededEngine, type Chat } from '../conversation/harness.js';

const META = { now: Date.UTC(2026, 11, 3), channel: 'cli' };

async function registerInChat(chat: Chat, title: string, opts: { coAuthor?: string; kind: string; topic: string; link?: string; pdf?: boolean }) {
  await chat.command('sangkien');
  expect(chat.said).toContain('ĐĂNG KÝ SÁNG KIẾN');
  await chat.text(title);
  expect(chat.said).toContain('Bước 2/6');
  await chat.press(opts.kind);
  await chat.press(opts.topic);
  if (opts.coAuthor) await chat.text(opts.coAuthor);
  else await chat.press('Chỉ mình tôi');
  await chat.text('Số hoá quy trình, rút ngắn thời gian xử lý hồ sơ một nửa.');
  expect(chat.said).toContain('Bước 6/6');
  if (opts.link) await chat.link(opts.link);
  if (opts.pdf) await chat.file('quyet-dinh.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7 bằng chứng'));
  expect(chat.said).toContain('Đã nhận minh chứng');
  await chat.press('Xong');
  expect(chat.said).toContain('Kiểm tra lại trước khi lưu');
  await chat.press('Lưu');
  const id = Number(/sáng kiến số (\d+)/.exec(chat.said)?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

describe('initiatives register (issue 14 items 1 and 4, seed 002)', () => {
  it('two staff register in chat, the office recognises at different levels, seed 002 admits one and refuses the other', async () => {
    const { store, seeded, h } = await seededEngine({ workflows: [...BASE_WORKFLOWS, initiativesWorkflow] });
    const lan = await linkedChat(h, 'lan', '0912000002');
    const hung = await linkedChat(h, 'hung', '0912000003');

    // Lan: one initiative with a co-author (Hoa, typed by phone) and a link; Hùng: two initiatives with a file.
    const a = await registerInChat(lan, 'Chatbot hỗ trợ tra cứu thủ tục hành chính', {
      kind: 'Giải pháp',
      topic: 'Chính quyền số',
      coAuthor: '0912000007',
      link: 'https://example.gov.vn/chatbot',
    });
    expect(lan.said).toContain('Văn phòng sẽ ghi nhận');
    const b = await registerInChat(hung, 'Số hoá sổ hộ tịch cấp xã', { kind: 'Sáng kiến', topic: 'Xã hội số', pdf: true });

    const stored = await store.read((tx) => tx.initiatives.get(a));
    expect(stored?.authorIds).toEqual([seeded.people.staff, seeded.people.staff3]);
    expect(stored?.evidence).toEqual([{ kind: 'link', url: 'https://example.gov.vn/chatbot' }]);
    expect((await store.read((tx) => tx.initiatives.get(b)))?.evidence[0]).toMatchObject({ kind: 'file', name: 'quyet-dinh.pdf' });

    // Staff may not record recognition; the office does, at provincial level for Lan, grassroots for Hùng.
    const refused = await store.transaction(async (tx) =>
      recogniseInitiative(tx, (await loadActor(tx, seeded.people.staff!))!, { initiativeId: a, level: 'tinh', body: 'x', decisionNumber: '1/QĐ', decisionDate: '2026-05-20' }, META),
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(awardRefusalText(refused.refusal)).toContain('Chỉ Văn phòng');

    const office = async (tx: Tx) => (await loadActor(tx, seeded.people.office!))!;
    await store.transaction(async (tx) => {
      const recognisedA = await recogniseInitiative(tx, await office(tx), { initiativeId: a, level: 'tinh', body: 'Hội đồng sáng kiến tỉnh', decisionNumber: '125/QĐ-UBND', decisionDate: '2026-05-20' }, META);
      // Both authors are told in chat.
      expect(recognisedA.ok && recognisedA.notices.map((n) => n.personId)).toEqual([seeded.people.staff, seeded.people.staff3]);
      expect(recognisedA.ok && recognisedA.notices[0]?.messages).toEqual([
        {
          kind: 'text',
          text: '🎉 Sáng kiến "Chatbot hỗ trợ tra cứu thủ tục hành chính" của anh/chị đã được công nhận cấp tỉnh (Hội đồng sáng kiến tỉnh, Quyết định số 125/QĐ-UBND ngày 20/05/2026). Gõ /sangkiencuatoi để xem.',
        },
      ]);
      expect((await recogniseInitiative(tx, await office(tx), { initiativeId: b, level: 'co-so', body: 'Sở TT&TT', decisionNumber: '45/QĐ-STTTT', decisionDate: '2026-06-02' }, META)).ok).toBe(true);
      const bad = await recogniseInitiative(tx, await office(tx), { initiativeId: b, level: 'co-so', body: 'Sở', decisionNumber: '4/QĐ', decisionDate: '2026-02-30' }, META);
      expect(bad.ok ? '' : awardRefusalText(bad.refusal)).toContain('không hợp lệ');
    });

    // The query the organisation index reads (seed 004's bonus counts the unit's recognised initiatives of a year).
    await store.read(async (tx) => {
      expect(await recognisedCount(tx, { unitId: seeded.unitId, year: 2026 })).toBe(2);
      expect(await recognisedCount(tx, { unitId: seeded.unitId, year: 2025 })).toBe(0);
      expect((await recognisedInitiatives(tx, { unitId: seeded.unitId, year: 2026, personId: seeded.people.staff3 })).map((i) => i.id)).toEqual([a]);
    });

    // Seed 002's individual rule: Lan (1 provincial) is admitted, Hùng (1 grassroots, needs 2) is refused with the reason.
    const [lanView, hungView] = await store.transaction(async (tx) => {
      const actor = await office(tx);
      const award = 'Gương điển hình tiên tiến phong trào Thi đua thực hiện chuyển đổi số quốc gia';
      return [
        await proposeNomination(tx, actor, { year: 2026, scheme: 'tt-002', award, nominee: { kind: 'person', personId: seeded.people.staff! } }, META),
        await proposeNomination(tx, actor, { year: 2026, scheme: 'tt-002', award, nominee: { kind: 'person', personId: seeded.people.staff2! } }, META),
      ];
    });
    if (!lanView.ok || !hungView.ok) throw new Error('nomination refused');
    expect(lanView.eligibility.eligible).toBe(true);
    expect(lanView.eligibility.checks.find((c) => c.id === 'initiatives-002')?.text).toContain('có 1 sáng kiến cấp tỉnh/toàn quốc');
    expect(lanView.eligibility.checks.filter((c) => c.status === 'council').length).toBe(5);
    expect(hungView.eligibility.eligible).toBe(false);
    expect(hungView.eligibility.reasons.join(' ')).toContain('Chưa đạt tiêu chí sáng kiến (cần ít nhất 01 sáng kiến cấp tỉnh hoặc toàn quốc, hoặc ít nhất 02 sáng kiến cấp cơ sở');
    expect(hungView.eligibility.reasons.join(' ')).toContain('0 sáng kiến cấp tỉnh/toàn quốc và 1 sáng kiến cấp cơ sở');

    // Every decision is audited.
    const actions = (await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }))).map((r) => r.action);
    expect(actions.filter((x) => x === 'initiative.register')).toHaveLength(2);
    expect(actions.filter((x) => x === 'initiative.recognise')).toHaveLength(2);
    expect(actions.filter((x) => x === 'nomination.propose')).toHaveLength(2);

    // "/sangkiencuatoi" shows the recognition.
    await lan.command('sangkiencuatoi');
    expect(lan.said).toContain('Công nhận cấp tỉnh — Hội đồng sáng kiến tỉnh, QĐ số 125/QĐ-UBND ngày 20/05/2026');
    expect(h.errors).toEqual([]);
  });

  it('refuses an unknown co-author and a stale button, and the cancel button saves nothing', async () => {
    const { store, seeded, h } = await seededEngine({ workflows: [...BASE_WORKFLOWS, initiativesWorkflow] });
    const lan = await linkedChat(h, 'lan', '0912000002');
    await lan.command('sangkien');
    await lan.text('abc');
    expect(lan.said).toContain('Tên sáng kiến cần từ 5');
    await lan.text('Bản đồ số du lịch');
    const oldKind = lan.payload('Mô hình');
    await lan.press('Mô hình');
    const topic = lan.payload('Kinh tế số');
    await lan.button(oldKind);
    expect(lan.said).toContain('Màn hình này đã cũ');
    await lan.button(topic);
    const onlyMe = lan.payload('Chỉ mình tôi');
    await lan.text('Nguyễn Văn Không Có');
    expect(lan.said).toContain('Không tìm thấy trong danh bạ cơ quan: Nguyễn Văn Không Có');
    await lan.button(onlyMe);
    await lan.press('Bỏ qua');
    await lan.press('Xong');
    await lan.press('Hủy');
    expect(lan.said).toContain('Đã hủy');
    expect(await store.read((tx) => tx.initiatives.listByUnit(seeded.unitId))).toEqual([]);
  });
});
