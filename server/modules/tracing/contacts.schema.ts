/**
 * Route schemas of contacts (close and secondary, their links, lifecycle and quarantine plans). They
 * mirror web/src/modules/tracing/api-types.ts field for field; identifiers are always masked here.
 */
import { type TSchema, Type } from 'typebox';
import { CALL_OUTCOMES, CONTACT_DEGREES, CONTACT_STATUSES, EXPOSURE_TYPES } from '../../../domain/tracing.js';
import { Timestamp } from '../../platform/schemas.js';

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

export const IdParams = Type.Object({ id: Uuid });

export const Degree = Type.Enum(CONTACT_DEGREES);
export const ContactStatusSchema = Type.Enum(CONTACT_STATUSES);

/** domain/tracing.ts ReleaseBlocker. */
const ReleaseBlockerSchema = Type.Union([
  Type.Object({ code: Type.Literal('too_early'), until: Type.String() }),
  Type.Object({ code: Type.Literal('own_positive'), date: Type.String() }),
  Type.Object({ code: Type.Literal('recheck_pending'), date: Type.String() }),
  Type.Object({
    code: Type.Literal('release_test_missing'),
    date: Type.String(),
    samples: Type.Integer(),
    negatives: Type.Integer(),
  }),
  Type.Object({ code: Type.Literal('tests_unknown') }),
  Type.Object({
    code: Type.Literal('close_contact_tests'),
    name: Type.String(),
    negatives: Type.Integer(),
    needed: Type.Integer(),
    positive: Type.Boolean(),
  }),
]);
export const ExposureTypeSchema = Type.Enum(EXPOSURE_TYPES);
const LinkSource = Type.Enum(['named', 'candidate', 'cascade', 'assist']);
export const AssistStatusSchema = Type.Enum(['draft', 'sent', 'received', 'accepted', 'replied', 'closed']);

export const QuarantinePlan = Type.Object({
  setting: Type.Enum(['central', 'home']),
  from: DateString,
  until: DateString,
  monitorUntil: DateString,
  tests: Type.Array(
    Type.Object({
      date: DateString,
      day: Type.Integer(),
      phase: Type.Enum(['isolation', 'monitoring']),
      samples: Type.Integer(),
    }),
  ),
});

export const ContactLink = Type.Object({
  id: Uuid,
  case: Nullable(Type.Object({ id: Uuid, number: Type.String(), name: Type.String() })),
  via: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  relationship: Nullable(Type.String()),
  exposureType: ExposureTypeSchema,
  lastExposureAt: Timestamp,
  source: LinkSource,
});

const summaryFields = {
  id: Uuid,
  personId: Nullable(Uuid),
  name: Type.String(),
  idMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  degree: Degree,
  status: ContactStatusSchema,
  lastExposureAt: Timestamp,
  plan: QuarantinePlan,
  place: Nullable(Ref),
  outsideArea: Type.Boolean(),
  isolationPlace: Nullable(Type.String()),
  links: Type.Array(ContactLink),
  convertedCase: Nullable(Type.Object({ id: Uuid, number: Type.String() })),
};
export const ContactSummary = Type.Object(summaryFields);

export const CallEntry = Type.Object({
  id: Uuid,
  calledAt: Timestamp,
  numberMasked: Type.String(),
  outcome: Type.Enum(CALL_OUTCOMES),
  notes: Nullable(Type.String()),
  contactId: Nullable(Uuid),
  by: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
});

export const ContactDetail = Type.Object({
  ...summaryFields,
  editionId: Type.String(),
  address: Nullable(Type.String()),
  secondaries: Type.Array(ContactSummary),
  calls: Type.Array(CallEntry),
  assistNotices: Type.Array(Type.Object({ id: Uuid, number: Type.String(), status: AssistStatusSchema })),
  release: Nullable(
    Type.Object(
      {
        until: Type.String({ description: 'Last isolation day (CST), the release day' }),
        blockers: Type.Array(ReleaseBlockerSchema),
      },
      { description: 'For a contact under control: what stands between them and release today' },
    ),
  ),
  version: Type.Integer(),
});

export const ContactListQuery = Type.Object({
  degree: Type.Optional(Degree),
  status: Type.Optional(ContactStatusSchema),
  caseId: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ maxLength: 60, description: 'Name, or an exact ID number / phone' })),
  at: Type.Optional(Code),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const ContactList = Type.Object({ items: Type.Array(ContactSummary), total: Type.Integer() });

export const ContactInput = Type.Object({
  personId: Type.Optional(Uuid),
  idNumber: Type.Optional(Type.String({ maxLength: 30 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  relationship: Type.Optional(Type.String({ maxLength: 50 })),
  exposureType: ExposureTypeSchema,
  lastExposureAt: Timestamp,
  degree: Type.Optional(Degree),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  outsideRegion: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'A person outside our area: the region (division code or province name) an assist notice goes to',
    }),
  ),
});

export const ContactAdded = Type.Object({
  contact: ContactSummary,
  matched: Type.Enum(['id', 'phone', 'person', 'existing', 'created']),
});

export const ContactStatusInput = Type.Object({
  // `converted` is reached only by the contact becoming a case.
  status: Type.Enum([
    'identified',
    'notified',
    'transfer_requested',
    'central_isolation',
    'home_quarantine',
    'released',
  ] as const satisfies ReadonlyArray<(typeof CONTACT_STATUSES)[number]>),
  isolationPlace: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  at: Type.Optional(Timestamp),
  override: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 200,
      description:
        'Release although the rule says not yet (the detail lists why): the reason, kept in the audit log',
    }),
  ),
});
