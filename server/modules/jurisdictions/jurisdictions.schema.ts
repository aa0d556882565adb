import { Type } from 'typebox';
import { KINDS, LEVELS } from '../../../domain/jurisdiction.js';
import { Paging } from '../../platform/schemas.js';
import { MAP_METRICS } from './jurisdictions.service.js';

const CodeText = Type.String({
  minLength: 4,
  maxLength: 20,
  description: 'Division code (4, 6, 9 or 12 digits; stored as 12) or grid/building code',
});

export const Jurisdiction = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'Official name' }),
  shortName: Type.String({ description: 'Display name (张营村村民委员会 → 张营村)' }),
  level: Type.Enum(LEVELS),
  kind: Type.String({ description: `By level: ${JSON.stringify(KINDS)}` }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  countyCode: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Literal('division'), Type.Literal('user')]),
  childCount: Type.Optional(Type.Integer()),
  trail: Type.Optional(Type.Array(Type.String())),
  inScope: Type.Optional(Type.Boolean()),
});

export const ListQuery = Type.Object({
  parent: Type.Optional(CodeText),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'Search by name or code prefix' }),
  ),
  ...Paging,
});

export const ListResponse = Type.Object({
  items: Type.Array(Jurisdiction),
  total: Type.Integer(),
});

export const CodeParams = Type.Object({ code: CodeText });

export const DetailResponse = Type.Object({
  jurisdiction: Jurisdiction,
  ancestors: Type.Array(Jurisdiction),
  counts: Type.Array(Type.Object({ level: Type.String(), kind: Type.String(), count: Type.Integer() }), {
    description: 'Descendants by level and kind',
  }),
});

export const CreateBody = Type.Object({
  parentCode: CodeText,
  level: Type.Union([Type.Literal('grid'), Type.Literal('building')]),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Optional(Type.String({ maxLength: 20 })),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});

export const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(Type.String({ maxLength: 20 })),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    parentCode: Type.Optional(CodeText),
  },
  { minProperties: 1 },
);

export const MapQuery = Type.Object({
  metric: Type.Optional(
    Type.Enum(Object.keys(MAP_METRICS) as Array<keyof typeof MAP_METRICS>, { default: 'villages' }),
  ),
});
