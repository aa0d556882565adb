/**
 * Route schemas of clusters and transmission chains; they mirror web/src/modules/tracing/api-types.ts
 * (Cluster) and domain/chain-graph.ts (ChainGraphWire) field for field. The export's JSON form is defined here.
 */
import { type TSchema, Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Ref = Type.Object({ code: Type.String(), name: Type.String() });

export const ClusterIdParams = Type.Object({ id: Uuid });

export const Cluster = Type.Object({
  id: Uuid,
  name: Type.String(),
  size: Type.Integer(),
  growth: Type.Integer({ description: 'Cases added since the end of the previous CST day' }),
  firstCase: Type.Object({ id: Uuid, number: Type.String() }),
  firstReportedAt: Timestamp,
  lastReportedAt: Timestamp,
  places: Type.Array(Ref, { description: 'Villages of its cases, most cases first (at most 10)' }),
});
export const ClusterList = Type.Array(Cluster);

export const ClusterPatch = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
});

/** The largest graph one request may ask for: 10,000 cases with 100,000 contacts and their places. */
export const CHAIN_MAX_NODES = 200_000;
export const CHAIN_DEFAULT_NODES = 5_000;

export const ChainQuery = Type.Object({
  clusterId: Type.Optional(Uuid),
  caseId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAIN_MAX_NODES, default: CHAIN_DEFAULT_NODES })),
});

const NodeKind = Type.Union([Type.Literal('case'), Type.Literal('contact'), Type.Literal('place')]);
const EdgeKind = Type.Union([
  Type.Literal('named'),
  Type.Literal('via'),
  Type.Literal('infected'),
  Type.Literal('visited'),
]);

/** The graph on the wire, as domain/chain-graph.ts ChainGraphWire describes it. */
export const ChainGraph = Type.Object({
  nodes: Type.Array(
    Type.Tuple([
      Type.String({ description: 'id' }),
      NodeKind,
      Type.String({ description: 'label: case "number name", contact name, venue name' }),
      Nullable(Type.String({ description: 'tag: classification, degree or venue kind' })),
      Nullable(Type.String({ description: 'clusterId of a case or place; null for contacts' })),
      Nullable(Type.String({ description: 'at: reportedAt or lastExposureAt (ISO 8601)' })),
      Nullable(Type.String({ description: 'status' })),
    ]),
    { description: 'Each node as [id, kind, label, tag, clusterId, at, status]' },
  ),
  edges: Type.Array(
    Type.Tuple([
      Type.String({ description: 'source id' }),
      Type.String({ description: 'target id' }),
      EdgeKind,
    ]),
    { description: 'Each edge as [source, target, kind]; named, via, infected (contact → case), visited' },
  ),
  truncated: Type.Boolean(),
});

export const ExportQuery = Type.Object({
  clusterId: Uuid,
  format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('json')], { default: 'xlsx' })),
});

const NullableString = Nullable(Type.String());

export const ChainExport = Type.Object({
  cluster: Cluster,
  cases: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      name: Type.String(),
      idMasked: NullableString,
      phoneMasked: NullableString,
      classification: Type.String(),
      foundIn: Type.String(),
      reportedAt: Timestamp,
      onsetDate: NullableString,
      sampledDate: Type.String(),
      place: Ref,
      fromContactId: NullableString,
      status: Type.String(),
    }),
  ),
  contacts: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      idMasked: NullableString,
      phoneMasked: NullableString,
      degree: Type.String(),
      status: Type.String(),
      lastExposureAt: Timestamp,
      isolationPlace: NullableString,
      quarantineUntil: NullableString,
      place: Nullable(Type.String()),
      convertedCaseId: NullableString,
    }),
  ),
  relations: Type.Array(
    Type.Object({
      kind: EdgeKind,
      source: Type.String(),
      target: Type.String(),
      sourceLabel: Type.String(),
      targetLabel: Type.String(),
      exposureType: NullableString,
      at: NullableTimestamp,
    }),
  ),
});
