/**
 * First-start work, idempotent on every start: the configured city's divisions, the `admin`
 * account, and in demo mode the demo accounts and a little demo data.
 */
import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../domain/access.js';
import {
  buildingCode,
  childPath,
  countyCodeOf,
  gridCode,
  parseJurisdictionCode,
} from '../../../domain/jurisdiction.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database, JurisdictionRow } from '../../db/schema.js';
import { generatePassword } from '../auth/password.js';
import { importDivisions, type ImportSummary } from '../jurisdictions/divisions.import.js';
import { type GenerateSummary, generatePopulation } from '../population/generate/generate.js';
import { findJurisdiction } from '../jurisdictions/jurisdictions.service.js';
import * as jurisdictionsRepo from '../jurisdictions/jurisdictions.repo.js';
import { createUserUnchecked, findUserByUsername } from '../users/users.service.js';

/** Shared by every demo account; shown on the login page in demo mode only. */
export const DEMO_PASSWORD = 'cordon2022';

export async function ensureDivisions(db: Kysely<Database>, city: string): Promise<ImportSummary | null> {
  const code = parseJurisdictionCode(city)!.code;
  if (await findJurisdiction(db, code)) return null;
  return importDivisions(db, city);
}

/** Creates `admin` (city administrator) if missing; returns the password when it was generated. */
export async function ensureAdmin(
  db: Kysely<Database>,
  city: string,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword: string | null }> {
  if (await findUserByUsername(db, 'admin')) return { created: false, generatedPassword: null };
  const chosen = password ?? generatePassword();
  await createUserUnchecked(db, {
    username: 'admin',
    displayName: '系统管理员',
    role: 'city_admin',
    jurisdictionCode: parseJurisdictionCode(city)!.code,
    password: chosen,
  });
  return { created: true, generatedPassword: password ? null : chosen };
}

/**
 * Demo mode's people: a small synthetic city (docs/POPULATION.md) so that the population pages have
 * people in every village from the first start; the full city is `cordon generate-population`.
 * Only when there are no people at all. Ages are as of today, so the demo looks current.
 */
export const DEMO_POPULATION_SCALE = 0.004;

export async function ensureDemoPopulation(
  handle: DatabaseHandle,
  key: Uint8Array,
  city: string,
): Promise<GenerateSummary | null> {
  if (await handle.db.selectFrom('people').select('id').limit(1).executeTakeFirst()) return null;
  return generatePopulation(handle, key, {
    city,
    scale: DEMO_POPULATION_SCALE,
    seed: '42',
    asOf: new Date().toISOString().slice(0, 10),
    // About 22,000 people in under 2 s on the calling thread: a worker would save little.
    threads: 0,
  });
}

export interface DemoAccount {
  username: string;
  role: Role;
  jurisdictionCode: string;
  jurisdictionName: string;
}

async function firstChild(
  db: Kysely<Database>,
  parent: string,
  preferKind?: string,
): Promise<jurisdictionsRepo.JurisdictionSummary | undefined> {
  const { items } = await jurisdictionsRepo.children(db, parent, { limit: 500, offset: 0 });
  return items.find((j) => j.kind === preferKind) ?? items[0];
}

/** The demo places: the first county, its first town (镇), its first village, and a grid in it. */
async function demoPlaces(db: Kysely<Database>, city: string) {
  const cityRow = (await findJurisdiction(db, parseJurisdictionCode(city)!.code))!;
  const county = (await firstChild(db, cityRow.code))!;
  const town = (await firstChild(db, county.code, 'town'))!;
  const village = (await firstChild(db, town.code, 'village'))!;
  const grid = await ensureDemoGrids(db, village);
  return { city: cityRow, county, town, village, grid };
}

