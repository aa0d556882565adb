import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';
import { type Seeded, V1, V2, seedRound } from './coverage.fixture.js';

let t: TestApp;
let county: Client; // county admin of 安次区: plans the round
let village: Client; // village worker of 张营村 (V1)
let other: Client; // village worker of 倪官屯村 (V2)
let s: Seeded;

const none = { hospital: 0, isolation: 0, away: 0, other: 0 };

interface Figures {
  expected: number;
  sampled: number;
  missing: number;
  exempt: typeof none;
  exemptTotal: number;
  share: number | null;
}
interface Coverage {
  unit: { code: string; level: string };
  total: Figures;
  rows: Array<Figures & { code: string | null; level: string; name: string }>;
}

const figures = (expected: number, sampled: number, exempt: Partial<typeof none> = {}) => ({
  expected,
  sampled,
  missing: expected - sampled,
  exempt: { ...none, ...exempt },
  share: expected === 0 ? null : sampled / expected,
});

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
});
afterAll(async () => t.close());

const get = async (c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Coverage>();
};

describe('coverage', () => {
  it('counts a village per grid, with the people outside any grid as one row', async () => {
    const v = await get(village, `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${V1}`);
    expect(v.unit).toMatchObject({ code: V1, level: 'village' });
    // 8 people; C exempt (hospital); B exempt but sampled counts as sampled only; A scanned twice.
    expect(v.total).toMatchObject({ ...figures(7, 4, { hospital: 1 }), exemptTotal: 1 });
    expect(v.rows).toEqual([
      expect.objectContaining({ code: PLACES.grid, level: 'grid', ...figures(4, 4, { hospital: 1 }) }),
      expect.objectContaining({ code: `${V1}G002`, level: 'grid', ...figures(2, 0) }),
      expect.objectContaining({ code: null, level: 'unassigned', ...figures(1, 0) }),
    ]);
  });

  it('counts a grid per building and a building per household', async () => {
    const g = await get(village, `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${PLACES.grid}`);
    expect(g.rows).toEqual([
      expect.objectContaining({
        code: PLACES.building,
        level: 'building',
        ...figures(3, 3, { hospital: 1 }),
      }),
      expect.objectContaining({ code: null, level: 'unassigned', ...figures(1, 1) }),
    ]);
    const b = await get(village, `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${PLACES.building}`);
    expect(b.total).toMatchObject(figures(3, 3, { hospital: 1 }));
    expect(
      b.rows
        .map((r) => ({ code: r.code, level: r.level, expected: r.expected, sampled: r.sampled }))
        .sort((x, y) => x.expected - y.expected),
    ).toEqual([
      { code: s.households.H2, level: 'household', expected: 1, sampled: 1 },
      { code: s.households.H1, level: 'household', expected: 2, sampled: 2 },
    ]);
  });

  it('rolls a town up per village, and defaults to the round’s area inside my home', async () => {
    const town = await get(county, `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=131002100`);
    expect(town.total).toMatchObject(figures(9, 5, { hospital: 1 }));
    expect(town.rows.find((r) => r.code === V1)).toMatchObject(figures(7, 4, { hospital: 1 }));
    expect(town.rows.find((r) => r.code === V2)).toMatchObject(figures(2, 1));
    const empty = town.rows.filter((r) => r.code !== V1 && r.code !== V2);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.every((r) => r.expected === 0 && r.share === null)).toBe(true);
    const byDefault = await get(county, `/api/testing/rounds/${s.roundId}/coverage`);
    expect(byDefault.unit.code).toBe(PLACES.town);
    expect(byDefault.total).toEqual(town.total);
    const mine = await get(village, `/api/testing/rounds/${s.roundId}/coverage`);
    expect(mine.unit.code).toBe(V1);
  });

  it('rolls the whole city up per county', async () => {
    const city = await t.login('city-admin');
    const res = await city.post('/api/testing/rounds', {
      name: '全市筛查',
      areas: [{ code: '1310', zone: 'prevention' }],
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const whole = await get(city, `/api/testing/rounds/${res.json<{ id: string }>().id}/coverage`);
    expect(whole.unit).toMatchObject({ code: PLACES.city, level: 'city' });
    expect(whole.total).toMatchObject(figures(10, 0));
    expect(whole.rows.find((r) => r.code === PLACES.county)).toMatchObject({
      level: 'county',
      ...figures(10, 0),
    });
    expect(whole.rows.find((r) => r.code === PLACES.otherCounty)).toMatchObject(figures(0, 0));
  });

  it('refuses a place the round does not cover', async () => {
    const res = await county.get(
      `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${PLACES.otherTown}`,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'OUTSIDE_ROUND' } });
  });

  it('gives the county map its share per county', async () => {
    const res = await county.get(`/api/testing/rounds/${s.roundId}/coverage/map`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      cityCode: PLACES.city,
      values: [{ code: PLACES.county, expected: 9, sampled: 5, value: Math.round((5 / 9) * 1000) / 10 }],
    });
  });
});

