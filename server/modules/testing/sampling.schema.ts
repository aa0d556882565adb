/**
 * Route schemas of the sampler's path: tubes, scans, lookups.
 */
import { Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../../platform/schemas.js';
import { PoolGroupSchema } from './rounds.schema.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const TubeStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('shipped'),
  Type.Literal('received'),
  Type.Literal('resulted'),
]);

export const OpenTubeBody = Type.Object({
  roundId: Uuid,
  barcode: Type.String({ minLength: 1, maxLength: 64 }),
  siteId: Type.Optional(Nullable(Uuid)),
  jurisdiction: Type.Optional(Nullable(Type.String({ minLength: 4, maxLength: 40 }))),
  group: Type.Optional(Nullable(PoolGroupSchema)),
});

export const ScanBody = Type.Object({
  code: Type.Optional(
    Type.String({ maxLength: 200, description: 'Sampling code (QR content) of the person' }),
  ),
  idNumber: Type.Optional(Type.String({ maxLength: 40, description: 'Or the ID number, typed' })),
});

export const Tube = Type.Object({
  id: Uuid,
  roundId: Uuid,
  barcode: Type.String(),
  group: Type.String(),
  capacity: Type.Integer(),
  perHousehold: Type.Boolean(),
  members: Type.Integer(),
  status: TubeStatus,
  siteId: Nullable(Type.String()),
  place: Type.String({ description: 'Code of the site’s unit' }),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
  result: Nullable(Type.Union([Type.Literal('negative'), Type.Literal('positive'), Type.Literal('invalid')])),
  people: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), idMasked: Type.String(), sampledAt: Timestamp }),
  ),
});

export const ScanResponse = Type.Object({
  tube: Tube,
  person: Type.Object({ id: Uuid, name: Type.String(), idMasked: Type.String() }),
});

export const TubeQuery = Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 64 }) });
export const TubeList = Type.Object({ items: Type.Array(Tube) });

export const LookupQuery = Type.Object({
  roundId: Uuid,
  code: Type.Optional(Type.String({ maxLength: 200 })),
  idNumber: Type.Optional(Type.String({ maxLength: 40 })),
});
export const LookupResponse = Type.Object({
  person: Type.Object({
    id: Uuid,
    name: Type.String(),
    idMasked: Type.String(),
    householdId: Nullable(Type.String()),
  }),
  zone: Nullable(Type.String()),
  inRound: Type.Boolean(),
  sampled: Nullable(Type.Object({ barcode: Type.String(), sampledAt: Timestamp })),
});
