/**
 * The JSON shapes of passes (通行证), the public keys and revocation list, and the checkpoint's
 * verification and check log, written once: the web pages import them and the server's TypeBox
 * schemas (server/modules/riskcontrol/passes.schema.ts, verify.schema.ts) mirror them field for field.
 * Identifiers are always masked; times are ISO strings, dates YYYY-MM-DD.
 *
 * Routes (all under /api):
 *   POST   /risk/passes                          apply (pass.apply)                      → PassDetail
 *   GET    /risk/passes?at=&status=&type=&q=&mine=&page=&pageSize=  list (risk.read or pass.apply: an applicant
 *                                                sees the applications of their own subtree) → PagedList<PassSummary>
 *   GET    /risk/passes/:id                      detail (audited 'risk.pass_viewed')      → PassDetail
 *   POST   /risk/passes/:id/attachments          raw body, headers x-filename (URI-encoded), x-attachment-kind
 *                                                (pass.apply; only while submitted)        → PassAttachment
 *   GET    /risk/passes/:id/attachments/:attachmentId   the file (audited)
 *   POST   /risk/passes/:id/decision             { decision: 'approve' | 'reject', note } (pass.approve) → PassDetail
 *   POST   /risk/passes/:id/revoke               { reason } (pass.approve)                → PassDetail
 *   POST   /risk/passes/:id/withdraw             (pass.apply, the applicant, while submitted) → PassDetail
 *   GET    /public/keys                          public                                    → PublicKeys
 *   GET    /public/revocations?since=<iso>       public                                    → Revocations
 *   GET    /risk/checkpoints/mine                the checkpoints this user may check at (risk.verify) → CheckpointInfo[]
 *   POST   /risk/checkpoints/:id/verify          VerifyRequest (risk.verify)               → VerifyResult (logged)
 *   POST   /risk/checkpoints/:id/checks          { checks: OfflineCheck[] } (risk.verify)  → SyncResult
 *   GET    /risk/checkpoint-stats?at=&day=       (risk.read)                               → CheckpointStats
 */
import type {
  Certificate,
  CheckpointPolicy,
  Crossing,
  CrossingProblem,
} from '../../../../../domain/checkpoint-policy.js';
import type { CodeProblem } from '../../../../../domain/code-token.js';
import type { CodeColour, HealthCodeReason } from '../../../../../domain/healthcode.js';
import type { PassProblem, PassType } from '../../../../../domain/pass-token.js';

export type { Certificate, Crossing, PassType };

export interface PagedList<T> {
  items: T[];
  total: number;
}

export type PassStatus = 'submitted' | 'approved' | 'rejected' | 'revoked' | 'withdrawn';

export interface PassHolderInput {
  role: 'driver' | 'holder';
  name: string;
  idNumber: string;
  phone?: string | null;
}

export interface PassApplication {
  type: PassType;
  /** Where the applicant applies from (a jurisdiction in their subtree; defaults to their home). */
  jurisdictionCode?: string;
  organisation?: string | null;
  /** Required for vehicle types (supply_vehicle, enterprise_vehicle, pickup). */
  plate?: string | null;
  vehicle?: string | null;
  holders: PassHolderInput[];
  /** Checkpoint codes in order; required (non-empty) for supply_vehicle. */
  route: string[];
  origin?: string | null;
  destination?: string | null;
  purpose?: string | null;
  validFrom: string;
  validUntil: string;
}

export interface PassHolder {
  seq: number;
  role: 'driver' | 'holder';
  name: string;
  idMasked: string;
  phoneMasked: string | null;
  /** The holder's current code colour, when they are in the population base (null: unknown). */
  colour: CodeColour | null;
}

export interface PassSummary {
  id: string;
  number: string;
  type: PassType;
  status: PassStatus;
  organisation: string | null;
  plate: string | null;
  holders: string[];
  route: string[];
  validFrom: string;
  validUntil: string;
  place: { code: string; name: string };
  appliedAt: string;
  appliedBy: string | null;
}

export interface PassAttachment {
  id: string;
  kind: string;
  filename: string;
  mime: string;
  size: number;
  uploadedAt: string;
}

