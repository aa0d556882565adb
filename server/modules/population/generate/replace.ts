/**
 * What a generation leaves behind, and how --replace removes it again. People and households carry
 * source 'synthetic'; grids and buildings cannot (jurisdictions.source allows 'division' | 'user'),
 * so the numbers of the ones made are recorded in `settings` under RECORD_KEY, per village.
 */
import type { BulkSession } from './copy.js';
import { SYNTHETIC } from './render.js';

export const RECORD_KEY = 'synthetic_population';

export interface GenerationRecord {
  seed: string;
  scale: number;
  asOf: string;
  city: string;
  at: string;
  people: number;
  /** Village code → [first grid, last grid, first building, last building] made there. */
  units: Record<string, [number, number, number, number]>;
}

export interface Removed {
  people: number;
  households: number;
  units: number;
  /** Recorded units kept because an account, a real person or a household still uses them. */
  keptUnits: number;
}

async function count(s: BulkSession, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await s.query<{ n: number | string }>(sql, params);
  return Number(row?.n ?? 0);
}

export async function readRecord(s: BulkSession): Promise<GenerationRecord | null> {
  const [row] = await s.query<{ value: GenerationRecord }>(`select value from settings where key = $1`, [
    RECORD_KEY,
  ]);
  return row?.value ?? null;
}

export async function writeRecord(s: BulkSession, record: GenerationRecord): Promise<void> {
  await s.query(
    `insert into settings (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [RECORD_KEY, JSON.stringify(record)],
  );
}

function recordedCodes(record: GenerationRecord | null): { grids: string[]; buildings: string[] } {
  const grids: string[] = [];
  const buildings: string[] = [];
  for (const [village, [g0, g1, b0, b1]] of Object.entries(record?.units ?? {})) {
    for (let g = g0; g <= g1; g++) grids.push(`${village}G${String(g).padStart(3, '0')}`);
    for (let b = b0; b <= b1; b++) buildings.push(`${village}B${String(b).padStart(5, '0')}`);
  }
  return { grids, buildings };
}

/**
 * Deletes every synthetic person (with their registers and change history), synthetic household no
 * one else lives in, and recorded grid or building nothing else uses. Imported and manually entered
 * people stay. When nothing but synthetic people exist the tables are truncated instead — deleting
 * millions of rows one by one takes minutes.
 */
export async function removeSynthetic(s: BulkSession): Promise<Removed> {
  const people = await count(s, `select count(*) as n from people where source = $1`, [SYNTHETIC]);
  const households = await count(s, `select count(*) as n from households where source = $1`, [SYNTHETIC]);
  const othersExist =
    (await count(s, `select count(*) as n from (select 1 from people where source <> $1 limit 1) x`, [
      SYNTHETIC,
    ])) +
      (await count(s, `select count(*) as n from (select 1 from households where source <> $1 limit 1) x`, [
        SYNTHETIC,
      ])) >
    0;
  if (!othersExist) {
    await s.query(`truncate people, households, special_populations, person_changes`);
  } else {
    await s.query(
      `delete from special_populations sp using people p
        where p.source = $1 and sp.county_code = p.county_code and sp.person_id = p.id`,
      [SYNTHETIC],
    );
    await s.query(
      `delete from person_changes c using people p
        where p.source = $1 and c.county_code = p.county_code and c.person_id = p.id`,
      [SYNTHETIC],
    );
    await s.query(`delete from people where source = $1`, [SYNTHETIC]);
    await s.query(
      `delete from households h where h.source = $1
          and not exists (select 1 from people p where p.county_code = h.county_code and p.household_id = h.id)`,
      [SYNTHETIC],
    );
  }
  const { grids, buildings } = recordedCodes(await readRecord(s));
  let units = 0;
  for (const [level, codes] of [
    ['building', buildings],
    ['grid', grids],
  ] as const) {
    if (codes.length === 0) continue;
    await s.query(`delete from grid_staff where unit_code = any($1::text[]) and user_id is null`, [codes]);
    // One pass over what may use a unit (an anti-join), not a lookup per unit: people has no index
    // on building_code, and a recorded city has some 50,000 units.
    const [row] = await s.query<{ n: number | string }>(
      `with used as (
         select building_code as code from people where building_code is not null
         union select grid_code from people where grid_code is not null
         union select building_code from households where building_code is not null
         union select grid_code from households where grid_code is not null
         union select jurisdiction_code from users
         union select unit_code from grid_staff
         union select parent_code from jurisdictions where level = 'building'
       ), gone as (
         delete from jurisdictions j
          where j.code = any($1::text[]) and j.level = $2
            and j.code not in (select code from used where code is not null)
         returning 1)
       select count(*) as n from gone`,
      [codes, level],
    );
    units += Number(row?.n ?? 0);
  }
  await s.query(`delete from settings where key = $1`, [RECORD_KEY]);
  return { people, households, units, keptUnits: grids.length + buildings.length - units };
}
