import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { type Client, TEST_PII, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { emitEvent } from '../../platform/outbox.js';
import { createUserUnchecked } from '../users/users.service.js';
import { caseFromFinding } from './cases.events.js';

let t: TestApp;
let admin: Client; // county admin of 安次区
let investigator: Client; // investigator of 安次区
let hospital: Client; // hospital staff of 安次区
let otherInvestigator: Client; // investigator of 广阳区, the sibling county
let roundId: string;
const people: Record<string, string> = {};
const ids: Record<string, string> = {};

interface Detail {
  id: string;
  number: string;
  personId: string | null;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  classification: string;
  foundIn: string;
  underControl: boolean;
  source: string;
  reportedAt: string;
  sampledDate: string;
  onsetDate: string | null;
  place: { code: string; name: string };
  edition: { id: string };
  window: { from: string; until: string; anchor: string };
  interview: Record<string, unknown>;
  team: { id: string } | null;
  version: number;
}

async function addPerson(as: Client, key: string, seq: number, place: string) {
  ids[key] = makeIdNumber(place.slice(0, 6), '1985-05-05', seq);
  const res = await as.post('/api/population/people', {
    idNumber: ids[key],
    name: `${key}病例`,
    phone: `1390000${String(seq).padStart(4, '0')}`,
    residenceType: 'registered',
    place,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

async function report(as: Client, body: Record<string, unknown>) {
  return as.post('/api/tracing/cases', {
    classification: 'asymptomatic',
    foundIn: 'community',
    sampledDate: '2022-03-10',
    ...body,
  });
}

async function created(as: Client, body: Record<string, unknown>): Promise<Detail> {
  const res = await report(as, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ case: Detail }>().case;
}

/** A positive recheck of a person, as the testing module leaves it: pool, recheck tube, task, finding. */
async function finding(
  key: string,
  poolGroup = 'controlled',
  sampledAt = new Date(Date.now() - 6 * 3600_000),
) {
  const db = t.db.db;
  const person = await db
    .selectFrom('people')
    .select(['county_code', 'jpath', 'village_code'])
    .where('id', '=', people[key]!)
    .executeTakeFirstOrThrow();
  const tube = (barcode: string, purpose: 'screening' | 'recheck') =>
    db
      .insertInto('tubes')
      .values({
        county_code: person.county_code,
        jpath: person.village_code,
        round_id: roundId,
        barcode,
        pool_group: purpose === 'recheck' ? 'isolation' : poolGroup,
        capacity: purpose === 'recheck' ? 1 : 10,
        purpose,
        members: 1,
        status: 'resulted',
        result: 'positive',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const pool = await tube(`P${key}${Date.now()}`, 'screening');
  const recheck = await tube(`R${key}${Date.now()}`, 'recheck');
  const task = await db
    .insertInto('sampling_tasks')
    .values({
      county_code: person.county_code,
      jpath: person.jpath,
      round_id: roundId,
      kind: 'recheck',
      reason: 'positive_pool',
      person_id: people[key]!,
      village_code: person.village_code,
      source_tube_id: pool.id,
      tube_id: recheck.id,
      status: 'positive',
      sampled_at: sampledAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const f = await db
    .insertInto('positive_findings')
    .values({
      county_code: person.county_code,
      jpath: person.jpath,
      person_id: people[key]!,
      round_id: roundId,
      tube_id: recheck.id,
      task_id: task.id,
      orf1ab_ct: '28.1',
      n_ct: '29.3',
    })
    .returning(['id', 'found_at', 'jpath'])
    .executeTakeFirstOrThrow();
  return f;
}

async function deliver(findingId: string, jpath: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    await emitEvent(t.db.db, 'testing.person_positive', { findingId, personId: 'x' }, jpath);
  }
  while ((await t.app.dispatcher.runOnce()) > 0);
}

const casesOf = (personId: string) =>
  t.db.db.selectFrom('cases').selectAll().where('person_id', '=', personId).execute();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  investigator = await t.login('investigator');
  hospital = await t.login('hospital-staff');
  for (const [username, role, place] of [
    ['gy-investigator', 'investigator', PLACES.otherCounty],
    ['gy-admin', 'county_admin', PLACES.otherCounty],
  ] as const) {
    await createUserUnchecked(t.db.db, {
      username,
      displayName: username,
      role,
      jurisdictionCode: place,
      password: 'Other-pass-9',
    });
  }
  otherInvestigator = await t.login('gy-investigator', 'Other-pass-9');
  const gyAdmin = await t.login('gy-admin', 'Other-pass-9');
  const round = await admin.post('/api/testing/rounds', {
    name: '全员核酸第一轮',
    areas: [
      { code: PLACES.village, zone: 'sealed' },
      { code: PLACES.town, zone: 'controlled' },
      { code: PLACES.otherTown, zone: 'prevention' },
    ],
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    editionId: 'national-9th-2022-06',
  });
  expect(round.statusCode, round.body).toBe(201);
  roundId = round.json<{ id: string }>().id;
  await addPerson(admin, 'A', 101, PLACES.village);
  await addPerson(admin, 'B', 102, PLACES.village);
  await addPerson(admin, 'S', 103, PLACES.village); // sealed zone
  await addPerson(admin, 'K', 104, PLACES.otherVillage); // controlled zone (the town)
  await addPerson(admin, 'M', 105, '131002101201'); // 码头镇: prevention zone → community
  await addPerson(admin, 'Q', 106, PLACES.otherVillage); // a contact in isolation
  await addPerson(admin, 'O', 107, PLACES.village); // already an open case
  await addPerson(admin, 'I', 108, PLACES.village); // pool chosen for isolation
  await addPerson(gyAdmin, 'G', 109, '131003001001'); // lives in 广阳区
});
afterAll(async () => t.close());

describe('reporting a case by hand', () => {
  let first: Detail;

  it('links a person of the base by id, numbers the case per county and year, and tells the outbox', async () => {
    first = await created(investigator, {
      personId: people.A,
      onsetDate: '2022-03-09',
      classification: 'confirmed',
    });
    expect(first).toMatchObject({
      personId: people.A,
      name: 'A病例',
      phoneMasked: '139****0101',
      source: 'manual',
      foundIn: 'community',
      underControl: false,
      edition: { id: 'hebei-2022-03' },
      place: { code: PLACES.village, name: '张营村' },
    });
    expect(first.idMasked).toMatch(/^131002\*+\d{4}$/);
    expect(first.number).toMatch(new RegExp(`^安次区-${new Date().getFullYear()}-0001$`));
    const events = await t.db.db
      .selectFrom('outbox')
      .select(['payload', 'jpath'])
      .where('topic', '=', 'tracing.case_created')
      .execute();
    expect(events).toContainEqual({
      payload: { caseId: first.id, countyCode: '131002' },
      jpath: PLACES.village,
    });
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id'])
      .where('action', '=', 'tracing.case_created')
      .execute();
    expect(audit).toContainEqual({ action: 'tracing.case_created', resource_id: first.id });
  });

  it('finds a person of the base by ID number, city-wide, and refuses a second open case', async () => {
    const byId = await created(hospital, { idNumber: ids.G, sampledDate: '2022-03-11' });
    expect(byId).toMatchObject({ personId: people.G, source: 'hospital' });
    // The case belongs where the person lives: 广阳区, numbered there.
    expect(byId.number).toMatch(/^广阳区-\d{4}-0001$/);
    const again = await report(investigator, { idNumber: ids.G });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CASE_EXISTS', details: { number: byId.number } } });
  });

  it('keeps someone outside the base with encrypted identifiers at the place given', async () => {
    const outsider = makeIdNumber('110105', '1990-02-03', 77);
    const c = await created(investigator, {
      idNumber: outsider,
      person: { name: '京籍人员', phone: '13812345678', address: '北京市朝阳区某小区' },
      place: PLACES.otherVillage,
    });
    expect(c).toMatchObject({
      personId: null,
      name: '京籍人员',
      idMasked: '110105********0772'.replace(/\d{4}$/, outsider.slice(-4)),
      phoneMasked: '138****5678',
      place: { code: PLACES.otherVillage },
    });
    const row = await t.db.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(TEST_PII.decrypt(row.id_cipher!)).toBe(outsider);
    expect(TEST_PII.decrypt(row.phone_cipher!)).toBe('13812345678');
    expect(Buffer.from(row.id_hash!).equals(TEST_PII.hash(outsider))).toBe(true);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    // The same ID number again: the open case is found by its hash.
    const again = await report(investigator, { idNumber: outsider, person: { name: '京籍人员' } });
    expect(again.statusCode).toBe(409);
  });

  it('names the field that is wrong', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ idNumber: '131002198505051230' }, 'idNumber'],
      [{ person: { name: '无名' }, sampledDate: '2099-01-01' }, 'sampledDate'],
      [{ person: { name: '无名' }, sampledDate: '2022-02-30' }, 'sampledDate'],
      [{ idNumber: makeIdNumber('120101', '1970-01-01', 5) }, 'person.name'],
      [{ person: { name: '无名' }, editionId: 'tenth' }, 'editionId'],
    ];
    for (const [body, field] of cases) {
      const res = await report(investigator, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res.json<{ error: { details: { fields: Array<{ field: string }> } } }>().error.details.fields[0]!
          .field,
      ).toBe(field);
    }
    // A person outside my scope by id is not found (ids are not a way round the scope).
    expect((await report(investigator, { personId: people.G })).statusCode).toBe(404);
    // Only reporters report.
    expect((await report(admin, { person: { name: '无名' } })).statusCode).toBe(403);
  });

  it('gives distinct sequential numbers to cases reported at the same moment', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        created(investigator, {
          idNumber: makeIdNumber('130102', '1990-01-01', 200 + i),
          person: { name: `并发${i}` },
          place: PLACES.village,
        }),
      ),
    );
    const numbers = results.map((r) => r.number).sort();
    expect(new Set(numbers).size).toBe(6);
    const seqs = numbers.map((n) => Number(n.split('-')[2]));
    expect(seqs[5]! - seqs[0]!).toBe(5);
  });
});

