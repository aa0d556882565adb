/**
 * Contacts through the real app: matching to the population base, one contact per person with
 * several links, secondary contacts, quarantine plans per edition at their day boundaries, the
 * reclassification cascade when a contact turns positive, the lifecycle, and who sees what.
 *
 * Cases are written straight into `cases` by `makeCase` below, which calls onCaseCreated in the same
 * transaction as the cases service does — the contacts rules are tested apart from the cases API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { DEFAULT_EDITION_ID } from '../../../domain/protocol.js';
import {
  type QuarantinePlan,
  quarantinePlan,
  tracingRules8th,
  tracingRules9th,
} from '../../../domain/tracing.js';
import { type Client, TEST_PII, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';
import type { CaseRow } from './cases.access.js';
import { contactCounts, onCaseCreated } from './contacts.core.js';

let t: TestApp;
let inv: Client; // investigator of 安次区
let gy: Client; // investigator of 广阳区, the sibling county
let admin: Client; // county admin of 安次区: adds people
let cityAdmin: Client;
const people: Record<string, string> = {};
const ids: Record<string, string> = {};

interface Summary {
  id: string;
  personId: string | null;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  degree: 'close' | 'secondary';
  status: string;
  lastExposureAt: string;
  plan: QuarantinePlan;
  place: { code: string; name: string } | null;
  outsideArea: boolean;
  isolationPlace: string | null;
  links: Array<{
    id: string;
    case: { id: string; number: string; name: string } | null;
    via: { id: string; name: string } | null;
    exposureType: string;
    lastExposureAt: string;
    source: string;
  }>;
  convertedCase: { id: string; number: string } | null;
}
interface Detail extends Summary {
  secondaries: Summary[];
  calls: unknown[];
  assistNotices: Array<{ id: string; number: string; status: string }>;
  version: number;
}
interface Added {
  contact: Summary;
  matched: string;
}
interface Problem {
  error: { code: string; details: { fields?: Array<{ field: string }>; from?: string; to?: string } };
}

async function addPerson(as: Client, key: string, seq: number, place: string, region = '131002') {
  ids[key] = makeIdNumber(region, '1985-06-01', seq);
  const res = await as.post('/api/population/people', {
    idNumber: ids[key],
    name: `${key}某`,
    phone: `1390000${String(seq).padStart(4, '0')}`,
    residenceType: 'registered',
    place,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

let caseSeq = 0;
/** A case as the cases service leaves it: the row, then onCaseCreated in the same transaction. */
async function makeCase(
  opts: {
    personId?: string;
    idNumber?: string;
    countyCode?: string;
    jpath?: string;
    editionId?: string;
  } = {},
): Promise<CaseRow> {
  caseSeq += 1;
  return t.db.db.transaction().execute(async (tx) => {
    const person = opts.personId
      ? await tx
          .selectFrom('people')
          .select(['county_code', 'jpath', 'name', 'id_hash', 'id_masked'])
          .where('id', '=', opts.personId)
          .executeTakeFirstOrThrow()
      : null;
    const row = await tx
      .insertInto('cases')
      .values({
        county_code: person?.county_code ?? opts.countyCode ?? '131002',
        jpath: person?.jpath ?? opts.jpath ?? PLACES.village,
        number: `T${String(caseSeq).padStart(3, '0')}`,
        person_id: opts.personId ?? null,
        name: person?.name ?? `病例${caseSeq}`,
        id_hash: person?.id_hash ?? (opts.idNumber ? TEST_PII.hash(opts.idNumber) : null),
        id_masked: person?.id_masked ?? null,
        classification: 'confirmed',
        found_in: 'community',
        source: 'manual',
        edition_id: opts.editionId ?? DEFAULT_EDITION_ID,
        sampled_date: '2022-03-10',
        reported_at: new Date('2022-03-11T02:00:00Z'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { convertedContactId } = await onCaseCreated(tx, row);
    if (convertedContactId) {
      await tx
        .updateTable('cases')
        .set({ from_contact_id: convertedContactId })
        .where('id', '=', row.id)
        .execute();
    }
    return row;
  });
}

async function name(as: Client, caseId: string, body: Record<string, unknown>): Promise<Added> {
  const res = await as.post(`/api/tracing/cases/${caseId}/contacts`, { exposureType: 'meal', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Added>();
}

async function nameVia(as: Client, contactId: string, body: Record<string, unknown>): Promise<Added> {
  const res = await as.post(`/api/tracing/contacts/${contactId}/contacts`, {
    exposureType: 'household',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Added>();
}

const detail = async (as: Client, id: string) => {
  const res = await as.get(`/api/tracing/contacts/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Detail>();
};

const fieldsOf = (res: { json<T>(): T }) => res.json<Problem>().error.details.fields?.map((f) => f.field);

const eventsOf = (topic: string) =>
  t.db.db.selectFrom('outbox').select(['payload']).where('topic', '=', topic).orderBy('id').execute();

/** A Beijing ID number: never in our base. */
const outsider = (seq: number) => makeIdNumber('110105', '1990-02-03', seq);

let caseA: CaseRow;
let caseB: CaseRow;

beforeAll(async () => {
  t = await createTestApp();
  inv = await t.login('investigator');
  admin = await t.login('county-admin');
  cityAdmin = await t.login('city-admin');
  await createUserUnchecked(t.db.db, {
    username: 'gy-investigator',
    displayName: '广阳流调',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  gy = await t.login('gy-investigator', 'Other-pass-9');
  await addPerson(admin, 'P1', 1, PLACES.building);
  await addPerson(admin, 'P2', 2, PLACES.village);
  await addPerson(admin, 'P3', 3, PLACES.otherVillage);
  await addPerson(admin, 'P4', 4, PLACES.village);
  await addPerson(admin, 'P5', 5, PLACES.village);
  await addPerson(admin, 'P6', 6, PLACES.village);
  await addPerson(admin, 'P7', 7, PLACES.village);
  await addPerson(admin, 'P8', 8, PLACES.village);
  await addPerson(cityAdmin, 'G1', 1, '131003001001', '131003');
  caseA = await makeCase();
  caseB = await makeCase();
});
afterAll(async () => t.close());

describe('naming a contact', () => {
  it('matches the population base by ID number, city-wide', async () => {
    const { contact, matched } = await name(inv, caseA.id, {
      idNumber: ids.P1,
      name: '随便写的名字',
      lastExposureAt: '2022-03-09T12:00:00+08:00',
    });
    expect(matched).toBe('id');
    expect(contact).toMatchObject({
      personId: people.P1,
      name: 'P1某',
      degree: 'close',
      status: 'identified',
      place: { code: PLACES.village, name: '张营村' },
      outsideArea: false,
    });
    expect(contact.idMasked).toMatch(/^131002\*+\d{3}[\dX]$/);
    expect(JSON.stringify(contact)).not.toContain(ids.P1);
    const row = await t.db.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    const home = await t.db.db
      .selectFrom('people')
      .select('jpath')
      .where('id', '=', people.P1!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ county_code: '131002', jpath: home.jpath, person_id: people.P1 });

    // Someone of another county is found too, and kept where they live.
    const other = await name(inv, caseA.id, {
      idNumber: ids.G1,
      name: 'x',
      lastExposureAt: '2022-03-09T12:00:00+08:00',
    });
    expect(other.matched).toBe('id');
    const otherRow = await t.db.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', other.contact.id)
      .executeTakeFirstOrThrow();
    expect(otherRow.county_code).toBe('131003');
  });

  it('matches by phone when no ID number is given', async () => {
    const { contact, matched } = await name(inv, caseA.id, {
      phone: '139-0000-0002',
      name: 'P2某',
      lastExposureAt: '2022-03-09T12:00:00+08:00',
    });
    expect(matched).toBe('phone');
    expect(contact).toMatchObject({ personId: people.P2, phoneMasked: '139****0002' });
  });

  it('keeps someone outside the base with encrypted identifiers, where the case belongs', async () => {
    const { contact, matched } = await name(inv, caseA.id, {
      idNumber: outsider(1),
      phone: '13700000001',
      name: '北京客人',
      lastExposureAt: '2022-03-09T12:00:00+08:00',
    });
    expect(matched).toBe('created');
    expect(contact).toMatchObject({
      personId: null,
      name: '北京客人',
      place: null,
      phoneMasked: '137****0001',
    });
    expect(contact.idMasked).toMatch(/^110105\*+/);
    const row = await t.db.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ county_code: caseA.county_code, jpath: caseA.jpath });
    expect(TEST_PII.decrypt(row.id_cipher!)).toBe(outsider(1));
    expect(TEST_PII.decrypt(row.phone_cipher!)).toBe('13700000001');
  });

  it('refuses bad input naming the field', async () => {
    const at = '2022-03-09T12:00:00+08:00';
    const post = (body: Record<string, unknown>) =>
      inv.post(`/api/tracing/cases/${caseA.id}/contacts`, {
        exposureType: 'meal',
        name: 'x',
        lastExposureAt: at,
        ...body,
      });
    const badId = await post({ idNumber: ids.P1!.slice(0, 17) + (ids.P1!.endsWith('0') ? '1' : '0') });
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(badId)).toEqual(['idNumber']);
    expect(fieldsOf(await post({ phone: '12345' }))).toEqual(['phone']);
    expect(fieldsOf(await post({ personId: '00000000-0000-4000-8000-000000000000' }))).toEqual(['personId']);
    expect(fieldsOf(await post({ exposureType: 'telepathy' }))).toEqual(['exposureType']);
    expect(fieldsOf(await post({ lastExposureAt: new Date(Date.now() + 86_400_000).toISOString() }))).toEqual(
      ['lastExposureAt'],
    );
    const self = await makeCase({ personId: people.P8 });
    const itself = await inv.post(`/api/tracing/cases/${self.id}/contacts`, {
      exposureType: 'meal',
      name: 'x',
      lastExposureAt: at,
      idNumber: ids.P8,
    });
    expect(itself.statusCode).toBe(400);
    expect(fieldsOf(itself)).toEqual(['idNumber']);
    expect((await inv.post(`/api/tracing/cases/${caseA.id}/contacts`, { name: 'x' })).statusCode).toBe(400);
  });
});

describe('a person named by several cases', () => {
  it('is one contact with several links, planned from the latest exposure', async () => {
    const first = await name(inv, caseA.id, {
      personId: people.P6,
      name: 'x',
      lastExposureAt: '2022-03-08T10:00:00+08:00',
    });
    const second = await name(inv, caseB.id, {
      idNumber: ids.P6,
      name: 'x',
      lastExposureAt: '2022-03-09T20:00:00+08:00',
    });
    expect(second.matched).toBe('existing');
    expect(second.contact.id).toBe(first.contact.id);
    expect(second.contact.links.map((l) => l.case?.id).sort()).toEqual([caseA.id, caseB.id].sort());
    expect(second.contact.lastExposureAt).toBe('2022-03-09T12:00:00.000Z');
    const rules = tracingRules8th();
    expect(second.contact.plan).toEqual(quarantinePlan(rules.close, new Date('2022-03-09T20:00:00+08:00')));
    expect(first.contact.plan.until).toBe('2022-03-22');
    expect(second.contact.plan.until).toBe('2022-03-23');

    // Named again by the first case, earlier: still one link per case, the plan does not move back.
    const again = await name(inv, caseA.id, {
      personId: people.P6,
      name: 'x',
      lastExposureAt: '2022-03-07T10:00:00+08:00',
    });
    expect(again.contact.links).toHaveLength(2);
    expect(again.contact.lastExposureAt).toBe('2022-03-09T12:00:00.000Z');
    expect(again.contact.plan.until).toBe('2022-03-23');
    const count = await t.db.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', people.P6!)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('is one contact outside the base too (per county and ID number)', async () => {
    const a = await name(inv, caseA.id, {
      idNumber: outsider(2),
      name: '外地人',
      lastExposureAt: '2022-03-08T10:00:00+08:00',
    });
    const b = await name(inv, caseB.id, {
      idNumber: outsider(2),
      name: '外地人',
      lastExposureAt: '2022-03-08T11:00:00+08:00',
    });
    expect(a.matched).toBe('created');
    expect(b).toMatchObject({ matched: 'existing', contact: { id: a.contact.id } });
    expect(b.contact.links).toHaveLength(2);
  });
});

describe('secondary contacts', () => {
  let close: Summary;
  it('are named through a close contact, and linked through it', async () => {
    close = (
      await name(inv, caseA.id, {
        personId: people.P3,
        name: 'x',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact;
    const { contact } = await nameVia(inv, close.id, {
      idNumber: outsider(3),
      name: '次密接',
      lastExposureAt: '2022-03-10T08:00:00+08:00',
    });
    expect(contact).toMatchObject({
      degree: 'secondary',
      links: [{ case: null, via: { id: close.id, name: 'P3某' } }],
    });
    expect(contact.plan).toEqual(
      quarantinePlan(tracingRules8th().secondary, new Date('2022-03-10T08:00:00+08:00')),
    );
    const page = await detail(inv, close.id);
    expect(page.secondaries.map((s) => s.id)).toEqual([contact.id]);
  });

  it('refuses a close degree through a close contact, and naming through a secondary contact', async () => {
    const asClose = await inv.post(`/api/tracing/contacts/${close.id}/contacts`, {
      name: 'y',
      exposureType: 'work',
      lastExposureAt: '2022-03-10T08:00:00+08:00',
      degree: 'close',
    });
    expect(asClose.statusCode).toBe(400);
    expect(fieldsOf(asClose)).toEqual(['degree']);
    const secondary = (await detail(inv, close.id)).secondaries[0]!;
    const through = await inv.post(`/api/tracing/contacts/${secondary.id}/contacts`, {
      name: 'z',
      exposureType: 'work',
      lastExposureAt: '2022-03-10T08:00:00+08:00',
    });
    expect(through.statusCode).toBe(400);
    expect(fieldsOf(through)).toEqual(['id']);
  });

  it('become close when a case names them as close, never the other way round', async () => {
    const sec = await nameVia(inv, close.id, {
      personId: people.P7,
      name: 'x',
      lastExposureAt: '2022-03-10T09:00:00+08:00',
    });
    expect(sec.contact.degree).toBe('secondary');
    const promoted = await name(inv, caseB.id, {
      personId: people.P7,
      name: 'x',
      lastExposureAt: '2022-03-09T09:00:00+08:00',
    });
    expect(promoted).toMatchObject({ matched: 'existing', contact: { id: sec.contact.id, degree: 'close' } });
    // Close from the latest exposure (the one through the close contact).
    expect(promoted.contact.plan).toEqual(
      quarantinePlan(tracingRules8th().close, new Date('2022-03-10T09:00:00+08:00')),
    );
    const other = (
      await name(inv, caseB.id, {
        personId: people.P2,
        name: 'x',
        lastExposureAt: '2022-03-09T09:00:00+08:00',
      })
    ).contact;
    const stays = await nameVia(inv, close.id, {
      personId: people.P2,
      name: 'x',
      lastExposureAt: '2022-03-09T10:00:00+08:00',
    });
    expect(stays.contact).toMatchObject({ id: other.id, degree: 'close' });
  });
});

describe('quarantine plans per edition, at the day boundary (China time)', () => {
  let case9: CaseRow;
  beforeAll(async () => {
    case9 = await makeCase({ editionId: 'national-9th-2022-06' });
  });
  const plan = async (kase: CaseRow, seq: number, at: string, via?: string) => {
    const body = { idNumber: outsider(100 + seq), name: `计划${seq}`, lastExposureAt: at };
    return (via ? await nameVia(inv, via, body) : await name(inv, kase.id, body)).contact.plan;
  };

  it('8th edition close contact: 14 days central + 7 days home monitoring, tests 1, 4, 7, 14 (two samples), home 2, 7', async () => {
    expect(await plan(caseA, 1, '2022-03-10T23:59:00+08:00')).toEqual({
      setting: 'central',
      from: '2022-03-11',
      until: '2022-03-24',
      monitorUntil: '2022-03-31',
      tests: [
        { date: '2022-03-11', day: 1, phase: 'isolation', samples: 1 },
        { date: '2022-03-14', day: 4, phase: 'isolation', samples: 1 },
        { date: '2022-03-17', day: 7, phase: 'isolation', samples: 1 },
        { date: '2022-03-24', day: 14, phase: 'isolation', samples: 2 },
        { date: '2022-03-26', day: 2, phase: 'monitoring', samples: 1 },
        { date: '2022-03-31', day: 7, phase: 'monitoring', samples: 1 },
      ],
    });
    // One minute later is the next China day (still the 10th in UTC): everything moves by a day.
    const next = await plan(caseA, 2, '2022-03-11T00:00:00+08:00');
    expect(next).toMatchObject({ from: '2022-03-12', until: '2022-03-25', monitorUntil: '2022-04-01' });
  });

  it('9th edition close contact: 7 days central + 3 days home, tests 1, 2, 3, 5, 7 + home day 3', async () => {
    expect(await plan(case9, 3, '2022-03-10T23:59:00+08:00')).toEqual({
      setting: 'central',
      from: '2022-03-11',
      until: '2022-03-17',
      monitorUntil: '2022-03-20',
      tests: [
        { date: '2022-03-11', day: 1, phase: 'isolation', samples: 1 },
        { date: '2022-03-12', day: 2, phase: 'isolation', samples: 1 },
        { date: '2022-03-13', day: 3, phase: 'isolation', samples: 1 },
        { date: '2022-03-15', day: 5, phase: 'isolation', samples: 1 },
        { date: '2022-03-17', day: 7, phase: 'isolation', samples: 1 },
        { date: '2022-03-20', day: 3, phase: 'monitoring', samples: 1 },
      ],
    });
  });

  it('secondary contacts: central 7 days under the 8th, home 7 days under the 9th', async () => {
    const close8 = (
      await name(inv, caseA.id, {
        idNumber: outsider(110),
        name: '密8',
        lastExposureAt: '2022-03-09T10:00:00+08:00',
      })
    ).contact;
    const close9 = (
      await name(inv, case9.id, {
        idNumber: outsider(111),
        name: '密9',
        lastExposureAt: '2022-03-09T10:00:00+08:00',
      })
    ).contact;
    const s8 = await plan(caseA, 12, '2022-03-10T23:59:00+08:00', close8.id);
    const s9 = await plan(case9, 13, '2022-03-10T23:59:00+08:00', close9.id);
    expect(s8).toMatchObject({
      setting: 'central',
      from: '2022-03-11',
      until: '2022-03-17',
      monitorUntil: '2022-03-17',
    });
    expect(s8.tests.map((x) => x.date)).toEqual(['2022-03-11', '2022-03-14', '2022-03-17']);
    expect(s9).toMatchObject({
      setting: 'home',
      from: '2022-03-11',
      until: '2022-03-17',
      monitorUntil: '2022-03-17',
    });
    expect(tracingRules9th().secondary.setting).toBe('home');
  });
});

describe('when a close contact turns positive', () => {
  let close: Summary;
  let s1: Summary;
  let s2: Summary;
  let newCase: CaseRow;

  it('converts the contact and makes their secondary contacts close contacts of the new case', async () => {
    close = (
      await name(inv, caseA.id, {
        personId: people.P4,
        name: 'x',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact;
    s1 = (
      await nameVia(inv, close.id, {
        personId: people.P5,
        name: 'x',
        lastExposureAt: '2022-03-10T19:00:00+08:00',
      })
    ).contact;
    s2 = (
      await nameVia(inv, close.id, {
        idNumber: outsider(20),
        name: '外地次密',
        lastExposureAt: '2022-03-10T21:00:00+08:00',
      })
    ).contact;
    expect([s1.degree, s2.degree]).toEqual(['secondary', 'secondary']);
    const before = (await contactCounts(t.db.db, [caseA.id])).get(caseA.id)!;
    const convertedBefore = (await eventsOf('tracing.contact_converted')).length;

    newCase = await makeCase({ personId: people.P4 });
    const row = await t.db.db
      .selectFrom('cases')
      .select('from_contact_id')
      .where('id', '=', newCase.id)
      .executeTakeFirstOrThrow();
    expect(row.from_contact_id).toBe(close.id);

    const converted = await detail(inv, close.id);
    expect(converted).toMatchObject({
      status: 'converted',
      convertedCase: { id: newCase.id, number: newCase.number },
    });
    for (const [s, at] of [
      [s1, '2022-03-10T19:00:00+08:00'],
      [s2, '2022-03-10T21:00:00+08:00'],
    ] as const) {
      const now = await detail(inv, s.id);
      expect(now.degree).toBe('close');
      expect(now.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ via: { id: close.id, name: 'P4某' }, source: 'named' }),
          expect.objectContaining({
            case: { id: newCase.id, number: newCase.number, name: 'P4某' },
            source: 'cascade',
            lastExposureAt: new Date(at).toISOString(),
          }),
        ]),
      );
      expect(now.plan).toEqual(quarantinePlan(tracingRules8th().close, new Date(at)));
    }
    const converts = await eventsOf('tracing.contact_converted');
    expect(converts.slice(convertedBefore)).toEqual([
      { payload: { contactId: close.id, caseId: newCase.id } },
    ]);

    const counts = await contactCounts(t.db.db, [caseA.id, newCase.id]);
    expect(counts.get(newCase.id)).toEqual({ close: 2, secondary: 0, controlled: 0 });
    expect(counts.get(caseA.id)!.secondary).toBe(before.secondary - 2);
  });

  it('is idempotent: delivered again, nothing changes and nothing is emitted', async () => {
    const outboxBefore = await t.db.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    const linksBefore = await t.db.db
      .selectFrom('contact_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await t.db.db.transaction().execute((tx) => onCaseCreated(tx, newCase));
    expect(again.convertedContactId).toBe(close.id);
    const outboxAfter = await t.db.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    const linksAfter = await t.db.db
      .selectFrom('contact_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(outboxAfter.max).toBe(outboxBefore.max);
    expect(Number(linksAfter.n)).toBe(Number(linksBefore.n));
    expect((await detail(inv, s1.id)).degree).toBe('close');
  });

  it('finds a contact outside the base by ID number', async () => {
    const x = (
      await name(inv, caseB.id, {
        idNumber: outsider(30),
        name: '外地密接',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact;
    const positive = await makeCase({ idNumber: outsider(30) });
    expect(await detail(inv, x.id)).toMatchObject({
      status: 'converted',
      convertedCase: { id: positive.id },
    });
  });

  it('counts close, secondary and controlled contacts per case', async () => {
    const kase = await makeCase();
    const c1 = (
      await name(inv, kase.id, {
        idNumber: outsider(40),
        name: 'c1',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact;
    await name(inv, kase.id, {
      idNumber: outsider(41),
      name: 'c2',
      lastExposureAt: '2022-03-09T08:00:00+08:00',
    });
    await nameVia(inv, c1.id, {
      idNumber: outsider(42),
      name: 's1',
      lastExposureAt: '2022-03-09T09:00:00+08:00',
    });
    await name(inv, kase.id, {
      idNumber: outsider(43),
      name: 's2',
      degree: 'secondary',
      lastExposureAt: '2022-03-09T08:00:00+08:00',
    });
    expect(
      (await inv.post(`/api/tracing/contacts/${c1.id}/status`, { status: 'central_isolation' })).statusCode,
    ).toBe(200);
    const counts = await contactCounts(t.db.db, [kase.id, '00000000-0000-4000-8000-000000000001']);
    expect(counts.get(kase.id)).toEqual({ close: 2, secondary: 2, controlled: 1 });
    expect(counts.get('00000000-0000-4000-8000-000000000001')).toEqual({
      close: 0,
      secondary: 0,
      controlled: 0,
    });
  });
});

describe('the lifecycle', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await name(inv, caseA.id, {
        idNumber: outsider(50),
        name: '管控',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact.id;
  });
  const move = (as: Client, body: Record<string, unknown>) =>
    as.post(`/api/tracing/contacts/${id}/status`, body);

  it('refuses moves the lifecycle does not allow, naming both ends', async () => {
    const res = await move(inv, { status: 'released' });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().error).toMatchObject({
      code: 'CONTACT_WRONG_STATE',
      details: { from: 'identified', to: 'released' },
    });
    const converted = await move(inv, { status: 'converted' });
    expect(converted.statusCode).toBe(400);
    expect(fieldsOf(converted)).toEqual(['status']);
  });

  it('goes notified → isolation → released, stamping the times', async () => {
    expect((await move(inv, { status: 'notified' })).statusCode).toBe(200);
    // Neither a hospital nor a town's isolation manager outside the place may move it.
    expect((await move(await t.login('hospital-staff'), { status: 'central_isolation' })).statusCode).toBe(
      403,
    );
    const manager = await t.login('isolation-manager'); // 落垡镇: the case's town, where this contact is kept
    const isolated = await move(manager, {
      status: 'central_isolation',
      isolationPlace: '廊坊某宾馆',
      at: '2022-03-10T10:00:00+08:00',
    });
    expect(isolated.statusCode, isolated.body).toBe(200);
    expect(isolated.json<Detail>()).toMatchObject({
      status: 'central_isolation',
      isolationPlace: '廊坊某宾馆',
    });
    // Someone outside the population base has no test results to show: released only with a reason
    // (contacts.release.test.ts has the rule itself).
    const refused = await move(manager, { status: 'released' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>().error.code).toBe('RELEASE_BLOCKED');
    const released = await move(manager, { status: 'released', override: '北京返回，已在京完成检测' });
    expect(released.statusCode, released.body).toBe(200);
    const row = await t.db.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.controlled_at).toEqual(new Date('2022-03-10T02:00:00Z'));
    expect(row.released_at).not.toBeNull();
    const after = await move(inv, { status: 'home_quarantine' });
    expect(after.statusCode).toBe(409);
    expect(after.json<Problem>().error.details).toMatchObject({ from: 'released', to: 'home_quarantine' });
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'tracing.contact_status_changed')
      .where('resource_id', '=', id)
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('shows the calls made to the contact', async () => {
    const user = await t.db.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'investigator')
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto('case_calls')
      .values({
        county_code: caseA.county_code,
        case_id: caseA.id,
        contact_id: id,
        called_at: new Date('2022-03-10T09:00:00+08:00'),
        number_masked: '137****0050',
        outcome: 'no_answer',
        user_id: user.id,
      })
      .execute();
    expect((await detail(inv, id)).calls).toEqual([
      expect.objectContaining({
        numberMasked: '137****0050',
        outcome: 'no_answer',
        contactId: id,
        by: { id: user.id, name: '测试investigator' },
      }),
    ]);
  });

  it('refuses any move of a contact who became a case', async () => {
    const x = (
      await name(inv, caseA.id, {
        idNumber: outsider(51),
        name: '转阳',
        lastExposureAt: '2022-03-09T08:00:00+08:00',
      })
    ).contact;
    await makeCase({ idNumber: outsider(51) });
    const res = await inv.post(`/api/tracing/contacts/${x.id}/status`, { status: 'notified' });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().error.details).toMatchObject({ from: 'converted', to: 'notified' });
  });
});

describe('who sees a contact', () => {
  let mine: Summary; // lives in 安次区, named by caseA
  let theirs: Summary; // lives in 广阳区, named by caseA
  let secondary: Summary;

  beforeAll(async () => {
    mine = (
      await name(inv, caseA.id, {
        personId: people.P1,
        name: 'x',
        lastExposureAt: '2022-03-09T12:00:00+08:00',
      })
    ).contact;
    theirs = (
      await name(inv, caseA.id, {
        personId: people.G1,
        name: 'x',
        lastExposureAt: '2022-03-09T12:00:00+08:00',
      })
    ).contact;
    secondary = (
      await nameVia(inv, mine.id, {
        idNumber: outsider(60),
        name: '次',
        lastExposureAt: '2022-03-09T13:00:00+08:00',
      })
    ).contact;
  });

  const listed = async (as: Client, query = '') => {
    const res = await as.get(`/api/tracing/contacts?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Summary[]; total: number }>();
  };

  it("another county's investigator cannot list or open a contact of a case they cannot see", async () => {
    const list = await listed(gy);
    expect(list.items.map((c) => c.id)).not.toContain(mine.id);
    expect(list.items.map((c) => c.id)).not.toContain(secondary.id);
    const open = await gy.get(`/api/tracing/contacts/${mine.id}`);
    expect(open.statusCode).toBe(403);
    expect(open.json<Problem>().error.code).toBe('OUT_OF_SCOPE');
    expect((await gy.get(`/api/tracing/contacts?caseId=${caseA.id}`)).statusCode).toBe(403);
    expect(
      (await gy.post(`/api/tracing/contacts/${mine.id}/status`, { status: 'notified' })).statusCode,
    ).toBe(403);
    expect(
      (
        await gy.post(`/api/tracing/cases/${caseA.id}/contacts`, {
          name: 'x',
          exposureType: 'work',
          lastExposureAt: '2022-03-09T12:00:00+08:00',
        })
      ).statusCode,
    ).toBe(403);
    // Someone living in their county is theirs to control, whoever named them.
    expect(list.items.map((c) => c.id)).toContain(theirs.id);
    expect((await gy.get(`/api/tracing/contacts/${theirs.id}`)).statusCode).toBe(200);
  });

  it('the case shows everyone it reached, wherever they live', async () => {
    const list = await listed(inv, `&caseId=${caseA.id}`);
    const shown = list.items.map((c) => c.id);
    expect(shown).toEqual(expect.arrayContaining([mine.id, theirs.id, secondary.id]));
    expect((await listed(inv)).items.map((c) => c.id)).toContain(theirs.id);
    expect((await inv.get(`/api/tracing/contacts/${theirs.id}`)).statusCode).toBe(200);
  });

  it('assigning the case to them opens its contacts and secondary contacts', async () => {
    const gyUser = await t.db.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'gy-investigator')
      .executeTakeFirstOrThrow();
    await t.db.db.updateTable('cases').set({ assignee_id: gyUser.id }).where('id', '=', caseA.id).execute();
    const list = await listed(gy);
    expect(list.items.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, secondary.id]));
    expect((await gy.get(`/api/tracing/contacts/${secondary.id}`)).statusCode).toBe(200);
    await t.db.db.updateTable('cases').set({ assignee_id: null }).where('id', '=', caseA.id).execute();
  });

  it('filters by degree, status, place and the search box, and audits the reads', async () => {
    const byId = await listed(inv, `&q=${ids.P1}`);
    expect(byId.items.map((c) => c.id)).toEqual([mine.id]);
    const byName = await listed(inv, `&q=${encodeURIComponent('P1')}`);
    expect(byName.items.map((c) => c.id)).toContain(mine.id);
    const released = await listed(inv, '&status=released');
    expect(released.items.length).toBeGreaterThan(0);
    expect(released.items.every((c) => c.status === 'released')).toBe(true);
    const secondaries = await listed(inv, '&degree=secondary');
    expect(secondaries.items.every((c) => c.degree === 'secondary')).toBe(true);
    const here = await listed(inv, `&at=${PLACES.otherVillage}`);
    // P3 lives there; the secondary contact named through P3 (outside the base) is kept there too.
    expect(here.items.map((c) => c.personId)).toContain(people.P3);
    expect(here.items.every((c) => c.place === null || c.place.code === PLACES.otherVillage)).toBe(true);
    expect(here.items.some((c) => c.place === null && c.links.some((l) => l.via?.name === 'P3某'))).toBe(
      true,
    );
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'in', ['tracing.contacts_searched', 'tracing.contact_viewed'])
      .execute();
    expect(audit.some((a) => a.action === 'tracing.contact_viewed')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(ids.P1);
  });
});
