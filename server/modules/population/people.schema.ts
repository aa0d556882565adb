/**
 * Route schemas of the population ledger: the request types of the handlers and the OpenAPI
 * description. Identifiers are always masked in these shapes; only RevealResponse carries clear values.
 */
import { Type } from 'typebox';
import { RELATIONS, RESIDENCE_TYPES, SPECIAL_KINDS } from '../../../domain/population.js';
import { Paging } from '../../platform/schemas.js';

const Code = Type.String({
  minLength: 4,
  maxLength: 20,
  description: 'Jurisdiction code (short or 12-digit), grid or building code',
});
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });

export const PersonSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
  birthDate: Type.String({ description: 'YYYY-MM-DD' }),
  age: Type.Integer(),
  idMasked: Type.String({ description: '131002********1234' }),
  phoneMasked: Nullable(Type.String({ description: '138****5678' })),
  residenceType: Type.Enum(RESIDENCE_TYPES),
  village: UnitRef,
  grid: Nullable(UnitRef),
  building: Nullable(UnitRef),
  unit: Nullable(Type.String()),
  room: Nullable(Type.String()),
  address: Type.String({ description: 'Village › building unit-room, for display' }),
  householdId: Nullable(Type.String()),
  relation: Nullable(Type.Enum(RELATIONS)),
  specials: Type.Array(Type.Enum(SPECIAL_KINDS)),
});

export const SpecialEntry = Type.Object({
  kind: Type.Enum(SPECIAL_KINDS),
  details: Type.Record(Type.String(), Type.Unknown()),
  since: Nullable(Type.String()),
  notes: Nullable(Type.String()),
});

export const PersonChange = Type.Object({
  at: Type.String({ format: 'date-time' }),
  field: Type.String(),
  oldValue: Nullable(Type.String()),
  newValue: Nullable(Type.String()),
  source: Type.String(),
  actor: Nullable(Type.String()),
});

export const PersonDetail = Type.Object({
  person: Type.Intersect([
    PersonSummary,
    Type.Object({
      phone2Masked: Nullable(Type.String()),
      registeredAddress: Nullable(Type.String()),
      workUnit: Nullable(Type.String()),
      emergencyName: Nullable(Type.String()),
      emergencyPhoneMasked: Nullable(Type.String()),
      notes: Nullable(Type.String()),
      source: Type.String(),
      version: Type.Integer(),
      createdAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ]),
  specialEntries: Type.Array(SpecialEntry),
  household: Type.Array(PersonSummary, {
    description: 'Members of the same household (this person included)',
  }),
  changes: Type.Array(PersonChange, { description: 'Latest 50 field changes' }),
});

export const SearchQuery = Type.Object({
  jurisdiction: Type.Optional(Code),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 60,
      description:
        'Name (prefix) or address (contains); an ID number or phone is recognised and looked up exactly',
    }),
  ),
  idNumber: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'Exact ID number (15 or 18 characters)' }),
  ),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'Exact phone number' })),
  residenceType: Type.Optional(Type.Enum(RESIDENCE_TYPES)),
  special: Type.Optional(Type.Enum(SPECIAL_KINDS)),
  householdId: Type.Optional(Type.String({ format: 'uuid' })),
  ...Paging,
});

export const SearchResponse = Type.Object({
  items: Type.Array(PersonSummary),
  total: Type.Integer(),
  totalIsLowerBound: Type.Boolean({ description: 'More matches than total (counting stops at 10,000)' }),
});

export const ExportQuery = Type.Intersect([
  Type.Omit(SearchQuery, ['limit', 'offset']),
  Type.Object({
    list: Type.Optional(
      Type.Union([Type.Literal('people'), Type.Literal('specials')], { default: 'people' }),
    ),
  }),
]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const REVEAL_FIELDS = ['idNumber', 'phone', 'phone2', 'emergencyPhone'] as const;
export const RevealBody = Type.Object({
  reason: Type.String({
    minLength: 2,
    maxLength: 200,
    description: 'Why the full value is needed (audited)',
  }),
  fields: Type.Optional(Type.Array(Type.Enum(REVEAL_FIELDS), { minItems: 1, uniqueItems: true })),
});
export const RevealResponse = Type.Object({
  idNumber: Type.Optional(Type.String()),
  phone: Type.Optional(Nullable(Type.String())),
  phone2: Type.Optional(Nullable(Type.String())),
  emergencyPhone: Type.Optional(Nullable(Type.String())),
});

export const PersonBody = Type.Object({
  idNumber: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  phone2: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  residenceType: Type.Enum(RESIDENCE_TYPES),
  registeredAddress: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  workUnit: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  emergencyName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  emergencyPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  /** Where the person lives: a village, grid or building code. */
  place: Code,
  unit: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  room: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  relation: Type.Optional(Nullable(Type.Enum(RELATIONS))),
  specials: Type.Optional(Type.Array(SpecialEntry)),
});

export const HouseholdResponse = Type.Object({
  id: Type.String(),
  address: Type.String(),
  village: UnitRef,
  grid: Nullable(UnitRef),
  building: Nullable(UnitRef),
  unit: Nullable(Type.String()),
  room: Nullable(Type.String()),
  members: Type.Array(PersonSummary),
});

export const UnitSummaryQuery = Type.Object({ code: Code });
export const UnitSummary = Type.Object({
  code: Type.String(),
  people: Type.Integer(),
  households: Type.Integer(),
  byResidence: Type.Record(Type.String(), Type.Integer()),
  bySex: Type.Record(Type.String(), Type.Integer()),
  ageBands: Type.Array(Type.Object({ band: Type.String(), count: Type.Integer() }), {
    description: '0-6, 7-17, 18-59, 60-79, 80+',
  }),
  specials: Type.Record(Type.String(), Type.Integer()),
});

export const SpecialRegisterQuery = Type.Object({
  jurisdiction: Type.Optional(Code),
  kind: Type.Optional(Type.Enum(SPECIAL_KINDS)),
  ...Paging,
});
export const SpecialRegisterResponse = Type.Object({
  items: Type.Array(Type.Object({ person: PersonSummary, entry: SpecialEntry })),
  total: Type.Integer(),
});
export const SpecialCountsResponse = Type.Object({
  rows: Type.Array(
    Type.Object({ unit: UnitRef, counts: Type.Record(Type.String(), Type.Integer()), total: Type.Integer() }),
    { description: 'One row per child unit of the jurisdiction (e.g. per village of a town)' },
  ),
  totals: Type.Record(Type.String(), Type.Integer()),
});

export const StaffEntry = Type.Object({
  id: Type.String(),
  unit: UnitRef,
  role: Type.Union([Type.Literal('grid_worker'), Type.Literal('building_head')]),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  username: Nullable(Type.String()),
});
export const StaffQuery = Type.Object({ jurisdiction: Code });
export const SpecialCountsQuery = Type.Object({ jurisdiction: Type.Optional(Code) });
export const StaffBody = Type.Object({
  unitCode: Code,
  role: Type.Union([Type.Literal('grid_worker'), Type.Literal('building_head')]),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  username: Type.Optional(
    Nullable(Type.String({ maxLength: 64, description: 'Link to an account in scope' })),
  ),
});
