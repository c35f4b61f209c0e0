/**
 * Issue 17: `thidua settings` shows the unit's rules with the seed defaults, changes them only for the office or the
 * director (named with --as), validates before storing anything, keeps the scheduler's keys, audits each change,
 * and stores per-period overrides apart. The loader every computation uses reads back exactly what was set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadUnitRules } from '../../src/settings/unit-rules.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua settings', () => {
  it('shows, changes (office/director only, audited), validates and stores per period', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-settings-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore, { periodCode: null });
    seedStore.db.$client.prepare('UPDATE units SET settings = ?').run(JSON.stringify({ reminders: { selfDay: 12 } }));
    await seedStore.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const env = { DATABASE_PATH: path };
    const now = () => new Date(Date.UTC(2026, 11, 1, 1, 0));
    const run = (...args: string[]) => runCli(['settings', ...args], io, { env, now });

    expect(await run()).toBe(0);
    expect(out).toContain('  yearScore = /4 (mặc định) — Điểm cả năm: Tổng 4 Quý chia 4 (đúng văn bản)');
    expect(out).toContain('  ties.people = director-chooses (mặc định) — Bằng điểm ở vị trí cuối danh sách biểu dương (cá nhân): Giám đốc chọn trong số bằng điểm (đúng văn bản)');
    expect(out.some((l) => l.startsWith('  directorReviewer = none') && l.includes('CHƯA ĐẶT'))).toBe(true);

    // A staff member may not; nothing is stored.
    expect(await run('set', 'yearScore=mean-of-present', '--as', '0912000002')).toBe(1);
    expect(err.at(-1)).toBe('Chỉ Văn phòng hoặc Giám đốc của đơn vị được đổi thiết lập; chưa lưu gì.');
    // Without --as: usage.
    expect(await run('set', 'yearScore=mean-of-present')).toBe(2);
    // A bad value: nothing stored, the allowed values named.
    expect(await run('set', 'yearScore=mean-of-present', 'ties.people=random', '--as', '0912000006')).toBe(1);
    expect(err.at(-1)).toBe('Giá trị không hợp lệ, chưa lưu gì: ties.people (chọn: director-chooses, dong-hang).');
    expect(await run('set', 'yearscore=/4', '--as', '0912000006')).toBe(1);
    expect(err.at(-1)).toContain('Không có thiết lập "yearscore"');
    // The director's reviewer must be a leader.
    expect(await run('set', 'directorReviewer=0912000002', '--as', '0912000009')).toBe(1);
    expect(err.at(-1)).toContain('không phải lãnh đạo');

    out.length = 0;
    expect(await run('set', 'yearScore=mean-of-present', 'ties.people=dong-hang', 'directorReviewer=0912000008', '--as', '0912000006')).toBe(0);
    expect(out[0]).toBe('Đã lưu thiết lập của đơn vị u1 (yearScore, ties.people, directorReviewer); đã ghi nhật ký kiểm tra.');
    expect(await run('set', 'articleWindow=half-year', 'subLevelDepartments=none', '--period', '2024-td', '--as', '0912000009')).toBe(0);
    expect(await run('set', 'yearScore=/4', '--period', '2024-TD', '--as', '0912000009')).toBe(1);
    expect(err.at(-1)).toContain('không đặt riêng theo kỳ');

    const store = createSqliteStore(path);
    const unit = await store.read((tx) => loadUnitRules(tx, seeded.unitId));
    expect(unit.scoring).toMatchObject({ yearScore: 'mean-of-present', ties: { people: 'dong-hang', department: 'director-chooses' }, articleWindow: 'last-6-months', subLevelDepartments: null });
    expect(unit.chain).toEqual({ directorReviewer: seeded.people.leader, listOrder: 'leader-first' });
    const pilot = await store.read((tx) => loadUnitRules(tx, seeded.unitId, '2024-TD'));
    expect(pilot.scoring).toMatchObject({ yearScore: 'mean-of-present', articleWindow: 'half-year', subLevelDepartments: [] });
    const raw = JSON.parse((store.db.$client.prepare('SELECT settings FROM units').get() as { settings: string }).settings) as Record<string, unknown>;
    expect(raw.reminders).toEqual({ selfDay: 12 });
    const audit = store.db.$client.prepare("SELECT actor_person_id AS actor, before, after FROM audit_log WHERE action = 'unit.rules_changed' ORDER BY id").all() as { actor: number; before: string; after: string }[];
    expect(audit).toHaveLength(2);
    expect(audit[0]?.actor).toBe(seeded.people.office);
    expect(JSON.parse(audit[0]?.before ?? '{}')).toMatchObject({ rules: { yearScore: '/4' } });
    expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({ rules: { yearScore: 'mean-of-present' }, changed: ['yearScore', 'ties.people', 'directorReviewer'] });
    expect(audit[1]?.actor).toBe(seeded.people.director);

    // A value edited by hand that no longer validates is an error, never silently the default.
    store.db.$client.prepare('UPDATE units SET settings = ?').run(JSON.stringify({ rules: { yearScore: '/3' } }));
    await store.close();
    expect(await run()).toBe(1);
    expect(err.at(-1)).toContain('Thiết lập "rules" của đơn vị u1 không hợp lệ (rules.yearScore)');
  });
});