describe('the missing list', () => {
  interface Missing {
    total: { people: number; households: number };
    items: Array<{
      householdId: string;
      address: string;
      members: Array<{ id: string; name: string; idMasked: string; phoneMasked: string; specials: string[] }>;
    }>;
  }

  it('groups the people not sampled by household, in the order of their place; audited', async () => {
    const res = await village.get(`/api/testing/rounds/${s.roundId}/missing?jurisdiction=${V1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Missing>();
    expect(body.total).toEqual({ people: 3, households: 2 });
    expect(body.items.map((h) => h.householdId)).toEqual([s.households.H3, s.households.H4]);
    expect(body.items[1]!.members.map((m) => m.id).sort()).toEqual([s.people.G, s.people.J].sort());
    const g = body.items[1]!.members.find((m) => m.id === s.people.G)!;
    expect(g).toMatchObject({ name: '孙七', specials: ['immobile'] });
    expect(g.idMasked).toMatch(/\*{8}/);
    expect(g.phoneMasked).toMatch(/\*{4}/);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'testing.missing_viewed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'village-worker', jpath: '131002100202' });
  });

  it('pages by whole households', async () => {
    const first = (
      await village.get(`/api/testing/rounds/${s.roundId}/missing?jurisdiction=${V1}&limit=1`)
    ).json<Missing>();
    expect(first.items.map((h) => h.householdId)).toEqual([s.households.H3]);
    const second = (
      await village.get(`/api/testing/rounds/${s.roundId}/missing?jurisdiction=${V1}&limit=1&offset=1`)
    ).json<Missing>();
    expect(second.items.map((h) => h.householdId)).toEqual([s.households.H4]);
    expect(second.items[0]!.members).toHaveLength(2);
  });
});

describe('door-to-door tasks', () => {
  const url = () => `/api/testing/rounds/${s.roundId}/door-to-door`;

  it('creates one task per immobile or missing person, once', async () => {
    const res = await village.post(url(), { jurisdiction: V1, include: ['immobile', 'missing'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, byReason: { immobile: 1, missing: 2 } });
    const tasks = await t.db.db
      .selectFrom('sampling_tasks')
      .select(['person_id', 'reason', 'kind', 'status', 'village_code'])
      .where('round_id', '=', s.roundId)
      .execute();
    expect(tasks.map((x) => `${x.person_id}:${x.reason}`).sort()).toEqual(
      [`${s.people.G}:immobile`, `${s.people.F}:missing`, `${s.people.J}:missing`].sort(),
    );
    expect(
      tasks.every((x) => x.kind === 'door_to_door' && x.status === 'pending' && x.village_code === V1),
    ).toBe(true);

    const again = await county.post(url(), { jurisdiction: PLACES.town, include: ['missing', 'immobile'] });
    expect(again.json()).toEqual({ created: 1, byReason: { immobile: 0, missing: 1 } }); // I, in V2
    const thrice = await village.post(url(), { jurisdiction: V1, include: ['missing'] });
    expect(thrice.json()).toEqual({ created: 0, byReason: { immobile: 0, missing: 0 } });
  });

  it('is for samplers and planners only', async () => {
    const lab = await t.login('lab-technician');
    const res = await lab.post(url(), { jurisdiction: PLACES.county, include: ['missing'] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('scope: the village next door', () => {
  it('cannot read another village’s coverage, missing list or create its tasks', async () => {
    for (const url of [
      `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${V1}`,
      `/api/testing/rounds/${s.roundId}/missing?jurisdiction=${V1}`,
      `/api/testing/rounds/${s.roundId}/coverage?jurisdiction=${PLACES.town}`,
    ]) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    }
    const post = await other.post(`/api/testing/rounds/${s.roundId}/door-to-door`, {
      jurisdiction: V1,
      include: ['missing'],
    });
    expect(post.statusCode).toBe(403);
    const own = await get(other, `/api/testing/rounds/${s.roundId}/coverage`);
    expect(own.unit.code).toBe(V2);
    expect(own.total).toMatchObject(figures(2, 1));
  });
});
