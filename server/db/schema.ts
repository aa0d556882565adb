/**
 * Row types of every table, the one source the typed queries are checked against. Keep in step with
 * the migrations in ./migrations (a test compares the two: db/schema.test.ts).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint identity columns: node-postgres and PGlite both hand them to us as numbers (db/connect.ts). */
type Id = Generated<number>;

export interface JurisdictionsTable {
  code: string;
  parent_code: string | null;
  level: string;
  kind: string;
  name: string;
  short_name: string;
  jpath: string;
  county_code: string;
  address: string | null;
  source: 'division' | 'user';
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DivisionMapsTable {
  city_code: string;
  geojson: string;
  source: string;
  loaded_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  jurisdiction_code: string;
  jpath: string;
  county_code: string;
  is_demo: Generated<boolean>;
  must_change_password: Generated<boolean>;
  disabled_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  password_changed_at: Generated<Date>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Id;
  at: Generated<Date>;
  username: string;
  ip: string;
  success: boolean;
}

export interface AuditLogTable {
  id: Id;
  county_code: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  outcome: Generated<'ok' | 'denied' | 'failed'>;
  resource_type: string | null;
  resource_id: string | null;
  jpath: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  detail: ColumnType<unknown, string | null, never>;
}

export interface OutboxTable {
  id: Id;
  topic: string;
  payload: ColumnType<unknown, string, never>;
  jpath: string | null;
  created_at: Generated<Date>;
  available_at: Generated<Date>;
  attempts: Generated<number>;
  locked_until: NullableTimestamp;
  last_error: string | null;
  done_at: NullableTimestamp;
}

export interface OutboxHandledTable {
  event_id: number;
  handler: string;
  handled_at: Generated<Date>;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

/** bytea: Buffer in, Buffer (node-postgres) or Uint8Array (PGlite) out. */
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
type NullableBytes = ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
/** date columns come back as 'YYYY-MM-DD' on both backends (db/connect.ts). */
type DateString = ColumnType<string, string, string>;

export interface HouseholdsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
  unit: string | null;
  room: string | null;
  address: string;
  kind: Generated<'family' | 'collective'>;
  source: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PeopleTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
  household_id: string | null;
  relation: string | null;
  unit: string | null;
  room: string | null;
  id_hash: Bytes;
  id_cipher: Bytes;
  id_masked: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: DateString;
  phone_hash: NullableBytes;
  phone_cipher: NullableBytes;
  phone_masked: string | null;
  phone2_hash: NullableBytes;
  phone2_cipher: NullableBytes;
  phone2_masked: string | null;
  residence_type: 'registered' | 'resident' | 'floating';
  registered_address: string | null;
  work_unit: string | null;
  emergency_name: string | null;
  emergency_phone_cipher: NullableBytes;
  emergency_phone_masked: string | null;
  notes: string | null;
  source: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SpecialPopulationsTable {
  county_code: string;
  person_id: string;
  kind: string;
  jpath: string;
  village_code: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  since: DateString | null;
  notes: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonChangesTable {
  id: Id;
  county_code: string;
  person_id: string;
  jpath: string;
  at: Generated<Date>;
  actor_id: string | null;
  source: string;
  import_id: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface GridStaffTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  unit_code: string;
  role: 'grid_worker' | 'building_head';
  name: string;
  phone_cipher: NullableBytes;
  phone_masked: string | null;
  user_id: string | null;
  created_at: Generated<Date>;
}

export type ImportStatus = 'uploaded' | 'running' | 'done' | 'failed' | 'interrupted' | 'cancelled';

export interface ImportsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  created_by: string | null;
  kind: Generated<string>;
  file_name: string;
  file_sha256: string;
  file_size: number;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  mapping: ColumnType<Record<string, string> | null, string | null, string | null>;
  status: Generated<ImportStatus>;
  rows_total: number | null;
  rows_done: Generated<number>;
  rows_ok: Generated<number>;
  rows_failed: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  error: string | null;
  heartbeat_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface ImportErrorsTable {
  county_code: string;
  import_id: string;
  row_number: number;
  problems: ColumnType<Array<{ column: string; message: string }>, string, string>;
  raw: ColumnType<Record<string, unknown>, string, string>;
}

// ——— Mass testing (0004_testing) ———

/** numeric columns arrive as strings on both backends (db/connect.ts). */
type Numeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type Json<T> = ColumnType<T, string, string>;

export interface TestingRoundsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  name: string;
  edition_id: string;
  rules: Json<unknown>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'planned' | 'active' | 'closed'>;
  created_by: string | null;
  created_at: Generated<Date>;
  closed_at: NullableTimestamp;
}

export interface TestingRoundAreasTable {
  round_id: string;
  code: string;
  county_code: string;
  jpath: string;
  zone: Generated<'sealed' | 'controlled' | 'prevention'>;
}

export interface LabsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  code: string;
  name: string;
  kind: Generated<'fixed' | 'mobile'>;
  capacity_per_day: Generated<number>;
  created_at: Generated<Date>;
}

export interface SamplingSitesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  village_code: string;
  name: string;
  address: string | null;
  hours: string | null;
  tables: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SamplingTeamsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  site_id: string;
  name: string;
  leader: string | null;
  samplers: Generated<number>;
  helpers: Generated<number>;
  created_at: Generated<Date>;
}

