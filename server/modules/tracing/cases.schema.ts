/**
 * Route schemas of cases, their investigation (clocks, assignment, calls, itinerary, interview),
 * teams, the load board and the dashboard. They mirror web/src/modules/tracing/api-types.ts field
 * for field; identifiers are always masked here.
 */
import { type TSchema, Type } from 'typebox';
import { CALL_OUTCOMES, CASE_CLASSIFICATIONS, CASE_SOURCES, FOUND_IN } from '../../../domain/tracing.js';
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
const Ref = Type.Object({ code: Type.String(), name: Type.String() });
export const UserRef = Type.Object({ id: Uuid, name: Type.String() });

export const IdParams = Type.Object({ id: Uuid });
export const EntryParams = Type.Object({ id: Uuid, entryId: Uuid });

export const Classification = Type.Enum(CASE_CLASSIFICATIONS);
export const FoundInSchema = Type.Enum(FOUND_IN);
export const ClockNameSchema = Type.Enum(['onScene', 'coreInfo', 'report']);
const CaseStatus = Type.Enum(['open', 'closed']);
const PlaceKind = Type.Enum(['venue', 'address', 'village']);

export const Clock = Type.Object({
  name: ClockNameSchema,
  due: Timestamp,
  doneAt: NullableTimestamp,
  state: Type.Enum(['done', 'late', 'pending', 'overdue']),
});

export const ContactCounts = Type.Object({
  close: Type.Integer(),
  secondary: Type.Integer(),
  controlled: Type.Integer({
    description: 'Close and secondary contacts in central isolation or home quarantine',
  }),
});

const summaryFields = {
  id: Uuid,
  number: Type.String(),
  personId: Nullable(Uuid),
  name: Type.String(),
  idMasked: Nullable(Type.String()),
  classification: Classification,
  foundIn: FoundInSchema,
  underControl: Type.Boolean({ description: 'Found inside isolation or a sealed/controlled zone' }),
  source: Type.Enum(CASE_SOURCES),
  reportedAt: Timestamp,
  onsetDate: Nullable(DateString),
  sampledDate: DateString,
  lineage: Nullable(Type.String()),
  place: Ref,
  assignee: Nullable(UserRef),
  team: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  clocks: Type.Array(Clock),
  overdue: Type.Boolean(),
  contacts: ContactCounts,
  clusterId: Nullable(Uuid),
  status: CaseStatus,
};
export const CaseSummary = Type.Object(summaryFields);

export const CaseListQuery = Type.Object({
  status: Type.Optional(CaseStatus),
  classification: Type.Optional(Classification),
  foundIn: Type.Optional(FoundInSchema),
  assignee: Type.Optional(Type.String({ description: '`me`, or a user id' })),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(
    Type.String({ maxLength: 60, description: 'Name, case number, or an exact ID number / phone' }),
  ),
  at: Type.Optional(Code),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const CaseList = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });

const Text = (max: number) => Type.String({ maxLength: max });
export const Interview = Type.Object(
  {
    symptoms: Type.Optional(Type.Array(Text(50), { maxItems: 30 })),
    vaccination: Type.Optional(
      Type.Object({
        doses: Type.Integer({ minimum: 0, maximum: 10 }),
        lastDate: Type.Optional(Nullable(DateString)),
        product: Type.Optional(Nullable(Text(100))),
      }),
    ),
    household: Type.Optional(Text(2000)),
    work: Type.Optional(Text(2000)),
    notes: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);

export const ItineraryEntry = Type.Object({
  id: Uuid,
  placeKind: PlaceKind,
  venue: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() })),
  village: Nullable(Ref),
  place: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  fromAt: Timestamp,
  toAt: Timestamp,
  activity: Nullable(Type.String()),
  companions: Nullable(Type.String()),
});

export const ItineraryInput = Type.Object({
  placeKind: PlaceKind,
  venueId: Type.Optional(Uuid),
  villageCode: Type.Optional(Code),
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  fromAt: Timestamp,
  toAt: Timestamp,
  activity: Type.Optional(Text(200)),
  companions: Type.Optional(Text(500)),
});
export const ItineraryPatch = Type.Partial(ItineraryInput);

export const CallEntry = Type.Object({
  id: Uuid,
  calledAt: Timestamp,
  numberMasked: Type.String(),
  outcome: Type.Enum(CALL_OUTCOMES),
  notes: Nullable(Type.String()),
  contactId: Nullable(Uuid),
  by: Nullable(UserRef),
});
export const CallList = Type.Array(CallEntry);

export const CallInput = Type.Object({
  number: Type.String({ minLength: 3, maxLength: 30, description: 'The number dialled (stored masked)' }),
  outcome: Type.Enum(CALL_OUTCOMES),
  calledAt: Type.Optional(Timestamp),
  contactId: Type.Optional(Uuid),
  notes: Type.Optional(Text(1000)),
});

