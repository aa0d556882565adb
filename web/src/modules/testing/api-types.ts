/**
 * The JSON shapes of /api/testing, written once for the web app (the task force's pages and the
 * field pages). They mirror the server's TypeBox schemas in server/modules/testing/*.schema.ts
 * (rounds, sampling, lab, tasks, coverage) and the inline ones of bulk.routes.ts. Identifiers are
 * always masked here.
 */
import type { PoolGroup, TestingRules } from '../../../../domain/protocol.js';
import type { TubeResult } from '../../../../domain/testing.js';

export interface Ref {
  code: string;
  name: string;
}

export interface ListOf<T> {
  items: T[];
}

export interface PagedList<T> extends ListOf<T> {
  total: number;
}

// ---- Rounds and editions (rounds.schema.ts) ------------------------------------------------

export type Zone = 'sealed' | 'controlled' | 'prevention';
export const ZONES: readonly Zone[] = ['sealed', 'controlled', 'prevention'];
export type RoundStatus = 'planned' | 'active' | 'closed';
export const ROUND_STATUSES: readonly RoundStatus[] = ['planned', 'active', 'closed'];

export interface RoundArea extends Ref {
  level: string;
  zone: Zone;
}

export interface Round {
  id: string;
  name: string;
  owner: Ref;
  editionId: string;
  rules: TestingRules;
  startsAt: string;
  endsAt: string;
  status: RoundStatus;
  areas: RoundArea[];
  createdAt: string;
  closedAt: string | null;
}

export interface AreaInput {
  code: string;
  zone?: Zone;
}

export interface RoundBody {
  name: string;
  areas: AreaInput[];
  startsAt: string;
  endsAt: string;
  editionId?: string;
  /** The whole rules object (validated by domain/protocol validateTestingRules on the server). */
  rules?: TestingRules;
}

export interface RoundPatch {
  name?: string;
  endsAt?: string;
  status?: RoundStatus;
  areas?: AreaInput[];
  rules?: TestingRules;
}

export interface Edition {
  id: string;
  name: { zh: string; en: string };
  effective: string;
  testing: TestingRules;
}

export interface EditionList extends ListOf<Edition> {
  defaultId: string;
}

// ---- Sites, labs, teams, staffing, exemptions (rounds.schema.ts, sites.routes.ts) ----------

export interface Lab {
  id: string;
  code: string;
  name: string;
  kind: 'fixed' | 'mobile';
  capacityPerDay: number;
  place: Ref;
}

export interface LabBody {
  code: string;
  name: string;
  kind?: 'fixed' | 'mobile';
  capacityPerDay?: number;
  jurisdiction: string;
}

export interface Team {
  id: string;
  siteId: string;
  name: string;
  leader: string | null;
  samplers: number;
  helpers: number;
}

export interface TeamBody {
  name: string;
  leader?: string | null;
  samplers?: number;
  helpers?: number;
}

export interface Site {
  id: string;
  name: string;
  village: Ref;
  place: Ref;
  address: string | null;
  hours: string | null;
  tables: number;
  active: boolean;
  teams: Team[];
}

export interface SiteBody {
  name: string;
  jurisdiction: string;
  address?: string | null;
  hours?: string | null;
  tables?: number;
  active?: boolean;
}

export interface Staffing {
  jurisdiction: Ref;
  /** Residents of the area in the population ledger. */
  people: number;
  suggested: {
    sites: { min: number; max: number };
    samplers: number;
    tables: { min: number; max: number };
  };
  actual: { sites: number; samplers: number; helpers: number; tables: number };
}

export type ExemptionReason = 'hospital' | 'isolation' | 'away' | 'other';
export const EXEMPTION_REASONS: readonly ExemptionReason[] = ['hospital', 'isolation', 'away', 'other'];

export interface Exemption {
  personId: string;
  name: string;
  idMasked: string;
  reason: ExemptionReason;
  note: string | null;
  createdAt: string;
}

export interface ExemptionBody {
  personId: string;
  reason: ExemptionReason;
  note?: string | null;
}

// ---- Sampling (sampling.schema.ts) ---------------------------------------------------------

export type TubeStatus = 'open' | 'closed' | 'shipped' | 'received' | 'resulted';
export const TUBE_STATUSES: readonly TubeStatus[] = ['open', 'closed', 'shipped', 'received', 'resulted'];
export type TubePurpose = 'screening' | 'recheck';

export interface TubePerson {
  id: string;
  /** Masked: 张* */
  name: string;
  idMasked: string;
  sampledAt: string;
}

export interface Tube {
  id: string;
  roundId: string;
  barcode: string;
  group: PoolGroup;
  capacity: number;
  perHousehold: boolean;
  members: number;
  status: TubeStatus;
  siteId: string | null;
  /** Code of the site's unit. */
  place: string;
  openedAt: string;
  closedAt: string | null;
  result: TubeResult | null;
  people: TubePerson[];
}

