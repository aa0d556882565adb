/**
 * The data every test file starts with (in the template database): Langfang's real divisions, two
 * grids with a building each in two sibling villages, and one account per role at a known place.
 */
import type { Kysely } from 'kysely';
import { type Role, ROLES } from '../../domain/access.js';
import { buildingCode, childPath, countyCodeOf, gridCode } from '../../domain/jurisdiction.js';
import type { Database, JurisdictionRow } from '../db/schema.js';
import { importDivisions } from '../modules/jurisdictions/divisions.import.js';
import * as jurisdictions from '../modules/jurisdictions/jurisdictions.repo.js';
import { createUserUnchecked } from '../modules/users/users.service.js';

export const FIXTURE_PASSWORD = 'fixture-pass-1';

/** Real codes: 廊坊市 › 安次区 › 落垡镇 › 张营村, with siblings at every level. */
export const PLACES = {
  city: '131000000000',
  county: '131002000000', // 安次区
  otherCounty: '131003000000', // 广阳区
  town: '131002100000', // 落垡镇
  otherTown: '131002101000', // 码头镇
  village: '131002100202', // 张营村
  otherVillage: '131002100203', // 倪官屯村
  grid: '131002100202G001',
  otherGrid: '131002100203G001',
  building: '131002100202B00001',
  otherBuilding: '131002100203B00001',
} as const;

export type Place = keyof typeof PLACES;

/** Where each role's fixture account lives: its deepest usual level. */
export const ROLE_HOME: Record<Role, 'city' | 'county' | 'town' | 'village' | 'grid'> = {
  city_commander: 'city',
  city_admin: 'city',
  county_admin: 'county',
  town_admin: 'town',
  village_worker: 'village',
  grid_worker: 'grid',
  sampler: 'town',
  lab_technician: 'county',
  investigator: 'county',
  checkpoint_officer: 'village',
  isolation_manager: 'town',
  hospital_staff: 'county',
  supply_officer: 'village',
  hotline_operator: 'county',
  enterprise_liaison: 'town',
};

/** Each role's fixture account is named after the role: city_admin → city-admin. */
export const userOf = (role: Role): string => role.replace(/_/g, '-');

async function addGridWithBuilding(db: Kysely<Database>, village: JurisdictionRow): Promise<void> {
  const code = gridCode(village.code, 1);
  const grid = await jurisdictions.insert(db, {
    code,
    parent_code: village.code,
    level: 'grid',
    kind: 'grid',
    name: `${village.short_name}第一网格`,
    short_name: `${village.short_name}第一网格`,
    jpath: childPath(village.jpath, code, 'grid'),
    county_code: countyCodeOf(code),
    source: 'user',
  });
  const bcode = buildingCode(village.code, 1);
  await jurisdictions.insert(db, {
    code: bcode,
    parent_code: grid.code,
    level: 'building',
    kind: 'apartment',
    name: '1号楼',
    short_name: '1号楼',
    jpath: childPath(grid.jpath, bcode, 'building'),
    county_code: countyCodeOf(bcode),
    source: 'user',
  });
}

export async function seedFixtures(db: Kysely<Database>): Promise<void> {
  await importDivisions(db, '1310');
  for (const code of [PLACES.village, PLACES.otherVillage]) {
    await addGridWithBuilding(db, (await jurisdictions.findByCode(db, code))!);
  }
  for (const role of ROLES) {
    await createUserUnchecked(db, {
      username: userOf(role),
      displayName: `测试${role}`,
      role,
      jurisdictionCode: PLACES[ROLE_HOME[role]],
      password: FIXTURE_PASSWORD,
    });
  }
}