/** Two grids with three buildings each in the demo village, so the tree has something below villages. */
async function ensureDemoGrids(
  db: Kysely<Database>,
  village: jurisdictionsRepo.JurisdictionSummary,
): Promise<jurisdictionsRepo.JurisdictionSummary> {
  const existing = await firstChild(db, village.code, 'grid');
  if (existing) return existing;
  return db.transaction().execute(async (tx) => {
    let first: JurisdictionRow | undefined;
    for (let g = 1; g <= 2; g++) {
      const code = gridCode(village.code, g);
      const grid = await jurisdictionsRepo.insert(tx, {
        code,
        parent_code: village.code,
        level: 'grid',
        kind: 'grid',
        name: `第${g === 1 ? '一' : '二'}网格`,
        short_name: `第${g === 1 ? '一' : '二'}网格`,
        jpath: childPath(village.jpath, code, 'grid'),
        county_code: countyCodeOf(code),
        source: 'user',
      });
      first ??= grid;
      for (let b = 1; b <= 3; b++) {
        const seq = (g - 1) * 3 + b;
        const bcode = buildingCode(village.code, seq);
        await jurisdictionsRepo.insert(tx, {
          code: bcode,
          parent_code: grid.code,
          level: 'building',
          kind: 'bungalow',
          name: `${seq}号院`,
          short_name: `${seq}号院`,
          jpath: childPath(grid.jpath, bcode, 'building'),
          county_code: countyCodeOf(bcode),
          address: `${village.short_name}${seq}号`,
          source: 'user',
        });
      }
    }
    return first!;
  });
}

const DEMO_ROLES: ReadonlyArray<{
  username: string;
  role: Role;
  at: 'city' | 'county' | 'town' | 'village' | 'grid';
  title: string;
}> = [
  { username: 'demo.commander', role: 'city_commander', at: 'city', title: '指挥长' },
  { username: 'demo.county', role: 'county_admin', at: 'county', title: '管理员' },
  { username: 'demo.town', role: 'town_admin', at: 'town', title: '管理员' },
  { username: 'demo.village', role: 'village_worker', at: 'village', title: '工作人员' },
  { username: 'demo.grid', role: 'grid_worker', at: 'grid', title: '网格员' },
  { username: 'demo.sampler', role: 'sampler', at: 'town', title: '采样员' },
  { username: 'demo.lab', role: 'lab_technician', at: 'county', title: '检测员' },
  { username: 'demo.investigator', role: 'investigator', at: 'county', title: '流调员' },
  { username: 'demo.checkpoint', role: 'checkpoint_officer', at: 'town', title: '卡口值守' },
  { username: 'demo.isolation', role: 'isolation_manager', at: 'county', title: '隔离点管理员' },
  { username: 'demo.hospital', role: 'hospital_staff', at: 'county', title: '医护人员' },
  { username: 'demo.supply', role: 'supply_officer', at: 'town', title: '物资保障' },
  { username: 'demo.hotline', role: 'hotline_operator', at: 'city', title: '热线接线员' },
  { username: 'demo.enterprise', role: 'enterprise_liaison', at: 'town', title: '企业联络员' },
];

export async function ensureDemoAccounts(db: Kysely<Database>, city: string): Promise<DemoAccount[]> {
  const places = await demoPlaces(db, city);
  const accounts: DemoAccount[] = [];
  for (const spec of DEMO_ROLES) {
    const place = places[spec.at];
    if (!(await findUserByUsername(db, spec.username))) {
      await createUserUnchecked(db, {
        username: spec.username,
        displayName: `${place.short_name}${spec.title}（演示）`,
        role: spec.role,
        jurisdictionCode: place.code,
        password: DEMO_PASSWORD,
        isDemo: true,
      });
    }
    accounts.push({
      username: spec.username,
      role: spec.role,
      jurisdictionCode: place.code,
      jurisdictionName: place.short_name,
    });
  }
  return accounts;
}

/** Demo accounts as they are in the database (for the login page), without creating anything. */
export async function listDemoAccounts(db: Kysely<Database>): Promise<DemoAccount[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('jurisdictions as j', 'j.code', 'u.jurisdiction_code')
    .select(['u.username', 'u.role', 'u.jurisdiction_code', 'j.short_name', 'j.level'])
    .where('u.is_demo', '=', true)
    .where('u.disabled_at', 'is', null)
    .orderBy(sql`array_position(array['city', 'county', 'town', 'village', 'grid'], j.level)`)
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({
    username: r.username,
    role: r.role as Role,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.short_name,
  }));
}
