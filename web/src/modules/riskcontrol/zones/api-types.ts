/**
 * The JSON shapes of zones, lockdown gates, checkpoints, rosters and staffing, written once: the
 * pages import them and the server's TypeBox schemas (server/modules/riskcontrol/zones.schema.ts,
 * checkpoints.schema.ts) mirror them field for field. Dates are YYYY-MM-DD (China time).
 *
 * Routes (all under /api):
 *   GET    /risk/zones?at=&status=&kind=&page=&pageSize=   (risk.read)  → { items: Zone[], total }
 *   GET    /risk/zones/map?at=                             (risk.read)  → ZoneMap
 *   POST   /risk/zones          ZoneInput                  (risk.zones) → ZoneDetail
 *   GET    /risk/zones/:id                                 (risk.read)  → ZoneDetail
 *   POST   /risk/zones/:id/cases     { caseNumbers }       (risk.zones) → ZoneDetail
 *   POST   /risk/zones/:id/evaluate  { on? }               (risk.zones) → ZoneDetail
 *   POST   /risk/zones/:id/lift      { on?, override?, note? } (risk.zones) → LiftResult; 409 ZONE_LIFT_BLOCKED
 *   GET    /risk/checkpoints?at=&kind=&active=&q=&day=&shift=  (risk.read) → { items: Checkpoint[], total }
 *   POST   /risk/checkpoints    CheckpointInput            (risk.checkpoints) → Checkpoint
 *   GET    /risk/checkpoints/:id                           (risk.read)  → Checkpoint
 *   PATCH  /risk/checkpoints/:id  CheckpointPatch          (risk.checkpoints) → Checkpoint
 *   GET    /risk/checkpoints/:id/roster?from=&to=          (risk.read)  → Roster
 *   POST   /risk/checkpoints/:id/roster/:day/:shift { staff } (risk.checkpoints) → Roster
 *   GET    /risk/staffing?at=&day=&shift=&by=              (risk.read)  → StaffingRollup
 */
import type { CheckpointPolicy } from '../../../../../domain/checkpoint-policy.js';
import type { LiftingCondition, ZoneKind } from '../../../../../domain/zones.js';

export type { ZoneKind, LiftingCondition };
export type ZoneStatus = 'active' | 'lifted' | 'stepped_down';

export interface Lifting {
  day: string;
  canLiftOn: string | null;
  liftableToday: boolean;
  to: ZoneKind | null;
  conditions: LiftingCondition[];
  facts: {
    since: string;
    lastInfectionOn: string | null;
    closeContacts: { count: number; lastExposureOn: string; allNegative: boolean; untested: number } | null;
    rounds: Array<{ roundId: string; name: string; on: string; allNegative: boolean }>;
    strongerZonesOpen: number;
  };
}

export interface Zone {
  id: string;
  countyCode: string;
  place: { code: string; name: string; level: string };
  name: string;
  kind: ZoneKind;
  editionId: string;
  reason: string;
  startedOn: string;
  status: ZoneStatus;
  previousZoneId: string | null;
  steppedFromHighOn: string | null;
  endedAt: string | null;
  endNote: string | null;
  lifting: Lifting | null;
  cases: Array<{ id: string; number: string; nameMasked: string }>;
  gates: { active: number; total: number };
  version: number;
}

export interface ZoneEvent {
  id: number;
  at: string;
  by: { id: string; name: string } | null;
  action: string;
  detail: Record<string, unknown>;
}

export interface ZoneDetail extends Zone {
  events: ZoneEvent[];
  next: { id: string; kind: ZoneKind } | null;
}

export interface ZoneInput {
  place: string;
  kind: ZoneKind;
  reason: string;
  startedOn?: string;
  editionId?: string;
  caseNumbers?: string[];
}

export interface LiftResult {
  zone: ZoneDetail;
  next: Zone | null;
  gatesDeactivated: number;
}

export interface ZoneMap {
  counties: Array<{
    code: string;
    name: string;
    strength: number;
    strongest: ZoneKind | null;
    counts: Partial<Record<ZoneKind, number>>;
  }>;
  citywide: Array<{ id: string; kind: ZoneKind }>;
}

export type CheckpointKind = 'community_gate' | 'beijing_entry' | 'highway_exit' | 'city_border';

export interface Checkpoint {
  id: string;
  countyCode: string;
  code: string;
  name: string;
  kind: CheckpointKind;
  place: { code: string; name: string };
  location: string | null;
  lat: number | null;
  lon: number | null;
  policy: CheckpointPolicy;
  staffPerShift: number;
  zoneId: string | null;
  active: boolean;
  staffing: { day: string; shift: number; filled: number; required: number };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CheckpointInput {
  code: string;
  name: string;
  kind: CheckpointKind;
  place: string;
  location?: string | null;
  lat?: number | null;
  lon?: number | null;
  policy?: CheckpointPolicy;
  staffPerShift?: number;
  active?: boolean;
}

export type CheckpointPatch = Partial<Omit<CheckpointInput, 'code' | 'kind' | 'place'>> & { version: number };

export interface RosterStaff {
  seq: number;
  userId: string | null;
  name: string;
  phoneMasked: string | null;
}

export interface Roster {
  checkpoint: { id: string; code: string; name: string; staffPerShift: number };
  from: string;
  to: string;
  shifts: Array<{ day: string; shift: number; required: number; staff: RosterStaff[] }>;
}

export type ShiftStaffInput = { userId: string } | { name: string; phone?: string };

export interface StaffingRollup {
  day: string;
  shift: number;
  by: 'village' | 'town' | 'county';
  totals: { checkpoints: number; staffed: number; gates: number };
  rows: Array<{
    code: string;
    name: string;
    checkpoints: number;
    gates: number;
    staffed: number;
    filled: number;
    required: number;
  }>;
}