export interface BoxesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  round_id: string;
  code: string;
  lab_id: string;
  tubes: Generated<number>;
  status: Generated<'shipped' | 'received'>;
  shipped_at: Generated<Date>;
  shipped_by: string | null;
  received_at: NullableTimestamp;
  received_by: string | null;
}

export type TubeStatus = 'open' | 'closed' | 'shipped' | 'received' | 'resulted';

export interface TubesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  round_id: string;
  barcode: string;
  site_id: string | null;
  pool_group: string;
  capacity: number;
  per_household: Generated<boolean>;
  household_id: string | null;
  purpose: Generated<'screening' | 'recheck'>;
  members: Generated<number>;
  status: Generated<TubeStatus>;
  opened_at: Generated<Date>;
  opened_by: string | null;
  closed_at: NullableTimestamp;
  box_id: string | null;
  lab_id: string | null;
  shipped_at: NullableTimestamp;
  received_at: NullableTimestamp;
  result: 'negative' | 'positive' | 'invalid' | null;
  orf1ab_ct: Numeric;
  n_ct: Numeric;
  resulted_at: NullableTimestamp;
  result_upload_id: string | null;
  result_conflict: Generated<boolean>;
}

export interface SamplesTable {
  county_code: string;
  round_id: string;
  person_id: string;
  jpath: string;
  household_id: string | null;
  tube_id: string;
  tube_county: string;
  site_id: string | null;
  sampled_at: Generated<Date>;
  sampled_by: string | null;
}

export interface SampleFlagsTable {
  id: Id;
  county_code: string;
  jpath: string;
  round_id: string;
  person_id: string | null;
  barcode: string | null;
  kind: string;
  detail: Json<Record<string, unknown>>;
  at: Generated<Date>;
  by_user: string | null;
}

export interface RoundExemptionsTable {
  county_code: string;
  round_id: string;
  person_id: string;
  jpath: string;
  reason: 'hospital' | 'isolation' | 'away' | 'other';
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LabUploadsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  lab_id: string;
  file_name: string;
  file_sha256: string | null;
  rows: Generated<number>;
  recorded: Generated<number>;
  unchanged: Generated<number>;
  conflicts: Generated<number>;
  rejected: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LabUploadIssuesTable {
  county_code: string;
  upload_id: string;
  row_number: number;
  barcode: string | null;
  code: string;
  message: string;
}

export type TaskStatus = 'pending' | 'sampled' | 'negative' | 'positive' | 'invalid' | 'cancelled';

export interface SamplingTasksTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  round_id: string;
  kind: 'recheck' | 'door_to_door';
  reason: 'positive_pool' | 'invalid_pool' | 'immobile' | 'missing';
  person_id: string;
  household_id: string | null;
  village_code: string;
  grid_code: string | null;
  source_tube_id: string | null;
  hold_at_home: Generated<boolean>;
  status: Generated<TaskStatus>;
  tube_id: string | null;
  created_at: Generated<Date>;
  sampled_at: NullableTimestamp;
  resulted_at: NullableTimestamp;
}

export interface TestingAlertsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  round_id: string;
  tube_id: string;
  kind: 'positive_pool' | 'invalid_pool' | 'positive_person';
  person_id: string | null;
  members: Generated<number>;
  raised_at: Generated<Date>;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
}

