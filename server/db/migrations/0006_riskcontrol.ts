/**
 * Risk control (封控管控): zones with their lifting and history, checkpoints (community gates made by
 * a lockdown, Beijing-entry stations, highway exits, city-border points) with their three-shift
 * rosters, health codes with every reason, the facts only this module records (space-time companion
 * marks, arrivals from risk areas, colours set by other provinces), passes with their holders and
 * attachments, the public signing keys, and the log of every check made at a checkpoint.
 *
 * Citus: every large table carries county_code. A zone, checkpoint or pass belongs to the county of
 * the place it covers or was applied from (a city-level row: 131000). A health code and a mark are
 * keyed by the person's county. A check is keyed by its checkpoint's county. signing_keys is a small
 * reference table.
 *
 * Health codes hold a row only for a person whose code is not green: no row = green (the full
 * recompute still evaluates everyone, and deletes the rows of people who became green).
 */
import { type Migration, statements } from './migration.js';

const COUNTY = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const migration: Migration = {
  name: '0006_riskcontrol',
  up: statements(
    // A sealed / controlled / prevention zone (Hebei) or a high / medium / low area (9th edition)
    // over one jurisdiction, from a building to a county. A 9th-edition step down ends the zone
    // (status stepped_down) and starts the next one, which names it in previous_zone_id.
    `CREATE TABLE zones (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      jurisdiction_code text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sealed', 'controlled', 'prevention', 'high', 'medium', 'low')),
      edition_id text NOT NULL,
      reason text NOT NULL,
      started_on date NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      started_by uuid,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lifted', 'stepped_down')),
      previous_zone_id uuid,
      stepped_from_high_on date,
      ended_at timestamptz,
      ended_by uuid,
      end_note text,
      evaluation jsonb,
      evaluated_on date,
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX zones_id ON zones (id, county_code)`,
    `CREATE INDEX zones_jpath ON zones (jpath, status)`,
    // A jurisdiction has at most one active zone: a new kind replaces the old one (with history).
    `CREATE UNIQUE INDEX zones_active ON zones (county_code, jurisdiction_code) WHERE status = 'active'`,

    `CREATE TABLE zone_cases (
      ${COUNTY},
      zone_id uuid NOT NULL,
      case_id uuid NOT NULL,
      case_county_code text NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now(),
      linked_by uuid,
      PRIMARY KEY (county_code, zone_id, case_id)
    )`,
    `CREATE INDEX zone_cases_case ON zone_cases (case_id)`,

    // Everything that happened to a zone: created, cases linked, evaluated (when the state changed),
    // lifted, stepped down, edited.
    `CREATE TABLE zone_events (
      id bigint GENERATED ALWAYS AS IDENTITY,
      ${COUNTY},
      zone_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      by_user uuid,
      action text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX zone_events_zone ON zone_events (zone_id, at)`,

    // Checkpoints: community gates (one entrance per village or community, made by a lockdown),
    // Beijing-entry stations, highway exits, city-border points. \`code\` is what pass routes name.
    `CREATE TABLE checkpoints (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      code text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('community_gate', 'beijing_entry', 'highway_exit', 'city_border')),
      location text,
      lat double precision,
      lon double precision,
      policy jsonb NOT NULL DEFAULT '{}',
      staff_per_shift integer NOT NULL DEFAULT 2 CHECK (staff_per_shift BETWEEN 1 AND 50),
      zone_id uuid,
      active boolean NOT NULL DEFAULT true,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX checkpoints_id ON checkpoints (id, county_code)`,
    `CREATE UNIQUE INDEX checkpoints_county_code ON checkpoints (county_code, code)`,
    // Codes are unique city-wide by the writers (a route names codes, not counties).
    `CREATE INDEX checkpoints_code ON checkpoints (code)`,
    `CREATE INDEX checkpoints_jpath ON checkpoints (jpath, kind)`,
    `CREATE UNIQUE INDEX checkpoints_gate ON checkpoints (county_code, jpath)
       WHERE kind = 'community_gate' AND active`,

    // The three-shift roster: who staffs a checkpoint on a day's shift (1: 0–8 h, 2: 8–16 h, 3: 16–24 h CST).
    `CREATE TABLE checkpoint_shifts (
      ${COUNTY},
      checkpoint_id uuid NOT NULL,
      day date NOT NULL,
      shift smallint NOT NULL CHECK (shift BETWEEN 1 AND 3),
      seq smallint NOT NULL,
      user_id uuid,
      staff_name text NOT NULL,
      staff_phone_masked text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, checkpoint_id, day, shift, seq)
    )`,
    `CREATE INDEX checkpoint_shifts_user ON checkpoint_shifts (user_id, day) WHERE user_id IS NOT NULL`,

    // A person's health code when it is not green (no row: green), with every reason and the day it
    // can change. jpath is the person's (statistics by area).
    `CREATE TABLE health_codes (
      ${COUNTY},
      person_id uuid NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      colour text NOT NULL CHECK (colour IN ('yellow', 'red')),
      reasons jsonb NOT NULL,
      changes_on date,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, person_id)
    )`,
    `CREATE INDEX health_codes_jpath ON health_codes (jpath, colour)`,
    `CREATE INDEX health_codes_changes ON health_codes (changes_on) WHERE changes_on IS NOT NULL`,

    // Facts of a person's code recorded here: a space-time companion mark (时空伴随), an arrival from
    // a risk area, a colour set by another province. Ended by hand (ended_at) or by the rules.
    `CREATE TABLE health_marks (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      person_id uuid NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('companion', 'arrival', 'external')),
      on_date date NOT NULL,
      risk text CHECK (risk IN ('high', 'medium', 'low')),
      colour text CHECK (colour IN ('red', 'yellow')),
      source text NOT NULL,
      case_id uuid,
      notice_id uuid,
      note text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      ended_by uuid,
      end_reason text,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX health_marks_person ON health_marks (county_code, person_id) WHERE ended_at IS NULL`,
    `CREATE INDEX health_marks_jpath ON health_marks (jpath, kind)`,

    // Public keys that sign passes and health-code tokens. The private key is never stored: it is
    // derived from the master key outside the database (platform/pii.ts) and the key id.
    `CREATE TABLE signing_keys (
      id text PRIMARY KEY,
      purpose text NOT NULL CHECK (purpose IN ('pass', 'code')),
      public_key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    )`,

    // Passes (通行证): an application, its decision and, once approved, the signed token of its QR code.
    `CREATE TABLE passes (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      number text NOT NULL,
      type text NOT NULL CHECK (type IN ('supply_vehicle', 'enterprise_vehicle', 'enterprise_staff',
        'supply_staff', 'commuter', 'medical', 'pickup')),
      status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'approved', 'rejected', 'revoked', 'withdrawn')),
      organisation text,
      plate text,
      vehicle text,
      route text[] NOT NULL DEFAULT '{}',
      origin text,
      destination text,
      purpose text,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NOT NULL,
      applied_by uuid,
      applied_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid,
      decided_at timestamptz,
      decision_note text,
      key_id text,
      token text,
      revoked_at timestamptz,
      revoked_by uuid,
      revoke_reason text,
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (county_code, id),
      CHECK (valid_until > valid_from)
    )`,
    `CREATE UNIQUE INDEX passes_id ON passes (id, county_code)`,
    `CREATE UNIQUE INDEX passes_number ON passes (county_code, number)`,
    `CREATE INDEX passes_jpath ON passes (jpath, status)`,
    `CREATE INDEX passes_plate ON passes (plate) WHERE plate IS NOT NULL`,
    `CREATE INDEX passes_revoked ON passes (revoked_at) WHERE revoked_at IS NOT NULL`,

    // The drivers of a vehicle pass, or the holders of a staff pass; person_id / person_county: their
    // record in the population base, when they live in the city (a lookup by key on its shard).
    `CREATE TABLE pass_holders (
      ${COUNTY},
      pass_id uuid NOT NULL,
      seq smallint NOT NULL,
      role text NOT NULL CHECK (role IN ('driver', 'holder')),
      person_id uuid,
      person_county text,
      name text NOT NULL,
      id_hash bytea NOT NULL,
      id_cipher bytea NOT NULL,
      id_masked text NOT NULL,
      phone_masked text,
      PRIMARY KEY (county_code, pass_id, seq)
    )`,
    `CREATE INDEX pass_holders_id_hash ON pass_holders (id_hash)`,

    `CREATE TABLE pass_attachments (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      pass_id uuid NOT NULL,
      kind text NOT NULL,
      filename text NOT NULL,
      mime text NOT NULL,
      size integer NOT NULL,
      content bytea NOT NULL,
      uploaded_by uuid,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX pass_attachments_pass ON pass_attachments (pass_id)`,

    // Every check made at a checkpoint, online or synced later from a phone that was offline: the
    // id comes from the device, so a re-sent log is not counted twice.
    `CREATE TABLE checkpoint_checks (
      id uuid NOT NULL,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      checkpoint_id uuid NOT NULL,
      at timestamptz NOT NULL,
      day date NOT NULL,
      shift smallint NOT NULL CHECK (shift BETWEEN 1 AND 3),
      by_user uuid,
      subject text NOT NULL CHECK (subject IN ('pass', 'person_code', 'plate', 'id_number')),
      crossing text,
      vehicle boolean NOT NULL DEFAULT false,
      pass_id uuid,
      person_id uuid,
      plate text,
      verdict text NOT NULL CHECK (verdict IN ('pass', 'turn_back')),
      problems jsonb NOT NULL DEFAULT '[]',
      reason_codes text[] NOT NULL DEFAULT '{}',
      offline boolean NOT NULL DEFAULT false,
      synced_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX checkpoint_checks_day ON checkpoint_checks (checkpoint_id, day, shift)`,
    `CREATE INDEX checkpoint_checks_jpath ON checkpoint_checks (jpath, day)`,
    `CREATE INDEX checkpoint_checks_pass ON checkpoint_checks (pass_id, at) WHERE pass_id IS NOT NULL`,
  ),
};
