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
}

export type JurisdictionRow = Selectable<JurisdictionsTable>;
export type NewJurisdiction = Insertable<JurisdictionsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type OutboxRow = Selectable<OutboxTable>;
