import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let admin: Client; // county admin of 安次区: assigns
let investigator: Client; // investigator of 安次区
let commander: Client; // city commander: reads only

interface Clock {
  name: string;
  due: string;
  doneAt: string | null;
  state: string;
}
interface Entry {
  id: string;
  placeKind: string;
  venue: { id: string; code: string; name: string } | null;
  village: { code: string; name: string } | null;
  place: string;
  lat: number | null;
  lng: number | null;
  fromAt: string;
  toAt: string;
}
interface Detail {
  id: string;
  number: string;
  clocks: Clock[];
  overdue: boolean;
  itinerary: Entry[];
  calls: Array<{ numberMasked: string; outcome: string; by: { name: string } | null }>;
  assignee: { id: string; name: string } | null;
  version: number;
}
interface Problem {
  error: { code: string; message: string; details: { fields: Array<{ field: string; message: string }> } };
}

const HOUR = 3600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const fieldOf = (res: { json<T>(): T }) => res.json<Problem>().error.details.fields[0]!;

async function newCase(hoursAgo: number, name = '调查'): Promise<Detail> {
  const res = await investigator.post('/api/tracing/cases', {
    person: { name },
    place: PLACES.village,
    classification: 'asymptomatic',
    foundIn: 'community',
    sampledDate: new Date(Date.now() + 8 * HOUR - hoursAgo * HOUR).toISOString().slice(0, 10),
    reportedAt: iso(hoursAgo * HOUR),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ case: Detail }>().case;
}

const detail = async (id: string) => (await investigator.get(`/api/tracing/cases/${id}`)).json<Detail>();
const clock = (d: Detail, name: string) => d.clocks.find((c) => c.name === name)!;

async function addContact(caseId: string, status: string): Promise<string> {
  const db = t.db.db;
  const contact = await db
    .insertInto('contacts')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      name: '密接',
      degree: 'close',
      status: status as 'identified',
      edition_id: 'hebei-2022-03',
      last_exposure_at: new Date(Date.now() - 24 * HOUR),
      plan: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contact_links')
    .values({
      county_code: '131002',
      contact_id: contact.id,
      case_id: caseId,
      case_county_code: '131002',
      exposure_type: 'household',
      last_exposure_at: new Date(Date.now() - 24 * HOUR),
    })
    .execute();
  return contact.id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  investigator = await t.login('investigator');
  commander = await t.login('city-commander');
});
afterAll(async () => t.close());

describe('the 2+4+24 clocks', () => {
  it('are due 2, 4 and 24 hours after the report, pending, overdue, done or late', async () => {
    const c = await newCase(3);
    expect(c.clocks.map((k) => [k.name, k.state])).toEqual([
      ['onScene', 'overdue'],
      ['coreInfo', 'pending'],
      ['report', 'pending'],
    ]);
    expect(Date.parse(clock(c, 'coreInfo').due) - Date.parse(clock(c, 'onScene').due)).toBe(2 * HOUR);
    expect(c.overdue).toBe(true);
    const late = await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'onScene' });
    expect(late.statusCode, late.body).toBe(200);
    expect(clock(late.json<Detail>(), 'onScene').state).toBe('late');
    expect(late.json<Detail>().overdue).toBe(false);

    const inTime = await newCase(1);
    const at = iso(0.5 * HOUR);
    const done = await investigator.post(`/api/tracing/cases/${inTime.id}/clocks`, { clock: 'onScene', at });
    expect(clock(done.json<Detail>(), 'onScene')).toMatchObject({ state: 'done', doneAt: at });
    // Marking it again keeps the first time.
    const again = await investigator.post(`/api/tracing/cases/${inTime.id}/clocks`, { clock: 'onScene' });
    expect(clock(again.json<Detail>(), 'onScene').doneAt).toBe(at);
    const before = await investigator.post(`/api/tracing/cases/${inTime.id}/clocks`, {
      clock: 'coreInfo',
      at: iso(2 * HOUR),
    });
    expect(before.statusCode).toBe(400);
    expect(fieldOf(before).field).toBe('at');
  });

  it('core information needs the itinerary; the report needs every named close contact under control', async () => {
    const c = await newCase(1);
    const core = await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'coreInfo' });
    expect(core.statusCode).toBe(400);
    expect(fieldOf(core).field).toBe('clock');
    expect(fieldOf(core).message).toContain('itinerary');
    const early = await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'report' });
    expect(early.statusCode).toBe(400);

    await investigator.post(`/api/tracing/cases/${c.id}/itinerary`, {
      placeKind: 'address',
      place: '家中',
      fromAt: iso(30 * HOUR),
      toAt: iso(20 * HOUR),
    });
    expect(
      (await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'coreInfo' })).statusCode,
    ).toBe(200);

    const first = await addContact(c.id, 'central_isolation');
    const second = await addContact(c.id, 'notified');
    const report = await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'report' });
    expect(report.statusCode).toBe(400);
    expect(fieldOf(report).message).toContain('1 close contact');
    await t.db.db
      .updateTable('contacts')
      .set({ status: 'home_quarantine' })
      .where('id', '=', second)
      .execute();
    const ok = await investigator.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'report' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(clock(ok.json<Detail>(), 'report').state).toBe('done');
    expect(first).not.toBe(second);
    // Readers cannot mark clocks.
    expect((await commander.post(`/api/tracing/cases/${c.id}/clocks`, { clock: 'onScene' })).statusCode).toBe(
      403,
    );
  });

  it('puts overdue cases first and filters them', async () => {
    const fresh = await newCase(0.1, '新报告');
    const stale = await newCase(30, '超时');
    const list = (await investigator.get('/api/tracing/cases?pageSize=200')).json<{ items: Detail[] }>()
      .items;
    const firstFresh = list.findIndex((x) => !x.overdue);
    expect(list.slice(0, firstFresh).every((x) => x.overdue)).toBe(true);
    expect(list.slice(firstFresh).every((x) => !x.overdue)).toBe(true);
    expect(list.findIndex((x) => x.id === stale.id)).toBeLessThan(list.findIndex((x) => x.id === fresh.id));
    const overdue = (await investigator.get('/api/tracing/cases?overdue=true&pageSize=200')).json<{
      items: Detail[];
    }>().items;
    expect(overdue.map((x) => x.id)).toContain(stale.id);
    expect(overdue.every((x) => x.overdue)).toBe(true);
    const notOverdue = (await investigator.get('/api/tracing/cases?overdue=false&pageSize=200')).json<{
      items: Detail[];
    }>().items;
    expect(notOverdue.map((x) => x.id)).toContain(fresh.id);
    expect(notOverdue.some((x) => x.overdue)).toBe(false);
  });
});

