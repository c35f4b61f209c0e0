/** The real rubrics of flows/ and answer builders shared by the scoring tests. */
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import type { AnswerValue } from '../../src/scoring/types.js';

const rubrics = loadRubricsFromDir('flows');

export function rubric(id: string): Rubric {
  const found = rubrics.get(id);
  if (!found) throw new Error(`missing rubric ${id}`);
  return found;
}

export const chienBinhSo = (): Rubric => rubric('dak-nong-chien-binh-so-2024');
export const dti = (): Rubric => rubric('huong-huu-dti-2024');

export const CDS_IDS = ['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3'];

/** Every Công dân số criterion passed. */
export function allCds(value: 'pass' | 'fail' = 'pass'): Record<string, AnswerValue> {
  return Object.fromEntries(CDS_IDS.map((id) => [id, value]));
}

/**
 * A staff member's answers: every Công dân số passed, both conditions met, and the given Chiến binh số levels
 * (the rest answered "a", 0 points).
 */
export function staffAnswers(levels: Record<string, AnswerValue> = {}): Record<string, AnswerValue> {
  const cbs = ['cbs.I.1', 'cbs.I.2', 'cbs.I.3', 'cbs.II.1', 'cbs.II.2', 'cbs.II.3', 'cbs.III.1', 'cbs.III.2', 'cbs.III.3'];
  return {
    ...allCds(),
    ...Object.fromEntries(cbs.map((id) => [id, 'a'])),
    'cbs.I.1.e': false,
    'dk.ky-so': 'pass',
    'dk.bai-viet': 1,
    ...levels,
  };
}
