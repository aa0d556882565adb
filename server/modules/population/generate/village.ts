/**
 * One village or community of the synthetic city: its households (drawn until the village's share
 * of the county is reached), their homes, grids and buildings, the people with their identities and
 * registers, and the staff of each grid and building. Pure: the same job and seed give the same
 * village, whichever thread makes it and whenever.
 */
import { buildingCode, childPath, gridCode } from '../../../../domain/jurisdiction.js';
import type { Relation, ResidenceType } from '../../../../domain/population.js';
import { householdAddress } from '../places.js';
import { CITIES, LANGFANG, RESIDENCE_SHARES, SPECIAL_RATES } from './census.js';
import {
  type Composition,
  type Settlement,
  composeCollective,
  composeFamily,
  drawCollectiveSize,
  drawFamilySize,
} from './households.js';
import { layoutVillage } from './layout.js';
import { ORIGINS, chineseNumber, mobile, surname, syntheticName } from './names.js';
import {
  type HouseholdFacts,
  type IdSequences,
  type SpecialEntryOut,
  identity,
  phoneFor,
  specialsFor,
} from './people.js';
import { type BirthDates, type Pyramid, buildPyramid } from './pyramid.js';
import { Rng, orderedUuid } from './rng.js';

/** What a worker needs to know about a village (read from `jurisdictions` by the orchestrator). */
export interface VillageJob {
  code: string;
  jpath: string;
  countyCode: string;
  countyName: string;
  shortName: string;
  settlement: Settlement;
  /** Position in the city (code order): the high bits of every id made here. */
  ordinal: number;
  /** People to generate here. */
  people: number;
  /** Highest grid and building numbers already used in the village (bootstrap or user-made units). */
  gridOffset: number;
  buildingOffset: number;
}

export interface UnitOut {
  code: string;
  parentCode: string;
  level: 'grid' | 'building';
  kind: 'grid' | 'apartment' | 'bungalow';
  name: string;
  jpath: string;
  countyCode: string;
  address: string | null;
}

export interface HouseholdOut {
  id: string;
  countyCode: string;
  jpath: string;
  villageCode: string;
  gridCode: string;
  buildingCode: string;
  unit: string | null;
  room: string;
  address: string;
  kind: 'family' | 'collective';
}

export interface PersonOut {
  id: string;
  household: HouseholdOut;
  relation: Relation;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  idNumber: string;
  phone: string | null;
  residenceType: ResidenceType;
  registeredAddress: string | null;
  specials: SpecialEntryOut[];
}

export interface StaffOut {
  id: string;
  unit: UnitOut;
  role: 'grid_worker' | 'building_head';
  name: string;
  phone: string;
}

export interface VillageOut {
  units: UnitOut[];
  households: HouseholdOut[];
  people: PersonOut[];
  staff: StaffOut[];
}

/** Shared by the villages of one run (and one county, for the ID sequences). */
export interface RunContext {
  seed: string;
  pyramid: Pyramid;
  dates: BirthDates;
}

export function runContext(seed: string, cityCode: string, dates: BirthDates): RunContext {
  // A city without documented figures takes Langfang's age and sex structure (said in the docs).
  const census = CITIES[cityCode] ?? LANGFANG;
  return { seed, pyramid: buildPyramid(census), dates };
}

function compositions(rng: Rng, ctx: RunContext, job: VillageJob, collectiveShare: number): Composition[] {
  const out: Composition[] = [];
  let left = job.people;
  while (left > 0) {
    const collective = rng.chance(collectiveShare);
    const c = collective
      ? composeCollective(rng, ctx.pyramid, drawCollectiveSize(rng))
      : composeFamily(rng, ctx.pyramid, drawFamilySize(rng, job.settlement));
    // The last household takes only the people still wanted (its head first).
    if (c.members.length > left) c.members.length = left;
    left -= c.members.length;
    out.push(c);
  }
  return out;
}

function residence(rng: Rng, settlement: Settlement, kind: 'family' | 'collective'): ResidenceType {
  const shares = RESIDENCE_SHARES[kind === 'collective' ? 'collective' : settlement];
  const r = rng.float();
  return r < shares.floating ? 'floating' : r < shares.floating + shares.resident ? 'resident' : 'registered';
}

