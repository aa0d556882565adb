/**
 * Route schemas of passes (通行证), the public keys and the revocation list. They mirror
 * web/src/modules/riskcontrol/passes/api-types.ts field for field; identifiers are always masked.
 */
import { type TSchema, Type } from 'typebox';
import { PASS_TYPES } from '../../../domain/pass-token.js';
import { Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
// Null first: with Ajv's type coercion a JSON null would otherwise become '' in the string branch.
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Text = (max: number) => Nullable(Type.String({ maxLength: max }));
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});
const Ref = Type.Object({ code: Type.String(), name: Type.String() });

export const PassTypeSchema = Type.Enum(PASS_TYPES);
export const PassStatusSchema = Type.Enum(['submitted', 'approved', 'rejected', 'revoked', 'withdrawn']);
const Colour = Type.Enum(['green', 'yellow', 'red']);

export const IdParams = Type.Object({ id: Uuid });
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });

export const PassApplicationBody = Type.Object({
  type: PassTypeSchema,
  jurisdictionCode: Type.Optional(Code),
  organisation: Type.Optional(Text(100)),
  plate: Type.Optional(Text(20)),
  vehicle: Type.Optional(Text(100)),
  holders: Type.Array(
    Type.Object({
      role: Type.Enum(['driver', 'holder']),
      name: Type.String({ minLength: 1, maxLength: 40 }),
      idNumber: Type.String({ minLength: 1, maxLength: 30 }),
      phone: Type.Optional(Text(30)),
    }),
    { maxItems: 50 },
  ),
  route: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 }),
  origin: Type.Optional(Text(200)),
  destination: Type.Optional(Text(200)),
  purpose: Type.Optional(Text(500)),
  validFrom: Timestamp,
  validUntil: Timestamp,
});

export const PassListQuery = Type.Object({
  at: Type.Optional(Code),
  status: Type.Optional(PassStatusSchema),
  type: Type.Optional(PassTypeSchema),
  q: Type.Optional(
    Type.String({ maxLength: 60, description: 'Pass number, plate, organisation or holder name' }),
  ),
  mine: Type.Optional(Type.Boolean({ description: 'Only the applications I made' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const summaryFields = {
  id: Uuid,
  number: Type.String(),
  type: PassTypeSchema,
  status: PassStatusSchema,
  organisation: Nullable(Type.String()),
  plate: Nullable(Type.String()),
  holders: Type.Array(Type.String()),
  route: Type.Array(Type.String()),
  validFrom: Timestamp,
  validUntil: Timestamp,
  place: Ref,
  appliedAt: Timestamp,
  appliedBy: Nullable(Type.String()),
};
export const PassSummary = Type.Object(summaryFields);
export const PassList = Type.Object({ items: Type.Array(PassSummary), total: Type.Integer() });

export const PassAttachment = Type.Object({
  id: Uuid,
  kind: Type.String(),
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  uploadedAt: Timestamp,
});

export const PassDetail = Type.Object({
  ...summaryFields,
  vehicle: Nullable(Type.String()),
  origin: Nullable(Type.String()),
  destination: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  holdersDetail: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      role: Type.Enum(['driver', 'holder']),
      name: Type.String(),
      idMasked: Type.String(),
      phoneMasked: Nullable(Type.String()),
      colour: Nullable(Colour),
    }),
  ),
  routeDetail: Type.Array(
    Type.Object({ code: Type.String(), name: Nullable(Type.String()), kind: Nullable(Type.String()) }),
  ),
  attachments: Type.Array(PassAttachment),
  decidedAt: Nullable(Timestamp),
  decidedBy: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  revokedAt: Nullable(Timestamp),
  revokeReason: Nullable(Type.String()),
  token: Nullable(Type.String()),
  can: Type.Object({
    decide: Type.Boolean(),
    revoke: Type.Boolean(),
    withdraw: Type.Boolean(),
    attach: Type.Boolean(),
  }),
  usage: Type.Array(
    Type.Object({
      at: Timestamp,
      checkpoint: Type.String(),
      verdict: Type.Enum(['pass', 'turn_back']),
      reasons: Type.Array(Type.String()),
    }),
  ),
});

export const DecisionBody = Type.Object({
  decision: Type.Enum(['approve', 'reject']),
  note: Type.Optional(Text(500)),
});
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

export const AttachmentHeaders = Type.Object({
  'x-filename': Type.String({ minLength: 1, maxLength: 600, description: 'URI-encoded file name' }),
  'x-attachment-kind': Type.Optional(Type.String({ maxLength: 40 })),
});

export const PublicKeys = Type.Object({
  keys: Type.Array(
    Type.Object({
      id: Type.String(),
      purpose: Type.Enum(['pass', 'code']),
      publicKey: Type.String({ description: 'Raw 32-byte Ed25519 public key, base64url' }),
      retired: Type.Boolean(),
    }),
  ),
});

export const RevocationsQuery = Type.Object({
  since: Type.Optional(Timestamp),
});
export const Revocations = Type.Object({ ids: Type.Array(Uuid), asOf: Timestamp });
