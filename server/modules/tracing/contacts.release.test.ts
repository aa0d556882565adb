/**
 * Release from isolation through the API, with test results as the testing module leaves them
 * (tubes and samples inserted directly): a 9th-edition case's close contact K and the secondary
 * contact S named through K. S may be released on day 7 only with their own release test negative
 * and K's first two tests negative; a positive pooled tube waits on its recheck; a user who
 * may move contacts may release anyway with a reason, which the audit log keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { onCaseCreated } from './contacts.core.js';

let t: TestApp;
let inv: Client;
let admin: Client;
const people: Record<string, string> = {};
let tubeSeq = 0;

interface Detail {
  id: string;
  status: string;
  plan: { from: string; until: string };
  release: { until: string; blockers: Array<{ code: string } & Record<string, unknown>> } | null;
}

async function addPerson(as: Client, key: string, seq: number) {
  const res = await as.post('/api/population/people', {
    idNumber: makeIdNumber('131002', '1980-04-01', seq),
    name: `${key}某`,
    residenceType: 'registered',
    place: PLACES.village,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

/** A resulted tube holding these people, sampled at `at` (China time). */
async function result(keys: string[], at: string, outcome: 'negative' | 'positive') {
  tubeSeq += 1;
  // A person gives one sample per round: each test of isolation is a round of its own.
  const round = await admin.post('/api/testing/rounds', {
    name: `隔离检测${tubeSeq}`,
    areas: [{ code: PLACES.village, zone: 'sealed' }],
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    editionId: 'national-9th-2022-06',
  });
  expect(round.statusCode, round.body).toBe(201);
  const roundId = round.json<{ id: string }>().id;
  const tube = await t.db.db
    .insertInto('tubes')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      round_id: roundId,
      barcode: `REL${String(tubeSeq).padStart(4, '0')}`,
      pool_group: 'isolation',
      capacity: keys.length,
      members: keys.length,
      status: 'resulted',
      result: outcome,
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
        tube_id: tube.id,
        tube_county: '131002',
        sampled_at: new Date(`${at}+08:00`),
      })),
    )
    .execute();
}

const detail = async (id: string) => {
  const res = await inv.get(`/api/tracing/contacts/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Detail>();
};
const release = (id: string, body: Record<string, unknown> = {}) =>
  inv.post(`/api/tracing/contacts/${id}/status`, { status: 'released', ...body });
const codes = (d: Detail) => d.release?.blockers.map((b) => b.code);

let close: string;
let secondary: string;
let other: string;

beforeAll(async () => {
  t = await createTestApp();
  inv = await t.login('investigator');
  admin = await t.login('county-admin');
  for (const [i, key] of ['C', 'K', 'S', 'P'].entries()) await addPerson(admin, key, 300 + i);
  const row = await t.db.db.transaction().execute(async (tx) => {
    const c = await tx
      .insertInto('cases')
      .values({
        county_code: '131002',
        jpath: PLACES.village,
        number: 'REL-1',
        person_id: people.C!,
        name: 'C某',
        classification: 'confirmed',
        found_in: 'community',
        source: 'manual',
        edition_id: 'national-9th-2022-06',
        sampled_date: '2022-03-15',
        reported_at: new Date('2022-03-15T20:00:00+08:00'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await onCaseCreated(tx, c);
    return c;
  });
  const named = async (url: string, key: string, exposureType: string) => {
    const res = await inv.post(url, {
      personId: people[key],
      name: `${key}某`,
      exposureType,
      lastExposureAt: '2022-03-15T12:00:00+08:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ contact: { id: string } }>().contact.id;
  };
  close = await named(`/api/tracing/cases/${row.id}/contacts`, 'K', 'meal');
  secondary = await named(`/api/tracing/contacts/${close}/contacts`, 'S', 'household');
  other = await named(`/api/tracing/cases/${row.id}/contacts`, 'P', 'work');
  for (const id of [close, secondary, other]) {
    const res = await inv.post(`/api/tracing/contacts/${id}/status`, { status: 'home_quarantine' });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => t.close());

describe('release from isolation', () => {
  it("keeps a 9th-edition secondary contact until their release test and the close contact's first two tests are negative", async () => {
    let d = await detail(secondary);
    expect(d.plan).toMatchObject({ from: '2022-03-16', until: '2022-03-22' });
    expect(d.release?.until).toBe('2022-03-22');
    expect(codes(d)).toEqual(['release_test_missing', 'close_contact_tests']);

    const refused = await release(secondary);
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{ error: { code: string; details: { blockers: unknown[] } } }>().error;
    expect(error.code).toBe('RELEASE_BLOCKED');
    expect(error.details.blockers).toEqual(d.release!.blockers);

    // Own tests on days 1, 4 and 7; the close contact's first test negative, the second not yet.
    await result(['S'], '2022-03-16T09:00:00', 'negative');
    await result(['S'], '2022-03-19T09:00:00', 'negative');
    await result(['S'], '2022-03-22T09:00:00', 'negative');
    await result(['K'], '2022-03-16T09:00:00', 'negative');
    d = await detail(secondary);
    expect(d.release?.blockers).toEqual([
      { code: 'close_contact_tests', name: 'K某', negatives: 1, needed: 2, positive: false },
    ]);
    expect((await release(secondary)).statusCode).toBe(409);

    await result(['K'], '2022-03-17T09:00:00', 'negative');
    expect(codes(await detail(secondary))).toEqual([]);
    const released = await release(secondary);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json<Detail>()).toMatchObject({ status: 'released', release: null });
  });

  it('waits on the recheck of a positive pooled tube, and keeps someone whose single tube is positive', async () => {
    // The close contact K (9th edition, here at home, released on day 7): a pooled positive on day 7.
    await result(['K', 'C'], '2022-03-22T09:00:00', 'positive');
    let d = await detail(close);
    expect(d.release?.blockers).toEqual([
      { code: 'recheck_pending', date: '2022-03-22' },
      { code: 'release_test_missing', date: '2022-03-22', samples: 1, negatives: 0 },
    ]);
    // The recheck, a single tube: positive.
    await result(['K'], '2022-03-22T15:00:00', 'positive');
    d = await detail(close);
    expect(codes(d)).toEqual(['own_positive', 'release_test_missing']);
    expect((await release(close)).statusCode).toBe(409);
  });

  it('releases anyway with a reason, kept in the audit log with what was overridden', async () => {
    expect(codes(await detail(other))).toEqual(['release_test_missing']);
    // Blank is no reason.
    expect((await release(other, { override: '   ' })).statusCode).toBe(409);
    const res = await release(other, { override: '转至定点医院继续观察' });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'tracing.contact_status_changed')
      .where('resource_id', '=', other)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({
      to: 'released',
      reason: '转至定点医院继续观察',
      overridden: [{ code: 'release_test_missing', date: '2022-03-22' }],
    });
  });
});