export interface PositiveFindingsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  person_id: string;
  round_id: string;
  tube_id: string;
  task_id: string | null;
  orf1ab_ct: Numeric;
  n_ct: Numeric;
  found_at: Generated<Date>;
  status: Generated<'new' | 'taken'>;
}

// ---------------------------------------------------------------------------------------------
// Tracing (0005_tracing)

type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
/**
 * An H3 cell as a 64-bit integer column. The drivers parse int8 as a JS number, which cannot hold
 * an H3 index exactly: always select `cell::text` and write decimal strings (server/modules/tracing/cells.ts).
 */
type Cell = ColumnType<string, string, string>;
type NullableCell = ColumnType<string | null, string | null | undefined, string | null>;

interface PersonPiiColumns {
  name: string;
  id_hash: NullableBytes;
  id_cipher: NullableBytes;
  id_masked: string | null;
  phone_hash: NullableBytes;
  phone_cipher: NullableBytes;
  phone_masked: string | null;
}

export interface TracingTeamsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  name: string;
  leader_id: string | null;
  created_at: Generated<Date>;
}

export interface TracingTeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface CasesTable extends PersonPiiColumns {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  number: string;
  person_id: string | null;
  sex: 'M' | 'F' | null;
  birth_date: NullableDate;
  address: string | null;
  classification: 'confirmed' | 'asymptomatic';
  found_in: 'community' | 'isolation' | 'sealed_zone' | 'controlled_zone';
  source: 'testing' | 'hospital' | 'assist' | 'manual';
  source_ref: string | null;
  edition_id: string;
  onset_date: NullableDate;
  sampled_date: DateString;
  last_negative_at: NullableTimestamp;
  lineage: string | null;
  reported_at: Timestamp;
  isolated_at: NullableTimestamp;
  on_scene_at: NullableTimestamp;
  core_info_at: NullableTimestamp;
  report_at: NullableTimestamp;
  assignee_id: string | null;
  team_id: string | null;
  cluster_id: string | null;
  from_contact_id: string | null;
  interview: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<'open' | 'closed'>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface CaseCallsTable {
  id: Generated<string>;
  county_code: string;
  case_id: string;
  contact_id: string | null;
  called_at: Timestamp;
  number_masked: string;
  outcome: 'reached' | 'no_answer' | 'busy' | 'wrong_number' | 'refused';
  notes: string | null;
  user_id: string | null;
  created_at: Generated<Date>;
}

export interface VenuesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  code: string;
  name: string;
  kind: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  cell: NullableCell;
  created_at: Generated<Date>;
}

