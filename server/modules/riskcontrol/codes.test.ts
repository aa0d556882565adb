/**
 * Health codes through the API and the outbox dispatcher, from facts in the real tables: cases and
 * contacts made through tracing's API (or written as tracing leaves them when a past date is
 * needed), companion decisions, zones (as the zones part writes them, with its ZONE_CHANGED event),
 * marks through our routes, tests as the testing module stores them. Boundaries are days relative
 * to today (CST); the domain test (domain/healthcode.test.ts) covers the rule's own boundaries.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCode, decodeCode } from '../../../domain/code-token.js';
import { makeIdNumber } from '../../../domain/idcard.js';
import { addDays, cstDate } from '../../../domain/tracing.js';
import { emitEvent } from '../../platform/outbox.js';
import { publicKeyFromRaw, verifySignature } from '../../platform/signing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { maskName } from '../../../domain/idcard.js';
import { createUserUnchecked } from '../users/users.service.js';
import { recomputePeople, sweepDue } from './codes.recompute.js';
import { ZONE_CHANGED } from './riskcontrol.topics.js';

let t: TestApp;
let inv: Client; // investigator at the county: HealthCodeRead + HealthCodeManage
let admin: Client; // county admin: adds people
let cityInv: Client;
const people: Record<string, string> = {};
const idNumbers: Record<string, string> = {};
let seq = 500;
const DAY = 86_400_000;
const today = () => cstDate(new Date());

interface Code {
  colour: string;
  reasons: Array<{ code: string; colour: string; until: string | null } & Record<string, unknown>>;
  changesOn: string | null;
  lastNegativeAt: string | null;
  person: { name: string; idMasked: string; place: { code: string; name: string } };
}

async function addPerson(key: string, place: string = PLACES.village): Promise<string> {
  seq += 1;
  idNumbers[key] = makeIdNumber('131002', '1985-06-01', seq);
  const res = await admin.post('/api/population/people', {
    idNumber: idNumbers[key],
    name: `${key}某某`,
    residenceType: 'registered',
    place,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
  return people[key];
}

async function code(key: string, as: Client = inv): Promise<Code> {
  const res = await as.get(`/api/risk/codes/people/${people[key]}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Code>();
}

const drain = async () => {
  while ((await t.app.dispatcher.runOnce()) > 0);
};

const recompute = async (...keys: string[]) =>
  recomputePeople(
    t.db.db,
    keys.map((k) => people[k]!),
  );

async function stored(key: string) {
  return t.db.db
    .selectFrom('health_codes')
    .selectAll()
    .where('person_id', '=', people[key]!)
    .executeTakeFirst();
}

/** A resulted tube of `members` people (these and strangers) sampled `hoursAgo`. */
async function tube(
  keys: string[],
  hoursAgo: number,
  result: 'negative' | 'positive',
  members = keys.length,
) {
  const roundId = crypto.randomUUID();
  const at = new Date(Date.now() - hoursAgo * 3600_000);
  const row = await t.db.db
    .insertInto('tubes')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      round_id: roundId,
      barcode: `HC${crypto.randomBytes(5).toString('hex')}`,
      pool_group: 'general',
      capacity: Math.max(members, 1),
      members,
      status: 'resulted',
      result,
      resulted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.db
    .insertInto('samples')
    .values(
      keys.map((key) => ({
        county_code: '131002',
        round_id: roundId,
        person_id: people[key]!,
        jpath: PLACES.village,
        tube_id: row.id,
        tube_county: '131002',
        sampled_at: at,
      })),
    )
    .execute();
}

async function insertCase(key: string, more: Record<string, unknown> = {}) {
  seq += 1;
  return t.db.db
    .insertInto('cases')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      number: `HC-${seq}`,
      person_id: people[key]!,
      name: `${key}某某`,
      classification: 'confirmed',
      found_in: 'community',
      source: 'manual',
      edition_id: 'hebei-2022-03',
      sampled_date: today(),
      reported_at: new Date(Date.now() - 3600_000),
      ...more,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  inv = await t.login('investigator');
  admin = await t.login('county-admin');
  await createUserUnchecked(t.db.db, {
    username: 'city-investigator',
    displayName: 'city investigator',
    role: 'investigator',
    jurisdictionCode: PLACES.city,
    password: 'fixture-pass-1',
  });
  cityInv = await t.login('city-investigator');
});

