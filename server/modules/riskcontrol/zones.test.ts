/**
 * Zones through the API on fixed days (the `on` of evaluate and lift; the clock of the real day only
 * where it does not matter): a Hebei sealed village with its case, a close contact and a negative
 * round; a prevention zone waiting for its county's sealed zones; a 9th-edition high area stepping
 * down to medium and low; overriding with a reason; who may lift; the lockdown gates of a town;
 * re-evaluation by the tracing events; and the bad inputs named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { cstDate } from '../../../domain/tracing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let admin: Client; // county-admin, 安次区
let inv: Client;
let personSeq = 400;
let roundSeq = 0;

interface Condition {
  code: string;
  met: boolean;
  [key: string]: unknown;
}
interface Zone {
  id: string;
  kind: string;
  status: string;
  startedOn: string;
  previousZoneId: string | null;
  steppedFromHighOn: string | null;
  lifting: {
    day: string;
    canLiftOn: string | null;
    liftableToday: boolean;
    to: string | null;
    conditions: Condition[];
    facts: { lastInfectionOn: string | null; closeContacts: { allNegative: boolean } | null };
  } | null;
  cases: Array<{ number: string; nameMasked: string }>;
  gates: { active: number; total: number };
  events: Array<{ action: string; detail: Record<string, unknown> }>;
}
type Problem = { error: { code: string; details: Record<string, unknown> } };

async function addPerson(place: string, name: string): Promise<string> {
  personSeq += 1;
  const res = await admin.post('/api/population/people', {
    idNumber: makeIdNumber('131002', '1980-04-01', personSeq),
    name,
    residenceType: 'registered',
    place,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ person: { id: string } }>().person.id;
}

/** A round over `area` with one resulted tube of these people, sampled at `at` (China time). */
async function round(area: string, people: string[], at: string, result: 'negative' | 'positive' | null) {
  roundSeq += 1;
  const day = at.slice(0, 10);
  const res = await admin.post('/api/testing/rounds', {
    name: `区域核酸${roundSeq}`,
    areas: [{ code: area, zone: 'sealed' }],
    startsAt: `${day}T00:00:00+08:00`,
    endsAt: `${day}T23:00:00+08:00`,
  });
  expect(res.statusCode, res.body).toBe(201);
  const roundId = res.json<{ id: string }>().id;
  const tube = await t.db.db
    .insertInto('tubes')
    .values({
      county_code: '131002',
      jpath: PLACES.town.slice(0, 9),
      round_id: roundId,
      barcode: `ZN${String(roundSeq).padStart(6, '0')}`,
      pool_group: 'sealed',
      capacity: 10,
      members: people.length,
      status: result ? 'resulted' : 'received',
      result,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await t.db.db.selectFrom('people').select(['id', 'jpath']).where('id', 'in', people).execute();
  await t.db.db
    .insertInto('samples')
    .values(
      rows.map((p) => ({
        county_code: '131002',
        round_id: roundId,
        person_id: p.id,
        jpath: p.jpath,
        tube_id: tube.id,
        tube_county: '131002',
        sampled_at: new Date(`${at}+08:00`),
      })),
    )
    .execute();
}

async function declare(as: Client, body: Record<string, unknown>) {
  return as.post('/api/risk/zones', { reason: '发现阳性病例', ...body });
}
async function declared(as: Client, body: Record<string, unknown>): Promise<Zone> {
  const res = await declare(as, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Zone>();
}
async function evaluate(id: string, on: string): Promise<Zone> {
  const res = await admin.post(`/api/risk/zones/${id}/evaluate`, { on });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Zone>();
}
const lift = (as: Client, id: string, body: Record<string, unknown>) =>
  as.post(`/api/risk/zones/${id}/lift`, body);
const unmet = (z: Zone) => z.lifting!.conditions.filter((c) => !c.met).map((c) => c.code);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  inv = await t.login('investigator');
});
afterAll(async () => t.close());

describe('a Hebei sealed zone', () => {
  let zone: Zone;
  let contactPerson: string;
  let resident: string;

  beforeAll(async () => {
    resident = await addPerson(PLACES.village, '居民甲');
    contactPerson = await addPerson(PLACES.otherVillage, '密接乙');
    const kase = await t.db.db
      .insertInto('cases')
      .values({
        county_code: '131002',
        jpath: PLACES.village,
        number: 'ZN-1',
        name: '张三丰',
        classification: 'confirmed',
        found_in: 'community',
        source: 'manual',
        edition_id: 'hebei-2022-03',
        sampled_date: '2022-03-12',
        reported_at: new Date('2022-03-12T20:00:00+08:00'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const named = await inv.post(`/api/tracing/cases/${kase.id}/contacts`, {
      personId: contactPerson,
      name: '密接乙',
      exposureType: 'meal',
      lastExposureAt: '2022-03-12T12:00:00+08:00',
    });
    expect(named.statusCode, named.body).toBe(201);
    zone = await declared(admin, {
      place: PLACES.village,
      kind: 'sealed',
      startedOn: '2022-03-12',
      caseNumbers: ['ZN-1'],
    });
  });

  it('is declared with its case (masked name), the default edition and a history', () => {
    expect(zone).toMatchObject({
      kind: 'sealed',
      status: 'active',
      startedOn: '2022-03-12',
      editionId: 'hebei-2022-03',
      cases: [{ number: 'ZN-1', nameMasked: '张*丰' }],
    });
    expect(zone.events.map((e) => e.action)).toEqual(['created', 'cases_linked', 'lockdown', 'evaluated']);
  });

  it('waits on the untested close contact, then names the day it can be lifted', async () => {
    let z = await evaluate(zone.id, '2022-03-20');
    expect(z.lifting).toMatchObject({ day: '2022-03-20', canLiftOn: null, liftableToday: false });
    expect(z.lifting!.facts).toMatchObject({
      lastInfectionOn: '2022-03-12',
      closeContacts: { allNegative: false },
    });
    await round(PLACES.otherVillage, [contactPerson], '2022-03-19T09:00:00', 'negative');
    z = await evaluate(zone.id, '2022-03-20');
    expect(z.lifting!.canLiftOn).toBe('2022-03-27');
    expect(z.lifting!.conditions).toEqual([
      { code: 'no_infection', days: 14, met: false, from: '2022-03-12', on: '2022-03-27' },
      { code: 'contacts_done', days: 14, met: false, on: '2022-03-27', allNegative: true },
      { code: 'negative_round', met: false, within: { from: '2022-03-18', to: '2022-03-20' }, on: null },
    ]);
    // A state change is a history entry.
    expect(z.events.filter((e) => e.action === 'evaluated').length).toBeGreaterThanOrEqual(2);
  });

  it('does not count a round with a pending tube, nor one with a positive', async () => {
    await round(PLACES.village, [resident], '2022-03-24T09:00:00', null);
    await round(PLACES.town, [resident], '2022-03-24T15:00:00', 'positive');
    const z = await evaluate(zone.id, '2022-03-26');
    const r = z.lifting!.conditions.find((c) => c.code === 'negative_round')!;
    expect(r.met).toBe(false);
  });

  it('is not liftable on day 14, and is on day 15 with a negative round within 2 days', async () => {
    await round(PLACES.town, [resident], '2022-03-25T09:00:00', 'negative');
    const early = await lift(admin, zone.id, { on: '2022-03-26' });
    expect(early.statusCode).toBe(409);
    const error = early.json<Problem>().error;
    expect(error.code).toBe('ZONE_LIFT_BLOCKED');
    expect(error.details).toMatchObject({ canLiftOn: '2022-03-27' });
    expect((error.details.unmet as Condition[]).map((c) => c.code)).toEqual([
      'no_infection',
      'contacts_done',
    ]);
    // Three days after the round is too late for it.
    expect(unmet(await evaluate(zone.id, '2022-03-28'))).toEqual(['negative_round']);
    expect((await evaluate(zone.id, '2022-03-27')).lifting).toMatchObject({
      liftableToday: true,
      canLiftOn: '2022-03-27',
    });
  });

  it('a prevention zone waits for the sealed zones of its county', async () => {
    const prevention = await declared(admin, {
      place: PLACES.county,
      kind: 'prevention',
      startedOn: '2022-03-13',
    });
    let z = await evaluate(prevention.id, '2022-03-27');
    expect(z.lifting!.conditions).toEqual([{ code: 'stronger_zones_lifted', met: false, open: 1 }]);
    expect((await lift(admin, prevention.id, { on: '2022-03-27' })).statusCode).toBe(409);

    const lifted = await lift(admin, zone.id, { on: '2022-03-27', note: '连续14天无新增' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    const body = lifted.json<{ zone: Zone; next: Zone | null; gatesDeactivated: number }>();
    expect(body.zone.status).toBe('lifted');
    expect(body.next).toBeNull();
    expect(body.zone.events.at(-1)).toMatchObject({ action: 'lifted', detail: { on: '2022-03-27' } });
    const event = await t.db.db
      .selectFrom('outbox')
      .select(['payload', 'jpath'])
      .where('topic', '=', 'risk.zone_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      payload: { zoneId: zone.id, countyCode: '131002' },
      jpath: PLACES.village,
    });

    z = await evaluate(prevention.id, '2022-03-27');
    expect(z.lifting).toMatchObject({ liftableToday: true });
    expect((await lift(admin, prevention.id, { on: '2022-03-27' })).statusCode).toBe(200);
    // Lifted is lifted.
    expect((await lift(admin, zone.id, {})).json<Problem>().error.code).toBe('ZONE_NOT_ACTIVE');
  });
});

describe('a 9th-edition high-risk area', () => {
  it('steps down to medium after 7 quiet days and a round on day 7, then to low after 3 more days', async () => {
    const resident = await addPerson(PLACES.otherVillage, '居民丙');
    const high = await declared(admin, {
      place: PLACES.otherVillage,
      kind: 'high',
      editionId: 'national-9th-2022-06',
      startedOn: '2022-07-01',
    });
    expect(high.gates).toEqual({ active: 1, total: 1 });
    await round(PLACES.otherVillage, [resident], '2022-07-08T10:00:00', 'negative');
    expect((await lift(admin, high.id, { on: '2022-07-08' })).statusCode).toBe(409);
    const stepped = await lift(admin, high.id, { on: '2022-07-09' });
    expect(stepped.statusCode, stepped.body).toBe(200);
    const first = stepped.json<{ zone: Zone; next: Zone; gatesDeactivated: number }>();
    expect(first.zone.status).toBe('stepped_down');
    expect(first.gatesDeactivated).toBe(1);
    expect(first.next).toMatchObject({
      kind: 'medium',
      status: 'active',
      startedOn: '2022-07-09',
      previousZoneId: high.id,
      steppedFromHighOn: '2022-07-09',
    });

    const medium = first.next.id;
    const waiting = await evaluate(medium, '2022-07-11');
    expect(waiting.lifting).toMatchObject({ canLiftOn: '2022-07-12', liftableToday: false, to: 'low' });
    expect((await lift(admin, medium, { on: '2022-07-11' })).statusCode).toBe(409);
    const second = await lift(admin, medium, { on: '2022-07-12' });
    expect(second.statusCode, second.body).toBe(200);
    const low = second.json<{ next: Zone }>().next;
    expect(low).toMatchObject({ kind: 'low', previousZoneId: medium, steppedFromHighOn: null });
    // The last step has no condition: lifted when the command decides.
    const ended = await lift(admin, low.id, { on: '2022-07-12' });
    expect(ended.statusCode, ended.body).toBe(200);

    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', 'in', [high.id, medium, low.id])
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'risk.zone_created',
      'risk.lockdown',
      'risk.zone_stepped_down',
      'risk.zone_stepped_down',
      'risk.zone_lifted',
    ]);
  });
});

describe('lifting anyway, and who may lift', () => {
  it('overrides unmet conditions with a reason kept in the audit log', async () => {
    const zone = await declared(admin, { place: PLACES.grid, kind: 'controlled' });
    const refused = await lift(admin, zone.id, {});
    expect(refused.statusCode).toBe(409);
    expect((await lift(admin, zone.id, { override: '   ' })).statusCode).toBe(409);

    const villageWorker = await t.login('village-worker');
    const denied = await lift(villageWorker, zone.id, { override: '无权限' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<Problem>().error.code).toBe('FORBIDDEN');

    const res = await lift(admin, zone.id, { override: '经市指挥部研究决定提前解除' });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'risk.zone_lifted')
      .where('resource_id', '=', zone.id)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ reason: '经市指挥部研究决定提前解除', on: cstDate(new Date()) });
    const overridden = (audit.detail as { overridden: Condition[] }).overridden.map((c) => c.code);
    expect(overridden).toContain('negative_round');
  });

  it('refuses a lift out of scope, though the zone may be read from inside it', async () => {
    const zone = await declared(admin, { place: PLACES.otherTown, kind: 'controlled' });
    const townAdmin = await t.login('town-admin'); // 落垡镇, not 码头镇
    const res = await lift(townAdmin, zone.id, { override: '越权' });
    expect(res.statusCode).toBe(403);
    expect(res.json<Problem>().error.code).toBe('OUT_OF_SCOPE');
    expect((await townAdmin.get(`/api/risk/zones/${zone.id}`)).statusCode).toBe(403);
    // A village worker inside a zone sees the zone covering them, and may not change it.
    const county = await declared(admin, { place: PLACES.town, kind: 'controlled' });
    const worker = await t.login('village-worker');
    expect((await worker.get(`/api/risk/zones/${county.id}`)).statusCode).toBe(200);
    const list = await worker.get('/api/risk/zones?status=active');
    expect(list.json<{ items: Zone[] }>().items.map((z) => z.id)).toContain(county.id);
    expect((await townAdmin.post(`/api/risk/zones/${county.id}/evaluate`, {})).statusCode).toBe(200);
  });
});

describe('lockdown gates', () => {
  it('gives every village of a sealed town one gate, never two, and lifting takes them down', async () => {
    const villages = await t.db.db
      .selectFrom('jurisdictions')
      .select(['code', 'short_name', 'jpath'])
      .where('level', '=', 'village')
      .where('parent_code', '=', PLACES.otherTown)
      .execute();
    expect(villages.length).toBeGreaterThan(3);
    const gates = async () =>
      t.db.db
        .selectFrom('checkpoints')
        .selectAll()
        .where('kind', '=', 'community_gate')
        .where('jpath', 'like', `${PLACES.otherTown.slice(0, 9)}%`)
        .execute();

    // One village of the town is sealed first: its gate stays its own.
    const [first] = villages;
    const village = await declared(admin, { place: first!.code, kind: 'sealed' });
    // The town was controlled (above): sealing it replaces that zone.
    const town = await declared(admin, { place: PLACES.otherTown, kind: 'sealed' });
    expect(town.events.find((e) => e.action === 'lockdown')?.detail).toMatchObject({
      villages: villages.length,
      created: villages.length - 1,
      kept: 1,
    });
    let rows = await gates();
    expect(rows.length).toBe(villages.length);
    expect(new Set(rows.map((g) => g.jpath)).size).toBe(villages.length);
    const one = rows.find((g) => g.jpath === villages[1]!.jpath)!;
    expect(one).toMatchObject({
      code: `G${villages[1]!.code}`,
      name: `${villages[1]!.short_name}卡口`,
      active: true,
      zone_id: town.id,
      policy: { enter_community: { colours: ['green'] } },
    });
    expect(rows.find((g) => g.jpath === first!.jpath)!.zone_id).toBe(village.id);

    // Sealing the same place again is refused; no gate is added.
    const again = await declare(admin, { place: PLACES.otherTown, kind: 'sealed' });
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().error.code).toBe('ZONE_EXISTS');

    // Lifting the village hands its gate to the town, which still seals it.
    await lift(admin, village.id, { override: '并入镇封控' });
    rows = await gates();
    expect(rows.filter((g) => g.active).length).toBe(villages.length);
    expect(rows.find((g) => g.jpath === first!.jpath)!.zone_id).toBe(town.id);

    const lifted = await lift(admin, town.id, { override: '测试解封' });
    expect(lifted.json<{ gatesDeactivated: number }>().gatesDeactivated).toBe(villages.length);
    rows = await gates();
    expect(rows.filter((g) => g.active)).toEqual([]);

    // Sealed again: the same gates come back, none added.
    const back = await declared(admin, { place: PLACES.otherTown, kind: 'sealed' });
    rows = await gates();
    expect(rows.length).toBe(villages.length);
    expect(rows.every((g) => g.active && g.zone_id === back.id)).toBe(true);
  });
});

