/**
 * The population ledger (底数): households, people, special populations, field-level change history,
 * grid staff and import jobs.
 *
 * Personal identifiers are never stored in clear: ID numbers and phones are AES-256-GCM ciphertext
 * (`*_cipher`, key outside the database) with an HMAC-SHA256 of the normalised value (`*_hash`) for
 * exact lookups, and a masked form (`*_masked`) for display.
 *
 * Citus: every table is keyed by (county_code, id) and carries jpath. A person's ID number is unique
 * within a county by constraint (a unique index must contain the distribution column); city-wide
 * uniqueness is kept by the writers, which look the hash up across counties through people_id_hash
 * before inserting (population.repo.ts) — an index lookup on every shard, never a join.
 */
import { type Migration, statements } from './migration.js';

export const migration: Migration = {
  name: '0002_population',
  up: statements(
    `CREATE TABLE households (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
      jpath text COLLATE "C" NOT NULL,
      village_code text NOT NULL,
      grid_code text,
      building_code text,
      unit text,
      room text,
      address text NOT NULL,
      kind text NOT NULL DEFAULT 'family' CHECK (kind IN ('family', 'collective')),
      source text NOT NULL DEFAULT 'manual',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX households_jpath ON households (jpath, id)`,
    `CREATE INDEX households_building ON households (county_code, building_code, unit, room)`,
    `CREATE INDEX households_address ON households (county_code, address)`,
    `CREATE INDEX households_id ON households (id)`,

    `CREATE TABLE people (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
      jpath text COLLATE "C" NOT NULL,
      village_code text NOT NULL,
      grid_code text,
      building_code text,
      household_id uuid,
      relation text,
      unit text,
      room text,
      id_hash bytea NOT NULL,
      id_cipher bytea NOT NULL,
      id_masked text NOT NULL,
      name text NOT NULL,
      sex text NOT NULL CHECK (sex IN ('M', 'F')),
      birth_date date NOT NULL,
      phone_hash bytea,
      phone_cipher bytea,
      phone_masked text,
      phone2_hash bytea,
      phone2_cipher bytea,
      phone2_masked text,
      residence_type text NOT NULL CHECK (residence_type IN ('registered', 'resident', 'floating')),
      registered_address text,
      work_unit text,
      emergency_name text,
      emergency_phone_cipher bytea,
      emergency_phone_masked text,
      notes text,
      source text NOT NULL DEFAULT 'manual',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX people_county_id_hash ON people (county_code, id_hash)`,
    `CREATE INDEX people_id_hash ON people (id_hash)`,
    `CREATE INDEX people_phone_hash ON people (phone_hash) WHERE phone_hash IS NOT NULL`,
    `CREATE INDEX people_phone2_hash ON people (phone2_hash) WHERE phone2_hash IS NOT NULL`,
    `CREATE INDEX people_jpath ON people (jpath, id)`,
    `CREATE INDEX people_household ON people (county_code, household_id)`,
    // Name prefix search at any level; the jpath condition filters the range.
    `CREATE INDEX people_name ON people (name COLLATE "C")`,
    // Pages address a person by id alone (links, audit entries); PostgreSQL has no skip scan before 18.
    `CREATE INDEX people_id ON people (id)`,

    `CREATE TABLE special_populations (
      county_code text NOT NULL,
      person_id uuid NOT NULL,
      kind text NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      village_code text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      since date,
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, person_id, kind)
    )`,
    `CREATE INDEX special_populations_jpath ON special_populations (jpath, kind)`,
    `CREATE INDEX special_populations_village ON special_populations (county_code, village_code, kind)`,
    // Pages of people look up their special kinds by person id (PostgreSQL < 18 has no skip scan).
    `CREATE INDEX special_populations_person ON special_populations (person_id)`,

    // Field-level history. Identifiers appear here masked only: the history must not become a
    // second, unencrypted copy of them.
    `CREATE TABLE person_changes (
      id bigint GENERATED ALWAYS AS IDENTITY,
      county_code text NOT NULL,
      person_id uuid NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      source text NOT NULL,
      import_id uuid,
      field text NOT NULL,
      old_value text,
      new_value text,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX person_changes_person ON person_changes (county_code, person_id, at DESC)`,

    // Who serves a grid (网格员) or a building (楼门长). A staff member may have an account.
    `CREATE TABLE grid_staff (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      county_code text NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      unit_code text NOT NULL,
      role text NOT NULL CHECK (role IN ('grid_worker', 'building_head')),
      name text NOT NULL,
      phone_cipher bytea,
      phone_masked text,
      user_id uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX grid_staff_jpath ON grid_staff (jpath)`,
    `CREATE INDEX grid_staff_unit ON grid_staff (county_code, unit_code)`,

    // An import job. The file stays in CORDON_DATA_DIR/imports until the job is done; rows_done is
    // the cursor a re-run resumes from (each batch and its cursor commit together).
    `CREATE TABLE imports (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      county_code text NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      created_by uuid REFERENCES users (id),
      kind text NOT NULL DEFAULT 'people',
      file_name text NOT NULL,
      file_sha256 text NOT NULL,
      file_size bigint NOT NULL,
      format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
      encoding text,
      mapping jsonb,
      status text NOT NULL DEFAULT 'uploaded'
        CHECK (status IN ('uploaded', 'running', 'done', 'failed', 'interrupted', 'cancelled')),
      rows_total integer,
      rows_done integer NOT NULL DEFAULT 0,
      rows_ok integer NOT NULL DEFAULT 0,
      rows_failed integer NOT NULL DEFAULT 0,
      rows_inserted integer NOT NULL DEFAULT 0,
      rows_updated integer NOT NULL DEFAULT 0,
      rows_unchanged integer NOT NULL DEFAULT 0,
      error text,
      heartbeat_at timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX imports_jpath ON imports (jpath, created_at DESC)`,
    `CREATE TABLE import_errors (
      county_code text NOT NULL,
      import_id uuid NOT NULL,
      row_number integer NOT NULL,
      problems jsonb NOT NULL,
      raw jsonb NOT NULL,
      PRIMARY KEY (county_code, import_id, row_number)
    )`,
  ),
};