export function generateVillage(ctx: RunContext, sequences: IdSequences, job: VillageJob): VillageOut {
  const rng = new Rng(`${ctx.seed}:${job.code}`);
  let serial = 0;
  const uuid = (): string => orderedUuid(rng, job.ordinal * 0x1000000 + serial++);
  const census = CITIES[job.code.slice(0, 4)];
  const homes = compositions(
    rng,
    ctx,
    job,
    census?.collectiveHouseholdShare ?? LANGFANG.collectiveHouseholdShare,
  );
  const layout = layoutVillage(rng, job.settlement, homes.length);
  const hospital = `${job.countyName}人民医院`;

  const grids: UnitOut[] = [];
  for (let g = 0; g < layout.grids; g++) {
    const seq = job.gridOffset + g + 1;
    const code = gridCode(job.code, seq);
    const name = `第${chineseNumber(seq)}网格`;
    const jpath = childPath(job.jpath, code, 'grid');
    grids.push({
      code,
      parentCode: job.code,
      level: 'grid',
      kind: 'grid',
      name,
      jpath,
      countyCode: job.countyCode,
      address: null,
    });
  }
  const out: VillageOut = { units: [...grids], households: [], people: [], staff: [] };
  let home = 0;
  for (const b of layout.buildings) {
    const grid = grids[b.grid]!;
    const code = buildingCode(job.code, job.buildingOffset + b.number);
    const building: UnitOut = {
      code,
      parentCode: grid.code,
      level: 'building',
      kind: b.kind,
      name: b.name,
      jpath: childPath(grid.jpath, code, 'building'),
      countyCode: job.countyCode,
      address: `${job.shortName}${b.name}`,
    };
    out.units.push(building);
    for (const slot of b.slots) {
      const c = homes[home++]!;
      const household: HouseholdOut = {
        id: uuid(),
        countyCode: job.countyCode,
        jpath: building.jpath,
        villageCode: job.code,
        gridCode: grid.code,
        buildingCode: code,
        unit: slot.unit,
        room: slot.room,
        address: householdAddress(job.shortName, b.name, slot.unit, slot.room),
        kind: c.kind,
      };
      out.households.push(household);
      addPeople(rng, ctx, sequences, job, c, household, hospital, uuid, out.people);
    }
  }
  for (const unit of out.units) {
    const sex = rng.chance(0.4) ? 'M' : 'F';
    out.staff.push({
      id: uuid(),
      unit,
      role: unit.level === 'grid' ? 'grid_worker' : 'building_head',
      name: syntheticName(rng, surname(rng), sex),
      phone: mobile(rng),
    });
  }
  return out;
}

function addPeople(
  rng: Rng,
  ctx: RunContext,
  sequences: IdSequences,
  job: VillageJob,
  c: Composition,
  household: HouseholdOut,
  hospital: string,
  uuid: () => string,
  people: PersonOut[],
): void {
  const residenceType = residence(rng, job.settlement, c.kind);
  const origin = residenceType === 'registered' ? null : rng.pick(ORIGINS);
  const facts: HouseholdFacts = {
    settlement: job.settlement,
    alone: c.kind === 'family' && c.members.length === 1,
    lowIncome: c.kind === 'family' && rng.chance(SPECIAL_RATES.lowIncome[job.settlement]),
    skipGeneration: c.skipGeneration,
    hospital,
  };
  const family = surname(rng);
  for (const m of c.members) {
    const { birthDate, idNumber } = identity(rng, ctx.dates, sequences, job.countyCode, m.age, m.sex);
    people.push({
      id: uuid(),
      household,
      relation: m.relation,
      name: syntheticName(rng, m.lineage ? family : surname(rng), m.sex),
      sex: m.sex,
      birthDate,
      age: m.age,
      idNumber,
      phone: phoneFor(rng, m.age),
      residenceType,
      registeredAddress: origin,
      specials: specialsFor(rng, ctx.dates, m, facts),
    });
  }
}
