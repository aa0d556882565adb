/**
 * Candidate matching on a hand-made fixture, loaded through the real exposure upload: who was there
 * (same venue within ± venueMinutes, same cell for ≥ cellMinutes, at a venue of the case's
 * itinerary), who was not (left a minute before the window, next cell, too short in the same cell,
 * met the case a minute before its look-back window), per edition (8th: 4 days, 9th: 2 days),
 * ranking, masking, decisions as upserts, scope and audit.
 */
import { gridDisk, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { createUserUnchecked } from '../users/users.service.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { addContactToCase } from './contacts.core.js';

interface Candidate {
  personId: string;
  name: string;
  idMasked: string;
  kind: 'venue' | 'cell' | 'both';
  minutes: number;
  encounters: number;
  lastAt: string;
  where: string[];
  place: { code: string; name: string };
  decision: string | null;
  contactId: string | null;
}
interface CandidateList {
  window: { from: string; until: string };
  params: { venueMinutes: number; cellMinutes: number; pingMinutes: number };
  items: Candidate[];
  total: number;
}

/** The contacts helper fills addContactToCase in parallel; until then accepting a contact is skipped. */
const contactsWritten = !addContactToCase.toString().includes('not written yet');

let t: TestApp;
let investigator: Client;
let admin: Client;
let outsider: Client;
const ids: Record<string, string> = {};
const people: Record<string, string> = {};
const venues: Record<string, string> = {};
let case8: string;
let case9: string;

const CELL = latLngToCell(39.52, 116.68, 8);
const NEXT = gridDisk(CELL, 1).find((c) => c !== CELL)!;

async function addPerson(key: string, seq: number) {
  ids[key] = makeIdNumber('131002', '1979-09-09', seq);
  const res = await admin.post('/api/population/people', {
    idNumber: ids[key],
    name: `${key}某`,
    phone: `1371234${String(seq).padStart(4, '0')}`,
    residenceType: 'registered',
    place: PLACES.village,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

async function upload(kind: 'venue' | 'ping', lines: string[]) {
  const res = await investigator.request('POST', `/api/tracing/exposures?kind=${kind}`, lines.join('\n'), {
    'content-type': 'text/csv',
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<{ skippedRows: number }>().skippedRows).toBe(0);
}

async function insertCase(number: string, editionId: string): Promise<string> {
  const row = await t.db.db
    .insertInto('cases')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      number,
      person_id: people.K!,
      name: 'K某',
      classification: 'confirmed',
      found_in: 'community',
      source: 'manual',
      edition_id: editionId,
      onset_date: '2022-03-10',
      sampled_date: '2022-03-10',
      reported_at: new Date('2022-03-11T02:00:00Z'),
      isolated_at: new Date('2022-03-11T04:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const candidates = async (as: Client, caseId: string) => {
  const res = await as.get(`/api/tracing/cases/${caseId}/candidates`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CandidateList>();
};
const byKey = (list: CandidateList) => {
  const keyOf = new Map(Object.entries(people).map(([k, id]) => [id, k]));
  return list.items.map((c) => keyOf.get(c.personId));
};

beforeAll(async () => {
  t = await createTestApp();
  investigator = await t.login('investigator');
  admin = await t.login('county-admin');
  await createUserUnchecked(t.db.db, {
    username: 'gy-investigator',
    displayName: '广阳流调',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  outsider = await t.login('gy-investigator', 'Other-pass-9');
  // K: the case. W was there; L left a minute before; E met K 3 days before onset; F met K a minute
  // before the window; I and J at a venue of K's itinerary (J too late); M long enough in K's cell,
  // S too short; N in the next cell.
  let seq = 200;
  for (const key of ['K', 'W', 'L', 'E', 'F', 'I', 'J', 'M', 'S', 'N']) await addPerson(key, seq++);
  for (const code of ['V1', 'V2', 'V3', 'V4']) {
    const res = await investigator.post('/api/tracing/venues', {
      code,
      name: `${code}饭店`,
      place: PLACES.village,
    });
    expect(res.statusCode, res.body).toBe(201);
    venues[code] = res.json<{ id: string }>().id;
  }
  await upload('venue', [
    '身份证号,场所码,时间',
    `${ids.K},V1,2022-03-09 10:00`,
    `${ids.W},V1,2022-03-09 10:30`, // +30 min: inside ±30
    `${ids.L},V1,2022-03-09 09:29`, // left 31 minutes before the case came
    `${ids.K},V2,2022-03-07 15:00`, // 3 days before onset
    `${ids.E},V2,2022-03-07 15:10`,
    `${ids.K},V3,2022-03-05 23:59`, // a minute before the 8th edition's window
    `${ids.F},V3,2022-03-06 00:05`,
    `${ids.I},V4,2022-03-09 16:25`, // 25 min after the case left (itinerary 14:00–16:00)
    `${ids.J},V4,2022-03-09 16:31`,
  ]);
  await upload('ping', [
    'id_number,cell,time',
    ...['12:00', '12:05', '12:10', '12:15'].map((at) => `${ids.K},${CELL},2022-03-09 ${at}`),
    `${ids.M},${CELL},2022-03-09 12:01`,
    `${ids.M},${CELL},2022-03-09 12:06`,
    `${ids.S},${CELL},2022-03-09 12:02`,
    `${ids.W},${CELL},2022-03-09 12:11`,
    `${ids.W},${CELL},2022-03-09 12:16`,
    ...['12:00', '12:05', '12:10', '12:15'].map((at) => `${ids.N},${NEXT},2022-03-09 ${at}`),
  ]);
  case8 = await insertCase('K-8', 'hebei-2022-03');
  case9 = await insertCase('K-9', 'national-9th-2022-06');
  await t.db.db
    .insertInto('itinerary_entries')
    .values(
      [case8, case9].map((caseId) => ({
        county_code: '131002',
        case_id: caseId,
        place_kind: 'venue' as const,
        venue_id: venues.V4!,
        place: 'V4饭店',
        from_at: new Date('2022-03-09T06:00:00Z'),
        to_at: new Date('2022-03-09T08:00:00Z'),
      })),
    )
    .execute();
});
afterAll(async () => t.close());

describe('candidates of a case', () => {
  it('are who was there, ranked by exposure (8th edition: 4 days back)', async () => {
    const list = await candidates(investigator, case8);
    expect(list.window).toEqual({ from: '2022-03-05T16:00:00.000Z', until: '2022-03-11T04:00:00.000Z' });
    expect(list.params).toMatchObject({ venueMinutes: 30, cellMinutes: 10, pingMinutes: 5 });
    expect(byKey(list)).toEqual(['W', 'I', 'E', 'M']);
    expect(list.total).toBe(4);
    const [w, i, e, m] = list.items;
    expect(w).toMatchObject({ kind: 'both', minutes: 40, encounters: 3, lastAt: '2022-03-09T04:16:00.000Z' });
    expect(w!.where).toEqual(expect.arrayContaining(['V1饭店', CELL]));
    expect(i).toMatchObject({ kind: 'venue', minutes: 30, encounters: 1, where: ['V4饭店'] });
    expect(e).toMatchObject({ kind: 'venue', lastAt: '2022-03-07T07:10:00.000Z' });
    expect(m).toMatchObject({ kind: 'cell', minutes: 10, encounters: 2, where: [CELL] });
    expect(w!.idMasked).toContain('*');
    expect(w!.idMasked).not.toBe(ids.W);
    expect(w!.place).toEqual({ code: PLACES.village, name: '张营村' });
    expect(w).toMatchObject({ decision: null, contactId: null });
  });

  it('follow the edition: 9th looks back 2 days, so the meeting 3 days before onset is out', async () => {
    const list = await candidates(investigator, case9);
    expect(list.window.from).toBe('2022-03-07T16:00:00.000Z');
    expect(byKey(list)).toEqual(['W', 'I', 'M']);
  });

  it('are opened through the case: another county cannot, and reading them is audited', async () => {
    expect((await outsider.get(`/api/tracing/cases/${case8}/candidates`)).statusCode).toBe(403);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['resource_id', 'jpath'])
      .where('action', '=', 'tracing.candidates_viewed')
      .execute();
    expect(audit.filter((a) => a.resource_id === case8).length).toBeGreaterThanOrEqual(1);
    expect(
      (await investigator.get('/api/tracing/cases/00000000-0000-4000-8000-000000000000/candidates'))
        .statusCode,
    ).toBe(404);
  });
});

describe('decisions', () => {
  const decide = (as: Client, caseId: string, key: string, body: unknown) =>
    as.post(`/api/tracing/cases/${caseId}/candidates/${people[key]}`, body);

  it('are stored, and an investigator may change their mind', async () => {
    const first = await decide(investigator, case8, 'M', { decision: 'companion' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<Candidate>()).toMatchObject({
      personId: people.M,
      decision: 'companion',
      contactId: null,
    });
    const again = await decide(investigator, case8, 'M', { decision: 'dismissed' });
    expect(again.json<Candidate>().decision).toBe('dismissed');
    const rows = await t.db.db
      .selectFrom('candidate_decisions')
      .selectAll()
      .where('person_id', '=', people.M!)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ case_id: case8, county_code: '131002', decision: 'dismissed' });
    const list = await candidates(investigator, case8);
    expect(list.items.find((c) => c.personId === people.M)!.decision).toBe('dismissed');
    // Per case: the 9th-edition case has no decision about M.
    const other = await candidates(investigator, case9);
    expect(other.items.find((c) => c.personId === people.M)!.decision).toBeNull();
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'tracing.candidate_decided')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('are refused for someone who is not a candidate, and for readers without Investigate', async () => {
    expect((await decide(investigator, case8, 'L', { decision: 'dismissed' })).statusCode).toBe(404);
    expect((await decide(investigator, case9, 'E', { decision: 'dismissed' })).statusCode).toBe(404);
    expect((await decide(admin, case8, 'W', { decision: 'dismissed' })).statusCode).toBe(403);
    expect((await decide(outsider, case8, 'W', { decision: 'dismissed' })).statusCode).toBe(403);
    expect((await decide(investigator, case8, 'W', { decision: 'maybe' })).statusCode).toBe(400);
  });

  it.runIf(contactsWritten)(
    'close makes the person a contact of the case, last exposed at the last encounter',
    async () => {
      const res = await decide(investigator, case8, 'W', { decision: 'close' });
      expect(res.statusCode, res.body).toBe(200);
      const out = res.json<Candidate>();
      expect(out.decision).toBe('close');
      expect(out.contactId).toBeTruthy();
      const contact = await t.db.db
        .selectFrom('contacts')
        .select(['person_id', 'degree', 'last_exposure_at'])
        .where('id', '=', out.contactId!)
        .executeTakeFirstOrThrow();
      expect(contact).toMatchObject({ person_id: people.W, degree: 'close' });
      expect(new Date(contact.last_exposure_at).toISOString()).toBe('2022-03-09T04:16:00.000Z');
      const link = await t.db.db
        .selectFrom('contact_links')
        .select(['case_id', 'source', 'exposure_type'])
        .where('contact_id', '=', out.contactId!)
        .executeTakeFirstOrThrow();
      expect(link).toEqual({ case_id: case8, source: 'candidate', exposure_type: 'venue' });
      // Changing one's mind keeps the contact: dismissing now records the answer only.
      const dismissed = await decide(investigator, case8, 'W', { decision: 'dismissed' });
      expect(dismissed.json<Candidate>()).toMatchObject({ decision: 'dismissed', contactId: out.contactId });
      const list = await candidates(investigator, case8);
      expect(list.items.find((c) => c.personId === people.W)!.contactId).toBe(out.contactId);
    },
  );
});