describe('the itinerary', () => {
  let c: Detail;
  let venueId: string;
  // One fixed "now" for the whole block: entries must touch exactly where the test says they do.
  const base = Date.now();
  const ago = (hours: number) => new Date(base - hours * HOUR).toISOString();

  beforeAll(async () => {
    c = await newCase(2, '行程');
    venueId = (
      await t.db.db
        .insertInto('venues')
        .values({
          county_code: '131002',
          jpath: PLACES.village,
          code: 'V-0001',
          name: '张营村超市',
          lat: 39.45,
          lng: 116.58,
          cell: '0',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });

  const add = (body: Record<string, unknown>) =>
    investigator.post(`/api/tracing/cases/${c.id}/itinerary`, body);
  const slot = (fromH: number, toH: number) => ({ fromAt: ago(fromH), toAt: ago(toH) });

  it('takes a venue, an address with coordinates (its H3 cell stored), and a village', async () => {
    const venue = await add({ placeKind: 'venue', venueId, ...slot(50, 49), activity: '购物' });
    expect(venue.statusCode, venue.body).toBe(201);
    expect(venue.json<Entry>()).toMatchObject({
      placeKind: 'venue',
      venue: { id: venueId, code: 'V-0001', name: '张营村超市' },
      place: '张营村超市',
      lat: 39.45,
      lng: 116.58,
    });
    const address = await add({
      placeKind: 'address',
      place: '廊坊市安次区某路 8 号',
      lat: 39.5,
      lng: 116.7,
      ...slot(48, 47),
    });
    expect(address.statusCode, address.body).toBe(201);
    const village = await add({ placeKind: 'village', villageCode: PLACES.otherVillage, ...slot(46, 45) });
    expect(village.json<Entry>()).toMatchObject({
      village: { code: PLACES.otherVillage, name: '倪官屯村' },
      place: '倪官屯村',
    });
    const cells = await t.db.db
      .selectFrom('itinerary_entries')
      .select(['place_kind', (eb) => eb.cast<string>('cell', 'text').as('cell')])
      .where('case_id', '=', c.id)
      .orderBy('from_at')
      .execute();
    const h3 = (lat: number, lng: number) => BigInt(`0x${latLngToCell(lat, lng, 8)}`).toString();
    expect(cells).toEqual([
      { place_kind: 'venue', cell: h3(39.45, 116.58) },
      { place_kind: 'address', cell: h3(39.5, 116.7) },
      { place_kind: 'village', cell: null },
    ]);
    expect((await detail(c.id)).itinerary.map((e) => e.placeKind)).toEqual(['venue', 'address', 'village']);
  });

  it('refuses an entry that ends before it starts or overlaps another, naming the field and the entry', async () => {
    const backwards = await add({ placeKind: 'address', place: '某处', ...slot(40, 41) });
    expect(backwards.statusCode).toBe(400);
    expect(fieldOf(backwards).field).toBe('toAt');
    const empty = await add({ placeKind: 'address', place: '某处', fromAt: ago(40), toAt: ago(40) });
    expect(fieldOf(empty).field).toBe('toAt');
    // Runs into the venue entry (50h–49h ago) from before it: the end is wrong.
    const into = await add({ placeKind: 'address', place: '某处', ...slot(51, 49.5) });
    expect(into.statusCode).toBe(400);
    expect(fieldOf(into).field).toBe('toAt');
    expect(fieldOf(into).message).toContain('张营村超市');
    // Starts inside the address entry (48h–47h ago): the start is wrong.
    const inside = await add({ placeKind: 'address', place: '某处', ...slot(47.5, 46.5) });
    expect(fieldOf(inside).field).toBe('fromAt');
    expect(fieldOf(inside).message).toContain('某路 8 号');
    // Touching is not overlapping.
    const touching = await add({ placeKind: 'address', place: '相邻', fromAt: ago(49), toAt: ago(48) });
    expect(touching.statusCode, touching.body).toBe(201);
    const future = await add({ placeKind: 'address', place: '未来', fromAt: ago(-2), toAt: ago(-3) });
    expect(fieldOf(future).field).toBe('fromAt');
    const missing = [
      [{ placeKind: 'venue', ...slot(30, 29) }, 'venueId'],
      [{ placeKind: 'address', ...slot(30, 29) }, 'place'],
      [{ placeKind: 'village', villageCode: PLACES.town, ...slot(30, 29) }, 'villageCode'],
      [{ placeKind: 'address', place: 'x', lat: 39.5, ...slot(30, 29) }, 'lng'],
    ] as const;
    for (const [body, field] of missing) expect(fieldOf(await add(body)).field).toBe(field);
  });

  it('changes and removes entries under the same rules', async () => {
    const entries = (await detail(c.id)).itinerary;
    const village = entries.find((e) => e.placeKind === 'village')!;
    const overlap = await investigator.patch(`/api/tracing/cases/${c.id}/itinerary/${village.id}`, {
      fromAt: ago(47.5),
    });
    expect(overlap.statusCode).toBe(400);
    expect(fieldOf(overlap).field).toBe('fromAt');
    const toAt = ago(44);
    const moved = await investigator.patch(`/api/tracing/cases/${c.id}/itinerary/${village.id}`, {
      toAt,
      activity: '走亲戚',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Entry>()).toMatchObject({
      village: { code: PLACES.otherVillage },
      toAt,
      fromAt: village.fromAt,
    });
    const asAddress = await investigator.patch(`/api/tracing/cases/${c.id}/itinerary/${village.id}`, {
      placeKind: 'address',
      place: '亲戚家',
    });
    expect(asAddress.json<Entry>()).toMatchObject({ placeKind: 'address', village: null, place: '亲戚家' });
    const gone = await investigator.delete(`/api/tracing/cases/${c.id}/itinerary/${village.id}`);
    expect(gone.statusCode).toBe(200);
    expect((await investigator.delete(`/api/tracing/cases/${c.id}/itinerary/${village.id}`)).statusCode).toBe(
      404,
    );
    expect((await detail(c.id)).itinerary.map((e) => e.id)).not.toContain(village.id);
  });
});

describe('the call log', () => {
  it('keeps the number masked only, with who called and the outcome', async () => {
    const c = await newCase(1, '通话');
    const res = await investigator.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '139 1234 5678',
      outcome: 'no_answer',
      notes: '第一次未接',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      numberMasked: '139****5678',
      outcome: 'no_answer',
      by: { name: '测试investigator' },
    });
    await investigator.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '13912345678',
      outcome: 'reached',
    });
    const list = await investigator.get(`/api/tracing/cases/${c.id}/calls`);
    expect(list.json<Array<{ outcome: string }>>().map((x) => x.outcome)).toEqual(['reached', 'no_answer']);
    const rows = await t.db.db.selectFrom('case_calls').selectAll().where('case_id', '=', c.id).execute();
    expect(JSON.stringify(rows)).not.toContain('12345678');
    expect((await detail(c.id)).calls).toHaveLength(2);
    const bad = await investigator.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '12345',
      outcome: 'busy',
    });
    expect(fieldOf(bad).field).toBe('number');
    const contact = await investigator.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '13912345678',
      outcome: 'busy',
      contactId: '00000000-0000-4000-8000-000000000000',
    });
    expect(fieldOf(contact).field).toBe('contactId');
    const own = await addContact(c.id, 'identified');
    const ok = await investigator.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '13912345678',
      outcome: 'reached',
      contactId: own,
    });
    expect(ok.json()).toMatchObject({ contactId: own });
  });
});

describe('assignment', () => {
  it('gives a case to an investigator of my county; "mine" lists it', async () => {
    const c = await newCase(1, '分配');
    const investigators = (await admin.get('/api/tracing/investigators')).json<
      Array<{ id: string; name: string }>
    >();
    expect(investigators).toHaveLength(1);
    const me = investigators[0]!;
    const res = await admin.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: me.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Detail>().assignee).toEqual(me);
    const mine = (await investigator.get('/api/tracing/cases?assignee=me')).json<{ items: Detail[] }>().items;
    expect(mine.map((x) => x.id)).toEqual([c.id]);
    const cleared = await admin.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: null });
    expect(cleared.json<Detail>().assignee).toBeNull();
    // Investigators do not assign; administrators cannot assign a non-investigator.
    expect(
      (await investigator.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: me.id })).statusCode,
    ).toBe(403);
    const self = (await admin.get('/api/auth/me')).json<{ user: { id: string } }>();
    const adminId = self.user.id;
    const wrong = await admin.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: adminId });
    expect(fieldOf(wrong).field).toBe('assigneeId');
  });
});
