/**
 * Route schemas of a round's coverage, missing list, door-to-door tasks, daily close, turnaround,
 * pool-size advice and the resident page.
 */
import { Type } from 'typebox';
import { NullableTimestamp, Paging, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});
const Share = Type.Union([Type.Number(), Type.Null()], {
  description: 'sampled / expected; null when none expected',
});

export const RoundParams = Type.Object({ id: Uuid });
export const JurisdictionQuery = Type.Object({ jurisdiction: Type.Optional(Code) });

export const ExemptCounts = Type.Object({
  hospital: Type.Integer(),
  isolation: Type.Integer(),
  away: Type.Integer(),
  other: Type.Integer(),
});

const Figures = {
  expected: Type.Integer({ description: 'people of the ledger living there, minus the exempt not sampled' }),
  exempt: ExemptCounts,
  exemptTotal: Type.Integer(),
  sampled: Type.Integer(),
  missing: Type.Integer(),
  share: Share,
};

const UnitRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const CoverageResponse = Type.Object({
  round: Type.Object({ id: Uuid, name: Type.String() }),
  unit: UnitRef,
  total: Type.Object(Figures),
  rows: Type.Array(
    Type.Object({
      code: Type.Union([Type.String(), Type.Null()], { description: 'null for the unassigned row' }),
      name: Type.String(),
      level: Type.String({ description: 'county, town, village, grid, building, household or unassigned' }),
      ...Figures,
    }),
  ),
});

export const CoverageMapResponse = Type.Object({
  round: Type.Object({ id: Uuid, name: Type.String() }),
  cityCode: Type.String(),
  values: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      /** Share in percent, for the map's colour scale. */
      value: Type.Number(),
      expected: Type.Integer(),
      sampled: Type.Integer(),
      share: Share,
    }),
  ),
});

export const MissingQuery = Type.Object({ jurisdiction: Type.Optional(Code), ...Paging });

export const MissingResponse = Type.Object({
  total: Type.Object({ people: Type.Integer(), households: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      householdId: Type.Union([Uuid, Type.Null()]),
      address: Type.String(),
      members: Type.Array(
        Type.Object({
          id: Uuid,
          name: Type.String(),
          sex: Type.String(),
          age: Type.Integer(),
          idMasked: Type.String(),
          phoneMasked: Type.Union([Type.String(), Type.Null()]),
          relation: Type.Union([Type.String(), Type.Null()]),
          specials: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
});

export const DoorToDoorBody = Type.Object({
  jurisdiction: Code,
  include: Type.Array(Type.Union([Type.Literal('immobile'), Type.Literal('missing')]), {
    minItems: 1,
    uniqueItems: true,
  }),
});

export const DoorToDoorResponse = Type.Object({
  created: Type.Integer(),
  byReason: Type.Object({ immobile: Type.Integer(), missing: Type.Integer() }),
});

export const DailyQuery = Type.Object({
  jurisdiction: Type.Optional(Code),
  date: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China time)' }),
  ),
});

export const DailyRow = Type.Object({
  village: Type.Object({ code: Type.String(), name: Type.String() }),
  sampledToday: Type.Integer(),
  sampledTotal: Type.Integer(),
  tubes: Type.Object({ total: Type.Integer(), resulted: Type.Integer(), pending: Type.Integer() }),
  positiveTubes: Type.Integer(),
  positivePersons: Type.Integer(),
  expected: Type.Integer(),
  missing: Type.Object({ exempt: ExemptCounts, notSampled: Type.Integer() }),
});

export const DailyResponse = Type.Object({
  round: Type.Object({ id: Uuid, name: Type.String() }),
  unit: UnitRef,
  date: Type.String(),
  rows: Type.Array(DailyRow),
});

const Count = Type.Integer();
export const TurnaroundResponse = Type.Object({
  round: Type.Object({ id: Uuid, name: Type.String() }),
  unit: UnitRef,
  stages: Type.Object({ open: Count, closed: Count, shipped: Count, received: Count, resulted: Count }),
  shares: Type.Array(Type.Object({ withinHours: Type.Number(), count: Count, share: Type.Number() })),
  measured: Type.Integer({ description: 'tubes past "open": the denominator of the shares' }),
  hourly: Type.Array(Type.Object({ hour: Timestamp, closed: Count, resulted: Count })),
  labs: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      capacityPerDay: Count,
      shippedNotReceived: Count,
      receivedNotResulted: Count,
    }),
  ),
});

export const PoolAdviceQuery = Type.Object({
  jurisdiction: Type.Optional(Code),
  people: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
});

const PoolOption = Type.Object({
  k: Type.Integer(),
  testsPerPerson: Type.Number(),
  tubes: Count,
  expectedTests: Count,
  reagentTests: Count,
});

export const PoolAdviceResponse = Type.Object({
  unit: UnitRef,
  people: Count,
  peopleSource: Type.Union([Type.Literal('ledger'), Type.Literal('given')]),
  rounds: Count,
  tested: Count,
  positives: Count,
  prevalence: Type.Object({
    p: Type.Number(),
    basis: Type.Union([Type.Literal('observed'), Type.Literal('upper-bound')]),
  }),
  options: Type.Array(PoolOption),
  optimum: PoolOption,
});

// ---- Resident page --------------------------------------------------------------------------

export const PersonParams = Type.Object({ personId: Uuid });
export const HouseholdParams = Type.Object({ householdId: Uuid });
export const TokenParams = Type.Object({
  // Not validated here: a malformed token gets the same bare 404 as a forged one.
  token: Type.String({ maxLength: 200 }),
});

export const ResidentCode = Type.Object({ code: Type.String(), residentLink: Type.String() });

export const HouseholdCodes = Type.Object({
  householdId: Uuid,
  address: Type.String(),
  members: Type.Array(
    Type.Object({
      personId: Uuid,
      name: Type.String({ description: 'masked' }),
      code: Type.String(),
      residentLink: Type.String(),
    }),
  ),
});

export const ResidentPage = Type.Object({
  name: Type.String({ description: 'masked' }),
  code: Type.String(),
  results: Type.Array(
    Type.Object({
      round: Type.String(),
      sampledAt: Timestamp,
      result: Type.Union([
        Type.Literal('negative'),
        Type.Literal('positive'),
        Type.Literal('invalid'),
        Type.Literal('pending'),
      ]),
      resultedAt: NullableTimestamp,
      recheck: Type.Union([Type.String(), Type.Null()], {
        description: 'status of the recheck task, if any',
      }),
    }),
  ),
});
