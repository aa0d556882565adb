/**
 * The sampler's path through the API: rounds and zones decide pool sizes; tubes take people up to
 * their size and close; duplicates are flagged, not counted; one-household tubes refuse neighbours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { samplingCodeOf } from '../../../domain/testing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let county: Client; // plans rounds and sites
let village: Client; // enters people
let sampler: Client; // samples (town level: 落垡镇)
let roundId: string;
let siteId: string;
let sealedSiteId: string;
const people: Array<{ id: string; idNumber: string; householdId: string | null }> = [];

interface TubeJson {
  id: string;
  barcode: string;
  capacity: number;
  members: number;
  status: string;
  group: string;
  perHousehold: boolean;
}

async function addPerson(i: number, room: string, place: string = PLACES.building): Promise<void> {
  const idNumber = makeIdNumber('131002', `19${60 + i}-01-0${(i % 9) + 1}`, 10 + i * 2);
  const r = await village.post('/api/population/people', {
    idNumber,
    name: `测${i}`,
    residenceType: 'registered',
    place,
    unit: '1',
    room,
  });
  expect(r.statusCode, r.body).toBe(201);
  const p = r.json<{ person: { id: string; householdId: string | null } }>().person;
  people.push({ id: p.id, idNumber, householdId: p.householdId });
}

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county-admin');
  village = await t.login('village-worker');
  sampler = await t.login('sampler');
  // 25 people of 张营村: rooms 101..105, five per household.
  for (let i = 0; i < 25; i++) await addPerson(i, `10${Math.floor(i / 5) + 1}`);

  const round = await county.post('/api/testing/rounds', {
    name: '第1轮全员核酸',
    areas: [
      { code: '131002', zone: 'prevention' },
      { code: PLACES.grid, zone: 'sealed' },
    ],
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(round.statusCode, round.body).toBe(201);
  roundId = round.json<{ id: string }>().id;
  const site = await county.post('/api/testing/sites', {
    name: '张营村委会',
    jurisdiction: PLACES.village,
    tables: 2,
  });
  expect(site.statusCode, site.body).toBe(201);
  siteId = site.json<{ id: string }>().id;
  const sealed = await county.post('/api/testing/sites', { name: '1号楼下', jurisdiction: PLACES.building });
  sealedSiteId = sealed.json<{ id: string }>().id;
}, 120_000);

afterAll(async () => t?.close());

const open = (barcode: string, extra: Record<string, unknown> = {}) =>
  sampler.post('/api/testing/tubes', { roundId, siteId, barcode, ...extra });
const scan = (tube: string, i: number) =>
  sampler.post(`/api/testing/tubes/${tube}/samples`, { code: samplingCodeOf(people[i]!.id) });

describe('pooling by zone', () => {
  it('gives a prevention-zone site 20:1 tubes and a sealed building one tube per household', async () => {
    const tube = await open('T-PREV-0001');
    expect(tube.statusCode, tube.body).toBe(201);
    expect(tube.json<TubeJson>()).toMatchObject({ capacity: 20, group: 'prevention', perHousehold: false });
    const sealed = await open('T-SEAL-0001', { siteId: sealedSiteId });
    expect(sealed.json<TubeJson>()).toMatchObject({ group: 'sealed', perHousehold: true });
    const single = await open('T-ISO-0001', { group: 'isolation' });
    expect(single.json<TubeJson>()).toMatchObject({ capacity: 1, group: 'isolation' });
  });

  it('refuses a barcode already in use', async () => {
    const again = await open('t-prev-0001');
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TUBE_EXISTS');
  });
});

describe('a tube takes people up to its pool size', () => {
  let tubeId: string;
  it('counts people in and closes itself when full', async () => {
    const tube = await open('T-FULL-0001', { group: 'isolation' });
    tubeId = tube.json<TubeJson>().id;
    const first = await scan(tubeId, 0);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<{ tube: TubeJson }>().tube).toMatchObject({ members: 1, status: 'closed' });
  });

  it('refuses a closed tube', async () => {
    const more = await scan(tubeId, 1);
    expect(more.statusCode).toBe(409);
    expect(more.json<{ error: { code: string } }>().error.code).toBe('TUBE_NOT_OPEN');
  });

  it('flags a person scanned again and does not count them twice', async () => {
    const tube = await open('T-DUP-0001');
    const id = tube.json<TubeJson>().id;
    const again = await scan(id, 0); // person 0 is in T-FULL-0001 already
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string; details: { sameTube: boolean } } }>().error).toMatchObject({
      code: 'ALREADY_SAMPLED',
      details: { sameTube: false },
    });
    expect((await scan(id, 1)).statusCode).toBe(200);
    const same = await scan(id, 1);
    expect(same.json<{ error: { details: { sameTube: boolean } } }>().error.details.sameTube).toBe(true);
    const got = await sampler.get(`/api/testing/tubes/${id}`);
    expect(got.json<TubeJson>().members).toBe(1);
    const flags = await t.db.db
      .selectFrom('sample_flags')
      .select(['kind'])
      .where('round_id', '=', roundId)
      .execute();
    expect(flags.map((f) => f.kind).sort()).toEqual(['duplicate_same_tube', 'second_tube']);
    const counted = await t.db.db
      .selectFrom('samples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(2);
  });

  it('closes by hand, and not when empty', async () => {
    const tube = await open('T-HAND-0001');
    const id = tube.json<TubeJson>().id;
    const empty = await sampler.post(`/api/testing/tubes/${id}/close`);
    expect(empty.statusCode).toBe(409);
    await scan(id, 2);
    const closed = await sampler.post(`/api/testing/tubes/${id}/close`);
    expect(closed.json<TubeJson>()).toMatchObject({ status: 'closed', members: 1 });
  });
});

describe('one household per tube in a sealed zone', () => {
  it('refuses a neighbour in a household tube', async () => {
    const tube = await sampler.post('/api/testing/tubes', {
      roundId,
      siteId: sealedSiteId,
      barcode: 'T-HH-0001',
    });
    const id = tube.json<TubeJson>().id;
    expect((await scan(id, 5)).statusCode).toBe(200); // room 102
    expect((await scan(id, 6)).statusCode).toBe(200); // room 102
    const neighbour = await scan(id, 10); // room 103
    expect(neighbour.statusCode).toBe(409);
    expect(neighbour.json<{ error: { code: string } }>().error.code).toBe('TUBE_OTHER_HOUSEHOLD');
  });
});

describe('typed ID numbers and lookups', () => {
  it('takes a typed ID number, lower-case x and spaces included', async () => {
    const tube = await open('T-TYPED-0001');
    const id = tube.json<TubeJson>().id;
    const typed = people[15]!.idNumber.toLowerCase().replace(/(\d{6})/, '$1 ');
    const r = await sampler.post(`/api/testing/tubes/${id}/samples`, { idNumber: typed });
    expect(r.statusCode, r.body).toBe(200);
    const seen = await sampler.get(`/api/testing/lookup?roundId=${roundId}&idNumber=${people[15]!.idNumber}`);
    expect(seen.json<{ sampled: { barcode: string } | null }>().sampled?.barcode).toBe('T-TYPED-0001');
  });

  it('rejects a sampling code with a wrong check character', async () => {
    const tube = await open('T-BAD-0001');
    const id = tube.json<TubeJson>().id;
    const code = samplingCodeOf(people[16]!.id);
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const r = await sampler.post(`/api/testing/tubes/${id}/samples`, { code: wrong });
    expect(r.statusCode).toBe(400);
  });
});

describe('rounds and scope', () => {
  it('a village worker sees the county round that covers the village, but cannot re-plan it', async () => {
    const list = await village.get('/api/testing/rounds');
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((r) => r.id)).toContain(roundId);
    const patch = await village.patch(`/api/testing/rounds/${roundId}`, { name: 'x' });
    expect(patch.statusCode).toBe(403);
  });

  it('refuses a bad per-round pooling override, naming the field', async () => {
    const r = await county.post('/api/testing/rounds', {
      name: 'bad',
      areas: [{ code: '131002' }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      rules: { pooling: { prevention: { size: 7, perHousehold: false } } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('rules.');
  });

  it('suggests staffing from the population by the norms', async () => {
    const r = await county.get(`/api/testing/staffing?jurisdiction=${PLACES.village}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      people: 25,
      suggested: { samplers: 1 },
      actual: { sites: 2, tables: 3 },
    });
  });
});
