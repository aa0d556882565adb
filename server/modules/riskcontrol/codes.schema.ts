/**
 * Route schemas of health codes (健康码). They mirror web/src/modules/riskcontrol/codes/api-types.ts
 * field for field; identifiers are always masked here.
 */
import { type TSchema, Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
// Null first: with Ajv's type coercion a JSON null would otherwise become '' in the string branch.
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China time)' });
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});
const Colour = Type.Enum(['green', 'yellow', 'red']);
const Risk = Type.Enum(['high', 'medium', 'low']);

/** domain/healthcode.ts HealthCodeReason. */
export const Reason = Type.Union([
  Type.Object({ code: Type.Literal('positive_screen'), colour: Type.Literal('red'), until: Type.Null() }),
  Type.Object({ code: Type.Literal('in_care'), colour: Type.Literal('red'), until: Type.Null() }),
  Type.Object({ code: Type.Literal('discharged'), colour: Type.Literal('yellow'), until: DateString }),
  Type.Object({ code: Type.Literal('close_contact'), colour: Type.Literal('red'), until: DateString }),
  Type.Object({
    code: Type.Literal('close_contact_monitoring'),
    colour: Type.Literal('yellow'),
    until: DateString,
  }),
  Type.Object({ code: Type.Literal('secondary_contact'), colour: Type.Literal('red'), until: DateString }),
  Type.Object({ code: Type.Literal('companion'), colour: Type.Literal('yellow'), until: Type.Null() }),
  Type.Object({
    code: Type.Literal('area'),
    colour: Colour,
    until: Type.Null(),
    risk: Risk,
    as: Type.Enum(['resident', 'visitor']),
    name: Type.String(),
  }),
  Type.Object({
    code: Type.Literal('arrival'),
    colour: Type.Literal('red'),
    until: DateString,
    risk: Risk,
    from: Type.String(),
  }),
  Type.Object({
    code: Type.Literal('no_recent_test'),
    colour: Type.Literal('yellow'),
    until: Type.Null(),
    hours: Type.Integer(),
  }),
  Type.Object({
    code: Type.Literal('external'),
    colour: Type.Enum(['red', 'yellow']),
    until: Type.Null(),
    by: Type.String(),
  }),
]);

export const PersonParams = Type.Object({ personId: Uuid });
export const MarkParams = Type.Object({ id: Uuid });

export const PersonCode = Type.Object({
  personId: Uuid,
  colour: Colour,
  reasons: Type.Array(Reason),
  changesOn: Nullable(DateString),
  computedAt: NullableTimestamp,
  lastNegativeAt: NullableTimestamp,
  /** The test-recency policy in force when this answer was made (hours; null = off). */
  testWithinHours: Nullable(Type.Integer()),
  person: Type.Object({
    name: Type.String({ description: 'masked (王*伟)' }),
    idMasked: Type.String(),
    place: Type.Object({ code: Type.String(), name: Type.String() }),
  }),
});

export const LookupBody = Type.Object({
  idNumber: Type.String({ minLength: 1, maxLength: 40, description: 'An 18- (or 15-) character ID number' }),
});

export const MarkKind = Type.Enum(['companion', 'arrival', 'external']);

export const MarkInput = Type.Object({
  personId: Uuid,
  kind: MarkKind,
  onDate: DateString,
  risk: Type.Optional(Risk),
  colour: Type.Optional(Type.Enum(['red', 'yellow'])),
  source: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'arrival: where from; external: which province; companion: which case or notice',
  }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const EndMarkBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

export const Mark = Type.Object({
  id: Uuid,
  personId: Uuid,
  person: Type.Object({ name: Type.String(), idMasked: Type.String() }),
  place: Type.Object({ code: Type.String(), name: Type.String() }),
  kind: MarkKind,
  onDate: DateString,
  risk: Nullable(Risk),
  colour: Nullable(Type.Enum(['red', 'yellow'])),
  source: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  endedAt: NullableTimestamp,
  endReason: Nullable(Type.String()),
});

export const MarkResult = Type.Object({
  mark: Mark,
  code: Type.Object({ colour: Colour, changesOn: Nullable(DateString) }),
});

export const MarksQuery = Type.Object({
  at: Type.Optional(Code),
  kind: Type.Optional(MarkKind),
  active: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const MarkList = Type.Object({ items: Type.Array(Mark), total: Type.Integer() });

export const Policy = Type.Object({
  testWithinHours: Nullable(Type.Integer({ minimum: 1, maximum: 720 })),
  updatedAt: NullableTimestamp,
  /** Whether the caller may change it (HealthCodeManage at city level). */
  canEdit: Type.Boolean(),
});

export const PolicyBody = Type.Object({
  testWithinHours: Nullable(Type.Integer({ minimum: 1, maximum: 720 })),
});

export const StatsQuery = Type.Object({ at: Type.Optional(Code) });

export const Stats = Type.Object({
  at: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  totals: Type.Object({
    people: Type.Integer(),
    red: Type.Integer(),
    yellow: Type.Integer(),
    green: Type.Integer(),
  }),
  children: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      people: Type.Integer(),
      red: Type.Integer(),
      yellow: Type.Integer(),
      green: Type.Integer(),
    }),
  ),
  /** People per reason (a person with several reasons counts under each). */
  reasons: Type.Array(Type.Object({ code: Type.String(), colour: Colour, people: Type.Integer() })),
});

export const RecomputeBody = Type.Object({ at: Type.Optional(Code) });

export const RecomputeResult = Type.Object({
  counties: Type.Integer(),
  people: Type.Integer(),
  evaluated: Type.Integer(),
  red: Type.Integer(),
  yellow: Type.Integer(),
  changed: Type.Integer(),
  ms: Type.Integer(),
});

/** The resident's own code on their page, with the signed token their QR code shows. */
export const ResidentHealthCode = Type.Object({
  colour: Colour,
  reasons: Type.Array(Reason),
  changesOn: Nullable(DateString),
  token: Type.String({ description: 'CDH1.<claims>.<signature> (domain/code-token.ts)' }),
  expiresAt: Timestamp,
});
