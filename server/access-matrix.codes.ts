/**
 * The risk-control (codes) lines of the access matrix (server/access-matrix.test.ts). Each target
 * place has a person of its own (a copy of the matrix's person living there, with an ID number we
 * know, for the lookup by ID number) and an active companion mark on them — written directly.
 */
import type { Kysely } from 'kysely';
import { makeIdNumber } from '../domain/idcard.js';
import { cstDate } from '../domain/tracing.js';
import type { MatrixSpec, PersonAt } from './access-matrix.types.js';
import type { Database } from './db/schema.js';
import { TEST_PII } from './test/app.js';
import { ROLE_HOME } from './test/fixtures.js';

export type CodesSeed = Record<string, string>;

interface Ctx {
  codes: Map<string, CodesSeed>;
  personAt: PersonAt;
  seq: () => number;
}

type Spec = MatrixSpec<Ctx>;

export async function seedCodes(
  db: Kysely<Database>,
  personAt: Ctx['personAt'],
  seq: () => number,
): Promise<Map<string, CodesSeed>> {
  const out = new Map<string, CodesSeed>();
  for (const [target, person] of personAt) {
    const countyCode = person.jpath.slice(0, 6);
    const idNumber = makeIdNumber(countyCode, '1975-03-03', 500 + seq());
    const copy = await db
      .insertInto('people')
      .columns([
        'county_code',
        'jpath',
        'village_code',
        'grid_code',
        'building_code',
        'household_id',
        'relation',
        'unit',
        'room',
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
          .selectFrom('people')
          .select((s) => [
            'county_code',
            'jpath',
            'village_code',
            'grid_code',
            'building_code',
            'household_id',
            'relation',
            'unit',
            'room',
            s.val(TEST_PII.hash(idNumber)).as('id_hash'),
            'id_cipher',
            'id_masked',
            s.val('矩阵码某').as('name'),
            'sex',
            'birth_date',
            'residence_type',
          ])
          .where('id', '=', person.id),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const mark = await db
      .insertInto('health_marks')
      .values({
        county_code: countyCode,
        person_id: copy.id,
        jpath: person.jpath,
        kind: 'companion',
        on_date: cstDate(new Date()),
        source: '矩阵',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(target, { personId: copy.id, idNumber, markId: mark.id });
  }
  return out;
}

export function codesEndpoints(): Record<string, Spec> {
  const at = (c: Ctx, place: string) => c.codes.get(place)!;
  return {
    'GET /api/risk/codes/people/:personId': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/risk/codes/people/${at(c, p).personId}` }),
    },
    'POST /api/risk/codes/lookup': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/risk/codes/lookup',
        body: { idNumber: at(c, p).idNumber },
      }),
    },
    'GET /api/risk/codes/marks': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/risk/codes/marks?at=${p}` }),
    },
    'POST /api/risk/codes/marks': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/risk/codes/marks',
        body: {
          personId: at(c, p).personId,
          kind: 'external',
          colour: 'yellow',
          onDate: cstDate(new Date()),
          source: '北京市',
        },
      }),
    },
    'POST /api/risk/codes/marks/:id/end': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/codes/marks/${at(c, p).markId}/end`,
        body: { reason: '矩阵' },
      }),
    },
    'GET /api/risk/codes/policy': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/risk/codes/policy' }),
    },
    // The city's rule: only users homed at the city may set it (no fixture with the permission is).
    'PUT /api/risk/codes/policy': {
      scoped: false,
      permits: (role) => ROLE_HOME[role] === 'city',
      call: () => ({ method: 'PUT', url: '/api/risk/codes/policy', body: { testWithinHours: null } }),
    },
    'GET /api/risk/codes/stats': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/risk/codes/stats?at=${p}` }),
    },
    // A town, village, grid or building is refused with 400 (not a whole county): authorised all the same.
    'POST /api/risk/codes/recompute': {
      scoped: true,
      call: (_c, p) => ({ method: 'POST', url: '/api/risk/codes/recompute', body: { at: p } }),
    },
  };
}
