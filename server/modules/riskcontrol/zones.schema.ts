/**
 * Route schemas of zones (封控区 / 管控区 / 防范区, or the 9th edition's high / medium / low risk
 * areas): declaring, lists, the county map, the zone page with its lifting state and history, and
 * lifting. They mirror web/src/modules/riskcontrol/zones/api-types.ts field for field.
 */
import { type TSchema, Type } from 'typebox';
import { Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
// Null first: with Ajv's type coercion a JSON null would otherwise become '' in the string branch.
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
export const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD (China time)',
});
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});

export const ZONE_KINDS = ['sealed', 'controlled', 'prevention', 'high', 'medium', 'low'] as const;
export const ZONE_STATUSES = ['active', 'lifted', 'stepped_down'] as const;
export const ZoneKindSchema = Type.Enum(ZONE_KINDS);

export const IdParams = Type.Object({ id: Uuid });

export const ZoneInput = Type.Object(
  {
    place: Code,
    kind: ZoneKindSchema,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    /** Default: today (China time). Not in the future. */
    startedOn: Type.Optional(DateString),
    /** Default: the deployment's default edition (domain/protocol.ts DEFAULT_EDITION_ID). */
    editionId: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    /** Case numbers (e.g. 安次区-2022-0007) of the tracing module's cases behind the zone. */
    caseNumbers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const LinkCasesInput = Type.Object(
  { caseNumbers: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

export const EvaluateInput = Type.Object(
  {
    /** The day to evaluate (default today, China time; not in the future): the stored state is that day's. */
    on: Type.Optional(DateString),
  },
  { additionalProperties: false },
);

export const LiftInput = Type.Object(
  {
    /** The day the lifting takes effect (default today; not in the future, not before the zone began). */
    on: Type.Optional(DateString),
    /** Lift although the conditions are not met: the reason goes into the audit log. */
    override: Type.Optional(Type.String({ maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ZoneListQuery = Type.Object({
  at: Type.Optional(Code),
  status: Type.Optional(Type.Enum(ZONE_STATUSES)),
  kind: Type.Optional(ZoneKindSchema),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const ZoneMapQuery = Type.Object({ at: Type.Optional(Code) });

/** domain/zones.ts LiftingCondition. */
const Condition = Type.Union([
  Type.Object({
    code: Type.Literal('no_infection'),
    days: Type.Integer(),
    met: Type.Boolean(),
    from: DateString,
    on: DateString,
  }),
  Type.Object({
    code: Type.Literal('contacts_done'),
    days: Type.Integer(),
    met: Type.Boolean(),
    on: Nullable(DateString),
    allNegative: Type.Boolean(),
  }),
  Type.Object({
    code: Type.Literal('negative_round'),
    met: Type.Boolean(),
    within: Nullable(Type.Object({ from: DateString, to: DateString })),
    on: Nullable(DateString),
  }),
  Type.Object({ code: Type.Literal('stronger_zones_lifted'), met: Type.Boolean(), open: Type.Integer() }),
]);

export const Lifting = Type.Object({
  /** The day the state is for. */
  day: DateString,
  canLiftOn: Nullable(DateString),
  liftableToday: Type.Boolean(),
  to: Nullable(ZoneKindSchema),
  conditions: Type.Array(Condition),
  /** The facts behind it (what the zone page shows beside the conditions). */
  facts: Type.Object({
    since: DateString,
    lastInfectionOn: Nullable(DateString),
    closeContacts: Nullable(
      Type.Object({
        count: Type.Integer(),
        lastExposureOn: DateString,
        allNegative: Type.Boolean(),
        untested: Type.Integer(),
      }),
    ),
    rounds: Type.Array(
      Type.Object({ roundId: Uuid, name: Type.String(), on: DateString, allNegative: Type.Boolean() }),
    ),
    strongerZonesOpen: Type.Integer(),
  }),
});

const Place = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const ZoneSummary = Type.Object({
  id: Uuid,
  countyCode: Type.String(),
  place: Place,
  name: Type.String(),
  kind: ZoneKindSchema,
  editionId: Type.String(),
  reason: Type.String(),
  startedOn: DateString,
  status: Type.Enum(ZONE_STATUSES),
  previousZoneId: Nullable(Uuid),
  steppedFromHighOn: Nullable(DateString),
  endedAt: Nullable(Timestamp),
  endNote: Nullable(Type.String()),
  lifting: Nullable(Lifting),
  cases: Type.Array(Type.Object({ id: Uuid, number: Type.String(), nameMasked: Type.String() })),
  gates: Type.Object({ active: Type.Integer(), total: Type.Integer() }),
  version: Type.Integer(),
});

export const ZoneList = Type.Object({ items: Type.Array(ZoneSummary), total: Type.Integer() });

export const ZoneEvent = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  by: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  action: Type.String(),
  detail: Type.Object({}, { additionalProperties: true }),
});

export const ZoneDetail = Type.Intersect([
  ZoneSummary,
  Type.Object({
    events: Type.Array(ZoneEvent),
    /** The zone this one replaced or stepped down from, and the one that followed it. */
    next: Nullable(Type.Object({ id: Uuid, kind: ZoneKindSchema })),
  }),
]);

export const ZoneMap = Type.Object({
  counties: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      /** The strongest active zone in the county: 3 sealed/high, 2 controlled/medium, 1 prevention/low, 0 none. */
      strength: Type.Integer(),
      strongest: Nullable(ZoneKindSchema),
      counts: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  /** Active zones over the whole city (they colour no single county). */
  citywide: Type.Array(Type.Object({ id: Uuid, kind: ZoneKindSchema })),
});

export const LiftResult = Type.Object({
  zone: ZoneDetail,
  /** A 9th-edition step down: the zone that follows. */
  next: Nullable(ZoneSummary),
  gatesDeactivated: Type.Integer(),
});
