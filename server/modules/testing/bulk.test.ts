/**
 * Device uploads of many scans: the interactive rules applied set-based. Good rows are recorded
 * beside bad ones of every kind; capacity and one-household tubes refuse in sampledAt order;
 * duplicates are flagged, not counted; a re-sent batch changes nothing; a door-to-door task is done.
 */
import crypto from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { samplingCodeOf } from '../../../domain/testing.js';
import type { RequestContext } from '../../platform/context.js';
import { type Client, TEST_PII, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { actorFromUser } from '../users/users.service.js';
import { type IngestSummary, type ScanRow, ingestScans } from './bulk.service.js';

let t: TestApp;
let county: Client;
let sampler: Client;
let roundId: string;
let otherRoundId: string;
let siteId: string;
let inactiveSiteId: string;
let farSiteId: string;
let samplerCtx: RequestContext;

interface Person {
  id: string;
  idNumber: string;
  householdId: string | null;
}
/** V: 张营村 outside any grid (prevention). S: building in G001 (sealed), rooms 101 ×3 and 102 ×2. */
const V: Person[] = [];
const S: Person[] = [];
let outsider: Person; // 倪官屯村: inside the sampler's town, outside the round
let stranger: Person; // another town: outside the sampler's scope

const base = Date.now() - 3600_000;
const at = (second: number) => new Date(base + second * 1000).toISOString();
const code = (p: Person) => samplingCodeOf(p.id);
/** The same code with another check character (a random id's own may be any of them). */
const wrongCheck = (c: string) => c.slice(0, -1) + (c.endsWith('Z') ? 'Y' : 'Z');

let seq = 0;
async function addPerson(place: string, room: string): Promise<Person> {
  seq++;
  const idNumber = makeIdNumber('131002', `19${50 + seq}-02-0${(seq % 9) + 1}`, 20 + seq * 2);
  const r = await county.post('/api/population/people', {
    idNumber,
    name: `批${seq}`,
    residenceType: 'registered',
    place,
    unit: '1',
    room,
  });
  expect(r.statusCode, r.body).toBe(201);
  const p = r.json<{ person: { id: string; householdId: string | null } }>().person;
  return { id: p.id, idNumber, householdId: p.householdId };
}

async function post(rows: ScanRow[], round = roundId): Promise<IngestSummary> {
  const r = await sampler.post(`/api/testing/rounds/${round}/scans`, { rows });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<IngestSummary>();
}

const codesByRow = (s: IngestSummary) => Object.fromEntries(s.problems.map((p) => [p.row, p.code]));

async function tube(barcode: string) {
  return t.db.db.selectFrom('tubes').selectAll().where('barcode', '=', barcode).executeTakeFirstOrThrow();
}

async function snapshot() {
  const db = t.db.db;
  const [samples, tubes, flags, tasks] = await Promise.all([
    db.selectFrom('samples').select(['person_id', 'tube_id', 'sampled_at']).orderBy('person_id').execute(),
    db
      .selectFrom('tubes')
      .select(['barcode', 'members', 'status', 'household_id'])
      .orderBy('barcode')
      .execute(),
    db.selectFrom('sample_flags').select(['person_id', 'barcode', 'kind']).orderBy('id').execute(),
    db.selectFrom('sampling_tasks').select(['person_id', 'status', 'sampled_at']).orderBy('id').execute(),
  ]);
  return { samples, tubes, flags, tasks };
}

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county-admin');
  sampler = await t.login('sampler');
  for (let i = 0; i < 12; i++) V.push(await addPerson(PLACES.village, `20${i}`));
  for (const room of ['101', '101', '101', '102', '102']) S.push(await addPerson(PLACES.building, room));
  outsider = await addPerson(PLACES.otherVillage, '1');
  const farVillage = await t.db.db
    .selectFrom('jurisdictions')
    .select('code')
    .where('parent_code', '=', PLACES.otherTown)
    .where('level', '=', 'village')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  stranger = await addPerson(farVillage.code, '1');

  const window = {
    startsAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
  const areas = [
    { code: PLACES.village, zone: 'prevention' },
    { code: PLACES.grid, zone: 'sealed' },
    { code: farVillage.code, zone: 'prevention' },
  ];
  const round = await county.post('/api/testing/rounds', { name: '批量第1轮', areas, ...window });
  expect(round.statusCode, round.body).toBe(201);
  roundId = round.json<{ id: string }>().id;
  const other = await county.post('/api/testing/rounds', { name: '批量第0轮', areas, ...window });
  otherRoundId = other.json<{ id: string }>().id;

  const site = async (name: string, jurisdiction: string) => {
    const r = await county.post('/api/testing/sites', { name, jurisdiction, tables: 2 });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  siteId = await site('张营村委会', PLACES.village);
  inactiveSiteId = await site('张营村小学', PLACES.village);
  farSiteId = await site('远处', farVillage.code);
  await t.db.db
    .updateTable('sampling_sites')
    .set({ active: false })
    .where('id', '=', inactiveSiteId)
    .execute();

  const user = await t.db.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'sampler')
    .executeTakeFirstOrThrow();
  samplerCtx = {
    db: t.db.db,
    actor: actorFromUser(user),
    requestId: 'bulk-test',
    ip: '127.0.0.1',
    userAgent: null,
    log: pino({ level: 'silent' }),
    pii: TEST_PII,
  };
}, 180_000);

