/**
 * The access matrix: every role × the jurisdiction it is homed at, its parent, a sibling and a child
 * × every /api endpoint → allowed or denied as designed:
 *
 *   allowed  ⇔  the role has the route's permission  ∧  the target lies in the user's subtree (own, child)
 *
 * The endpoint list comes from the running app (app.routeAccess), so an endpoint added without a
 * line here fails this test. "Allowed" means the request got past authorisation (any status but
 * 401/403 — a 404 or 409 is the service answering); "denied" means 403 FORBIDDEN or OUT_OF_SCOPE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, type Role, ROLES, roleHas } from '../domain/access.js';
import { makeIdNumber } from '../domain/idcard.js';
import { personRow } from './modules/population/person.codec.js';
import { resolveHouseholds, upsertPeople } from './modules/population/people.repo.js';
import { createUserUnchecked } from './modules/users/users.service.js';
import { type TestingSeed, testingEndpoints } from './access-matrix.testing.js';
import { type CodesSeed, codesEndpoints, seedCodes } from './access-matrix.codes.js';
import type { MatrixCall, MatrixSpec, PersonAt } from './access-matrix.types.js';
import { type PassesSeed, passesEndpoints, seedPasses } from './access-matrix.passes.js';
import { type TracingSeed, peerTokenHash, seedTracing, tracingEndpoints } from './access-matrix.tracing.js';
import { type ZonesSeed, seedZones, zonesEndpoints } from './access-matrix.zones.js';
import { type Client, type TestApp, TEST_PII, createTestApp } from './test/app.js';
import { PLACES, ROLE_HOME, userOf } from './test/fixtures.js';

const SIBLING_GRID = `${PLACES.village.slice(0, 12)}G002`;

type Home = (typeof ROLE_HOME)[Role];
type Relation = 'own' | 'parent' | 'sibling' | 'child';
const RELATIONS: Record<Home, Partial<Record<Relation, string>>> = {
  city: { own: PLACES.city, child: PLACES.county },
  county: { own: PLACES.county, parent: PLACES.city, sibling: PLACES.otherCounty, child: PLACES.town },
  town: { own: PLACES.town, parent: PLACES.county, sibling: PLACES.otherTown, child: PLACES.village },
  village: { own: PLACES.village, parent: PLACES.town, sibling: PLACES.otherVillage, child: PLACES.grid },
  grid: { own: PLACES.grid, parent: PLACES.village, sibling: SIBLING_GRID, child: PLACES.building },
};

type Call = MatrixCall;

interface Ctx {
  t: TestApp;
  /** An account homed at each target place (none at buildings: no role lives there). */
  userAt: Map<string, string>;
  seq: () => number;
  /** A person living under each target place but outside the narrower targets inside it. */
  personAt: PersonAt;
  /** Per target place: a round owned by and covering it, and a site, team, lab and open tube there. */
  testing: Map<string, TestingSeed>;
  newTeam: (place: string) => Promise<string>;
  /** Per target place: a case, its contacts, itinerary, venue, team, cluster and assist notice. */
  tracing: Map<string, TracingSeed>;
  peerId: string;
  /** Risk control, per target place (access-matrix.zones.ts, .codes.ts, .passes.ts). */
  zones: Map<string, ZonesSeed>;
  codes: Map<string, CodesSeed>;
  passes: Map<string, PassesSeed>;
}

