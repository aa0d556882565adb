/**
 * Platform tables: jurisdictions, accounts and sessions, login throttling, the audit log, the event
 * outbox, settings and the city map.
 *
 * Conventions every later migration follows (docs/ARCHITECTURE.md, "Data"):
 * - scoped rows carry `jpath` (COLLATE "C", so a btree index serves `LIKE 'prefix%'`) and
 *   `county_code` (6 digits; the distribution column should the table go to Citus);
 * - plain SQL, one statement per array entry, valid on PostgreSQL 15+ and PGlite.
 */
import { type Migration, statements } from './migration.js';

export const migration: Migration = {
  name: '0001_platform',
  up: statements(
    `CREATE TABLE jurisdictions (
      code text PRIMARY KEY,
      parent_code text REFERENCES jurisdictions (code),
      level text NOT NULL CHECK (level IN ('city', 'county', 'town', 'village', 'grid', 'building')),
      kind text NOT NULL,
      name text NOT NULL,
      short_name text NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
      address text,
      source text NOT NULL CHECK (source IN ('division', 'user')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT jurisdictions_root_has_no_parent CHECK ((level = 'city') = (parent_code IS NULL))
    )`,
    `CREATE UNIQUE INDEX jurisdictions_jpath ON jurisdictions (jpath)`,
    `CREATE INDEX jurisdictions_parent ON jurisdictions (parent_code)`,

    `CREATE TABLE division_maps (
      city_code text PRIMARY KEY REFERENCES jurisdictions (code),
      geojson text NOT NULL,
      source text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    )`,

    `CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{2,64}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL,
      jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
      jpath text COLLATE "C" NOT NULL,
      county_code text NOT NULL,
      is_demo boolean NOT NULL DEFAULT false,
      must_change_password boolean NOT NULL DEFAULT false,
      disabled_at timestamptz,
      last_login_at timestamptz,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE UNIQUE INDEX users_username ON users (lower(username))`,
    `CREATE INDEX users_jpath ON users (jpath)`,

    // The cookie carries a random token; only its SHA-256 is stored, so a database leak is no login.
    `CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sessions_user ON sessions (user_id)`,
    `CREATE INDEX sessions_expires ON sessions (expires_at)`,

    // Throttling lives in the database so every app server sees the same counts (stateless servers).
    `CREATE TABLE login_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      username text NOT NULL,
      ip text NOT NULL,
      success boolean NOT NULL
    )`,
    `CREATE INDEX login_attempts_username ON login_attempts (username, at)`,
    `CREATE INDEX login_attempts_ip ON login_attempts (ip, at)`,

    `CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY,
      county_code text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      actor_username text,
      actor_role text,
      action text NOT NULL,
      outcome text NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'denied', 'failed')),
      resource_type text,
      resource_id text,
      jpath text COLLATE "C" NOT NULL,
      ip text,
      user_agent text,
      request_id text,
      detail jsonb,
      PRIMARY KEY (id, county_code)
    )`,
    `CREATE INDEX audit_log_jpath ON audit_log (jpath, id DESC)`,
    `CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC)`,
    `CREATE INDEX audit_log_action ON audit_log (action, id DESC)`,
    `CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id, id DESC)`,
    `CREATE INDEX audit_log_at ON audit_log (at)`,
    // Append-only, enforced by the database rather than by every caller's good manners.
    `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`,
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,

    `CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      jpath text COLLATE "C",
      created_at timestamptz NOT NULL DEFAULT now(),
      available_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_error text,
      done_at timestamptz
    )`,
    `CREATE INDEX outbox_pending ON outbox (available_at, id) WHERE done_at IS NULL`,
    `CREATE TABLE outbox_handled (
      event_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
      handler text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, handler)
    )`,

    `CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ),
};