describe('cases from positive rechecks (testing.person_positive)', () => {
  it('creates one asymptomatic case per finding, however often the event comes', async () => {
    const sampledAt = new Date(Date.now() - 5 * 3600_000);
    // A negative screening two days before (the 9th edition's look-back anchor).
    const negativeAt = new Date(Date.now() - 2 * 86_400_000);
    const negative = await t.db.db
      .insertInto('tubes')
      .values({
        county_code: '131002',
        jpath: PLACES.village,
        round_id: roundId,
        barcode: 'NEG0001',
        pool_group: 'sealed',
        capacity: 10,
        members: 1,
        status: 'resulted',
        result: 'negative',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto('samples')
      .values({
        county_code: '131002',
        round_id: roundId,
        person_id: people.S!,
        jpath: PLACES.village,
        tube_id: negative.id,
        tube_county: '131002',
        sampled_at: negativeAt,
      })
      .execute();
    const f = await finding('S', 'sealed', sampledAt);
    await deliver(f.id, f.jpath, 3);
    const rows = await casesOf(people.S!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'testing',
      source_ref: f.id,
      classification: 'asymptomatic',
      found_in: 'sealed_zone',
      edition_id: 'national-9th-2022-06',
      created_by: null,
    });
    expect(rows[0]!.reported_at.toISOString()).toBe(f.found_at.toISOString());
    expect(rows[0]!.last_negative_at?.toISOString()).toBe(negativeAt.toISOString());
    const cst = new Date(sampledAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(rows[0]!.sampled_date).toBe(cst);
    const status = await t.db.db
      .selectFrom('positive_findings')
      .select('status')
      .where('id', '=', f.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('taken');
    // Called again directly (a handler re-run): the same case, not a new one.
    const again = await t.db.db.transaction().execute((tx) => caseFromFinding(tx, f.id));
    expect(again).toEqual({ caseId: rows[0]!.id, created: false });
    expect(await casesOf(people.S!)).toHaveLength(1);
  });

  it('derives how the case was found: isolation, sealed/controlled zone of the round, community', async () => {
    const contact = await t.db.db
      .insertInto('contacts')
      .values({
        county_code: '131002',
        jpath: PLACES.otherVillage,
        person_id: people.Q!,
        name: 'Q病例',
        degree: 'close',
        status: 'central_isolation',
        edition_id: 'hebei-2022-03',
        last_exposure_at: new Date(Date.now() - 3 * 86_400_000),
        plan: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [key, pool, expected] of [
      ['Q', 'controlled', 'isolation'],
      ['I', 'isolation', 'isolation'],
      ['K', 'controlled', 'controlled_zone'],
      ['M', 'prevention', 'community'],
    ] as const) {
      const f = await finding(key, pool);
      await deliver(f.id, f.jpath);
      const rows = await casesOf(people[key]!);
      expect(
        rows.map((r) => r.found_in),
        key,
      ).toEqual([expected]);
    }
    // The contact became a case: converted by the contacts side, remembered on the case.
    const [q] = await casesOf(people.Q!);
    expect(q!.from_contact_id).toBe(contact.id);
    const page = (await investigator.get(`/api/tracing/cases/${q!.id}`)).json<{ fromContact: unknown }>();
    expect(page.fromContact).toEqual({ id: contact.id, name: 'Q病例' });
    const list = await investigator.get('/api/tracing/cases?foundIn=controlled_zone');
    expect(list.json<{ items: Detail[] }>().items.map((c) => c.underControl)).toEqual([true]);
  });

  it('does not open a second case for a person who has one, but takes the finding', async () => {
    const open = await created(investigator, { personId: people.O });
    const f = await finding('O');
    await deliver(f.id, f.jpath);
    expect((await casesOf(people.O!)).map((r) => r.id)).toEqual([open.id]);
    const row = await t.db.db
      .selectFrom('positive_findings')
      .select('status')
      .where('id', '=', f.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('taken');
  });
});

describe('the list and the case page', () => {
  it('lists visible cases with filters and search, audited', async () => {
    const all = await investigator.get('/api/tracing/cases?pageSize=100');
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json<{ items: Detail[]; total: number }>();
    expect(body.total).toBe(body.items.length);
    // 广阳区's case is not in my list.
    expect(body.items.some((c) => c.personId === people.G)).toBe(false);
    const byName = await investigator.get(`/api/tracing/cases?q=${encodeURIComponent('A病')}`);
    expect(byName.json<{ items: Detail[] }>().items.map((c) => c.personId)).toEqual([people.A]);
    const byId = await investigator.get(`/api/tracing/cases?q=${ids.A}`);
    expect(byId.json<{ items: Detail[] }>().items.map((c) => c.personId)).toEqual([people.A]);
    const paged = await investigator.get('/api/tracing/cases?pageSize=2&page=2');
    expect(paged.json<{ items: Detail[]; total: number }>()).toMatchObject({ total: body.total });
    expect(paged.json<{ items: Detail[] }>().items).toHaveLength(2);
    const narrowed = await investigator.get(`/api/tracing/cases?at=${PLACES.otherVillage}&pageSize=100`);
    const places = narrowed.json<{ items: Detail[] }>().items.map((c) => c.place.code);
    expect(new Set(places)).toEqual(new Set([PLACES.otherVillage]));
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'tracing.cases_listed')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(5);
    // The ID number searched for is not written into the audit log.
    expect(JSON.stringify(audit)).not.toContain(ids.A);
  });

  it("refuses another county's investigator (OUT_OF_SCOPE), and says NOT_FOUND for no case", async () => {
    const row = (await casesOf(people.A!))[0]!;
    const res = await otherInvestigator.get(`/api/tracing/cases/${row.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    expect((await otherInvestigator.patch(`/api/tracing/cases/${row.id}`, { version: 1 })).statusCode).toBe(
      403,
    );
    const list = await otherInvestigator.get('/api/tracing/cases?pageSize=200');
    expect(list.json<{ items: Detail[] }>().items.map((c) => c.personId)).toEqual([people.G]);
    expect(
      (await investigator.get('/api/tracing/cases/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('edits the case and the interview with optimistic locking', async () => {
    const row = await created(investigator, { personId: people.B });
    const page = (await investigator.get(`/api/tracing/cases/${row.id}`)).json<Detail>();
    const ok = await investigator.patch(`/api/tracing/cases/${row.id}`, {
      version: page.version,
      classification: 'confirmed',
      onsetDate: '2022-03-08',
      lineage: 'BA.2',
      interview: {
        symptoms: ['发热', '咳嗽'],
        vaccination: { doses: 3, lastDate: '2021-12-01', product: '科兴' },
        household: '与妻子、女儿同住',
        work: '廊坊某物流公司',
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const edited = ok.json<Detail>();
    expect(edited).toMatchObject({
      classification: 'confirmed',
      onsetDate: '2022-03-08',
      version: page.version + 1,
      interview: { symptoms: ['发热', '咳嗽'], vaccination: { doses: 3 } },
      window: { anchor: 'onset' },
    });
    // A stale version is refused and changes nothing.
    const stale = await investigator.patch(`/api/tracing/cases/${row.id}`, {
      version: page.version,
      lineage: 'X',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'VERSION_CONFLICT' } });
    // Interview keys merge; a null clears the onset date.
    const more = await investigator.patch(`/api/tracing/cases/${row.id}`, {
      version: edited.version,
      onsetDate: null,
      interview: { notes: '拒绝透露部分行程' },
    });
    expect(more.statusCode, more.body).toBe(200);
    expect(more.json<Detail>()).toMatchObject({
      onsetDate: null,
      interview: { household: '与妻子、女儿同住', notes: '拒绝透露部分行程' },
    });
    const bad = await investigator.patch(`/api/tracing/cases/${row.id}`, {
      version: more.json<Detail>().version,
      lastNegativeAt: new Date().toISOString(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('lastNegativeAt');
  });
});

describe('the look-back window per edition (CaseDetail.window)', () => {
  const at = (iso: string) => new Date(iso).toISOString();
  const windowOf = async (body: Record<string, unknown>) =>
    (await created(investigator, { person: { name: '窗口' }, place: PLACES.village, ...body })).window;

  it('8th edition: 4 days before sampling (asymptomatic) or onset (confirmed), from CST midnight', async () => {
    expect(
      await windowOf({ editionId: 'hebei-2022-03', isolatedAt: at('2022-03-10T12:00:00+08:00') }),
    ).toEqual({
      from: at('2022-03-06T00:00:00+08:00'),
      until: at('2022-03-10T12:00:00+08:00'),
      anchor: 'sampling',
    });
    const confirmed = await windowOf({
      editionId: 'hebei-2022-03',
      classification: 'confirmed',
      onsetDate: '2022-03-08',
      isolatedAt: at('2022-03-10T00:00:00+08:00'),
    });
    expect(confirmed).toMatchObject({ from: at('2022-03-04T00:00:00+08:00'), anchor: 'onset' });
  });

  it('9th edition: 2 days, or from the last negative test when that is later', async () => {
    expect(await windowOf({ editionId: 'national-9th-2022-06' })).toMatchObject({
      from: at('2022-03-08T00:00:00+08:00'),
      anchor: 'sampling',
    });
    const c = await created(investigator, {
      person: { name: '窗口' },
      place: PLACES.village,
      editionId: 'national-9th-2022-06',
      isolatedAt: at('2022-03-10T20:00:00+08:00'),
    });
    // A negative test exactly at the window's start does not move it; one a second later does.
    const atStart = await investigator.patch(`/api/tracing/cases/${c.id}`, {
      version: c.version,
      lastNegativeAt: at('2022-03-08T00:00:00+08:00'),
    });
    expect(atStart.json<Detail>().window).toMatchObject({
      from: at('2022-03-08T00:00:00+08:00'),
      anchor: 'sampling',
    });
    const later = await investigator.patch(`/api/tracing/cases/${c.id}`, {
      version: c.version + 1,
      lastNegativeAt: at('2022-03-08T00:00:01+08:00'),
    });
    expect(later.json<Detail>().window).toEqual({
      from: at('2022-03-08T00:00:01+08:00'),
      until: at('2022-03-10T20:00:00+08:00'),
      anchor: 'last_negative',
    });
    // The 8th edition ignores the last negative test.
    const eighth = await created(investigator, {
      person: { name: '窗口' },
      place: PLACES.village,
      editionId: 'hebei-2022-03',
    });
    const ignored = await investigator.patch(`/api/tracing/cases/${eighth.id}`, {
      version: eighth.version,
      lastNegativeAt: at('2022-03-09T08:00:00+08:00'),
    });
    expect(ignored.json<Detail>().window).toMatchObject({
      from: at('2022-03-06T00:00:00+08:00'),
      anchor: 'sampling',
    });
  });
});
