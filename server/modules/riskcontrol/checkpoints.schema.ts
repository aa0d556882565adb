/**
 * Route schemas of checkpoints (community gates, Beijing-entry stations, highway exits, city-border
 * points), their three-shift roster and staffing. They mirror
 * web/src/modules/riskcontrol/zones/api-types.ts field for field; phones are masked.
 */
import { type TSchema, Type } from 'typebox';
import { Timestamp } from '../../platform/schemas.js';
import { DateString } from './zones.schema.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});

export const CHECKPOINT_KINDS = ['community_gate', 'beijing_entry', 'highway_exit', 'city_border'] as const;
export const CheckpointKindSchema = Type.Enum(CHECKPOINT_KINDS);

export const IdParams = Type.Object({ id: Uuid });
export const ShiftParams = Type.Object({
  id: Uuid,
  day: DateString,
  shift: Type.Integer({ minimum: 1, maximum: 3 }),
});

/** A CheckpointPolicy (domain/checkpoint-policy.ts), checked field by field by the service. */
const PolicyInput = Type.Record(Type.String(), Type.Unknown(), {
  description: 'crossing → { negativeWithinHours: number|null, certificates: [], colours: [] }',
});

export const CheckpointInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, description: 'Unique city-wide: ^[A-Z0-9-]{2,20}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: CheckpointKindSchema,
    place: Code,
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lat: Type.Optional(Nullable(Type.Number())),
    lon: Type.Optional(Nullable(Type.Number())),
    /** Default: the kind's policy (beijingEntryPolicy, cityBorderPolicy, communityGatePolicy). */
    policy: Type.Optional(PolicyInput),
    staffPerShift: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CheckpointPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lat: Type.Optional(Nullable(Type.Number())),
    lon: Type.Optional(Nullable(Type.Number())),
    policy: Type.Optional(PolicyInput),
    staffPerShift: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CheckpointListQuery = Type.Object({
  at: Type.Optional(Code),
  kind: Type.Optional(CheckpointKindSchema),
  active: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 40 })),
  /** The day and shift the staffing badges are for (default: now, China time). */
  day: Type.Optional(DateString),
  shift: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

const Rule = Type.Object({
  negativeWithinHours: Nullable(Type.Integer()),
  certificates: Type.Array(Type.String()),
  colours: Type.Array(Type.String()),
});

const Staffing = Type.Object({
  day: DateString,
  shift: Type.Integer(),
  filled: Type.Integer(),
  required: Type.Integer(),
});

export const CheckpointSummary = Type.Object({
  id: Uuid,
  countyCode: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: CheckpointKindSchema,
  place: Type.Object({ code: Type.String(), name: Type.String() }),
  location: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  policy: Type.Record(Type.String(), Rule),
  staffPerShift: Type.Integer(),
  zoneId: Nullable(Uuid),
  active: Type.Boolean(),
  staffing: Staffing,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});

export const CheckpointList = Type.Object({ items: Type.Array(CheckpointSummary), total: Type.Integer() });

export const RosterQuery = Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString) });

const Staff = Type.Object({
  seq: Type.Integer(),
  userId: Nullable(Uuid),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
});

export const Roster = Type.Object({
  checkpoint: Type.Object({
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    staffPerShift: Type.Integer(),
  }),
  from: DateString,
  to: DateString,
  shifts: Type.Array(
    Type.Object({
      day: DateString,
      shift: Type.Integer(),
      staff: Type.Array(Staff),
      required: Type.Integer(),
    }),
  ),
});

export const ShiftInput = Type.Object(
  {
    staff: Type.Array(
      Type.Union([
        Type.Object({ userId: Uuid }, { additionalProperties: false }),
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 40 }),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
      ]),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const StaffingQuery = Type.Object({
  at: Type.Optional(Code),
  day: Type.Optional(DateString),
  shift: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  /** The level rows are rolled up to (default: one below `at`). */
  by: Type.Optional(Type.Enum(['village', 'town', 'county'])),
});

export const StaffingRollup = Type.Object({
  day: DateString,
  shift: Type.Integer(),
  by: Type.String(),
  totals: Type.Object({ checkpoints: Type.Integer(), staffed: Type.Integer(), gates: Type.Integer() }),
  rows: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      checkpoints: Type.Integer(),
      gates: Type.Integer(),
      staffed: Type.Integer(),
      filled: Type.Integer(),
      required: Type.Integer(),
    }),
  ),
});
