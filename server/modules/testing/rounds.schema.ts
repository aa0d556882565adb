/**
 * Route schemas of testing rounds, labs, sampling sites and teams, staffing and exemptions.
 */
import { Type } from 'typebox';
import { Paging, NullableTimestamp, Timestamp } from '../../platform/schemas.js';

export const Zone = Type.Union([
  Type.Literal('sealed'),
  Type.Literal('controlled'),
  Type.Literal('prevention'),
]);
export const PoolGroupSchema = Type.Union([
  Type.Literal('isolation'),
  Type.Literal('close_contact'),
  Type.Literal('sealed'),
  Type.Literal('controlled'),
  Type.Literal('prevention'),
]);
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});
const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

export const PoolRuleSchema = Type.Object({
  size: Type.Integer({ minimum: 1, maximum: 20 }),
  perHousehold: Type.Boolean(),
});
export const RulesSchema = Type.Object({
  pooling: Type.Object({
    isolation: PoolRuleSchema,
    close_contact: PoolRuleSchema,
    sealed: PoolRuleSchema,
    controlled: PoolRuleSchema,
    prevention: PoolRuleSchema,
  }),
  allowedPoolSizes: Type.Array(Type.Integer()),
  staffing: Type.Object({
    peoplePerSite: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
    peoplePerSampler: Type.Number(),
    peoplePerTable: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  turnaroundHours: Type.Array(Type.Number()),
  roundHours: Type.Number(),
});

export const AreaInput = Type.Object({ code: Code, zone: Type.Optional(Zone) });
export const Area = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  zone: Zone,
});

export const RoundBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  areas: Type.Array(AreaInput, { minItems: 1, maxItems: 500 }),
  startsAt: Timestamp,
  endsAt: Timestamp,
  editionId: Type.Optional(Type.String()),
  /** A per-round override of the edition's testing rules (pool sizes by group, staffing norms). */
  rules: Type.Optional(Type.Unknown()),
});
export const RoundPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  endsAt: Type.Optional(Timestamp),
  status: Type.Optional(
    Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('closed')]),
  ),
  areas: Type.Optional(Type.Array(AreaInput, { minItems: 1, maxItems: 500 })),
  rules: Type.Optional(Type.Unknown()),
});

export const Round = Type.Object({
  id: Uuid,
  name: Type.String(),
  owner: Type.Object({ code: Type.String(), name: Type.String() }),
  editionId: Type.String(),
  rules: RulesSchema,
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('closed')]),
  areas: Type.Array(Area),
  createdAt: Timestamp,
  closedAt: NullableTimestamp,
});
export const RoundList = Type.Object({ items: Type.Array(Round) });
export const RoundListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('closed')]),
  ),
  ...Paging,
});

export const EditionList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Object({ zh: Type.String(), en: Type.String() }),
      effective: Type.String(),
      testing: RulesSchema,
    }),
  ),
  defaultId: Type.String(),
});

export const LabBody = Type.Object({
  code: Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Optional(Type.Union([Type.Literal('fixed'), Type.Literal('mobile')])),
  capacityPerDay: Type.Optional(Type.Integer({ minimum: 0 })),
  jurisdiction: Code,
});
export const Lab = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('fixed'), Type.Literal('mobile')]),
  capacityPerDay: Type.Integer(),
  place: Type.Object({ code: Type.String(), name: Type.String() }),
});
export const LabList = Type.Object({ items: Type.Array(Lab) });

export const SiteBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  jurisdiction: Code,
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  hours: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  tables: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
  active: Type.Optional(Type.Boolean()),
});
export const Team = Type.Object({
  id: Uuid,
  siteId: Uuid,
  name: Type.String(),
  leader: Type.Union([Type.String(), Type.Null()]),
  samplers: Type.Integer(),
  helpers: Type.Integer(),
});
export const TeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  leader: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
  samplers: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
  helpers: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
});
export const Site = Type.Object({
  id: Uuid,
  name: Type.String(),
  village: Type.Object({ code: Type.String(), name: Type.String() }),
  place: Type.Object({ code: Type.String(), name: Type.String() }),
  address: Type.Union([Type.String(), Type.Null()]),
  hours: Type.Union([Type.String(), Type.Null()]),
  tables: Type.Integer(),
  active: Type.Boolean(),
  teams: Type.Array(Team),
});
export const SiteList = Type.Object({ items: Type.Array(Site) });
export const SiteListQuery = Type.Object({ jurisdiction: Type.Optional(Code), ...Paging });

export const StaffingQuery = Type.Object({ jurisdiction: Code, roundId: Type.Optional(Uuid) });
export const Staffing = Type.Object({
  jurisdiction: Type.Object({ code: Type.String(), name: Type.String() }),
  people: Type.Integer({ description: 'residents of the area in the population ledger' }),
  suggested: Type.Object({
    sites: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
    samplers: Type.Integer(),
    tables: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  }),
  actual: Type.Object({
    sites: Type.Integer(),
    samplers: Type.Integer(),
    helpers: Type.Integer(),
    tables: Type.Integer(),
  }),
});

export const ExemptionReason = Type.Union([
  Type.Literal('hospital'),
  Type.Literal('isolation'),
  Type.Literal('away'),
  Type.Literal('other'),
]);
export const ExemptionBody = Type.Object({
  personId: Uuid,
  reason: ExemptionReason,
  note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});
export const Exemption = Type.Object({
  personId: Uuid,
  name: Type.String(),
  idMasked: Type.String(),
  reason: ExemptionReason,
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export const ExemptionList = Type.Object({ items: Type.Array(Exemption), total: Type.Integer() });
export const ExemptionListQuery = Type.Object({ jurisdiction: Type.Optional(Code), ...Paging });
export const RoundPersonParams = Type.Object({ id: Uuid, personId: Uuid });
