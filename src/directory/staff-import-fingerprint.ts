/**
 * The fingerprint of a staff import's dry run: the file's bytes, the options that shape the plan and the unit's
 * directory as the plan read it. A page shows the dry run, then applies it later (another request, maybe after
 * someone else changed the directory): applying first recomputes the fingerprint in its own unit of work and
 * refuses when it differs, so what is written is exactly what the office saw.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../store/store.js';
import { loadUnitDirectory } from './import-staff.js';
import type { PlanStaffImportOptions } from './staff-import-plan-types.js';

/** sha256 (hex) of the file, the options and the directory (people in id order, department names in order). */
export async function staffImportFingerprint(
  tx: Pick<Tx, 'staff'>,
  unitId: string,
  file: Buffer,
  options: PlanStaffImportOptions,
): Promise<string> {
  const directory = await loadUnitDirectory(tx, unitId);
  const people = [...directory.existing].sort((a, b) => a.id - b.id);
  return createHash('sha256')
    .update(file)
    .update('\0')
    .update(JSON.stringify({ unitId, createDepartments: options.createDepartments ?? false, sameName: options.sameName ?? 'ask' }))
    .update('\0')
    .update(JSON.stringify({ people, departments: directory.departmentNames }))
    .digest('hex');
}
