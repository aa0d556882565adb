import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let investigator: Client; // investigator of 安次区
let otherInvestigator: Client; // investigator of 广阳区
const caseIds: Record<string, string> = {};

interface Dashboard {
  casesPerDay: Array<{ date: string; community: number; underControl: number }>;
  totals: { cases: number; community: number; underControl: number; open: number; overdue: number };
  clocks: Record<string, { done: number; late: number; pending: number; overdue: number }>;
  contacts: Record<
    'close' | 'secondary',
    { total: number; controlled: number; released: number; pending: number }
  >;
  load: Array<{ user: { name: string }; open: number }>;
}

const cst = (local: string) => new Date(`${local}+08:00`).toISOString();

async function newCase(key: string, reportedAt: string, foundIn: string, place: string = PLACES.village) {
  const res = await investigator.post('/api/tracing/cases', {
    person: { name: key },
    place,
    classification: 'asymptomatic',
    foundIn,
    sampledDate: reportedAt.slice(0, 10),
    reportedAt: cst(reportedAt),
  });
  expect(res.statusCode, res.body).toBe(201);
  caseIds[key] = res.json<{ case: { id: string } }>().case.id;
}

async function contact(
  degree: 'close' | 'secondary',
  status: string,
  county: '131002' | '131003',
  namedBy?: string,
): Promise<void> {
  const jpath = county === '131002' ? PLACES.village : '131003001001';
  const row = await t.db.db
    .insertInto('contacts')
    .values({
      county_code: county,
      jpath,
      name: '接触者',
      degree,
      status: status as 'identified',
      edition_id: 'hebei-2022-03',
      last_exposure_at: new Date(cst('2022-03-10T12:00:00')),
      plan: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (namedBy) {
    await t.db.db
      .insertInto('contact_links')
      .values({
        county_code: county,
        contact_id: row.id,
        case_id: caseIds[namedBy]!,
        case_county_code: '131002',
        exposure_type: 'meal',
        last_exposure_at: new Date(cst('2022-03-10T12:00:00')),
      })
      .execute();
  }
}

const dashboardOf = async (as: Client, query: string): Promise<Dashboard> => {
  const res = await as.get(`/api/tracing/dashboard?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
};

beforeAll(async () => {
  t = await createTestApp();
  investigator = await t.login('investigator');
  await createUserUnchecked(t.db.db, {
    username: 'gy-investigator',
    displayName: '广阳流调员',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  otherInvestigator = await t.login('gy-investigator', 'Other-pass-9');
  // China-time day boundaries: the last second of 10 March and the first of 11 March.
  await newCase('before', '2022-03-09T23:59:59', 'community');
  await newCase('lateTen', '2022-03-10T23:59:59', 'community');
  await newCase('elevenMidnight', '2022-03-11T00:00:00', 'sealed_zone');
  await newCase('twelve', '2022-03-12T10:00:00', 'isolation', PLACES.otherVillage);
  await newCase('after', '2022-03-13T00:00:00', 'community');
  const mark = (key: string, at: string) =>
    investigator.post(`/api/tracing/cases/${caseIds[key]}/clocks`, { clock: 'onScene', at: cst(at) });
  expect((await mark('elevenMidnight', '2022-03-11T01:00:00')).statusCode).toBe(200); // in time
  expect((await mark('twelve', '2022-03-12T13:00:00')).statusCode).toBe(200); // an hour late
  await contact('close', 'central_isolation', '131002');
  await contact('close', 'released', '131002');
  await contact('close', 'identified', '131003', 'lateTen'); // lives in 广阳区, named by our case
  await contact('close', 'notified', '131003'); // 广阳区's own
  await contact('close', 'converted', '131002');
  await contact('secondary', 'home_quarantine', '131002');
});
afterAll(async () => t.close());

describe('the tracing dashboard', () => {
  it('counts cases per China-time day, community versus under control', async () => {
    const d = await dashboardOf(investigator, 'until=2022-03-12&days=3');
    expect(d.casesPerDay).toEqual([
      { date: '2022-03-10', community: 1, underControl: 0 },
      { date: '2022-03-11', community: 0, underControl: 1 },
      { date: '2022-03-12', community: 0, underControl: 1 },
    ]);
    expect(d.totals).toEqual({ cases: 3, community: 1, underControl: 2, open: 5, overdue: 5 });
  });

  it('reports how the 2/4/24 clocks were kept for the cases of the window', async () => {
    const d = await dashboardOf(investigator, 'until=2022-03-12&days=3');
    expect(d.clocks).toEqual({
      onScene: { done: 1, late: 1, pending: 0, overdue: 1 },
      coreInfo: { done: 0, late: 0, pending: 0, overdue: 3 },
      report: { done: 0, late: 0, pending: 0, overdue: 3 },
    });
  });

  it('counts contacts living in my subtree and those named by my cases', async () => {
    const d = await dashboardOf(investigator, 'until=2022-03-12');
    expect(d.contacts).toEqual({
      close: { total: 4, controlled: 1, released: 1, pending: 1 },
      secondary: { total: 1, controlled: 1, released: 0, pending: 0 },
    });
    expect(d.casesPerDay).toHaveLength(14);
    expect(d.load.map((r) => [r.user.name, r.open])).toContainEqual([expect.any(String), 0]);
  });

  it("is scoped: another county sees none of our cases, only its own people's contacts", async () => {
    const d = await dashboardOf(otherInvestigator, 'until=2022-03-12&days=3');
    expect(d.totals).toEqual({ cases: 0, community: 0, underControl: 0, open: 0, overdue: 0 });
    expect(d.casesPerDay.every((x) => x.community === 0 && x.underControl === 0)).toBe(true);
    expect(d.contacts.close).toEqual({ total: 2, controlled: 0, released: 0, pending: 2 });
    expect(d.load.map((r) => r.user.name)).toEqual(['广阳流调员']);
  });

  it('narrows to a place of my subtree', async () => {
    const d = await dashboardOf(investigator, `until=2022-03-12&days=3&at=${PLACES.otherVillage}`);
    expect(d.totals).toMatchObject({ cases: 1, community: 0, underControl: 1, open: 1 });
    expect(d.contacts.close.total).toBe(0);
    const outside = await investigator.get(`/api/tracing/dashboard?at=${PLACES.otherCounty}`);
    expect(outside.statusCode).toBe(403);
    expect((await investigator.get('/api/tracing/dashboard?days=400')).statusCode).toBe(400);
  });
});
