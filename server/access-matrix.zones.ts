/**
 * The risk-control (zones and checkpoints) lines of the access matrix (server/access-matrix.test.ts).
 * Each target place has an active controlled zone over it and a city-border checkpoint there,
 * written directly so that no role's scope stands in the way of seeding.
 */
import type { Kysely } from 'kysely';
import { cityBorderPolicy } from '../domain/checkpoint-policy.js';
import { DEFAULT_EDITION_ID } from '../domain/protocol.js';
import type { MatrixSpec, PersonAt } from './access-matrix.types.js';
import type { Database } from './db/schema.js';

export type ZonesSeed = Record<string, string>;

interface Ctx {
  zones: Map<string, ZonesSeed>;
  personAt: PersonAt;
  seq: () => number;
}

type Spec = MatrixSpec<Ctx>;

export async function seedZones(
  db: Kysely<Database>,
  personAt: Ctx['personAt'],
  seq: () => number,
): Promise<Map<string, ZonesSeed>> {
  const out = new Map<string, ZonesSeed>();
  for (const target of personAt.keys()) {
    const place = await db
      .selectFrom('jurisdictions')
      .select(['code', 'jpath', 'county_code', 'short_name'])
      .where('code', '=', target)
      .executeTakeFirstOrThrow();
    const n = seq();
    const zone = await db
      .insertInto('zones')
      .values({
        county_code: place.county_code,
        jpath: place.jpath,
        jurisdiction_code: place.code,
        name: place.short_name,
        kind: 'controlled',
        edition_id: DEFAULT_EDITION_ID,
        reason: `矩阵${n}`,
        started_on: '2022-03-15',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const checkpoint = await db
      .insertInto('checkpoints')
      .values({
        county_code: place.county_code,
        jpath: place.jpath,
        code: `MX-${n}`,
        name: `矩阵卡口${n}`,
        kind: 'city_border',
        policy: JSON.stringify(cityBorderPolicy()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(target, { zoneId: zone.id, checkpointId: checkpoint.id });
  }
  return out;
}

const at = (c: Ctx, p: string): ZonesSeed => c.zones.get(p)!;

export function zonesEndpoints(): Record<string, Spec> {
  const list = (url: string): Spec => ({ scoped: false, call: () => ({ method: 'GET', url }) });
  return {
    // Lists answer with what the caller may see: unscoped in the matrix's sense.
    'GET /api/risk/zones': list('/api/risk/zones'),
    'GET /api/risk/zones/map': list('/api/risk/zones/map'),
    'GET /api/risk/checkpoints': list('/api/risk/checkpoints'),
    'GET /api/risk/staffing': list('/api/risk/staffing'),
    // The seed's kind again: authorised, then refused as a duplicate (409) — no lockdown of the city.
    'POST /api/risk/zones': {
      scoped: true,
      call: (_c, p) => ({
        method: 'POST',
        url: '/api/risk/zones',
        body: { place: p, kind: 'controlled', reason: '矩阵', startedOn: '2022-03-15' },
      }),
    },
    // A zone is read from inside the place it covers too.
    'GET /api/risk/zones/:id': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({ method: 'GET', url: `/api/risk/zones/${at(c, p).zoneId}` }),
    },
    'POST /api/risk/zones/:id/cases': {
      scoped: true,
      // No such case: authorised, then refused by the service (400).
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/zones/${at(c, p).zoneId}/cases`,
        body: { caseNumbers: ['矩阵-无此病例'] },
      }),
    },
    'POST /api/risk/zones/:id/evaluate': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `/api/risk/zones/${at(c, p).zoneId}/evaluate`, body: {} }),
    },
    'POST /api/risk/zones/:id/lift': {
      scoped: true,
      // The first allowed caller lifts it; later ones get 409 — still past authorisation.
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/zones/${at(c, p).zoneId}/lift`,
        body: { override: '矩阵测试' },
      }),
    },
    'POST /api/risk/checkpoints': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/risk/checkpoints',
        body: { code: `MX-NEW-${c.seq()}`, name: '矩阵新卡口', kind: 'city_border', place: p },
      }),
    },
    'GET /api/risk/checkpoints/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/risk/checkpoints/${at(c, p).checkpointId}` }),
    },
    'PATCH /api/risk/checkpoints/:id': {
      scoped: true,
      // A stale version: authorised, then refused by the service (409).
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/risk/checkpoints/${at(c, p).checkpointId}`,
        body: { version: 999, name: '矩阵改名' },
      }),
    },
    'GET /api/risk/checkpoints/:id/roster': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/risk/checkpoints/${at(c, p).checkpointId}/roster` }),
    },
    'POST /api/risk/checkpoints/:id/roster/:day/:shift': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/checkpoints/${at(c, p).checkpointId}/roster/2022-03-20/1`,
        body: { staff: [{ name: '矩阵值守', phone: '13800001234' }] },
      }),
    },
  };
}