export interface ItineraryEntriesTable {
  id: Generated<string>;
  county_code: string;
  case_id: string;
  place_kind: 'venue' | 'address' | 'village';
  venue_id: string | null;
  village_code: string | null;
  place: string;
  lat: number | null;
  lng: number | null;
  cell: NullableCell;
  from_at: Timestamp;
  to_at: Timestamp;
  activity: string | null;
  companions: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ContactsTable extends PersonPiiColumns {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  person_id: string | null;
  degree: 'close' | 'secondary';
  status: Generated<
    | 'identified'
    | 'notified'
    | 'transfer_requested'
    | 'central_isolation'
    | 'home_quarantine'
    | 'released'
    | 'converted'
  >;
  edition_id: string;
  last_exposure_at: Timestamp;
  plan: ColumnType<Record<string, unknown>, string, string>;
  outside_area: Generated<boolean>;
  address: string | null;
  isolation_place: string | null;
  controlled_at: NullableTimestamp;
  released_at: NullableTimestamp;
  converted_case_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface ContactLinksTable {
  id: Generated<string>;
  county_code: string;
  contact_id: string;
  case_id: string | null;
  case_county_code: string | null;
  via_contact_id: string | null;
  relationship: string | null;
  exposure_type: string;
  last_exposure_at: Timestamp;
  source: Generated<'named' | 'candidate' | 'cascade' | 'assist'>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ExposureImportsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  kind: 'venue' | 'ping';
  file_name: string;
  sha256: string;
  status: Generated<'running' | 'done' | 'failed'>;
  total_rows: Generated<number>;
  loaded_rows: Generated<number>;
  skipped_rows: Generated<number>;
  problems: ColumnType<unknown[], string | undefined, string>;
  error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

export interface VenueScansTable {
  county_code: string;
  person_id: string;
  venue_id: string;
  at: Timestamp;
}

export interface LocationPingsTable {
  county_code: string;
  person_id: string;
  cell: Cell;
  at: Timestamp;
}

export interface CandidateDecisionsTable {
  county_code: string;
  case_id: string;
  person_id: string;
  decision: 'close' | 'secondary' | 'companion' | 'dismissed';
  contact_id: string | null;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export interface ClustersTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  name: string;
  first_case_id: string;
  size: Generated<number>;
  size_day_before: Generated<number>;
  merged_into: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AssistNoticesTable extends PersonPiiColumns {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  direction: 'outgoing' | 'incoming';
  number: string;
  subject: 'case' | 'close' | 'secondary' | 'companion';
  peer: string;
  target_region: string | null;
  content: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: 'draft' | 'sent' | 'received' | 'accepted' | 'replied' | 'closed';
  case_id: string | null;
  contact_id: string | null;
  external_ref: string | null;
  reply: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AssistPeersTable {
  id: Generated<string>;
  name: string;
  region: string;
  token_hash: Bytes;
  deliver_to: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

// ---- risk control (0006_riskcontrol) ----

export type ZoneKindColumn = 'sealed' | 'controlled' | 'prevention' | 'high' | 'medium' | 'low';

export interface ZonesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  jurisdiction_code: string;
  name: string;
  kind: ZoneKindColumn;
  edition_id: string;
  reason: string;
  started_on: DateString;
  started_at: Generated<Date>;
  started_by: string | null;
  status: Generated<'active' | 'lifted' | 'stepped_down'>;
  previous_zone_id: string | null;
  stepped_from_high_on: NullableDate;
  ended_at: NullableTimestamp;
  ended_by: string | null;
  end_note: string | null;
  evaluation: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  evaluated_on: NullableDate;
  version: Generated<number>;
}

export interface ZoneCasesTable {
  county_code: string;
  zone_id: string;
  case_id: string;
  case_county_code: string;
  linked_at: Generated<Date>;
  linked_by: string | null;
}

export interface ZoneEventsTable {
  id: Id;
  county_code: string;
  zone_id: string;
  at: Generated<Date>;
  by_user: string | null;
  action: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface CheckpointsTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  code: string;
  name: string;
  kind: 'community_gate' | 'beijing_entry' | 'highway_exit' | 'city_border';
  location: string | null;
  lat: number | null;
  lon: number | null;
  policy: ColumnType<Record<string, unknown>, string | undefined, string>;
  staff_per_shift: Generated<number>;
  zone_id: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface CheckpointShiftsTable {
  county_code: string;
  checkpoint_id: string;
  day: DateString;
  shift: number;
  seq: number;
  user_id: string | null;
  staff_name: string;
  staff_phone_masked: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface HealthCodesTable {
  county_code: string;
  person_id: string;
  jpath: string;
  colour: 'yellow' | 'red';
  reasons: Json<unknown[]>;
  changes_on: NullableDate;
  computed_at: Generated<Date>;
}

export interface HealthMarksTable {
  id: Generated<string>;
  county_code: string;
  person_id: string;
  jpath: string;
  kind: 'companion' | 'arrival' | 'external';
  on_date: DateString;
  risk: 'high' | 'medium' | 'low' | null;
  colour: 'red' | 'yellow' | null;
  source: string;
  case_id: string | null;
  notice_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  ended_at: NullableTimestamp;
  ended_by: string | null;
  end_reason: string | null;
}

export interface SigningKeysTable {
  id: string;
  purpose: 'pass' | 'code';
  public_key: Bytes;
  created_at: Generated<Date>;
  retired_at: NullableTimestamp;
}

export type PassTypeColumn =
  | 'supply_vehicle'
  | 'enterprise_vehicle'
  | 'enterprise_staff'
  | 'supply_staff'
  | 'commuter'
  | 'medical'
  | 'pickup';

export interface PassesTable {
  id: Generated<string>;
  county_code: string;
  jpath: string;
  number: string;
  type: PassTypeColumn;
  status: Generated<'submitted' | 'approved' | 'rejected' | 'revoked' | 'withdrawn'>;
  organisation: string | null;
  plate: string | null;
  vehicle: string | null;
  /** text[]: checkpoint codes in order. */
  route: ColumnType<string[], string[] | undefined, string[]>;
  origin: string | null;
  destination: string | null;
  purpose: string | null;
  valid_from: Timestamp;
  valid_until: Timestamp;
  applied_by: string | null;
  applied_at: Generated<Date>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  key_id: string | null;
  token: string | null;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revoke_reason: string | null;
  version: Generated<number>;
}

export interface PassHoldersTable {
  county_code: string;
  pass_id: string;
  seq: number;
  role: 'driver' | 'holder';
  person_id: string | null;
  person_county: string | null;
  name: string;
  id_hash: Bytes;
  id_cipher: Bytes;
  id_masked: string;
  phone_masked: string | null;
}

export interface PassAttachmentsTable {
  id: Generated<string>;
  county_code: string;
  pass_id: string;
  kind: string;
  filename: string;
  mime: string;
  size: number;
  content: Bytes;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
}

export interface CheckpointChecksTable {
  id: string;
  county_code: string;
  jpath: string;
  checkpoint_id: string;
  at: Timestamp;
  day: DateString;
  shift: number;
  by_user: string | null;
  subject: 'pass' | 'person_code' | 'plate' | 'id_number';
  crossing: string | null;
  vehicle: Generated<boolean>;
  pass_id: string | null;
  person_id: string | null;
  plate: string | null;
  verdict: 'pass' | 'turn_back';
  problems: Json<unknown[]>;
  /** text[] */
  reason_codes: ColumnType<string[], string[] | undefined, string[]>;
  offline: Generated<boolean>;
  synced_at: Generated<Date>;
}

export interface Database {
  jurisdictions: JurisdictionsTable;
  division_maps: DivisionMapsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  outbox_handled: OutboxHandledTable;
  settings: SettingsTable;
  households: HouseholdsTable;
  people: PeopleTable;
  special_populations: SpecialPopulationsTable;
  person_changes: PersonChangesTable;
  grid_staff: GridStaffTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  testing_rounds: TestingRoundsTable;
  testing_round_areas: TestingRoundAreasTable;
  labs: LabsTable;
  sampling_sites: SamplingSitesTable;
  sampling_teams: SamplingTeamsTable;
  boxes: BoxesTable;
  tubes: TubesTable;
  samples: SamplesTable;
  sample_flags: SampleFlagsTable;
  round_exemptions: RoundExemptionsTable;
  lab_uploads: LabUploadsTable;
  lab_upload_issues: LabUploadIssuesTable;
  sampling_tasks: SamplingTasksTable;
  testing_alerts: TestingAlertsTable;
  positive_findings: PositiveFindingsTable;
  tracing_teams: TracingTeamsTable;
  tracing_team_members: TracingTeamMembersTable;
  cases: CasesTable;
  case_calls: CaseCallsTable;
  venues: VenuesTable;
  itinerary_entries: ItineraryEntriesTable;
  contacts: ContactsTable;
  contact_links: ContactLinksTable;
  exposure_imports: ExposureImportsTable;
  venue_scans: VenueScansTable;
  location_pings: LocationPingsTable;
  candidate_decisions: CandidateDecisionsTable;
  clusters: ClustersTable;
  assist_notices: AssistNoticesTable;
  assist_peers: AssistPeersTable;
  zones: ZonesTable;
  zone_cases: ZoneCasesTable;
  zone_events: ZoneEventsTable;
  checkpoints: CheckpointsTable;
  checkpoint_shifts: CheckpointShiftsTable;
  health_codes: HealthCodesTable;
  health_marks: HealthMarksTable;
  signing_keys: SigningKeysTable;
  passes: PassesTable;
  pass_holders: PassHoldersTable;
  pass_attachments: PassAttachmentsTable;
  checkpoint_checks: CheckpointChecksTable;
}

export type JurisdictionRow = Selectable<JurisdictionsTable>;
export type NewJurisdiction = Insertable<JurisdictionsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type HouseholdRow = Selectable<HouseholdsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type SpecialPopulationRow = Selectable<SpecialPopulationsTable>;
export type ImportRow = Selectable<ImportsTable>;