export interface PassDetail extends PassSummary {
  vehicle: string | null;
  origin: string | null;
  destination: string | null;
  purpose: string | null;
  holdersDetail: PassHolder[];
  routeDetail: Array<{ code: string; name: string | null; kind: string | null }>;
  attachments: PassAttachment[];
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  /** The signed token for the QR code (approved passes only). */
  token: string | null;
  /** What the current user may do with it. */
  can: { decide: boolean; revoke: boolean; withdraw: boolean; attach: boolean };
  /** The last checks of this pass at checkpoints (usage log), newest first. */
  usage: Array<{ at: string; checkpoint: string; verdict: 'pass' | 'turn_back'; reasons: string[] }>;
}

export interface PublicKeys {
  keys: Array<{ id: string; purpose: 'pass' | 'code'; publicKey: string; retired: boolean }>;
}

export interface Revocations {
  /** Ids of passes revoked (since `since`, or all still within their validity). */
  ids: string[];
  asOf: string;
}

export interface CheckpointInfo {
  id: string;
  code: string;
  name: string;
  kind: 'community_gate' | 'beijing_entry' | 'highway_exit' | 'city_border';
  place: { code: string; name: string };
  policy: CheckpointPolicy;
}

export interface VerifyRequest {
  /** The scanned text: a pass token (CDP1…), a person's code token (CDH1…), or anything (→ not ours). */
  scan?: string;
  plate?: string;
  idNumber?: string;
  /** What the traveller asks to do here; defaults to the first crossing of the checkpoint's policy. */
  crossing?: Crossing;
  /** Certificates the officer has seen. */
  certificates?: Certificate[];
  /** The driver at the wheel, when checking a vehicle pass. */
  driver?: { name?: string; idNumber?: string };
  /** Set by the phone so that a retried request is logged once. */
  clientId?: string;
}

export type VerifyProblem =
  | PassProblem
  | CodeProblem
  | CrossingProblem
  | { code: 'no_pass_for_plate'; plate: string }
  /** Not in the population base: the city cannot vouch for their code or test (name: a pass holder's). */
  | { code: 'person_unknown'; name?: string }
  | { code: 'driver_code_colour'; colour: CodeColour; name: string }
  | { code: 'driver_no_recent_negative'; hours: number; name: string; lastNegativeAt: string | null };

export interface VerifyResult {
  checkId: string;
  verdict: 'pass' | 'turn_back';
  /** Every reason, in the order checked; empty when the verdict is pass. */
  problems: VerifyProblem[];
  subject: 'pass' | 'person_code' | 'plate' | 'id_number';
  pass: {
    id: string;
    number: string;
    type: PassType;
    plate: string | null;
    holders: Array<{ name: string; idLast4: string }>;
    route: string[];
    validUntil: string;
  } | null;
  person: {
    name: string;
    idMasked: string;
    colour: CodeColour;
    reasons: HealthCodeReason[];
    lastNegativeAt: string | null;
  } | null;
  checkpoint: { id: string; code: string; name: string };
  at: string;
}

/** A check decided on the phone while offline, sent when the network is back. */
export interface OfflineCheck {
  clientId: string;
  at: string;
  subject: 'pass' | 'person_code';
  /** The scanned token (the server re-reads its claims for the log; it does not re-decide). */
  scan: string;
  verdict: 'pass' | 'turn_back';
  problems: Array<{ code: string }>;
}

export interface SyncResult {
  accepted: number;
  /** Already logged before (same clientId). */
  duplicates: number;
  rejected: Array<{ clientId: string; reason: string }>;
}

export interface CheckpointStats {
  day: string;
  rows: Array<{
    checkpointId: string;
    code: string;
    name: string;
    shift: 1 | 2 | 3;
    vehicles: number;
    people: number;
    passed: number;
    turnedBack: number;
    /** Turn-backs by reason code. */
    reasons: Record<string, number>;
  }>;
  totals: { checked: number; passed: number; turnedBack: number; reasons: Record<string, number> };
}
