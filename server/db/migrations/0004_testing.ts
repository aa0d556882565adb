/**
 * Mass testing (区域核酸检测): rounds over chosen areas with their zones, sampling sites and teams,
 * tubes (pooled samples) and the people in them, boxes to labs, lab result uploads, recheck and
 * door-to-door tasks, alerts, positive findings for tracing, and exemptions from a round.
 *
 * Citus: large tables (tubes, samples, sampling_tasks) are keyed by county_code. A sample carries
 * the county and jpath of the PERSON (coverage counts people where they live); its tube carries the
 * county and jpath of the SITE. A person sampled in another county is the one place the two differ:
 * the recall of a tube looks its samples up by tube_id (an index lookup on every shard, not a join).
 * Rounds, their areas, sites, teams and labs are small (reference tables under Citus).
 */
import { type Migration, statements } from './migration.js';

const COUNTY = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const migration: Migration = {
  name: '0004_testing',
  up: statements(
    `CREATE TABLE testing_rounds (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      name text NOT NULL,
      edition_id text NOT NULL,
      rules jsonb NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'closed')),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      CHECK (ends_at > starts_at)
    )`,
    `CREATE INDEX testing_rounds_jpath ON testing_rounds (jpath, starts_at DESC)`,

    // The areas a round covers; nested areas are allowed and the most specific one gives the zone.
    `CREATE TABLE testing_round_areas (
      round_id uuid NOT NULL REFERENCES testing_rounds (id) ON DELETE CASCADE,
      code text NOT NULL,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      zone text NOT NULL DEFAULT 'prevention' CHECK (zone IN ('sealed', 'controlled', 'prevention')),
      PRIMARY KEY (round_id, code)
    )`,
    `CREATE INDEX testing_round_areas_jpath ON testing_round_areas (jpath)`,

    `CREATE TABLE labs (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text NOT NULL DEFAULT 'fixed' CHECK (kind IN ('fixed', 'mobile')),
      capacity_per_day integer NOT NULL DEFAULT 0 CHECK (capacity_per_day >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX labs_jpath ON labs (jpath)`,

    `CREATE TABLE sampling_sites (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      village_code text NOT NULL,
      name text NOT NULL,
      address text,
      hours text,
      tables integer NOT NULL DEFAULT 1 CHECK (tables >= 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX sampling_sites_jpath ON sampling_sites (jpath)`,

    `CREATE TABLE sampling_teams (
      id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      site_id uuid NOT NULL REFERENCES sampling_sites (id) ON DELETE CASCADE,
      name text NOT NULL,
      leader text,
      samplers integer NOT NULL DEFAULT 0 CHECK (samplers >= 0),
      helpers integer NOT NULL DEFAULT 0 CHECK (helpers >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX sampling_teams_site ON sampling_teams (site_id)`,

    `CREATE TABLE boxes (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      round_id uuid NOT NULL,
      code text NOT NULL,
      lab_id uuid NOT NULL REFERENCES labs (id),
      tubes integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'shipped' CHECK (status IN ('shipped', 'received')),
      shipped_at timestamptz NOT NULL DEFAULT now(),
      shipped_by uuid,
      received_at timestamptz,
      received_by uuid,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX boxes_code ON boxes (county_code, code)`,
    `CREATE INDEX boxes_lab ON boxes (lab_id, status)`,
    // Boxes, tasks and alerts are addressed by id alone in URLs (their key leads with the county).
    `CREATE INDEX boxes_id ON boxes (id)`,

    // A tube: a pool of up to capacity swabs (1 = single tube). Its county and jpath are the site's.
    `CREATE TABLE tubes (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      round_id uuid NOT NULL,
      barcode text NOT NULL,
      site_id uuid,
      pool_group text NOT NULL,
      capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 20),
      per_household boolean NOT NULL DEFAULT false,
      household_id uuid,
      purpose text NOT NULL DEFAULT 'screening' CHECK (purpose IN ('screening', 'recheck')),
      members integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'closed', 'shipped', 'received', 'resulted')),
      opened_at timestamptz NOT NULL DEFAULT now(),
      opened_by uuid,
      closed_at timestamptz,
      box_id uuid,
      lab_id uuid,
      shipped_at timestamptz,
      received_at timestamptz,
      result text CHECK (result IN ('negative', 'positive', 'invalid')),
      orf1ab_ct numeric(5, 2),
      n_ct numeric(5, 2),
      resulted_at timestamptz,
      result_upload_id uuid,
      result_conflict boolean NOT NULL DEFAULT false,
      PRIMARY KEY (county_code, id),
      CHECK (members <= capacity)
    )`,
    `CREATE UNIQUE INDEX tubes_barcode_county ON tubes (county_code, barcode)`,
    `CREATE INDEX tubes_barcode ON tubes (barcode)`,
    `CREATE INDEX tubes_id ON tubes (id)`,
    `CREATE INDEX tubes_round ON tubes (round_id, jpath)`,
    `CREATE INDEX tubes_box ON tubes (box_id) WHERE box_id IS NOT NULL`,
    `CREATE INDEX tubes_lab_pending ON tubes (lab_id) WHERE status IN ('shipped', 'received')`,

    // One screening sample per person per round: the primary key is what makes a second scan a
    // flagged duplicate instead of a second count. County and jpath are the person's.
    `CREATE TABLE samples (
      ${COUNTY},
      round_id uuid NOT NULL,
      person_id uuid NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      household_id uuid,
      tube_id uuid NOT NULL,
      tube_county text NOT NULL,
      site_id uuid,
      sampled_at timestamptz NOT NULL DEFAULT now(),
      sampled_by uuid,
      PRIMARY KEY (county_code, round_id, person_id)
    )`,
    // sampled_at rides along so that the daily close (sampled today, per village) is index-only too.
    `CREATE INDEX samples_round_jpath ON samples (round_id, jpath) INCLUDE (county_code, sampled_at)`,
    `CREATE INDEX samples_tube ON samples (tube_id)`,
    `CREATE INDEX samples_person ON samples (county_code, person_id, sampled_at DESC)`,

    // Scans that were not counted: a second scan, a second tube, a full tube, an unknown person…
    `CREATE TABLE sample_flags (
      id bigint GENERATED ALWAYS AS IDENTITY,
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      round_id uuid NOT NULL,
      person_id uuid,
      barcode text,
      kind text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL DEFAULT now(),
      by_user uuid,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX sample_flags_round ON sample_flags (round_id, jpath)`,

    `CREATE TABLE round_exemptions (
      ${COUNTY},
      round_id uuid NOT NULL,
      person_id uuid NOT NULL,
      jpath text COLLATE "C" NOT NULL,
      reason text NOT NULL CHECK (reason IN ('hospital', 'isolation', 'away', 'other')),
      note text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, round_id, person_id)
    )`,
    `CREATE INDEX round_exemptions_jpath ON round_exemptions (round_id, jpath)`,

    `CREATE TABLE lab_uploads (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      lab_id uuid NOT NULL REFERENCES labs (id),
      file_name text NOT NULL,
      file_sha256 text,
      rows integer NOT NULL DEFAULT 0,
      recorded integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      conflicts integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX lab_uploads_lab ON lab_uploads (lab_id, created_at DESC)`,
    `CREATE TABLE lab_upload_issues (
      county_code text NOT NULL,
      upload_id uuid NOT NULL,
      row_number integer NOT NULL,
      barcode text,
      code text NOT NULL,
      message text NOT NULL,
      PRIMARY KEY (county_code, upload_id, row_number, code)
    )`,

    // Recheck (single tube, after a positive or invalid pool) and door-to-door sampling tasks.
    `CREATE TABLE sampling_tasks (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      round_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('recheck', 'door_to_door')),
      reason text NOT NULL CHECK (reason IN ('positive_pool', 'invalid_pool', 'immobile', 'missing')),
      person_id uuid NOT NULL,
      household_id uuid,
      village_code text NOT NULL,
      grid_code text,
      source_tube_id uuid,
      hold_at_home boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sampled', 'negative', 'positive', 'invalid', 'cancelled')),
      tube_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      sampled_at timestamptz,
      resulted_at timestamptz,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX sampling_tasks_once ON sampling_tasks (county_code, round_id, person_id, reason)
       WHERE status IN ('pending', 'sampled')`,
    `CREATE INDEX sampling_tasks_jpath ON sampling_tasks (jpath, status)`,
    `CREATE INDEX sampling_tasks_id ON sampling_tasks (id)`,
    `CREATE INDEX sampling_tasks_tube ON sampling_tasks (tube_id) WHERE tube_id IS NOT NULL`,
    `CREATE INDEX sampling_tasks_source ON sampling_tasks (source_tube_id) WHERE source_tube_id IS NOT NULL`,

    `CREATE TABLE testing_alerts (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      round_id uuid NOT NULL,
      tube_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('positive_pool', 'invalid_pool', 'positive_person')),
      person_id uuid,
      members integer NOT NULL DEFAULT 0,
      raised_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE INDEX testing_alerts_jpath ON testing_alerts (jpath, raised_at DESC)`,
    `CREATE INDEX testing_alerts_id ON testing_alerts (id)`,

    // A positive single tube: the event the tracing module turns into a case.
    `CREATE TABLE positive_findings (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      ${COUNTY},
      jpath text COLLATE "C" NOT NULL,
      person_id uuid NOT NULL,
      round_id uuid NOT NULL,
      tube_id uuid NOT NULL,
      task_id uuid,
      orf1ab_ct numeric(5, 2),
      n_ct numeric(5, 2),
      found_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'taken')),
      PRIMARY KEY (county_code, id)
    )`,
    `CREATE UNIQUE INDEX positive_findings_once ON positive_findings (county_code, person_id, tube_id)`,
    `CREATE INDEX positive_findings_jpath ON positive_findings (jpath, found_at DESC)`,
  ),
};