afterAll(async () => t.close());

describe('a case', () => {
  it('is red while positive or in care, yellow until day 7 after discharge, then green', async () => {
    await addPerson('case');
    const kase = await insertCase('case');
    await recompute('case');
    expect(await code('case')).toMatchObject({
      colour: 'red',
      reasons: [{ code: 'positive_screen', until: null }],
      changesOn: null,
    });
    await t.db.db.updateTable('cases').set({ isolated_at: new Date() }).where('id', '=', kase.id).execute();
    await recompute('case');
    expect((await code('case')).reasons.map((r) => r.code)).toEqual(['in_care']);
    const discharged = async (daysAgo: number) => {
      await t.db.db
        .updateTable('cases')
        .set({ status: 'closed', updated_at: new Date(Date.now() - daysAgo * DAY) })
        .where('id', '=', kase.id)
        .execute();
      await recompute('case');
      return code('case');
    };
    expect(await discharged(3)).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'discharged', until: addDays(today(), 4) }],
      changesOn: addDays(today(), 4),
    });
    expect(await discharged(6)).toMatchObject({ colour: 'yellow', changesOn: addDays(today(), 1) });
    expect(await discharged(7)).toMatchObject({ colour: 'green', reasons: [], changesOn: null });
    expect(await stored('case')).toBeUndefined();
  });
});

describe('contacts, through the tracing API and the dispatcher', () => {
  let caseId: string;
  let closeId: string;

  it('a new case with a close and a secondary contact turns all three red', async () => {
    for (const k of ['index', 'close', 'second']) await addPerson(k);
    const created = await inv.post('/api/tracing/cases', {
      personId: people.index,
      classification: 'confirmed',
      foundIn: 'community',
      sampledDate: today(),
      editionId: 'hebei-2022-03',
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json<{ case: { id: string } }>().case.id;
    const close = await inv.post(`/api/tracing/cases/${caseId}/contacts`, {
      personId: people.close,
      name: 'close某某',
      exposureType: 'household',
      lastExposureAt: new Date(Date.now() - DAY).toISOString(),
      degree: 'close',
    });
    expect(close.statusCode, close.body).toBe(201);
    closeId = close.json<{ contact: { id: string } }>().contact.id;
    const second = await inv.post(`/api/tracing/contacts/${closeId}/contacts`, {
      personId: people.second,
      name: 'second某某',
      exposureType: 'household',
      lastExposureAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(await stored('close')).toBeUndefined(); // nothing until the events are handled
    await drain();
    expect((await code('index')).reasons.map((r) => r.code)).toEqual(['positive_screen']);
    const c = await code('close');
    expect(c).toMatchObject({ colour: 'red', reasons: [{ code: 'close_contact' }] });
    expect(c.changesOn! > today()).toBe(true);
    expect(await code('second')).toMatchObject({ colour: 'red', reasons: [{ code: 'secondary_contact' }] });
    // Each colour change is one event with ids only.
    const events = await t.db.db
      .selectFrom('outbox')
      .select(['payload', 'jpath'])
      .where('topic', '=', 'risk.code_changed')
      .execute();
    expect(events.map((e) => e.payload)).toContainEqual({
      personId: people.close,
      countyCode: '131002',
      colour: 'red',
    });
  });

  it('a close contact in isolation is red; released into home monitoring, yellow to its end', async () => {
    const moved = await inv.post(`/api/tracing/contacts/${closeId}/status`, {
      status: 'central_isolation',
      isolationPlace: '隔离酒店',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    expect((await code('close')).colour).toBe('red');
    // The isolation ended yesterday and the release was yesterday: monitoring through tomorrow.
    const plan = {
      setting: 'central',
      from: addDays(today(), -14),
      until: addDays(today(), -1),
      monitorUntil: addDays(today(), 1),
      tests: [],
    };
    await t.db.db
      .updateTable('contacts')
      .set({ plan: JSON.stringify(plan), status: 'released', released_at: new Date(Date.now() - DAY) })
      .where('id', '=', closeId)
      .execute();
    await recompute('close');
    expect(await code('close')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'close_contact_monitoring', until: addDays(today(), 2) }],
      changesOn: addDays(today(), 2),
    });
    await t.db.db
      .updateTable('contacts')
      .set({ plan: JSON.stringify({ ...plan, monitorUntil: addDays(today(), -1) }) })
      .where('id', '=', closeId)
      .execute();
    await recompute('close');
    expect((await code('close')).colour).toBe('green');
  });
});

describe('companion', () => {
  it('a companion decision is yellow until two negatives ≥ 24 h apart; a positive pool does not count', async () => {
    await addPerson('companion');
    const kase = await insertCase('index');
    await t.db.db
      .insertInto('candidate_decisions')
      .values({
        county_code: '131002',
        case_id: kase.id,
        person_id: people.companion!,
        decision: 'companion',
        decided_at: new Date(Date.now() - 2 * DAY),
      })
      .execute();
    await emitEvent(
      t.db.db,
      'tracing.candidate_decided',
      { caseId: kase.id, personId: people.companion, countyCode: '131002', decision: 'companion' },
      PLACES.village,
    );
    await drain();
    expect(await code('companion')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'companion', until: null }],
      changesOn: null,
    });
    await tube(['companion'], 30, 'negative');
    await tube(['companion'], 10, 'positive', 5); // a positive pool: not the person's result
    expect((await code('companion')).colour).toBe('yellow');
    // The second negative (a pool of 5, negative for everyone) arrives: read-time recompute clears it.
    await tube(['companion'], 5, 'negative', 5);
    const now = await code('companion');
    expect(now.colour).toBe('green');
    expect(await stored('companion')).toBeUndefined();
  });
});

