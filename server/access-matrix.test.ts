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
import { createUserUnchecked } from './modules/users/users.service.js';
import { type Client, type TestApp, createTestApp } from './test/app.js';
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

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
}

interface Ctx {
  t: TestApp;
  /** An account homed at each target place (none at buildings: no role lives there). */
  userAt: Map<string, string>;
  seq: () => number;
}

/** How to call each endpoint against a target jurisdiction (scoped) or without one. */
const ENDPOINTS: Record<
  string,
  { scoped: boolean; call: (ctx: Ctx, place: string) => Promise<Call> | Call }
> = {
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
};

/** The account homed at `place`; nobody lives at a building, so there an id of no one. */
function targetUser(ctx: Ctx, place: string): string {
  return ctx.userAt.get(place) ?? '00000000-0000-4000-8000-000000000000';
}

let t: TestApp;
let base: string;
const ctx = {
  userAt: new Map<string, string>(),
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
});
afterAll(async () => t.close());

function expected(role: Role, access: string, relation: Relation | null): boolean {
  if (access === 'public' || access === 'session') return true;
  if (!roleHas(role, access as Permission)) return false;
  return relation === null || relation === 'own' || relation === 'child';
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
  const res = await client.request(call.method, call.url, call.body);
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
        const want = expected(role, route.access, relation);
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
          : { status: (await t.anonymous.request(call.method, call.url, call.body)).statusCode };
      if (route.access === 'public') expect(status, route.url).not.toBe(401);
      else expect(status, `${route.method} ${route.url}`).toBe(401);
    }
  });
});
