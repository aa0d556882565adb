/**
 * Route schemas of assist notices (协查函) between jurisdictions, the peers allowed to deliver them,
 * and the inbox another Cordon instance delivers to. AssistNotice mirrors api-types.ts; the inputs
 * and results below are this module's additions to that contract (see the README of the module).
 */
import { type TSchema, Type } from 'typebox';
import { CASE_CLASSIFICATIONS } from '../../../domain/tracing.js';
import { Timestamp } from '../../platform/schemas.js';
import { AssistStatusSchema } from './contacts.schema.js';

const Uuid = Type.String({ format: 'uuid' });
// Null first: with Ajv's type coercion a JSON null would otherwise become '' in the string branch.
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China time)' });
const Code = Type.String({
  minLength: 4,
  maxLength: 40,
  description: 'Jurisdiction code (short or 12-digit)',
});

export const IdParams = Type.Object({ id: Uuid });
export const Subject = Type.Enum(['case', 'close', 'secondary', 'companion']);
export const DirectionSchema = Type.Enum(['outgoing', 'incoming']);
const Content = Type.Record(Type.String(), Type.Unknown(), {
  description: 'What we know: exposures, itinerary, links — free-form but printable',
});

export const AssistNotice = Type.Object({
  id: Uuid,
  number: Type.String(),
  direction: DirectionSchema,
  subject: Subject,
  peer: Type.String(),
  targetRegion: Nullable(Type.String()),
  name: Type.String(),
  idMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  content: Content,
  status: AssistStatusSchema,
  case: Nullable(Type.Object({ id: Uuid, number: Type.String() })),
  contact: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  reply: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AssistListQuery = Type.Object({
  direction: Type.Optional(DirectionSchema),
  status: Type.Optional(AssistStatusSchema),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const AssistList = Type.Object({ items: Type.Array(AssistNotice), total: Type.Integer() });

/** An outgoing notice about a contact or a case of ours (exactly one of the two). */
export const AssistInput = Type.Object({
  contactId: Type.Optional(Uuid),
  caseId: Type.Optional(Uuid),
  /** Defaults to the contact's degree, or `case`. */
  subject: Type.Optional(Subject),
  /** Where it goes: a region (division code or province/city name). */
  targetRegion: Type.String({ minLength: 1, maxLength: 100 }),
  /** The receiving office, when known; defaults to the region. */
  peer: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** What we ask of them; a standard request when omitted. */
  request: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
});

export const AssistStatusInput = Type.Object({
  status: AssistStatusSchema,
  /** Their answer (outgoing) or ours (incoming): required when moving to `replied`. */
  reply: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
});

/** What the cases API needs to open a case from an accepted incoming `case` notice. */
export const CaseDraft = Type.Object({
  assistNoticeId: Uuid,
  /** The person of our base the notice names, when found by ID number or phone. */
  personId: Nullable(Uuid),
  name: Type.String(),
  idMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  address: Nullable(Type.String()),
  classification: Nullable(Type.Enum(CASE_CLASSIFICATIONS)),
  onsetDate: Nullable(DateString),
  sampledDate: Nullable(DateString),
  source: Type.Literal('assist'),
});

export const AssistStatusResult = Type.Object({
  notice: AssistNotice,
  /** Accepting an incoming close/secondary notice makes (or finds) the contact. */
  contact: Nullable(
    Type.Object({ id: Uuid, matched: Type.Enum(['id', 'phone', 'person', 'existing', 'created']) }),
  ),
  /** Accepting an incoming `case` notice: the data for POST /cases (nothing is created here). */
  caseDraft: Nullable(CaseDraft),
});

export const AssistPeer = Type.Object({
  id: Uuid,
  name: Type.String(),
  region: Type.String(),
  deliverTo: Type.Object({ code: Type.String(), name: Type.String() }),
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export const AssistPeerList = Type.Array(AssistPeer);
export const AssistPeerInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  region: Type.String({ minLength: 1, maxLength: 100 }),
  /** The jurisdiction of ours that receives what this peer delivers. */
  deliverTo: Code,
});
export const AssistPeerPatch = Type.Object({ active: Type.Boolean() });
export const AssistPeerCreated = Type.Object({
  peer: AssistPeer,
  /** The bearer token, shown this once: only its hash is kept. */
  token: Type.String(),
});

const InboxPerson = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
});

/** What another instance delivers to POST /api/assist/inbox. */
export const AssistInboxInput = Type.Object({
  /** The sender's own id of the notice: delivering it again is the same notice. */
  externalRef: Type.String({ minLength: 1, maxLength: 100 }),
  /** The sender's notice number, quoted in our documents. */
  number: Type.Optional(Type.String({ maxLength: 60 })),
  subject: Subject,
  person: InboxPerson,
  /** Required unless the subject is a case. */
  lastExposureAt: Type.Optional(Timestamp),
  request: Type.Optional(Type.String({ maxLength: 2000 })),
  case: Type.Optional(
    Type.Object({
      classification: Type.Optional(Type.Enum(CASE_CLASSIFICATIONS)),
      onsetDate: Type.Optional(DateString),
      sampledDate: Type.Optional(DateString),
    }),
  ),
  content: Type.Optional(Content),
});

export const AssistInboxResult = Type.Object({
  id: Uuid,
  number: Type.String(),
  status: AssistStatusSchema,
  /** True when this notice had been delivered before: nothing new was stored. */
  duplicate: Type.Boolean(),
});