afterAll(async () => t?.close());

describe('a batch with good and bad rows', () => {
  it('records the good rows and says what is wrong with each bad one', async () => {
    expect(
      (await post([{ barcode: 'T-OTHER-01', person: code(V[2]!), sampledAt: at(1), siteId }], otherRoundId))
        .accepted,
    ).toBe(1);
    expect(
      (
        await post([
          { barcode: 'T-ISO-01', person: code(V[3]!), sampledAt: at(2), siteId, group: 'isolation' },
        ])
      ).tubesClosed,
    ).toBe(1);

    const s = await post([
      { barcode: 't-good-01', person: code(V[0]!), sampledAt: at(10), siteId },
      { barcode: 'T-GOOD-01', person: V[1]!.idNumber, sampledAt: '2000-01-01 00:00:00', siteId },
      { barcode: 'x', person: code(V[4]!), sampledAt: at(12), siteId },
      { barcode: 'T-GOOD-01', person: wrongCheck(code(V[4]!)), sampledAt: at(13), siteId },
      { barcode: 'T-GOOD-01', person: code(V[4]!), sampledAt: 'yesterday', siteId },
      { barcode: 'T-GOOD-01', person: code(V[4]!), sampledAt: at(15), siteId, group: 'vip' },
      { barcode: 'T-GOOD-01', person: code(V[4]!), sampledAt: at(16), siteId: crypto.randomUUID() },
      { barcode: 'T-GOOD-01', person: code(V[4]!), sampledAt: at(17), siteId: farSiteId },
      { barcode: 'T-GOOD-01', person: code(V[4]!), sampledAt: at(18), siteId: inactiveSiteId },
      { barcode: 'T-GOOD-01', person: samplingCodeOf(crypto.randomUUID()), sampledAt: at(19), siteId },
      { barcode: 'T-GOOD-01', person: code(stranger), sampledAt: at(20), siteId },
      { barcode: 'T-GOOD-01', person: code(outsider), sampledAt: at(21), siteId },
      { barcode: 'T-OTHER-01', person: code(V[4]!), sampledAt: at(22), siteId },
      { barcode: 'T-ISO-01', person: code(V[5]!), sampledAt: at(23), siteId },
      { barcode: 'T-GOOD-01', person: code(V[6]!), sampledAt: at(24), siteId, group: '防范区' },
    ]);
    expect(s).toMatchObject({
      rows: 15,
      accepted: 3,
      duplicates: 0,
      rejected: 12,
      tubesOpened: 1,
      tubesClosed: 0,
    });
    expect(codesByRow(s)).toEqual({
      3: 'bad_barcode',
      4: 'bad_person',
      5: 'bad_time',
      6: 'bad_group',
      7: 'unknown_site',
      8: 'site_out_of_scope',
      9: 'site_inactive',
      10: 'unknown_person',
      11: 'unknown_person',
      12: 'outside_round',
      13: 'tube_other_round',
      14: 'tube_not_open',
    });
    const good = await tube('T-GOOD-01');
    expect(good).toMatchObject({
      round_id: roundId,
      capacity: 20,
      members: 3,
      status: 'open',
      site_id: siteId,
    });
    expect(good.jpath).toBe('131002100202');
    // The first sample's time opens the tube: the ID-number row was sampled in 2000 (China time).
    expect(good.opened_at.toISOString()).toBe('1999-12-31T16:00:00.000Z');
    const samples = await t.db.db.selectFrom('samples').selectAll().where('tube_id', '=', good.id).execute();
    expect(samples.map((x) => x.person_id).sort()).toEqual([V[0]!.id, V[1]!.id, V[6]!.id].sort());
    expect(
      samples.every((x) => x.jpath.startsWith('131002100202') && x.sampled_by === samplerCtx.actor.userId),
    ).toBe(true);
  });

  it('refuses a planned round and a user who does not sample', async () => {
    const planned = await county.post('/api/testing/rounds', {
      name: '未来',
      areas: [{ code: PLACES.village }],
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    const r = await sampler.post(`/api/testing/rounds/${planned.json<{ id: string }>().id}/scans`, {
      rows: [{ barcode: 'T-PLAN-01', person: code(V[7]!), sampledAt: at(1) }],
    });
    expect(r.json<{ error: { code: string } }>().error.code).toBe('ROUND_NOT_ACTIVE');
    const forbidden = await county.post(`/api/testing/rounds/${roundId}/scans`, {
      rows: [{ barcode: 'T-PLAN-01', person: code(V[7]!), sampledAt: at(1) }],
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('capacity and one-household tubes (through COPY)', () => {
  it('fills a tube in sampledAt order and keeps a household tube to one household', async () => {
    const s = await ingestScans(
      samplerCtx,
      roundId,
      [
        { barcode: 'T-CAP-01', person: code(V[7]!), sampledAt: at(41), siteId, group: 'isolation' },
        { barcode: 'T-CAP-01', person: code(V[8]!), sampledAt: at(40), siteId, group: 'isolation' },
        // Door to door in the sealed grid: one tube per household (10), placed at the village.
        { barcode: 'T-HOME-01', person: code(S[0]!), sampledAt: at(50) },
        { barcode: 'T-HOME-01', person: code(S[3]!), sampledAt: at(51) },
        { barcode: 'T-HOME-01', person: code(S[1]!), sampledAt: at(52) },
      ],
      { handle: t.db, chunkSize: 3 },
    );
    expect(s).toMatchObject({ rows: 5, accepted: 3, rejected: 2, tubesOpened: 2, tubesClosed: 1 });
    expect(codesByRow(s)).toEqual({ 1: 'tube_full', 4: 'tube_other_household' });
    const cap = await tube('T-CAP-01');
    expect(cap).toMatchObject({ capacity: 1, members: 1, status: 'closed' });
    expect(cap.closed_at!.toISOString()).toBe(at(40));
    const home = await tube('T-HOME-01');
    expect(home).toMatchObject({
      pool_group: 'sealed',
      per_household: true,
      capacity: 10,
      members: 2,
      site_id: null,
      jpath: '131002100202',
      household_id: S[0]!.householdId,
    });
    expect(S[0]!.householdId).toBe(S[1]!.householdId);
    expect(S[3]!.householdId).not.toBe(S[0]!.householdId);
  });
});

describe('duplicates', () => {
  it('flags a person twice in a batch and a person sampled in an earlier batch, counting each once', async () => {
    const before = await t.db.db
      .selectFrom('samples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const s = await post([
      { barcode: 'T-DUP-01', person: code(V[9]!), sampledAt: at(60), siteId },
      { barcode: 'T-DUP-01', person: code(V[9]!), sampledAt: at(61), siteId },
      { barcode: 'T-DUP-02', person: code(V[9]!), sampledAt: at(62), siteId },
      { barcode: 'T-DUP-02', person: code(V[0]!), sampledAt: at(63), siteId },
    ]);
    expect(s).toMatchObject({ rows: 4, accepted: 1, duplicates: 3, rejected: 0 });
    expect(codesByRow(s)).toEqual({ 2: 'duplicate_same_tube', 3: 'second_tube', 4: 'second_tube' });
    const after = await t.db.db
      .selectFrom('samples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
    const flags = await t.db.db
      .selectFrom('sample_flags')
      .select(['person_id', 'barcode', 'kind', 'detail'])
      .where('round_id', '=', roundId)
      .orderBy('id')
      .execute();
    expect(flags.map((f) => `${f.person_id}|${f.barcode}|${f.kind}`).sort()).toEqual(
      [
        `${V[9]!.id}|T-DUP-01|duplicate_same_tube`,
        `${V[9]!.id}|T-DUP-02|second_tube`,
        `${V[0]!.id}|T-DUP-02|second_tube`,
      ].sort(),
    );
    expect(flags).toHaveLength(3);
    expect(flags.find((f) => f.person_id === V[0]!.id)!.detail).toMatchObject({ firstTube: 'T-GOOD-01' });
    expect((await tube('T-DUP-02')).members).toBe(0);
  });
});

describe('a re-sent batch', () => {
  it('changes nothing', async () => {
    const batch: ScanRow[] = [
      { barcode: 'T-RE-01', person: code(V[10]!), sampledAt: at(70), siteId },
      { barcode: 'T-RE-01', person: code(V[10]!), sampledAt: at(71), siteId },
      { barcode: 'T-RE-02', person: code(V[0]!), sampledAt: at(72), siteId },
      { barcode: 'T-CAP-01', person: code(V[8]!), sampledAt: at(40), siteId },
    ];
    const first = await post(batch);
    expect(first).toMatchObject({ accepted: 1, duplicates: 3 });
    const before = await snapshot();
    const again = await post(batch);
    expect(again).toMatchObject({ rows: 4, accepted: 0, duplicates: 4, rejected: 0, tubesOpened: 0 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('door to door', () => {
  it('marks the pending task of a person sampled at home', async () => {
    const person = V[11]!;
    await t.db.db
      .insertInto('sampling_tasks')
      .values({
        county_code: '131002',
        jpath: '131002100202',
        round_id: roundId,
        kind: 'door_to_door',
        reason: 'immobile',
        person_id: person.id,
        household_id: person.householdId,
        village_code: PLACES.village,
      })
      .execute();
    const s = await post([{ barcode: 'T-D2D-01', person: code(person), sampledAt: at(80), siteId: null }]);
    expect(s.accepted).toBe(1);
    const task = await t.db.db
      .selectFrom('sampling_tasks')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(task.status).toBe('sampled');
    expect(task.sampled_at!.toISOString()).toBe(at(80));
    expect(await tube('T-D2D-01')).toMatchObject({ site_id: null, jpath: '131002100202', capacity: 20 });
  });
});

describe('CSV upload', () => {
  it('reads Chinese headers and reports bad lines by their line number', async () => {
    const csv =
      '\uFEFF试管条码,采样码/身份证号,采样时间,采样点,人群\r\n' +
      `T-CSV-01,${S[4]!.idNumber},${at(90)},${siteId},\r\n` +
      `T-CSV-01,not-a-person,${at(91)},${siteId},\r\n` +
      `T-CSV-02,${code(S[2]!)},${at(92)},,密切接触者\r\n`;
    const r = await sampler.request('POST', `/api/testing/rounds/${roundId}/scans/upload`, csv, {
      'content-type': 'text/csv; charset=utf-8',
    });
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json<IngestSummary>();
    expect(s).toMatchObject({ rows: 3, accepted: 2, rejected: 1, tubesOpened: 2, tubesClosed: 1 });
    expect(codesByRow(s)).toEqual({ 3: 'bad_person' });
    expect(await tube('T-CSV-02')).toMatchObject({
      pool_group: 'close_contact',
      capacity: 1,
      status: 'closed',
    });
  });

  it('refuses a file without the needed columns', async () => {
    const r = await sampler.request('POST', `/api/testing/rounds/${roundId}/scans/upload`, 'a,b\n1,2\n', {
      'content-type': 'text/csv',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });
});