export interface OpenTubeBody {
  roundId: string;
  barcode: string;
  siteId?: string | null;
  jurisdiction?: string | null;
  group?: PoolGroup | null;
}

export interface ScanBody {
  /** The sampling code read from the resident's QR code. */
  code?: string;
  idNumber?: string;
}

export interface ScanResponse {
  tube: Tube;
  person: { id: string; name: string; idMasked: string };
}

export interface Lookup {
  person: { id: string; name: string; idMasked: string; householdId: string | null };
  zone: Zone | null;
  inRound: boolean;
  sampled: { barcode: string; sampledAt: string } | null;
}

// ---- Bulk scans (bulk.routes.ts) -----------------------------------------------------------

export interface ScanRow {
  barcode: string;
  /** Sampling code (采样码, CD…) or ID number. */
  person: string;
  /** ISO 8601; without an offset, China time (+08:00). */
  sampledAt: string;
  /** null: door to door. */
  siteId?: string | null;
  group?: PoolGroup | null;
}

export interface ScansBody {
  rows: ScanRow[];
}

export interface ScanSummary {
  rows: number;
  accepted: number;
  /** Already sampled in the round: flagged, not counted. */
  duplicates: number;
  rejected: number;
  tubesOpened: number;
  tubesClosed: number;
  /** The first problems, in row order. */
  problems: Array<{ row: number; code: string; message: string }>;
  /** Why reading the file stopped early (the rows before it are recorded). */
  stopped?: string;
}

// ---- Lab (lab.schema.ts) ------------------------------------------------------------------

export type BoxStatus = 'shipped' | 'received';

export interface Box {
  id: string;
  code: string;
  roundId: string;
  lab: { id: string; code: string; name: string };
  tubes: number;
  status: BoxStatus;
  shippedAt: string;
  receivedAt: string | null;
}

export interface BoxBody {
  roundId: string;
  code: string;
  labId: string;
  barcodes: string[];
}

export interface ReceiveResponse {
  received: number;
  alreadyReceived: number;
}

export interface ResultRowInput {
  barcode: string;
  /** negative / positive / invalid, or 阴性 / 阳性 / 无效 */
  result: string;
  orf1abCt?: string | number | null;
  nCt?: string | number | null;
  testedAt?: string | null;
}

export interface ResultsBody {
  fileName?: string;
  rows: ResultRowInput[];
}

export type UploadIssueCode =
  | 'unchanged'
  | 'conflict'
  | 'unknown_tube'
  | 'not_received'
  | 'other_lab'
  | 'bad_result'
  | 'bad_ct'
  | 'duplicate_in_file';

export interface UploadIssue {
  row: number;
  barcode: string | null;
  code: UploadIssueCode;
  message: string;
}

export interface UploadResult {
  uploadId: string;
  rows: number;
  recorded: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
  issues: UploadIssue[];
  /** More issues than listed: the full list is the upload's issues.xlsx. */
  issuesTruncated: boolean;
}

// ---- Tasks, alerts, recall (tasks.schema.ts) ----------------------------------------------

export type TaskStatus = 'pending' | 'sampled' | 'negative' | 'positive' | 'invalid' | 'cancelled';
export const TASK_STATUSES: readonly TaskStatus[] = [
  'pending',
  'sampled',
  'negative',
  'positive',
  'invalid',
  'cancelled',
];
export type TaskKind = 'recheck' | 'door_to_door';
export type TaskReason = 'positive_pool' | 'invalid_pool' | 'immobile' | 'missing';

export interface SamplingTask {
  id: string;
  roundId: string;
  kind: TaskKind;
  reason: TaskReason;
  status: TaskStatus;
  holdAtHome: boolean;
  person: { id: string; name: string; idMasked: string; phoneMasked: string | null };
  address: string;
  village: Ref;
  grid: Ref | null;
  sourceTube: { id: string; barcode: string } | null;
  tube: { id: string; barcode: string; result: TubeResult | null } | null;
  createdAt: string;
  sampledAt: string | null;
  resultedAt: string | null;
}

export interface TaskListQuery {
  roundId?: string;
  jurisdiction?: string;
  status?: TaskStatus;
  kind?: TaskKind;
  limit?: number;
  offset?: number;
}

export type AlertKind = 'positive_pool' | 'invalid_pool' | 'positive_person';
export const ALERT_KINDS: readonly AlertKind[] = ['positive_pool', 'invalid_pool', 'positive_person'];

export interface TestingAlert {
  id: string;
  kind: AlertKind;
  roundId: string;
  tube: { id: string; barcode: string | null };
  personId: string | null;
  members: number;
  /** Where the tube was taken. */
  place: Ref;
  raisedAt: string;
  acknowledgedAt: string | null;
}

