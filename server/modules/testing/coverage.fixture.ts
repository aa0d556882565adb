/**
 * A small hand-counted round for the coverage, reports and resident tests: people, households,
 * samples, exemptions, tubes and findings written straight into the tables (the sampling and lab
 * services are not needed to count them).
 *
 *   张营村 131002100202 (V1)
 *     G001 / B00001   H1: A (sampled; a second scan is not a second sample), B (exempt 'away' but sampled), C (exempt 'hospital')
 *                     H2: D (sampled)
 *     G001, no building: H6: E (sampled two days ago)
 *     G002            H4: G (immobile), J        — both missing
 *     no grid         H3: F                      — missing
 *   倪官屯村 131002100203 (V2)
 *     G001 / B00001   H5: H (sampled), I         — I missing
 *
 * Tubes (sites in V1 unless said): T1 A+B+D resulted negative in 4 h; T3 E resulted positive in
 * 20 h (E is a positive finding); T4 received; T5 open; T2 (V2) H shipped.
 */
import crypto from 'node:crypto';
import { countyCodeOf, childPath, gridCode } from '../../../domain/jurisdiction.js';
import type { Client, TestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import * as jurisdictions from '../jurisdictions/jurisdictions.repo.js';

export const V1 = PLACES.village;
export const V2 = PLACES.otherVillage;
export const P = {
  v1: '131002100202',
  v1g1: '131002100202/G001/',
  v1b1: '131002100202/G001/B00001/',
  v1g2: '131002100202/G002/',
  v2b1: '131002100203/G001/B00001/',
};
const COUNTY = '131002';
const HOUR = 3600_000;

export interface Seeded {
  roundId: string;
  people: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J', string>;
  households: Record<'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6', string>;
  tubes: Record<'T1' | 'T2' | 'T3' | 'T4' | 'T5', string>;
  labId: string;
  /** When A, B, D and H were sampled. */
  sampledAt: Date;
}

export async function seedRound(t: TestApp, planner: Client): Promise<Seeded> {
  const db = t.db.db;
  const village = (await jurisdictions.findByCode(db, V1))!;
  const g2 = gridCode(V1, 2);
  await jurisdictions.insert(db, {
    code: g2,
    parent_code: V1,
    level: 'grid',
    kind: 'grid',
    name: '张营村第二网格',
    short_name: '张营村第二网格',
    jpath: childPath(village.jpath, g2, 'grid'),
    county_code: countyCodeOf(g2),
    source: 'user',
  });

  const now = Date.now();
  const res = await planner.post('/api/testing/rounds', {
    name: '第一轮全员核酸',
    areas: [{ code: PLACES.town, zone: 'prevention' }],
    startsAt: new Date(now - 72 * HOUR).toISOString(),
    endsAt: new Date(now + 24 * HOUR).toISOString(),
  });
  if (res.statusCode !== 201) throw new Error(`round: ${res.statusCode} ${res.body}`);
  const roundId = res.json<{ id: string }>().id;

  const household = async (
    jpath: string,
    villageCode: string,
    grid: string | null,
    building: string | null,
    room: string,
  ) =>
    (
      await db
        .insertInto('households')
        .values({
          county_code: COUNTY,
          jpath,
          village_code: villageCode,
          grid_code: grid,
          building_code: building,
          room,
          address: `${villageCode} ${room}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const households = {
    H1: await household(P.v1b1, V1, PLACES.grid, PLACES.building, '101'),
    H2: await household(P.v1b1, V1, PLACES.grid, PLACES.building, '102'),
    H3: await household(P.v1, V1, null, null, '7'),
    H4: await household(P.v1g2, V1, g2, null, '8'),
    H5: await household(P.v2b1, V2, PLACES.otherGrid, PLACES.otherBuilding, '201'),
    H6: await household(P.v1g1, V1, PLACES.grid, null, '5'),
  };
  let seq = 0;
  const person = async (
    name: string,
    h: keyof typeof households,
    jpath: string,
    villageCode: string,
    grid: string | null,
    building: string | null,
  ) => {
    seq++;
    return (
      await db
        .insertInto('people')
        .values({
          county_code: COUNTY,
          jpath,
          village_code: villageCode,
          grid_code: grid,
          building_code: building,
          household_id: households[h],
          id_hash: crypto.randomBytes(32),
          id_cipher: crypto.randomBytes(40),
          id_masked: `131002********${String(1000 + seq)}`,
          phone_masked: `138****${String(1000 + seq)}`,
          name,
          sex: seq % 2 ? 'M' : 'F',
          birth_date: `19${50 + seq}-01-0${1 + (seq % 9)}`,
          residence_type: 'resident',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const people = {
    A: await person('王小伟', 'H1', P.v1b1, V1, PLACES.grid, PLACES.building),
    B: await person('王二', 'H1', P.v1b1, V1, PLACES.grid, PLACES.building),
    C: await person('王三三', 'H1', P.v1b1, V1, PLACES.grid, PLACES.building),
    D: await person('李四', 'H2', P.v1b1, V1, PLACES.grid, PLACES.building),
    E: await person('赵五', 'H6', P.v1g1, V1, PLACES.grid, null),
    F: await person('钱六', 'H3', P.v1, V1, null, null),
    G: await person('孙七', 'H4', P.v1g2, V1, g2, null),
    H: await person('周八', 'H5', P.v2b1, V2, PLACES.otherGrid, PLACES.otherBuilding),
    I: await person('吴九', 'H5', P.v2b1, V2, PLACES.otherGrid, PLACES.otherBuilding),
    J: await person('郑十', 'H4', P.v1g2, V1, g2, null),
  };
  await db
    .insertInto('special_populations')
    .values({
      county_code: COUNTY,
      person_id: people.G,
      kind: 'immobile',
      jpath: P.v1g2,
      village_code: V1,
      details: '{}',
    })
    .execute();

  const lab = await db
    .insertInto('labs')
    .values({
      county_code: COUNTY,
      jpath: COUNTY,
      code: 'LAB01',
      name: '安次区检测实验室',
      capacity_per_day: 5000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const at = (h: number) => new Date(now - h * HOUR);
  const tube = async (barcode: string, jpath: string, values: Record<string, unknown>) =>
    (
      await db
        .insertInto('tubes')
        .values({
          county_code: COUNTY,
          jpath,
          round_id: roundId,
          barcode,
          pool_group: 'prevention',
          capacity: 10,
          ...values,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const tubes = {
    T1: await tube('TUBE000001', P.v1, {
      members: 3,
      status: 'resulted',
      result: 'negative',
      opened_at: at(6),
      closed_at: at(5),
      resulted_at: at(1),
      lab_id: lab.id,
    }),
    T2: await tube('TUBE000002', '131002100203', {
      members: 1,
      status: 'shipped',
      opened_at: at(6),
      closed_at: at(2),
      lab_id: lab.id,
    }),
    T3: await tube('TUBE000003', P.v1, {
      members: 1,
      status: 'resulted',
      result: 'positive',
      opened_at: at(49),
      closed_at: at(30),
      resulted_at: at(10),
      lab_id: lab.id,
    }),
    T4: await tube('TUBE000004', P.v1, {
      members: 0,
      status: 'received',
      opened_at: at(4),
      closed_at: at(3),
      lab_id: lab.id,
    }),
    T5: await tube('TUBE000005', P.v1, { members: 0, status: 'open', opened_at: at(1) }),
  };
  const sampledAt = at(5.5);
  const sample = (
    who: keyof typeof people,
    jpath: string,
    h: keyof typeof households,
    t: keyof typeof tubes,
    when: Date,
  ) =>
    db
      .insertInto('samples')
      .values({
        county_code: COUNTY,
        round_id: roundId,
        person_id: people[who],
        jpath,
        household_id: households[h],
        tube_id: tubes[t],
        tube_county: COUNTY,
        sampled_at: when,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  await sample('A', P.v1b1, 'H1', 'T1', sampledAt);
  await sample('B', P.v1b1, 'H1', 'T1', sampledAt);
  await sample('D', P.v1b1, 'H2', 'T1', sampledAt);
  await sample('E', P.v1g1, 'H6', 'T3', at(48));
  await sample('H', P.v2b1, 'H5', 'T2', sampledAt);
  // A second scan of A (another tube): the primary key keeps one sample per person per round.
  await sample('A', P.v1b1, 'H1', 'T4', at(3));

  const exempt = (who: keyof typeof people, jpath: string, reason: 'hospital' | 'away') =>
    db
      .insertInto('round_exemptions')
      .values({ county_code: COUNTY, round_id: roundId, person_id: people[who], jpath, reason })
      .execute();
  await exempt('C', P.v1b1, 'hospital');
  await exempt('B', P.v1b1, 'away');

  await db
    .insertInto('positive_findings')
    .values({ county_code: COUNTY, jpath: P.v1g1, person_id: people.E, round_id: roundId, tube_id: tubes.T3 })
    .execute();
  return { roundId, people, households, tubes, labId: lab.id, sampledAt };
}
