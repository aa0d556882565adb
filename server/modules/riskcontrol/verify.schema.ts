/**
 * Route schemas of the checkpoint's verification, check log and statistics. They mirror
 * web/src/modules/riskcontrol/passes/api-types.ts (VerifyRequest, VerifyResult, OfflineCheck,
 * SyncResult, CheckpointInfo, CheckpointStats) field for field.
 */
import { type TSchema, Type } from 'typebox';
import { CERTIFICATES, CROSSINGS } from '../../../domain/checkpoint-policy.js';
import { PASS_TYPES } from '../../../domain/pass-token.js';
import { Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Colour = Type.Enum(['green', 'yellow', 'red']);
const Verdict = Type.Enum(['pass', 'turn_back']);
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});
/** A reason with its own fields (domain PassProblem, CodeProblem, CrossingProblem and the online ones). */
const Problem = Type.Object({ code: Type.String() }, { additionalProperties: true });

export const CheckpointParams = Type.Object({ id: Uuid });

export const VerifyBody = Type.Object({
  scan: Type.Optional(Type.String({ maxLength: 4000 })),
  plate: Type.Optional(Type.String({ maxLength: 20 })),
  idNumber: Type.Optional(Type.String({ maxLength: 30 })),
  crossing: Type.Optional(Type.Enum(CROSSINGS)),
  certificates: Type.Optional(Type.Array(Type.Enum(CERTIFICATES), { maxItems: 3 })),
  driver: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ maxLength: 40 })),
      idNumber: Type.Optional(Type.String({ maxLength: 30 })),
    }),
  ),
  clientId: Type.Optional(Uuid),
});

export const VerifyResult = Type.Object({
  checkId: Uuid,
  verdict: Verdict,
  problems: Type.Array(Problem),
  subject: Type.Enum(['pass', 'person_code', 'plate', 'id_number']),
  pass: Nullable(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      type: Type.Enum(PASS_TYPES),
      plate: Nullable(Type.String()),
      holders: Type.Array(Type.Object({ name: Type.String(), idLast4: Type.String() })),
      route: Type.Array(Type.String()),
      validUntil: Timestamp,
    }),
  ),
  person: Nullable(
    Type.Object({
      name: Type.String(),
      idMasked: Type.String(),
      colour: Colour,
      reasons: Type.Array(Type.Object({ code: Type.String() }, { additionalProperties: true })),
      lastNegativeAt: Nullable(Timestamp),
    }),
  ),
  checkpoint: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  at: Timestamp,
});

/** Loose on purpose: a bad entry is refused by its clientId, the good ones of the batch are kept. */
export const SyncBody = Type.Object({
  checks: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 1000 }),
});

export const SyncResult = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Array(Type.Object({ clientId: Type.String(), reason: Type.String() })),
});

const RuleSchema = Type.Object({
  negativeWithinHours: Nullable(Type.Integer()),
  certificates: Type.Array(Type.String()),
  colours: Type.Array(Colour),
});

export const CheckpointInfo = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['community_gate', 'beijing_entry', 'highway_exit', 'city_border']),
  place: Type.Object({ code: Type.String(), name: Type.String() }),
  policy: Type.Record(Type.String(), RuleSchema),
});
export const CheckpointInfoList = Type.Array(CheckpointInfo);

export const StatsQuery = Type.Object({
  at: Type.Optional(Code),
  day: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China time)' }),
  ),
});

const Reasons = Type.Record(Type.String(), Type.Integer());
export const CheckpointStats = Type.Object({
  day: Type.String(),
  rows: Type.Array(
    Type.Object({
      checkpointId: Uuid,
      code: Type.String(),
      name: Type.String(),
      shift: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
      vehicles: Type.Integer(),
      people: Type.Integer(),
      passed: Type.Integer(),
      turnedBack: Type.Integer(),
      reasons: Reasons,
    }),
  ),
  totals: Type.Object({
    checked: Type.Integer(),
    passed: Type.Integer(),
    turnedBack: Type.Integer(),
    reasons: Reasons,
  }),
});
