/** A person of the unit as the office names them on the command line: id, phone or exact full name. */
import { normalisePhone } from '../directory/phone.js';
import type { StaffPerson } from '../store/staff.js';
import type { Tx } from '../store/store.js';
import { UsageError } from './command.js';

/** The one person `query` names in the unit; a `UsageError` in Vietnamese when none or several. */
export async function findPerson(tx: Pick<Tx, 'staff'>, unitId: string, query: string): Promise<StaffPerson> {
  let matches: StaffPerson[] = [];
  if (/^\d{1,9}$/.test(query)) {
    const byId = await tx.staff.getPerson(Number(query));
    if (byId?.unitId === unitId) matches = [byId];
  }
  const phone = normalisePhone(query);
  if (matches.length === 0 && phone) matches = await tx.staff.findPeople(unitId, { phone });
  if (matches.length === 0) matches = await tx.staff.findPeople(unitId, { fullName: query });
  const [first] = matches;
  if (!first) throw new UsageError(`Không tìm thấy cán bộ "${query}" trong đơn vị ${unitId}.`);
  if (matches.length > 1) {
    throw new UsageError(`Có ${matches.length} người tên "${query}" (mã số ${matches.map((m) => m.id).join(', ')}); hãy dùng mã số.`);
  }
  return first;
}

