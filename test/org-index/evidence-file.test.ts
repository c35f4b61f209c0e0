/**
 * Evidence files of an indicator: named by the indicator's number, kept on disk, and a PDF checked for a digital
 * signature also when the channel streamed it to a temporary file (web uploads) instead of handing the bytes over.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { commune } from './fixture.js';

const SIGNED = new TextEncoder().encode('%PDF-1.7\n<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>\n%%EOF');

describe('organisation index evidence files', () => {
  it('a streamed signed PDF is reported "có chữ ký số", stored under the data folder and named by the indicator', async () => {
    const c = await commune();
    const vhtt = c.chats.vhtt!;
    await vhtt.command('chiso', 'dti.2');
    const received = await createLocalFileStore({ dataDir: c.h.dataDir }).receive(SIGNED);
    await vhtt.send({ kind: 'file', file: { name: 'giay moi.pdf', mime: 'application/pdf', size: SIGNED.byteLength, data: null, received } });
    expect(vhtt.said).toContain('📎 Đã nhận tệp “dti.2 - giay moi.pdf” cho chỉ số dti.2 (có chữ ký số)');
    const [evidence] = await c.store.read((tx) => tx.orgIndex.listEvidence(c.period.id, 'dti.2'));
    expect(evidence).toMatchObject({ kind: 'file', signed: true, fileName: 'dti.2 - giay moi.pdf', size: SIGNED.byteLength });
    expect(existsSync(join(c.h.dataDir, evidence!.filePath!))).toBe(true);
    // Another official’s indicator is not in this person’s list.
    await vhtt.command('chiso', 'dti.6');
    expect(vhtt.said).toContain('Anh/chị không được giao chỉ số dti.6');
    // An answer after the entry deadline (11/11) is kept and flagged.
    await vhtt.command('chiso', 'dti.3');
    await vhtt.text('to-chuc');
    expect(vhtt.said).not.toContain('quá hạn');
    c.h.clock.ms = Date.UTC(2024, 10, 12, 2, 0);
    await vhtt.text('to-chuc, chu-tri');
    expect(vhtt.said).toContain('Đã lưu chỉ số dti.4');
    expect(vhtt.said).toContain('⚠️ Đã quá hạn nhập số liệu, ký số (11/11/2024)');
  });
});
