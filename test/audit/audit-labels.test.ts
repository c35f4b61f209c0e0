/** The audit log as people read it: Vietnamese action labels and secret-like fields masked at any depth. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel, MASK, maskSecrets } from '../../src/audit/audit-labels.js';
import { projectPath } from '../../src/project-root.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('audit labels and masking', () => {
  it('labels known actions in Vietnamese and names an unknown one as it is', () => {
    expect(auditActionLabel('unit.rules_changed')).toBe('Đổi thiết lập của đơn vị');
    expect(auditActionLabel('list.commented')).toBe('Lãnh đạo phụ trách cho ý kiến');
    expect(auditActionLabel('something.new')).toBe('Thao tác khác (something.new)');
  });

  it('has a Vietnamese label for every namespaced action code the sources write (a new one needs its label)', () => {
    const written = new Set(sourceFiles(projectPath('src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/action: '([a-z-]+\.[a-z_.-]+)'/g)].map((m) => m[1] ?? '')));
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((a) => !(a in AUDIT_ACTION_LABELS))).toEqual([]);
  });

  it('masks codes, tokens, passwords and hashes at any depth, and leaves the rest', () => {
    const masked = maskSecrets({
      status: 'approved',
      periodCode: '2026-Q4',
      code: 'ABCD-EFGH',
      sessionToken: 't0k3n',
      nested: [{ codeHash: 'abc', password: 'x', name: 'Trần Thị Lan' }],
      apiKey: 'k',
    });
    expect(masked).toEqual({
      status: 'approved',
      periodCode: '2026-Q4',
      code: MASK,
      sessionToken: MASK,
      nested: [{ codeHash: MASK, password: MASK, name: 'Trần Thị Lan' }],
      apiKey: MASK,
    });
    expect(maskSecrets(null)).toBeNull();
    expect(maskSecrets('text')).toBe('text');
  });
});