export const CaseDetail = Type.Object({
  ...summaryFields,
  edition: Type.Object({ id: Type.String(), name: Type.String() }),
  window: Type.Object({
    from: Timestamp,
    until: Timestamp,
    anchor: Type.Enum(['onset', 'sampling', 'last_negative']),
  }),
  isolatedAt: NullableTimestamp,
  lastNegativeAt: NullableTimestamp,
  sex: Nullable(Type.Enum(['M', 'F'])),
  birthDate: Nullable(DateString),
  phoneMasked: Nullable(Type.String()),
  address: Nullable(Type.String()),
  interview: Interview,
  itinerary: Type.Array(ItineraryEntry),
  calls: Type.Array(CallEntry),
  fromContact: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  version: Type.Integer(),
});
export const CaseCreated = Type.Object({ case: CaseDetail });

export const CaseInput = Type.Object({
  personId: Type.Optional(Uuid),
  idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 20 })),
  person: Type.Optional(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 50 }),
      phone: Type.Optional(Type.String({ maxLength: 30 })),
      sex: Type.Optional(Type.Enum(['M', 'F'])),
      birthDate: Type.Optional(DateString),
      address: Type.Optional(Text(200)),
    }),
  ),
  place: Type.Optional(Code),
  classification: Classification,
  foundIn: FoundInSchema,
  source: Type.Optional(Type.Enum(['hospital', 'assist', 'manual'])),
  onsetDate: Type.Optional(DateString),
  sampledDate: DateString,
  reportedAt: Type.Optional(Timestamp),
  isolatedAt: Type.Optional(Timestamp),
  lineage: Type.Optional(Text(50)),
  editionId: Type.Optional(Type.String({ maxLength: 60 })),
  /** An accepted incoming case notice this case is opened from: source `assist`, the person from the notice. */
  assistNoticeId: Type.Optional(Uuid),
});

export const CasePatch = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  classification: Type.Optional(Classification),
  foundIn: Type.Optional(FoundInSchema),
  onsetDate: Type.Optional(Nullable(DateString)),
  lineage: Type.Optional(Nullable(Text(50))),
  isolatedAt: Type.Optional(NullableTimestamp),
  lastNegativeAt: Type.Optional(NullableTimestamp),
  status: Type.Optional(CaseStatus),
  interview: Type.Optional(Interview),
});

export const ClockInput = Type.Object({ clock: ClockNameSchema, at: Type.Optional(Timestamp) });

export const AssignInput = Type.Object({
  assigneeId: Type.Optional(Nullable(Uuid)),
  teamId: Type.Optional(Nullable(Uuid)),
});

export const InvestigatorQuery = Type.Object({
  all: Type.Optional(
    Type.Boolean({ description: 'Investigators of the whole city (for joint teams across counties)' }),
  ),
});
export const UserRefList = Type.Array(UserRef);

export const Team = Type.Object({
  id: Uuid,
  name: Type.String(),
  area: Ref,
  leader: Nullable(UserRef),
  members: Type.Array(UserRef),
  openCases: Type.Integer(),
});
export const TeamList = Type.Array(Team);
export const TeamInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  area: Code,
  leaderId: Type.Optional(Nullable(Uuid)),
  memberIds: Type.Array(Uuid, { maxItems: 200 }),
});
export const TeamPatch = Type.Partial(TeamInput);

export const LoadRow = Type.Object({
  user: UserRef,
  teams: Type.Array(Type.String()),
  open: Type.Integer(),
  overdue: Type.Integer(),
  dueSoon: Type.Integer({ description: 'Open cases with a clock due in the next hour' }),
  callsToday: Type.Integer(),
});
export const LoadList = Type.Array(LoadRow);

export const DashboardQuery = Type.Object({
  at: Type.Optional(Code),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 92, default: 14 })),
  until: Type.Optional(DateString),
});
const ClockCounts = Type.Object({
  done: Type.Integer(),
  late: Type.Integer(),
  pending: Type.Integer(),
  overdue: Type.Integer(),
});
const ContactTotals = Type.Object({
  total: Type.Integer(),
  controlled: Type.Integer(),
  released: Type.Integer(),
  pending: Type.Integer(),
});
export const TracingDashboard = Type.Object({
  casesPerDay: Type.Array(
    Type.Object({ date: DateString, community: Type.Integer(), underControl: Type.Integer() }),
  ),
  totals: Type.Object({
    cases: Type.Integer(),
    community: Type.Integer(),
    underControl: Type.Integer(),
    open: Type.Integer(),
    overdue: Type.Integer(),
  }),
  clocks: Type.Object({ onScene: ClockCounts, coreInfo: ClockCounts, report: ClockCounts }),
  contacts: Type.Object({ close: ContactTotals, secondary: ContactTotals }),
  load: LoadList,
});
