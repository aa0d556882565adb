import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplingCodeOf } from '../../../domain/testing.js';
import { type Client, type TestApp, TEST_PII, createTestApp } from '../../test/app.js';
import { createUserUnchecked } from '../users/users.service.js';
import { type Seeded, V2, seedRound } from './coverage.fixture.js';
import { maskName } from '../../../domain/idcard.js';
import { residentToken } from './resident.service.js';

let t: TestApp;
let county: Client;
let village: Client;
let other: Client;
let s: Seeded;

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county-admin');
  village = await t.login('village-worker');
  await createUserUnchecked(t.db.db, {
    username: 'ni-worker',
    displayName: '倪官屯',
    role: 'village_worker',
    jurisdictionCode: V2,
    password: 'Other-pass-9',
  });
  other = await t.login('ni-worker', 'Other-pass-9');
  s = await seedRound(t, county);
  // A's pool is fine; E's was positive and E has a recheck task.
  await t.db.db
    .insertInto('sampling_tasks')
    .values({
      county_code: '131002',
      jpath: '131002100202/G001/',
      round_id: s.roundId,
      kind: 'recheck',
      reason: 'positive_pool',
      person_id: s.people.E,
      village_code: '131002100202',
      source_tube_id: s.tubes.T3,
      hold_at_home: true,
      status: 'positive',
    })
    .execute();
});
afterAll(async () => t.close());

interface Page {
  name: string;
  code: string;
  results: Array<{ round: string; result: string; recheck: string | null }>;
}

describe('sampling codes and links', () => {
  it('gives staff a person’s code and link, in scope only', async () => {
    const res = await village.get(`/api/testing/people/${s.people.A}/code`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      code: samplingCodeOf(s.people.A),
      residentLink: `/r/${residentToken(TEST_PII, s.people.A)}`,
    });
    const denied = await other.get(`/api/testing/people/${s.people.A}/code`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
  });

  it('prints a household’s codes with masked names; audited', async () => {
    const res = await village.get(`/api/testing/households/${s.households.H1}/codes`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ members: Array<{ personId: string; name: string; code: string }> }>();
    expect(body.members.map((m) => m.name).sort()).toEqual(['王*', '王*三', '王*伟'].sort());
    expect(body.members.every((m) => m.code === samplingCodeOf(m.personId))).toBe(true);
    expect(res.body).not.toContain('王小伟');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'population.household_viewed')
      .where('resource_id', '=', s.households.H1)
      .execute();
    expect(audit).toHaveLength(1);
    expect((await other.get(`/api/testing/households/${s.households.H1}/codes`)).statusCode).toBe(403);
  });

  it('masks names', () => {
    expect(maskName('王小伟')).toBe('王*伟');
    expect(maskName('王伟')).toBe('王*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('*');
  });
});

describe('the public resident page', () => {
  it('shows the holder their own results only, without logging in; audited', async () => {
    const res = await t.anonymous.get(`/api/testing/resident/${residentToken(TEST_PII, s.people.A)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.json<Page>();
    expect(page).toEqual({
      name: '王*伟',
      code: samplingCodeOf(s.people.A),
      results: [expect.objectContaining({ round: '第一轮全员核酸', result: 'negative', recheck: null })],
      // Their health code (risk control's codes.test.ts checks the token and the reasons).
      healthCode: expect.objectContaining({ colour: 'green', reasons: [] }) as unknown,
    });
    // Nothing of the tube's other members (B and D share A's tube).
    for (const id of [s.people.B, s.people.D, s.tubes.T1]) expect(res.body).not.toContain(id);
    expect(res.body).not.toContain('王二');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'testing.resident_page_viewed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      resource_id: s.people.A,
      jpath: '131002100202/G001/B00001/',
      actor_id: null,
    });
  });

  it('shows a recheck and a pending result', async () => {
    const e = (
      await t.anonymous.get(`/api/testing/resident/${residentToken(TEST_PII, s.people.E)}`)
    ).json<Page>();
    expect(e.results).toEqual([expect.objectContaining({ result: 'positive', recheck: 'positive' })]);
    const h = (
      await t.anonymous.get(`/api/testing/resident/${residentToken(TEST_PII, s.people.H)}`)
    ).json<Page>();
    expect(h.results).toEqual([expect.objectContaining({ result: 'pending' })]);
  });

  it('answers a forged, altered or malformed token with a bare 404', async () => {
    const good = residentToken(TEST_PII, s.people.A);
    const last = good.slice(-1) === 'A' ? 'B' : 'A';
    const forged = [
      good.slice(0, -1) + last, // one character of the MAC changed
      `${s.people.B}.${good.split('.')[1]}`, // A's MAC on B's id
      `${s.people.B}.AAAAAAAAAAAAAAAA`,
      'not-a-token',
      s.people.A,
    ];
    for (const token of forged) {
      const res = await t.anonymous.get(`/api/testing/resident/${encodeURIComponent(token)}`);
      expect(res.statusCode, token).toBe(404);
      const body = res.json<{ error: { code: string; message: string; details?: unknown } }>();
      expect(body.error.code).toBe('NOT_FOUND');
      expect(body.error.details).toBeUndefined();
      expect(res.body).not.toContain(s.people.B);
    }
  });
});