/** How to call each endpoint against a target jurisdiction (scoped) or without one. */
// coversBelow: a round covering a county is the villages' round; a city lab serves every county.
const ENDPOINTS: Record<string, MatrixSpec<Ctx>> = {
  ...testingEndpoints(),
  ...tracingEndpoints(),
  ...zonesEndpoints(),
  ...codesEndpoints(),
  ...passesEndpoints(),
  'GET /api/system/info': { scoped: false, call: () => ({ method: 'GET', url: '/api/system/info' }) },
  'POST /api/auth/login': {
    scoped: false,
    call: () => ({
      method: 'POST',
      url: '/api/auth/login',
      body: { username: 'sampler', password: 'fixture-pass-1' },
    }),
  },
  'GET /api/auth/me': { scoped: false, call: () => ({ method: 'GET', url: '/api/auth/me' }) },
  // Wrong current password on purpose: authorised, then refused by the service (400), session kept.
  'POST /api/auth/password': {
    scoped: false,
    call: () => ({
      method: 'POST',
      url: '/api/auth/password',
      body: { currentPassword: 'nope-1', newPassword: 'whatever-22' },
    }),
  },
  'POST /api/auth/logout': { scoped: false, call: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  'GET /api/jurisdictions': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/jurisdictions?parent=${p}` }),
  },
  'GET /api/jurisdictions/:code': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/jurisdictions/${p}` }),
  },
  'GET /api/jurisdictions/:code/map': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/jurisdictions/${p}/map` }),
  },
  'POST /api/jurisdictions': {
    scoped: true,
    call: (_c, p) => ({
      method: 'POST',
      url: '/api/jurisdictions',
      body: { parentCode: p, level: p.includes('G') ? 'building' : 'grid', name: '矩阵' },
    }),
  },
  'PATCH /api/jurisdictions/:code': {
    scoped: true,
    call: (_c, p) => ({ method: 'PATCH', url: `/api/jurisdictions/${p}`, body: { address: '矩阵路1号' } }),
  },
  'DELETE /api/jurisdictions/:code': {
    scoped: true,
    // Deleting a fixture would change later cases: buildings are replaced by a fresh one beside them.
    call: async (ctx, p) => {
      if (!p.includes('B')) return { method: 'DELETE', url: `/api/jurisdictions/${p}` };
      const admin = await ctx.t.login('city-admin');
      const parent = (await admin.get(`/api/jurisdictions/${p}`)).json<{
        jurisdiction: { parentCode: string };
      }>();
      const fresh = await admin.post('/api/jurisdictions', {
        parentCode: parent.jurisdiction.parentCode,
        level: 'building',
        name: '待删',
      });
      return { method: 'DELETE', url: `/api/jurisdictions/${fresh.json<{ code: string }>().code}` };
    },
  },
  'GET /api/users': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/users?jurisdiction=${p}` }),
  },
  'GET /api/users/:id': {
    scoped: true,
    call: (c, p) => ({ method: 'GET', url: `/api/users/${targetUser(c, p)}` }),
  },
  'POST /api/users': {
    scoped: true,
    call: (c, p) => ({
      method: 'POST',
      url: '/api/users',
      body: {
        username: `matrix-${c.seq()}`,
        displayName: '矩阵',
        role: p.includes('G') ? 'grid_worker' : 'sampler',
        jurisdictionCode: p,
        password: 'Matrix-pass-9',
      },
    }),
  },
  'PATCH /api/users/:id': {
    scoped: true,
    call: (c, p) => ({
      method: 'PATCH',
      url: `/api/users/${targetUser(c, p)}`,
      body: { displayName: '矩阵改名' },
    }),
  },
  'POST /api/users/:id/reset-password': {
    scoped: true,
    call: (c, p) => ({ method: 'POST', url: `/api/users/${targetUser(c, p)}/reset-password` }),
  },
  'GET /api/audit': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/audit?jurisdiction=${p}&limit=1` }),
  },
  'GET /api/audit/actions': { scoped: false, call: () => ({ method: 'GET', url: '/api/audit/actions' }) },
  // A stream: checked over real HTTP below rather than through inject.
  'GET /api/live': { scoped: false, call: () => ({ method: 'GET', url: '/api/live' }) },
  'GET /api/population/people': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/people?jurisdiction=${p}&limit=1` }),
  },
  'GET /api/population/people/:id': {
    scoped: true,
    call: (c, p) => ({ method: 'GET', url: `/api/population/people/${c.personAt.get(p)!.id}` }),
  },
  'POST /api/population/people/:id/reveal': {
    scoped: true,
    call: (c, p) => ({
      method: 'POST',
      url: `/api/population/people/${c.personAt.get(p)!.id}/reveal`,
      body: { reason: '矩阵测试' },
    }),
  },
  'POST /api/population/people': {
    scoped: true,
    call: (c, p) => ({
      method: 'POST',
      url: '/api/population/people',
      body: {
        idNumber: makeIdNumber('131002', '1990-01-01', 100 + c.seq()),
        name: '矩阵',
        residenceType: 'resident',
        place: p,
      },
    }),
  },
  'PATCH /api/population/people/:id': {
    scoped: true,
    call: (c, p) => ({
      method: 'PATCH',
      url: `/api/population/people/${c.personAt.get(p)!.id}`,
      body: { notes: `矩阵 ${c.seq()}` },
    }),
  },
  'GET /api/population/households/:id': {
    scoped: true,
    call: (c, p) => ({ method: 'GET', url: `/api/population/households/${c.personAt.get(p)!.householdId}` }),
  },
  'GET /api/population/summary': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/summary?code=${p}` }),
  },
  'GET /api/population/specials': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/specials?jurisdiction=${p}&limit=1` }),
  },
  'GET /api/population/specials/counts': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/specials/counts?jurisdiction=${p}` }),
  },
  'GET /api/population/staff': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/staff?jurisdiction=${p}` }),
  },
  'POST /api/population/staff': {
    scoped: true,
    call: (_c, p) => ({
      method: 'POST',
      url: '/api/population/staff',
      body: { unitCode: p, role: p.includes('B') ? 'building_head' : 'grid_worker', name: '矩阵' },
    }),
  },
  'DELETE /api/population/staff/:id': {
    scoped: true,
    // A fresh entry at the target's person's place for every call: deleting is not repeatable.
    call: async (c, p) => {
      const person = c.personAt.get(p)!;
      const row = await c.t.db.db
        .insertInto('grid_staff')
        .values({
          county_code: person.jpath.slice(0, 6),
          jpath: person.jpath,
          unit_code: person.unit,
          role: 'grid_worker',
          name: '待删',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/population/staff/${row.id}` };
    },
  },
  'GET /api/population/export.xlsx': {
    scoped: true,
    call: (_c, p) => ({ method: 'GET', url: `/api/population/export.xlsx?jurisdiction=${p}` }),
  },
  'GET /api/population/import-template.xlsx': {
    scoped: false,
    call: () => ({ method: 'GET', url: '/api/population/import-template.xlsx' }),
  },
  // A JSON body instead of a file: authorised, then refused by the handler (415).
  'POST /api/population/imports': {
    scoped: false,
    call: () => ({ method: 'POST', url: '/api/population/imports?fileName=matrix.csv', body: {} }),
  },
  'GET /api/population/imports': {
    scoped: false,
    call: () => ({ method: 'GET', url: '/api/population/imports' }),
  },
  // Jobs belong to the uploader's place: a finished job at each target (state answers are 400/409).
  'GET /api/population/imports/:id': {
    scoped: true,
    call: async (c, p) => ({ method: 'GET', url: `/api/population/imports/${await importAt(c, p)}` }),
  },
  'GET /api/population/imports/:id/errors.xlsx': {
    scoped: true,
    call: async (c, p) => ({
      method: 'GET',
      url: `/api/population/imports/${await importAt(c, p)}/errors.xlsx`,
    }),
  },
  'POST /api/population/imports/:id/start': {
    scoped: true,
    call: async (c, p) => ({
      method: 'POST',
      url: `/api/population/imports/${await importAt(c, p)}/start`,
      body: { mapping: { name: '姓名', idNumber: '身份证号', village: '村' } },
    }),
  },
  'POST /api/population/imports/:id/resume': {
    scoped: true,
    call: async (c, p) => ({ method: 'POST', url: `/api/population/imports/${await importAt(c, p)}/resume` }),
  },
  'POST /api/population/imports/:id/cancel': {
    scoped: true,
    call: async (c, p) => ({ method: 'POST', url: `/api/population/imports/${await importAt(c, p)}/cancel` }),
  },
};

/** A finished import job homed at `place`, as if someone there had uploaded it. */
async function importAt(ctx: Ctx, place: string): Promise<string> {
  const db = ctx.t.db.db;
  const unit = await db
    .selectFrom('jurisdictions')
    .select(['jpath', 'county_code'])
    .where('code', '=', place)
    .executeTakeFirstOrThrow();
  const job = await db
    .insertInto('imports')
    .values({
      county_code: unit.county_code,
      jpath: unit.jpath,
      file_name: 'matrix.csv',
      file_sha256: '0'.repeat(64),
      file_size: 1,
      format: 'csv',
      status: 'done',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return job.id;
}

/** The account homed at `place`; nobody lives at a building, so there an id of no one. */
function targetUser(ctx: Ctx, place: string): string {
  return ctx.userAt.get(place) ?? '00000000-0000-4000-8000-000000000000';
}

let t: TestApp;
let base: string;
const ctx = {
  userAt: new Map<string, string>(),
  personAt: new Map(),
  testing: new Map(),
  tracing: new Map(),
  zones: new Map(),
  codes: new Map(),
  passes: new Map(),
  newTeam: async (place: string) => {
    const site = await t.db.db
      .selectFrom('sampling_sites')
      .selectAll()
      .where('id', '=', ctx.testing.get(place)!.siteId)
      .executeTakeFirstOrThrow();
    const team = await t.db.db
      .insertInto('sampling_teams')
      .values({ county_code: site.county_code, jpath: site.jpath, site_id: site.id, name: '矩阵临时队' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return team.id;
  },
  seq: (() => {
    let n = 0;
    return () => ++n;
  })(),
} as Ctx;

beforeAll(async () => {
  t = await createTestApp();
  ctx.t = t;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const admin = await t.login('city-admin');
  await admin.post('/api/jurisdictions', { parentCode: PLACES.village, level: 'grid', name: '第二网格' });
  const targets = [...new Set(Object.values(RELATIONS).flatMap((r) => Object.values(r)))];
  for (const place of targets) {
    if (place.includes('B')) continue;
    const user = await createUserUnchecked(t.db.db, {
      username: `target-${place}`,
      displayName: '目标',
      role: place.includes('G') ? 'grid_worker' : 'sampler',
      jurisdictionCode: place,
      password: 'Target-pass-9',
    });
    ctx.userAt.set(place, user.id);
  }
  await seedPeople();
  await seedTesting();
  ctx.tracing = await seedTracing(t.db.db, ctx.personAt, ctx.seq);
  ctx.zones = await seedZones(t.db.db, ctx.personAt, ctx.seq);
  ctx.codes = await seedCodes(t.db.db, ctx.personAt, ctx.seq);
  ctx.passes = await seedPasses(t.db.db, ctx.personAt, ctx.seq);
  const peer = await t.db.db
    .insertInto('assist_peers')
    .values({ name: '矩阵对端', region: '北京市', token_hash: peerTokenHash(), deliver_to: PLACES.county })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.peerId = peer.id;
});

/**
 * Where each target's person lives: the city's in the other county, the county's in the other town,
 * the town's in the other village, the village's at village level (no grid), the grid's in the grid
 * (no building) — so that "parent" and "sibling" targets are really outside a user's subtree.
 */
async function seedPeople(): Promise<void> {
  const db = t.db.db;
  const firstVillage = async (prefix: string) =>
    await db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('level', '=', 'village')
      .where('code', 'like', `${prefix}%`)
      .orderBy('code')
      .executeTakeFirstOrThrow();
  const unit = (code: string) =>
    db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const homes: Record<string, Awaited<ReturnType<typeof unit>>> = {
    [PLACES.city]: await firstVillage(PLACES.otherCounty.slice(0, 6)),
    [PLACES.county]: await firstVillage(PLACES.otherTown.slice(0, 9)),
    [PLACES.otherCounty]: await firstVillage(PLACES.otherCounty.slice(0, 6)),
    [PLACES.town]: await unit(PLACES.otherVillage),
    [PLACES.otherTown]: await firstVillage(PLACES.otherTown.slice(0, 9)),
    [PLACES.village]: await unit(PLACES.village),
    [PLACES.otherVillage]: await unit(PLACES.otherVillage),
    [PLACES.grid]: await unit(PLACES.grid),
    [SIBLING_GRID]: await unit(SIBLING_GRID),
    [PLACES.building]: await unit(PLACES.building),
  };
  let seq = 0;
  for (const [target, home] of Object.entries(homes)) {
    const villageCode = home.code.slice(0, 12);
    const place = {
      countyCode: home.county_code,
      villageCode,
      gridCode: home.level === 'grid' ? home.code : home.level === 'building' ? home.parent_code : null,
      buildingCode: home.level === 'building' ? home.code : null,
      jpath: home.jpath,
    };
    const households = await resolveHouseholds(
      db,
      [{ ...place, unit: null, room: '1', address: `矩阵 ${target}` }],
      'test',
    );
    const householdId = [...households.values()][0]!;
    const row = personRow(
      TEST_PII,
      {
        idNumber: makeIdNumber(home.county_code, '1980-05-05', ++seq),
        name: `矩阵${seq}`,
        sex: seq % 2 === 1 ? 'M' : 'F',
        birthDate: '1980-05-05',
        phone: `1380000000${seq % 10}`,
        phone2: null,
        residenceType: 'resident',
        registeredAddress: null,
        workUnit: null,
        emergencyName: null,
        emergencyPhone: null,
        notes: null,
        relation: 'head',
        unit: null,
        room: '1',
      },
      { ...place, householdId },
      'test',
    );
    const result = await upsertPeople(db, TEST_PII, [row], { actorId: null, source: 'test' });
    ctx.personAt.set(target, { id: result.ids[0]!, householdId, jpath: home.jpath, unit: home.code });
  }
}
/** A round, site, team, lab and open tube at each target place, written directly (no role's scope in the way). */
async function seedTesting(): Promise<void> {
  const db = t.db.db;
  const { EDITIONS } = await import('../domain/protocol.js');
  for (const [target, person] of ctx.personAt) {
    const unit = await db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', target)
      .executeTakeFirstOrThrow();
    const round = await db
      .insertInto('testing_rounds')
      .values({
        county_code: unit.county_code,
        jpath: unit.jpath,
        name: `矩阵轮次 ${target}`,
        edition_id: EDITIONS[0]!.id,
        rules: JSON.stringify(EDITIONS[0]!.testing),
        starts_at: new Date(Date.now() - 3600_000),
        ends_at: new Date(Date.now() + 86_400_000),
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('testing_round_areas')
      .values({
        round_id: round.id,
        code: target,
        county_code: unit.county_code,
        jpath: unit.jpath,
        zone: 'prevention',
      })
      .execute();
    const where = { county_code: person.jpath.slice(0, 6), jpath: person.jpath };
    const site = await db
      .insertInto('sampling_sites')
      .values({ ...where, village_code: person.jpath.slice(0, 12), name: `矩阵采样点 ${target}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = await db
      .insertInto('sampling_teams')
      .values({ ...where, site_id: site.id, name: '矩阵队' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lab = await db
      .insertInto('labs')
      .values({
        county_code: unit.county_code,
        jpath: unit.jpath,
        code: `LAB${ctx.seq()}`,
        name: `矩阵实验室 ${target}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tube = await db
      .insertInto('tubes')
      .values({
        ...where,
        round_id: round.id,
        barcode: `MX${ctx.seq()}X${target}`.slice(0, 32),
        site_id: site.id,
        pool_group: 'prevention',
        capacity: 20,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const box = await db
      .insertInto('boxes')
      .values({ ...where, round_id: round.id, code: `MXBOX${ctx.seq()}`, lab_id: lab.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = await db
      .insertInto('sampling_tasks')
      .values({
        ...where,
        round_id: round.id,
        kind: 'recheck',
        reason: 'positive_pool',
        person_id: person.id,
        household_id: person.householdId,
        village_code: person.jpath.slice(0, 12),
        source_tube_id: tube.id,
        hold_at_home: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = await db
      .insertInto('testing_alerts')
      .values({ ...where, round_id: round.id, tube_id: tube.id, kind: 'positive_pool', members: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.testing.set(target, {
      roundId: round.id,
      siteId: site.id,
      teamId: team.id,
      labId: lab.id,
      tubeId: tube.id,
      boxId: box.id,
      taskId: task.id,
      alertId: alert.id,
    });
  }
}

afterAll(async () => t.close());

function expected(
  role: Role,
  access: string,
  relation: Relation | null,
  coversBelow = false,
  permits?: (role: Role) => boolean,
): boolean {
  if (access === 'public') return true;
  // A 'session' route whose service asks for one of several permissions says which in `permits`.
  if (access !== 'session' && !roleHas(role, access as Permission)) return false;
  if (permits && !permits(role)) return false;
  return (
    relation === null || relation === 'own' || relation === 'child' || (coversBelow && relation === 'parent')
  );
}

async function send(client: Client, call: Call): Promise<{ status: number; code?: string }> {
  if (call.url === '/api/live') {
    const controller = new AbortController();
    const res = await fetch(`${base}${call.url}`, {
      headers: { cookie: `cordon_session=${client.cookie}` },
      signal: controller.signal,
    });
    controller.abort();
    return { status: res.status };
  }
  const res = await client.request(call.method, call.url, call.body, {
    ...(call.contentType ? { 'content-type': call.contentType } : {}),
    ...call.headers,
  });
  const code = res.statusCode >= 400 ? res.json<{ error?: { code: string } }>().error?.code : undefined;
  return { status: res.statusCode, ...(code ? { code } : {}) };
}

describe('access matrix', () => {
  it('has a line for every /api endpoint the app serves', () => {
    const served = t.app.routeAccess.map((r) => `${r.method} ${r.url}`).sort();
    expect(Object.keys(ENDPOINTS).sort()).toEqual(served);
  });

  it.each(ROLES)('%s: every endpoint × own / parent / sibling / child jurisdiction', async (role) => {
    const mismatches: string[] = [];
    let checked = 0;
    const session = await t.login(userOf(role));
    for (const route of t.app.routeAccess) {
      const key = `${route.method} ${route.url}`;
      const spec = ENDPOINTS[key]!;
      const relations = spec.scoped
        ? (Object.entries(RELATIONS[ROLE_HOME[role]]) as Array<[Relation, string]>)
        : [[null, ''] as const];
      for (const [relation, place] of relations) {
        // Logging out ends the session; it gets a session of its own.
        const client = key === 'POST /api/auth/logout' ? await t.login(userOf(role)) : session;
        const call = await spec.call(ctx, place);
        const { status, code } = await send(client, call);
        const allowed = status !== 401 && status !== 403;
        const want = expected(role, route.access, relation, spec.coversBelow, spec.permits);
        checked++;
        if (allowed !== want) {
          mismatches.push(
            `${key} on ${relation ?? '-'} (${place || '-'}): expected ${want ? 'allowed' : 'denied'}, got ${status} ${code ?? ''}`,
          );
        } else if (!allowed && !['FORBIDDEN', 'OUT_OF_SCOPE'].includes(code ?? '')) {
          mismatches.push(`${key} on ${relation ?? '-'}: denied with unexpected ${status} ${code ?? ''}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(Object.keys(ENDPOINTS).length);
  });

  it('answers anonymous callers 401 everywhere but the public endpoints', async () => {
    for (const route of t.app.routeAccess) {
      const call = await ENDPOINTS[`${route.method} ${route.url}`]!.call(ctx, PLACES.county);
      const { status } =
        call.url === '/api/live'
          ? { status: (await fetch(`${base}${call.url}`)).status }
          : {
              status: (await t.anonymous.request(call.method, call.url, call.body, call.headers)).statusCode,
            };
      if (route.access === 'public') expect(status, route.url).not.toBe(401);
      else expect(status, `${route.method} ${route.url}`).toBe(401);
    }
  });
});
