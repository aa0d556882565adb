/**
 * Case investigation and contact tracing (流调溯源): cases with their 2+4+24 clocks, investigation
 * teams, call logs, itineraries, contacts and their links to cases, big-data exposure events
 * (venue-code scans and location pings) with the investigators' decisions on candidates, clusters,
 * and assist notices (协查) between jurisdictions.
 *
 * Citus: every large table carries county_code. A case is keyed by the county that owns it (where
 * the person lives, or where it was found); a contact by the county responsible for controlling them
 * (where they live, else the naming case's county); a link by its contact's county, so a contact and
 * its links sit on one shard. Exposure events are keyed by the person's county; the candidate query
 * looks them up by venue or cell and time (an index lookup on every shard, not a join).
 *
 * Personal identifiers of people outside the population base (a contact from Beijing, a case reported
 * by another province) are stored like the ledger's: AES-GCM cipher, HMAC hash, masked text.
 */
import { type Migration, statements } from './migration.js';

const COUNTY = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;
const PERSON_PII = `
      name text NOT NULL,
      id_hash bytea,
      id_cipher bytea,
      id_masked text,
      phone_hash bytea,
      phone_cipher bytea,
      phone_masked text`;

export const migration: Migration = {
  name: '0005_tracing',
  up: statements(
    // Joint investigation teams, each responsible for an area (分片包干).
    `CREATE TABLE tracing_teams (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      name text NOT NULL,
      leader_id uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX tracing_teams_jpath ON tracing_teams (jpath)`,
    `CREATE TABLE tracing_team_members (
      team_id uuid NOT NULL REFERENCES tracing_teams (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id),
      PRIMARY KEY (team_id, user_id)
    )`,
    `CREATE INDEX tracing_team_members_user ON tracing_team_members (user_id)`,

    `CREATE TABLE cases (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      number text NOT NULL,
      person_id uuid,${PERSON_PII},
      sex text CHECK (sex IN ('M', 'F')),
      birth_date date,
      address text,
      classification text NOT NULL CHECK (classification IN ('confirmed', 'asymptomatic')),
      found_in text NOT NULL CHECK (found_in IN ('community', 'isolation', 'sealed_zone', 'controlled_zone')),
      source text NOT NULL CHECK (source IN ('testing', 'hospital', 'assist', 'manual')),
      source_ref text,
      edition_id text NOT NULL,
      onset_date date,
      sampled_date date NOT NULL,
      last_negative_at timestamptz,
      lineage text,
      reported_at timestamptz NOT NULL,
      isolated_at timestamptz,
      on_scene_at timestamptz,
      core_info_at timestamptz,
      report_at timestamptz,
      assignee_id uuid REFERENCES users (id),
      team_id uuid REFERENCES tracing_teams (id),
      cluster_id uuid,
      from_contact_id uuid,
      interview jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX cases_id ON cases (id, county_code)`,
    `CREATE UNIQUE INDEX cases_number ON cases (county_code, number)`,
    // One case per source record: a re-delivered positive finding or assist notice is not a second case.
    `CREATE UNIQUE INDEX cases_source ON cases (county_code, source, source_ref) WHERE source_ref IS NOT NULL`,
    `CREATE INDEX cases_jpath ON cases (jpath, reported_at DESC)`,
    `CREATE INDEX cases_person ON cases (person_id) WHERE person_id IS NOT NULL`,
    `CREATE INDEX cases_assignee ON cases (assignee_id) WHERE assignee_id IS NOT NULL`,
    `CREATE INDEX cases_team ON cases (team_id) WHERE team_id IS NOT NULL`,
    `CREATE INDEX cases_cluster ON cases (cluster_id) WHERE cluster_id IS NOT NULL`,
    // A person outside the base found by ID number or phone (the open-case check, the list's search).
    `CREATE INDEX cases_id_hash ON cases (id_hash) WHERE id_hash IS NOT NULL`,
    `CREATE INDEX cases_phone_hash ON cases (phone_hash) WHERE phone_hash IS NOT NULL`,

    `CREATE TABLE case_calls (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      case_id uuid NOT NULL,
      contact_id uuid,
      called_at timestamptz NOT NULL,
      number_masked text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'busy', 'wrong_number', 'refused')),
      notes text,
      user_id uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX case_calls_case ON case_calls (case_id, called_at DESC)`,

    // Places for itineraries and venue-code scans (场所码).
    `CREATE TABLE venues (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text,
      address text,
      lat double precision,
      lng double precision,
      cell bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX venues_jpath ON venues (jpath)`,

    `CREATE TABLE itinerary_entries (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      case_id uuid NOT NULL,
      place_kind text NOT NULL CHECK (place_kind IN ('venue', 'address', 'village')),
      venue_id uuid,
      village_code text,
      place text NOT NULL,
      lat double precision,
      lng double precision,
      cell bigint,
      from_at timestamptz NOT NULL,
      to_at timestamptz NOT NULL,
      activity text,
      companions text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id),
      CHECK (to_at > from_at)
    )`,
    `CREATE INDEX itinerary_entries_case ON itinerary_entries (case_id, from_at)`,
    `CREATE INDEX itinerary_entries_venue ON itinerary_entries (venue_id) WHERE venue_id IS NOT NULL`,

    `CREATE TABLE contacts (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      person_id uuid,${PERSON_PII},
      degree text NOT NULL CHECK (degree IN ('close', 'secondary')),
      status text NOT NULL DEFAULT 'identified' CHECK (status IN ('identified', 'notified',
        'transfer_requested', 'central_isolation', 'home_quarantine', 'released', 'converted')),
      edition_id text NOT NULL,
      last_exposure_at timestamptz NOT NULL,
      plan jsonb NOT NULL,
      outside_area boolean NOT NULL DEFAULT false,
      address text,
      isolation_place text,
      controlled_at timestamptz,
      released_at timestamptz,
      converted_case_id uuid,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX contacts_id ON contacts (id, county_code)`,
    // One contact per person (a person named by several cases is one contact with several links).
    `CREATE UNIQUE INDEX contacts_person ON contacts (county_code, person_id) WHERE person_id IS NOT NULL`,
    `CREATE UNIQUE INDEX contacts_id_hash ON contacts (county_code, id_hash)
       WHERE person_id IS NULL AND id_hash IS NOT NULL`,
    `CREATE INDEX contacts_jpath ON contacts (jpath, status)`,
    // A new case outside the base is looked up among contacts of every county by its ID hash.
    `CREATE INDEX contacts_id_hash_any ON contacts (id_hash) WHERE person_id IS NULL AND id_hash IS NOT NULL`,

    // Why someone is a contact: named by a case, or (secondary) through a close contact.
    `CREATE TABLE contact_links (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      contact_id uuid NOT NULL,
      case_id uuid,
      case_county_code text,
      via_contact_id uuid,
      relationship text,
      exposure_type text NOT NULL,
      last_exposure_at timestamptz NOT NULL,
      source text NOT NULL DEFAULT 'named' CHECK (source IN ('named', 'candidate', 'cascade', 'assist')),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id),
      CHECK ((case_id IS NULL) <> (via_contact_id IS NULL))
    )`,
    `CREATE UNIQUE INDEX contact_links_case ON contact_links (county_code, contact_id, case_id) WHERE case_id IS NOT NULL`,
    `CREATE UNIQUE INDEX contact_links_via ON contact_links (county_code, contact_id, via_contact_id)
       WHERE via_contact_id IS NOT NULL`,
    `CREATE INDEX contact_links_by_case ON contact_links (case_id) WHERE case_id IS NOT NULL`,
    `CREATE INDEX contact_links_by_via ON contact_links (via_contact_id) WHERE via_contact_id IS NOT NULL`,

    // Big-data exposure files: one row per upload (a re-sent file is recognised by its digest).
    `CREATE TABLE exposure_imports (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('venue', 'ping')),
      file_name text NOT NULL,
      sha256 text NOT NULL,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
      total_rows integer NOT NULL DEFAULT 0,
      loaded_rows integer NOT NULL DEFAULT 0,
      skipped_rows integer NOT NULL DEFAULT 0,
      problems jsonb NOT NULL DEFAULT '[]',
      error text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`,
    `CREATE UNIQUE INDEX exposure_imports_sha ON exposure_imports (kind, sha256)`,

    // Venue-code scans: a person at a venue at a time. Duplicates are refused by the unique index.
    `CREATE TABLE venue_scans (
      ${COUNTY},
      person_id uuid NOT NULL,
      venue_id uuid NOT NULL,
      at timestamptz NOT NULL
    )`,
    `CREATE UNIQUE INDEX venue_scans_person ON venue_scans (person_id, at, venue_id)`,
    `CREATE INDEX venue_scans_venue ON venue_scans (venue_id, at) INCLUDE (person_id)`,

    // Location pings: a person in an H3 cell (as a 64-bit integer) at a time.
    `CREATE TABLE location_pings (
      ${COUNTY},
      person_id uuid NOT NULL,
      cell bigint NOT NULL,
      at timestamptz NOT NULL
    )`,
    `CREATE UNIQUE INDEX location_pings_person ON location_pings (person_id, at, cell)`,
    `CREATE INDEX location_pings_cell ON location_pings (cell, at) INCLUDE (person_id)`,

    // What the investigator decided about a big-data candidate of a case.
    `CREATE TABLE candidate_decisions (
      ${COUNTY},
      case_id uuid NOT NULL,
      person_id uuid NOT NULL,
      decision text NOT NULL CHECK (decision IN ('close', 'secondary', 'companion', 'dismissed')),
      contact_id uuid,
      decided_by uuid REFERENCES users (id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, case_id, person_id)
    )`,

    // Clusters (聚集性疫情): connected components of cases; the name and identity survive growth.
    `CREATE TABLE clusters (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      name text NOT NULL,
      first_case_id uuid NOT NULL,
      size integer NOT NULL DEFAULT 0,
      size_day_before integer NOT NULL DEFAULT 0,
      merged_into uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX clusters_jpath ON clusters (jpath)`,

    // Assist notices (协查函) between jurisdictions, both directions.
    `CREATE TABLE assist_notices (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
      number text NOT NULL,
      subject text NOT NULL CHECK (subject IN ('case', 'close', 'secondary', 'companion')),
      peer text NOT NULL,
      target_region text,${PERSON_PII},
      content jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('draft', 'sent', 'received', 'accepted', 'replied', 'closed')),
      case_id uuid,
      contact_id uuid,
      external_ref text,
      reply text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX assist_notices_id ON assist_notices (id, county_code)`,
    `CREATE UNIQUE INDEX assist_notices_number ON assist_notices (county_code, number)`,
    // A notice re-delivered by the same peer is the same notice.
    `CREATE UNIQUE INDEX assist_notices_external ON assist_notices (county_code, peer, external_ref)
       WHERE external_ref IS NOT NULL`,
    `CREATE INDEX assist_notices_jpath ON assist_notices (jpath, created_at DESC)`,

    // Other Cordon instances (or provincial systems) allowed to deliver assist notices to us.
    `CREATE TABLE assist_peers (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      name text NOT NULL UNIQUE,
      region text NOT NULL,
      token_hash bytea NOT NULL UNIQUE,
      deliver_to text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  ),
};
