/**
 * Route schemas of big data (大数据): venues (场所码), exposure files and a case's candidates. They
 * mirror web/src/modules/tracing/api-types.ts field for field (Venue, VenueInput, ExposureImport,
 * ExposureProblem, Candidate, CandidateList, CandidateDecision); two optional fields are added to a
 * problem (`code`, `warning`) so a page can tell a loaded row with a warning from a skipped one.
 */
import { Type } from 'typebox';
import { EXPOSURE_TYPES } from '../../../domain/tracing.js';
import { NullableTimestamp, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const RefSchema = Type.Object({ code: Type.String(), name: Type.String() });

export const CaseIdParams = Type.Object({ id: Uuid });
export const CandidateParams = Type.Object({ id: Uuid, personId: Uuid });

export const Venue = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: NullableString,
  address: NullableString,
  lat: NullableNumber,
  lng: NullableNumber,
  place: RefSchema,
});

export const VenueInput = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[0-9A-Za-z_.:-]+$',
      description: 'The venue code (场所码) as scans carry it',
    }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    place: Type.String({
      minLength: 4,
      maxLength: 40,
      description: 'The village (or town) the venue lies in: a jurisdiction code in my subtree',
    }),
  },
  { additionalProperties: false },
);

export const VenueListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of the name, or the start of the code' })),
  at: Type.Optional(Type.String({ maxLength: 40, description: 'A jurisdiction code narrowing the list' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const VenueList = Type.Object({ items: Type.Array(Venue), total: Type.Integer() });

export const ExposureProblem = Type.Object({
  row: Type.Integer({ description: '1-based line of the file (the header is line 1)' }),
  field: NullableString,
  message: Type.String(),
  code: Type.Optional(Type.String({ description: 'Stable problem code (unknown_person, duplicate …)' })),
  warning: Type.Optional(Type.Boolean({ description: 'True: the row was loaded all the same' })),
});

export const ExposureImport = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('venue'), Type.Literal('ping')]),
  fileName: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  totalRows: Type.Integer(),
  loadedRows: Type.Integer(),
  skippedRows: Type.Integer(),
  problems: Type.Array(ExposureProblem),
  error: NullableString,
  createdAt: Timestamp,
  finishedAt: NullableTimestamp,
  duplicateFile: Type.Optional(Type.Boolean()),
});

export const ExposureUploadQuery = Type.Object({
  kind: Type.Union([Type.Literal('venue'), Type.Literal('ping')]),
  fileName: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ExposureListQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('venue'), Type.Literal('ping')])),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const ExposureList = Type.Object({ items: Type.Array(ExposureImport), total: Type.Integer() });

const Decision = Type.Union([
  Type.Literal('close'),
  Type.Literal('secondary'),
  Type.Literal('companion'),
  Type.Literal('dismissed'),
]);

export const Candidate = Type.Object({
  personId: Uuid,
  name: Type.String(),
  idMasked: Type.String(),
  phoneMasked: NullableString,
  place: RefSchema,
  kind: Type.Union([Type.Literal('venue'), Type.Literal('cell'), Type.Literal('both')]),
  minutes: Type.Integer(),
  encounters: Type.Integer(),
  firstAt: Timestamp,
  lastAt: Timestamp,
  where: Type.Array(Type.String()),
  score: Type.Number(),
  decision: Type.Union([Decision, Type.Null()]),
  contactId: Type.Union([Uuid, Type.Null()]),
});

export const CandidateListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const CandidateList = Type.Object({
  window: Type.Object({ from: Timestamp, until: Timestamp }),
  params: Type.Object({
    venueMinutes: Type.Number(),
    cellResolution: Type.Integer(),
    cellMinutes: Type.Number(),
    pingMinutes: Type.Number(),
  }),
  items: Type.Array(Candidate),
  total: Type.Integer(),
});

export const CandidateDecisionInput = Type.Object(
  {
    decision: Decision,
    exposureType: Type.Optional(Type.Union(EXPOSURE_TYPES.map((t) => Type.Literal(t)))),
  },
  { additionalProperties: false },
);