describe('re-evaluation', () => {
  it('on read when the state is older than today, and when a case appears in the zone', async () => {
    const zone = await declared(admin, { place: PLACES.county.slice(0, 6), kind: 'controlled' });
    await t.db.db
      .updateTable('zones')
      .set({ evaluated_on: '2000-01-01' })
      .where('id', '=', zone.id)
      .execute();
    const read = await admin.get(`/api/risk/zones/${zone.id}`);
    expect(read.json<Zone>().lifting!.day).toBe(cstDate(new Date()));

    const today = cstDate(new Date());
    const res = await inv.post('/api/tracing/cases', {
      person: { name: '新病例' },
      place: PLACES.otherVillage,
      classification: 'asymptomatic',
      foundIn: 'community',
      sampledDate: today,
    });
    expect(res.statusCode, res.body).toBe(201);
    while ((await t.app.dispatcher.runOnce()) > 0) {
      // drain the outbox
    }
    const after = await admin.get(`/api/risk/zones/${zone.id}`);
    expect(after.json<Zone>().lifting!.facts.lastInfectionOn).toBe(today);
  });
});

describe('lists and the map', () => {
  it('filters by status and kind, and colours counties by their strongest zone', async () => {
    const list = await admin.get('/api/risk/zones?status=active&kind=sealed');
    const items = list.json<{ items: Zone[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((z) => z.kind === 'sealed' && z.status === 'active')).toBe(true);
    const map = await admin.get('/api/risk/zones/map');
    expect(map.statusCode, map.body).toBe(200);
    const anci = map
      .json<{
        counties: Array<{
          code: string;
          strongest: string;
          strength: number;
          counts: Record<string, number>;
        }>;
      }>()
      .counties.find((c) => c.code === PLACES.county)!;
    expect(anci).toMatchObject({ strongest: 'sealed', strength: 3 });
    expect(anci.counts.sealed).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  it('names the field', async () => {
    const field = async (body: Record<string, unknown>) => {
      const res = await declare(admin, body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json<Problem>().error.details.fields as Array<{ field: string }>)[0]!.field;
    };
    expect(await field({ place: '131002999999', kind: 'sealed' })).toBe('place');
    expect(await field({ place: 'abc', kind: 'sealed' })).toBe('place');
    expect(await field({ place: PLACES.village, kind: 'high' })).toBe('kind');
    expect(await field({ place: PLACES.village, kind: 'sealed', editionId: 'nope' })).toBe('editionId');
    expect(await field({ place: PLACES.village, kind: 'sealed', caseNumbers: ['无此病例'] })).toBe(
      'caseNumbers/0',
    );
    expect(await field({ place: PLACES.village, kind: 'sealed', startedOn: '2999-01-01' })).toBe('startedOn');
    expect(await field({ place: PLACES.village, kind: 'severe' })).toMatch(/kind/);
    const future = await lift(admin, '00000000-0000-4000-8000-000000000000', { on: '2999-01-01' });
    expect(future.statusCode).toBe(400);
  });
});
