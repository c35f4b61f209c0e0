/**
 * A contest ready to sit: the seed-001 contest with the organiser's values set (test/contest/fixture.ts), the sample
 * bank, an organiser unit with the boards (organising committee, two examiners and a jury head, one proctor per
 * room), city and district units each with an office focal person and two leaders, every list registered by its
 * focal person through the service, registration closed, and room codes issued. Everything goes through the
 * services and repositories, as a deployment would.
 */
import { closeRegistration, issueRoomCodes, openContestRun, registerUnitList } from '../../src/contest-service/registration-service.js';
import type { ContestCatalogue } from '../../src/contest-service/catalogue.js';
import { loadQuestionBanksFromDir } from '../../src/contest/load-contest.js';
import type { Contest } from '../../src/contest/contest-schema.js';
import type { CandidateRecord } from '../../src/store/contest.js';
import type { Store } from '../../src/store/store.js';
import { settledContest, type Announced } from '../contest/fixture.js';

export const BANK_ID = 'mau-nang-luc-cntt-cds';

export function contestCatalogue(overrides: Partial<Announced> = {}): { catalogue: ContestCatalogue; contest: Contest } {
  const contest = settledContest(overrides);
  return { contest, catalogue: { contests: new Map([[contest.id, contest]]), banks: loadQuestionBanksFromDir() } };
}

export interface ContestWorld {
  contestId: string;
  catalogue: ContestCatalogue;
  organiser: number;
  examiners: [number, number];
  juryHead: number;
  /** Proctor person id and code per room id. */
  proctors: Map<string, { personId: number; code: string }>;
  roomCodes: Map<string, string>;
  candidates: CandidateRecord[];
  /** Office focal person per unit id. */
  focal: Map<string, number>;
}

export interface WorldOptions {
  cityUnits?: number;
  districtUnits?: number;
  /** Room capacity (rooms are added until everyone has a seat). */
  roomCapacity?: number;
  now?: number;
  announced?: Partial<Announced>;
}

export async function seedContestWorld(store: Store, options: WorldOptions = {}): Promise<ContestWorld> {
  const { catalogue, contest } = contestCatalogue(options.announced);
  const now = options.now ?? Date.UTC(2024, 5, 15, 1);
  const cityUnits = options.cityUnits ?? 2;
  const districtUnits = options.districtUnits ?? 2;
  const capacity = options.roomCapacity ?? 30;
  const roomCount = Math.max(1, Math.ceil(((cityUnits + districtUnits) * 2) / capacity));
  const rooms = Array.from({ length: roomCount }, (_, i) => ({ id: `P${i + 1}`, name: `Phòng thi ${i + 1}`, capacity }));
  const units = [
    ...Array.from({ length: cityUnits }, (_, i) => ({ id: `so-${i + 1}`, name: `Sở Thử nghiệm ${String(i + 1).padStart(3, '0')}`, level: 'city' as const, kind: 'so' })),
    ...Array.from({ length: districtUnits }, (_, i) => ({ id: `huyen-${i + 1}`, name: `UBND huyện Thử ${String(i + 1).padStart(3, '0')}`, level: 'district' as const, kind: 'quan-huyen' })),
  ];
  const seeded = await store.transaction(async (tx) => {
    await tx.staff.createUnit({ id: 'snv', name: 'Sở Nội vụ' });
    const person = (unitId: string, fullName: string, roles: ('office' | 'staff' | 'director')[] = ['staff'], phone: string | null = null) =>
      tx.staff.createPerson(unitId, { departmentId: null, fullName, phone, email: null, position: null, noGroupMention: false }, roles, now);
    const organiser = await person('snv', 'Trần Văn Tổ Chức', ['office']);
    const examiners: [number, number] = [await person('snv', 'Lê Giám Khảo Một'), await person('snv', 'Phạm Giám Khảo Hai')];
    const juryHead = await person('snv', 'Võ Trưởng Ban');
    const proctorIds = new Map<string, number>();
    for (const r of rooms) proctorIds.set(r.id, await person('snv', `Ngô Coi Thi ${r.id}`));
    const focal = new Map<string, number>();
    const leaders = new Map<string, Array<{ fullName: string; position: string }>>();
    for (const [i, u] of units.entries()) {
      await tx.staff.createUnit({ id: u.id, name: u.name });
      focal.set(u.id, await person(u.id, `Đầu Mối ${i + 1}`, ['office']));
      const titles = u.level === 'city' ? ['Giám đốc sở', 'Phó Giám đốc sở'] : ['Chủ tịch UBND', 'Phó Chủ tịch UBND'];
      const list = titles.map((t, k) => ({ fullName: `Nguyễn Lãnh Đạo ${i + 1}-${k + 1}`, position: t }));
      for (const l of list) await person(u.id, l.fullName, ['director']);
      leaders.set(u.id, list);
    }
    const opened = await openContestRun(
      tx,
      catalogue,
      {
        contest: contest.id,
        bank: BANK_ID,
        units,
        boardMembers: [
          { personId: organiser, board: 'organising-committee', head: false },
          { personId: examiners[0], board: 'jury', head: false },
          { personId: examiners[1], board: 'jury', head: false },
          { personId: juryHead, board: 'jury', head: true },
          ...[...proctorIds.values()].map((personId) => ({ personId, board: 'proctoring' as const, head: false })),
        ],
        rooms,
      },
      now,
    );
    if (!opened.ok) throw new Error(opened.message);
    return { organiser, examiners, juryHead, proctorIds, focal, leaders };
  });
  for (const u of units) {
    await store.transaction(async (tx) => {
      const focalId = seeded.focal.get(u.id) ?? 0;
      const registered = await registerUnitList(tx, catalogue, {
        contestId: contest.id,
        unitId: u.id,
        lines: seeded.leaders.get(u.id) ?? [],
        actor: { personId: focalId, unitId: u.id, roles: ['office'] },
        channel: 'test',
        now,
      });
      if (!registered.ok || !registered.answer.stored) throw new Error(JSON.stringify(registered));
    });
  }
  return store.transaction(async (tx) => {
    const closed = await closeRegistration(tx, catalogue, { contestId: contest.id, actor: { personId: seeded.organiser, unitId: 'snv', roles: ['office'] }, channel: 'test', now });
    if (!closed.ok) throw new Error(closed.message);
    const roomCodes = new Map<string, string>();
    const proctors = new Map<string, { personId: number; code: string }>();
    for (const r of rooms) {
      const personId = seeded.proctorIds.get(r.id) ?? 0;
      const codes = await issueRoomCodes(tx, { contestId: contest.id, roomId: r.id, proctorIds: [personId], now });
      if (!codes.ok) throw new Error(codes.message);
      roomCodes.set(r.id, codes.roomCode);
      proctors.set(r.id, { personId, code: codes.proctorCodes[0]?.code ?? '' });
    }
    return {
      contestId: contest.id,
      catalogue,
      organiser: seeded.organiser,
      examiners: seeded.examiners,
      juryHead: seeded.juryHead,
      proctors,
      roomCodes,
      candidates: closed.candidates,
      focal: seeded.focal,
    };
  });
}
