/**
 * Route schemas of recheck and door-to-door tasks, alerts, and the recall list of a tube.
 */
import { type TSchema, Type } from 'typebox';
import { NullableTimestamp, Paging, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Ref = Type.Object({ code: Type.String(), name: Type.String() });

export const IdParams = Type.Object({ id: Uuid });

export const TaskStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sampled'),
  Type.Literal('negative'),
  Type.Literal('positive'),
  Type.Literal('invalid'),
  Type.Literal('cancelled'),
]);
export const TaskKind = Type.Union([Type.Literal('recheck'), Type.Literal('door_to_door')]);
export const TaskReason = Type.Union([
  Type.Literal('positive_pool'),
  Type.Literal('invalid_pool'),
  Type.Literal('immobile'),
  Type.Literal('missing'),
]);
const TubeResult = Type.Union([Type.Literal('negative'), Type.Literal('positive'), Type.Literal('invalid')]);

export const TaskListQuery = Type.Object({
  roundId: Type.Optional(Uuid),
  jurisdiction: Type.Optional(Type.String({ minLength: 4, maxLength: 40 })),
  status: Type.Optional(TaskStatus),
  kind: Type.Optional(TaskKind),
  ...Paging,
});

export const Task = Type.Object({
  id: Uuid,
  roundId: Uuid,
  kind: TaskKind,
  reason: TaskReason,
  status: TaskStatus,
  holdAtHome: Type.Boolean(),
  person: Type.Object({
    id: Uuid,
    name: Type.String(),
    idMasked: Type.String(),
    phoneMasked: Nullable(Type.String()),
  }),
  address: Type.String(),
  village: Ref,
  grid: Nullable(Ref),
  sourceTube: Nullable(Type.Object({ id: Uuid, barcode: Type.String() })),
  tube: Nullable(Type.Object({ id: Uuid, barcode: Type.String(), result: Nullable(TubeResult) })),
  createdAt: Timestamp,
  sampledAt: NullableTimestamp,
  resultedAt: NullableTimestamp,
});
export const TaskList = Type.Object({ items: Type.Array(Task), total: Type.Integer() });

export const SampleBody = Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 64 }) });

export const AlertKind = Type.Union([
  Type.Literal('positive_pool'),
  Type.Literal('invalid_pool'),
  Type.Literal('positive_person'),
]);
export const Alert = Type.Object({
  id: Uuid,
  kind: AlertKind,
  roundId: Uuid,
  tube: Type.Object({ id: Uuid, barcode: Nullable(Type.String()) }),
  personId: Nullable(Uuid),
  members: Type.Integer(),
  place: Ref,
  raisedAt: Timestamp,
  acknowledgedAt: NullableTimestamp,
});
export const AlertList = Type.Object({ items: Type.Array(Alert) });
export const AlertListQuery = Type.Object({
  roundId: Type.Optional(Uuid),
  unacknowledged: Type.Optional(Type.Boolean()),
  ...Paging,
});

export const Recall = Type.Object({
  tube: Type.Object({
    id: Uuid,
    barcode: Type.String(),
    roundId: Uuid,
    purpose: Type.Union([Type.Literal('screening'), Type.Literal('recheck')]),
    status: Type.String(),
    result: Nullable(TubeResult),
    orf1abCt: Nullable(Type.Number()),
    nCt: Nullable(Type.Number()),
    resultedAt: NullableTimestamp,
    resultConflict: Type.Boolean(),
    members: Type.Integer(),
  }),
  items: Type.Array(
    Type.Object({
      personId: Uuid,
      name: Type.String(),
      idMasked: Type.String(),
      phoneMasked: Nullable(Type.String()),
      address: Type.String(),
      village: Ref,
      grid: Nullable(Ref),
      task: Nullable(
        Type.Object({
          id: Uuid,
          status: TaskStatus,
          holdAtHome: Type.Boolean(),
          recheckBarcode: Nullable(Type.String()),
        }),
      ),
    }),
  ),
});