describe('zones of residence', () => {
  it('a sealed village makes its residents yellow (area, named) until the zone is lifted', async () => {
    await addPerson('resident');
    await addPerson('neighbour', PLACES.otherVillage);
    const zone = await t.db.db
      .insertInto('zones')
      .values({
        county_code: '131002',
        jpath: PLACES.village,
        jurisdiction_code: PLACES.village,
        name: '张营村',
        kind: 'sealed',
        edition_id: 'hebei-2022-03',
        reason: '病例居住地',
        started_on: today(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emitEvent(t.db.db, ZONE_CHANGED, { zoneId: zone.id, countyCode: '131002' }, PLACES.village);
    await drain();
    expect(await code('resident')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'area', risk: 'high', as: 'resident', name: '张营村', until: null }],
    });
    expect((await code('neighbour')).colour).toBe('green');
    // A red resident keeps red, with the area as a second reason.
    expect((await code('index')).reasons.map((r) => r.code)).toEqual(['positive_screen', 'area']);
    await t.db.db.updateTable('zones').set({ status: 'lifted' }).where('id', '=', zone.id).execute();
    await emitEvent(t.db.db, ZONE_CHANGED, { zoneId: zone.id, countyCode: '131002' }, PLACES.village);
    await drain();
    expect((await code('resident')).colour).toBe('green');
    expect(await stored('resident')).toBeUndefined();
    expect((await code('index')).reasons.map((r) => r.code)).toEqual(['positive_screen']);
  });
});