export interface RecallMember {
  personId: string;
  name: string;
  idMasked: string;
  phoneMasked: string | null;
  address: string;
  village: Ref;
  grid: Ref | null;
  task: { id: string; status: TaskStatus; holdAtHome: boolean; recheckBarcode: string | null } | null;
}

export interface Recall {
  tube: {
    id: string;
    barcode: string;
    roundId: string;
    purpose: TubePurpose;
    status: string;
    result: TubeResult | null;
    orf1abCt: number | null;
    nCt: number | null;
    resultedAt: string | null;
    resultConflict: boolean;
    members: number;
  };
  items: RecallMember[];
}

/** Payloads of the SSE topics testing.pool_positive / pool_invalid / person_positive / round_changed (ids only). */
export interface TestingEvent {
  roundId?: string;
  tubeId?: string;
  barcode?: string;
  /** Pool events: swabs in the tube. */
  members?: number;
  /** testing.person_positive. */
  findingId?: string;
  personId?: string;
}

// ---- Coverage, missing, daily, turnaround, pool advice (coverage.schema.ts) ---------------

export interface UnitRef extends Ref {
  level: string;
}

export interface ExemptCounts {
  hospital: number;
  isolation: number;
  away: number;
  other: number;
}

export interface CoverageFigures {
  /** People of the ledger living there, minus the exempt not sampled. */
  expected: number;
  exempt: ExemptCounts;
  exemptTotal: number;
  sampled: number;
  missing: number;
  /** sampled / expected, 0..1; null when nobody is expected. */
  share: number | null;
}

export interface CoverageRow extends CoverageFigures {
  /** null for the "unassigned" row (people not placed in a child unit). */
  code: string | null;
  name: string;
  /** county, town, village, grid, building, household or unassigned */
  level: string;
}

export interface Coverage {
  round: { id: string; name: string };
  unit: UnitRef;
  total: CoverageFigures;
  rows: CoverageRow[];
}

export interface CoverageMap {
  round: { id: string; name: string };
  cityCode: string;
  values: Array<{
    code: string;
    name: string;
    /** Share in percent, for the map's colour scale. */
    value: number;
    expected: number;
    sampled: number;
    share: number | null;
  }>;
}

export interface MissingMember {
  id: string;
  name: string;
  sex: string;
  age: number;
  idMasked: string;
  phoneMasked: string | null;
  relation: string | null;
  specials: string[];
}

export interface MissingHousehold {
  householdId: string | null;
  address: string;
  members: MissingMember[];
}

export interface MissingList {
  total: { people: number; households: number };
  items: MissingHousehold[];
}

export type DoorToDoorReason = 'immobile' | 'missing';

export interface DoorToDoorBody {
  jurisdiction: string;
  include: DoorToDoorReason[];
}

export interface DoorToDoorResponse {
  created: number;
  byReason: Record<DoorToDoorReason, number>;
}

export interface DailyRow {
  village: Ref;
  sampledToday: number;
  sampledTotal: number;
  tubes: { total: number; resulted: number; pending: number };
  positiveTubes: number;
  positivePersons: number;
  expected: number;
  missing: { exempt: ExemptCounts; notSampled: number };
}

export interface DailyReport {
  round: { id: string; name: string };
  unit: UnitRef;
  date: string;
  rows: DailyRow[];
}

export interface Turnaround {
  round: { id: string; name: string };
  unit: UnitRef;
  stages: Record<TubeStatus, number>;
  shares: Array<{ withinHours: number; count: number; share: number }>;
  /** Tubes past "open": the denominator of the shares. */
  measured: number;
  hourly: Array<{ hour: string; closed: number; resulted: number }>;
  labs: Array<{
    id: string;
    code: string;
    name: string;
    capacityPerDay: number;
    shippedNotReceived: number;
    receivedNotResulted: number;
  }>;
}

export interface PoolOption {
  k: number;
  testsPerPerson: number;
  tubes: number;
  expectedTests: number;
  reagentTests: number;
}

export interface PoolAdvice {
  unit: UnitRef;
  people: number;
  peopleSource: 'ledger' | 'given';
  rounds: number;
  tested: number;
  positives: number;
  prevalence: { p: number; basis: 'observed' | 'upper-bound' };
  options: PoolOption[];
  optimum: PoolOption;
}

// ---- Residents (coverage.schema.ts) -------------------------------------------------------

export interface PersonCode {
  code: string;
  residentLink: string;
}

export interface HouseholdCodes {
  householdId: string;
  address: string;
  members: Array<{ personId: string; name: string; code: string; residentLink: string }>;
}

export interface ResidentPage {
  name: string;
  code: string;
  results: Array<{
    round: string;
    sampledAt: string;
    result: TubeResult | 'pending';
    resultedAt: string | null;
    recheck: string | null;
  }>;
}