describe('marks', () => {
  let markId: string;

  it('an arrival from a high-risk area is red for 7 days from the arrival day', async () => {
    await addPerson('arrived');
    await addPerson('arrivedEarlier');
    const mark = (key: string, daysAgo: number) =>
      inv.post('/api/risk/codes/marks', {
        personId: people[key],
        kind: 'arrival',
        onDate: addDays(today(), -daysAgo),
        risk: 'high',
        source: '北京市朝阳区',
      });
    const res = await mark('arrived', 6);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: { colour: 'red', changesOn: addDays(today(), 1) } });
    expect(await code('arrived')).toMatchObject({
      reasons: [{ code: 'arrival', risk: 'high', from: '北京市朝阳区', until: addDays(today(), 1) }],
    });
    expect((await mark('arrivedEarlier', 7)).json()).toMatchObject({ code: { colour: 'green' } });
  });

  it('validates per kind, naming the field', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await inv.post('/api/risk/codes/marks', {
        personId: people.arrived,
        onDate: today(),
        source: 'x',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(
        res.json<{ error: { details: { fields: Array<{ field: string }> } } }>().error.details.fields,
      ).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    };
    await bad({ kind: 'arrival' }, 'risk');
    await bad({ kind: 'arrival', risk: 'low' }, 'risk');
    await bad({ kind: 'external' }, 'colour');
    await bad({ kind: 'companion', colour: 'red' }, 'colour');
    await bad({ kind: 'external', colour: 'red', onDate: addDays(today(), 1) }, 'onDate');
  });

  it('another province’s colour holds until the mark ends; ending is audited and recomputes', async () => {
    await addPerson('external');
    const res = await inv.post('/api/risk/codes/marks', {
      personId: people.external,
      kind: 'external',
      onDate: today(),
      colour: 'yellow',
      source: '北京市',
    });
    expect(res.statusCode, res.body).toBe(201);
    markId = res.json<{ mark: { id: string } }>().mark.id;
    expect(await code('external')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'external', colour: 'yellow', by: '北京市' }],
    });
    const list = await inv.get('/api/risk/codes/marks?kind=external&active=true');
    const items = list.json<{ items: Array<{ id: string; person: { name: string; idMasked: string } }> }>()
      .items;
    expect(items.map((m) => [m.id, m.person.name])).toEqual([[markId, maskName('external某某')]]);
    expect(items[0]!.person.idMasked).not.toBe(idNumbers.external);
    const ended = await inv.post(`/api/risk/codes/marks/${markId}/end`, { reason: '北京已转绿' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ code: { colour: 'green' }, mark: { endReason: '北京已转绿' } });
    expect((await inv.post(`/api/risk/codes/marks/${markId}/end`, { reason: 'again' })).statusCode).toBe(409);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'jpath'])
      .where('resource_id', '=', markId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['healthcode.mark_created', 'healthcode.mark_ended']);
  });
});

describe('the test-recency policy', () => {
  it('only a city-level user sets it; it is applied live, a negative pool clears it, a positive pool is not red', async () => {
    const county = await inv.request('PUT', '/api/risk/codes/policy', { testWithinHours: 48 });
    expect(county.statusCode).toBe(403);
    expect(county.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    const set = await cityInv.request('PUT', '/api/risk/codes/policy', { testWithinHours: 48 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ testWithinHours: 48, canEdit: true });
    expect((await inv.get('/api/risk/codes/policy')).json()).toMatchObject({
      testWithinHours: 48,
      canEdit: false,
    });

    await addPerson('untested');
    await addPerson('pooled');
    await addPerson('positivePool');
    await addPerson('stale');
    await tube(['pooled'], 47, 'negative', 10);
    await tube(['positivePool'], 2, 'positive', 10);
    await tube(['stale'], 49, 'negative', 1);
    expect(await code('untested')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'no_recent_test', hours: 48, until: null }],
      changesOn: null,
    });
    expect((await code('pooled')).colour).toBe('green');
    expect(await code('positivePool')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'no_recent_test' }],
    });
    expect((await code('stale')).colour).toBe('yellow');
    // Live only: nothing stored for it.
    expect(await stored('untested')).toBeUndefined();
    // A red person keeps red, with the policy's reason after the red one.
    expect((await code('index')).reasons.map((r) => r.code)).toEqual(['positive_screen', 'no_recent_test']);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'healthcode.policy_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(
      (await cityInv.request('PUT', '/api/risk/codes/policy', { testWithinHours: 1000 })).statusCode,
    ).toBe(400);
    expect(
      (await cityInv.request('PUT', '/api/risk/codes/policy', { testWithinHours: null })).statusCode,
    ).toBe(200);
    expect((await code('untested')).colour).toBe('green');
  });
});

describe('lookup by ID number', () => {
  it('answers masked values, is audited at the person’s place, and refuses outside the scope', async () => {
    const res = await inv.post('/api/risk/codes/lookup', { idNumber: idNumbers.arrived });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Code>();
    expect(body.colour).toBe('red');
    expect(body.person.name).toBe(maskName('arrived某某'));
    expect(body.person.idMasked).not.toContain(idNumbers.arrived!.slice(6, 14));
    expect(JSON.stringify(body)).not.toContain(idNumbers.arrived);
    expect(body.person.place.name).toContain('张营村');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['jpath', 'resource_id'])
      .where('action', '=', 'healthcode.viewed')
      .where('resource_id', '=', people.arrived!)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.jpath).toBe(PLACES.village);

    const worker = await t.login('village-worker');
    await addPerson('elsewhere', PLACES.otherVillage);
    const out = await worker.post('/api/risk/codes/lookup', { idNumber: idNumbers.elsewhere });
    expect(out.statusCode).toBe(403);
    expect(out.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    expect((await worker.get(`/api/risk/codes/people/${people.elsewhere}`)).statusCode).toBe(403);
    const bad = await inv.post('/api/risk/codes/lookup', { idNumber: '123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('idNumber');
    expect(
      (await inv.post('/api/risk/codes/lookup', { idNumber: makeIdNumber('131002', '1990-01-01', 997) }))
        .statusCode,
    ).toBe(404);
  });
});

describe('the full recompute', () => {
  it('gives the same rows as the incremental updates and deletes the rows of people now green', async () => {
    const snapshot = async () =>
      (
        await t.db.db
          .selectFrom('health_codes')
          .select(['person_id', 'jpath', 'colour', 'reasons', 'changes_on'])
          .orderBy('person_id')
          .execute()
      ).map((r) => ({ ...r }));
    const before = await snapshot();
    expect(before.length).toBeGreaterThanOrEqual(3);
    // Someone green with a row left over, and a mark ended behind the module's back.
    await addPerson('leftover');
    await t.db.db
      .insertInto('health_codes')
      .values({
        county_code: '131002',
        person_id: people.leftover!,
        jpath: PLACES.village,
        colour: 'red',
        reasons: JSON.stringify([{ code: 'in_care', colour: 'red', until: null }]),
      })
      .execute();
    await t.db.db
      .updateTable('health_marks')
      .set({ ended_at: new Date() })
      .where('person_id', '=', people.arrived!)
      .execute();
    const res = await inv.post('/api/risk/codes/recompute', {});
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json<{
      counties: number;
      people: number;
      red: number;
      yellow: number;
      changed: number;
    }>();
    expect(summary).toMatchObject({ counties: 1, changed: 2 });
    const after = await snapshot();
    expect(after).toEqual(before.filter((r) => r.person_id !== people.arrived));
    expect(summary.red + summary.yellow).toBe(after.length);
    // A village is not a whole county.
    const village = await inv.post('/api/risk/codes/recompute', { at: PLACES.village });
    expect(village.statusCode).toBe(400);
    expect((await inv.post('/api/risk/codes/recompute', { at: PLACES.otherCounty })).statusCode).toBe(403);
  });

  it('the sweep recomputes rows whose day has come', async () => {
    // A row as an earlier day left it: yellow until today, though nothing holds any more.
    await t.db.db
      .insertInto('health_codes')
      .values({
        county_code: '131002',
        person_id: people.leftover!,
        jpath: PLACES.village,
        colour: 'yellow',
        reasons: JSON.stringify([{ code: 'discharged', colour: 'yellow', until: today() }]),
        changes_on: today(),
      })
      .execute();
    const keep = await stored('index');
    const r = await sweepDue(t.db.db);
    expect(r).toMatchObject({ swept: 1, changed: 1 });
    expect(await stored('leftover')).toBeUndefined();
    expect(await stored('index')).toEqual(keep);
  });

  it('a stale row is recomputed when read', async () => {
    await t.db.db
      .insertInto('health_codes')
      .values({
        county_code: '131002',
        person_id: people.leftover!,
        jpath: PLACES.village,
        colour: 'red',
        reasons: JSON.stringify([
          { code: 'arrival', colour: 'red', until: today(), risk: 'high', from: 'x' },
        ]),
        changes_on: today(),
      })
      .execute();
    expect((await code('leftover')).colour).toBe('green');
    expect(await stored('leftover')).toBeUndefined();
  });
});

describe('a zone over many people', () => {
  it('writes one summary event instead of an event per person when more than 500 colours change', async () => {
    // 510 more residents of the other village, written as the ledger's bulk load leaves them.
    await t.db.db
      .insertInto('people')
      .columns([
        'county_code',
        'jpath',
        'village_code',
        'id_hash',
        'id_cipher',
        'id_masked',
        'name',
        'sex',
        'birth_date',
        'residence_type',
      ])
      .expression((eb) =>
        eb
          .selectFrom(sql<{ g: number }>`generate_series(1, 510)`.as('g'))
          .innerJoin('people as p', (j) => j.on('p.id', '=', people.neighbour!))
          .select([
            'p.county_code',
            'p.jpath',
            'p.village_code',
            sql<Buffer>`sha256(convert_to(g::text || 'zone-test', 'UTF8'))`.as('id_hash'),
            'p.id_cipher',
            'p.id_masked',
            'p.name',
            'p.sex',
            'p.birth_date',
            'p.residence_type',
          ]),
      )
      .execute();
    const zone = await t.db.db
      .insertInto('zones')
      .values({
        county_code: '131002',
        jpath: PLACES.otherVillage,
        jurisdiction_code: PLACES.otherVillage,
        name: '倪官屯村',
        kind: 'controlled',
        edition_id: 'hebei-2022-03',
        reason: '测试',
        started_on: today(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const events = async () =>
      t.db.db
        .selectFrom('outbox')
        .select(['topic', 'payload', 'jpath'])
        .where('topic', 'in', ['risk.code_changed', 'risk.codes_recomputed'])
        .orderBy('id')
        .execute();
    const residents = await t.db.db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('jpath', 'like', `${PLACES.otherVillage}%`)
      .executeTakeFirstOrThrow();
    expect(residents.n).toBeGreaterThan(510);
    const before = (await events()).length;
    await emitEvent(t.db.db, ZONE_CHANGED, { zoneId: zone.id, countyCode: '131002' }, PLACES.otherVillage);
    await drain();
    const emitted = (await events()).slice(before);
    expect(emitted).toEqual([
      {
        topic: 'risk.codes_recomputed',
        jpath: PLACES.otherVillage,
        payload: expect.objectContaining({
          countyCode: '131002',
          people: residents.n,
          yellow: residents.n,
          red: 0,
          changed: residents.n,
        }) as unknown,
      },
    ]);
    expect((await code('neighbour')).reasons).toEqual([
      expect.objectContaining({ code: 'area', risk: 'medium', name: '倪官屯村' }),
    ]);
    await t.db.db.updateTable('zones').set({ status: 'lifted' }).where('id', '=', zone.id).execute();
    await emitEvent(t.db.db, ZONE_CHANGED, { zoneId: zone.id, countyCode: '131002' }, PLACES.otherVillage);
    await drain();
    const lifted = (await events()).slice(before + 1);
    expect(lifted).toEqual([expect.objectContaining({ topic: 'risk.codes_recomputed' })]);
    expect(
      await t.db.db
        .selectFrom('health_codes')
        .select('person_id')
        .where('jpath', 'like', `${PLACES.otherVillage}%`)
        .execute(),
    ).toEqual([]);
  });
});

describe('the outbox', () => {
  it('delivered every event of this file to the health-code handlers without an error', async () => {
    await drain();
    const failed = await t.db.db
      .selectFrom('outbox')
      .select(['topic', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    expect(failed).toEqual([]);
    const handled = await t.db.db
      .selectFrom('outbox_handled')
      .select('handler')
      .where('handler', 'like', 'riskcontrol.codes.%')
      .distinct()
      .execute();
    expect(handled.map((h) => h.handler).sort()).toEqual([
      'riskcontrol.codes.case',
      'riskcontrol.codes.contact',
      'riskcontrol.codes.person',
      'riskcontrol.codes.zone',
    ]);
  });
});

describe('statistics', () => {
  it('counts red and yellow per child area and people per reason', async () => {
    const res = await inv.get(`/api/risk/codes/stats?at=${PLACES.town}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<{
      totals: { people: number; red: number; yellow: number; green: number };
      children: Array<{ code: string; red: number; yellow: number; people: number }>;
      reasons: Array<{ code: string; people: number }>;
    }>();
    const village = s.children.find((c) => c.code === PLACES.village)!;
    const rows = await t.db.db
      .selectFrom('health_codes')
      .select(['colour'])
      .where('jpath', 'like', `${PLACES.village}%`)
      .execute();
    expect(village.red).toBe(rows.filter((r) => r.colour === 'red').length);
    expect(village.yellow).toBe(rows.filter((r) => r.colour === 'yellow').length);
    expect(s.totals.green).toBe(s.totals.people - s.totals.red - s.totals.yellow);
    expect(s.reasons.map((r) => r.code)).toContain('positive_screen');
    expect((await inv.get(`/api/risk/codes/stats?at=${PLACES.otherCounty}`)).statusCode).toBe(403);
  });
});

describe('the resident page', () => {
  it('carries the code as a token signed with the published key; an expired token is refused', async () => {
    const link = await admin.get(`/api/testing/people/${people.index}/code`);
    expect(link.statusCode, link.body).toBe(200);
    const token = link.json<{ residentLink: string }>().residentLink.replace('/r/', '');
    const page = await t.anonymous.get(`/api/testing/resident/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    const hc = page.json<{
      healthCode: { colour: string; reasons: Array<{ code: string }>; token: string };
    }>().healthCode;
    expect(hc.colour).toBe('red');
    expect(hc.reasons.map((r) => r.code)).toEqual(['positive_screen']);
    const decoded = decodeCode(hc.token);
    if (!decoded.ok) throw new Error('token did not decode');
    expect(decoded.claims).toMatchObject({
      p: people.index,
      c: '131002',
      o: 'red',
      n: maskName('index某某'),
      i: idNumbers.index!.slice(-4),
    });
    expect(decoded.claims.x - decoded.claims.t).toBe(300);
    const key = await t.db.db
      .selectFrom('signing_keys')
      .select(['public_key', 'purpose'])
      .where('id', '=', decoded.claims.k)
      .executeTakeFirstOrThrow();
    expect(key.purpose).toBe('code');
    const valid = verifySignature(publicKeyFromRaw(key.public_key), decoded.signed, decoded.signature);
    expect(valid).toBe(true);
    expect(checkCode(decoded, { now: new Date(), signatureValid: valid }).ok).toBe(true);
    const late = checkCode(decoded, { now: new Date((decoded.claims.x + 1) * 1000), signatureValid: valid });
    expect(late).toMatchObject({ ok: false, problems: [{ code: 'code_expired' }] });
    // A claim changed after signing no longer verifies.
    const forged = decodeCode(hc.token.replace(decoded.signed, decoded.signed.slice(0, -2) + 'AA'));
    if (forged.ok)
      expect(verifySignature(publicKeyFromRaw(key.public_key), forged.signed, forged.signature)).toBe(false);
  });
});
