/**
 * The synthetic city without a database: determinism, valid identities, the documented shares, the
 * promised sizes of grids and buildings, and COPY text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ageOn, parseIdNumber } from '../../../../domain/idcard.js';
import { displayName, divisionKind } from '../../../../domain/jurisdiction.js';
import { isSpecialKind, specialDetailProblems } from '../../../../domain/population.js';
import { PiiCipher } from '../../../platform/pii.js';
import { readCityDivisions } from '../../jurisdictions/divisions.source.js';
import { personRow } from '../person.codec.js';
import { type VillageRow, allocate } from './allocate.js';
import { generateVillages } from './batches.js';
import { LANGFANG } from './census.js';
import { layoutVillage } from './layout.js';
import { CopyBatch, PERSON_COLUMNS, personRowOf } from './render.js';
import { Rng } from './rng.js';
import { type Settlement, composeFamily, drawFamilySize } from './households.js';
import { buildPyramid } from './pyramid.js';
import type { VillageJob, VillageOut } from './village.js';

const AS_OF = '2022-03-01';
let villages: VillageRow[];

beforeAll(async () => {
  const data = (await readCityDivisions('1310'))!;
  villages = data.villages.map((v) => {
    const code = v.code.padEnd(12, '0');
    return {
      code,
      jpath: code,
      county_code: code.slice(0, 6),
      kind: divisionKind('village', v.name),
      name: v.name,
      short_name: displayName('village', v.name),
    };
  });
});

function jobs(scale: number, seed: string, filter: (v: VillageRow) => boolean = () => true): VillageJob[] {
  return allocate(villages, LANGFANG, scale, seed)
    .map((a, ordinal) => ({
      code: a.village.code,
      jpath: a.village.jpath,
      countyCode: a.village.county_code,
      countyName: '安次区',
      shortName: a.village.short_name,
      settlement: a.settlement,
      ordinal,
      people: a.people,
      gridOffset: 0,
      buildingOffset: 0,
    }))
    .filter((j) => filter(villages.find((v) => v.code === j.code)!));
}

function city(scale: number, seed: string, filter?: (v: VillageRow) => boolean): VillageOut[] {
  return [
    ...generateVillages({ seed, cityCode: '1310', asOf: AS_OF, villages: jobs(scale, seed, filter) }),
  ].map(([, v]) => v);
}

describe('determinism', () => {
  const anci = (v: VillageRow) => v.county_code === '131002';

  it('gives the same people for the same seed and scale, and others for another seed', () => {
    const a = city(0.01, '42', anci);
    const b = city(0.01, '42', anci);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = city(0.01, '43', anci);
    const names = (v: VillageOut[]) => v.flatMap((x) => x.people.map((p) => p.name + p.idNumber));
    expect(names(c)).not.toEqual(names(a));
  });

  it('shares each county exactly by the census, with every village and community populated', () => {
    const all = allocate(villages, LANGFANG, 1, '42');
    expect(all).toHaveLength(villages.length);
    expect(all.every((a) => a.people >= 1)).toBe(true);
    for (const [county, population] of Object.entries(LANGFANG.counties)) {
      const sum = all.filter((a) => a.village.county_code === county).reduce((s, a) => s + a.people, 0);
      expect(sum, county).toBe(population);
    }
  });
});

describe('a small city (scale 0.01, about 55,000 people)', () => {
  let people: VillageOut['people'];
  let households: VillageOut['households'];
  let out: VillageOut[];
  beforeAll(() => {
    out = city(0.01, '42');
    people = out.flatMap((v) => v.people);
    households = out.flatMap((v) => v.households);
  });
  const share = (pred: (p: (typeof people)[number]) => boolean) => people.filter(pred).length / people.length;

  it('has exactly the scaled census population', () => {
    const expected = Object.values(LANGFANG.counties).reduce((s, n) => s + Math.round(n * 0.01), 0);
    expect(people.length).toBe(expected);
  });

  it('gives valid ID numbers: region = county, birth date and sex as generated, unique', () => {
    const today = new Date('2030-01-01');
    const seen = new Set<string>();
    for (const p of people) {
      const parsed = parseIdNumber(p.idNumber, today);
      expect(parsed.ok, p.idNumber).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.region).toBe(p.household.countyCode);
      expect(parsed.birthDate).toBe(p.birthDate);
      expect(parsed.sex).toBe(p.sex);
      expect(ageOn(p.birthDate, AS_OF)).toBe(p.age);
      seen.add(p.idNumber);
    }
    expect(seen.size).toBe(people.length);
  });

  it('matches the bulletin’s age groups and sex within 1.5 points', () => {
    expect(Math.abs(share((p) => p.age < 15) - 0.1982)).toBeLessThan(0.015);
    expect(Math.abs(share((p) => p.age >= 15 && p.age < 60) - 0.6333)).toBeLessThan(0.015);
    expect(Math.abs(share((p) => p.age >= 60) - 0.1685)).toBeLessThan(0.015);
    expect(Math.abs(share((p) => p.sex === 'M') - LANGFANG.maleShare)).toBeLessThan(0.015);
  });

  it('has family households of about 2.78 people and some 8% in collective ones', () => {
    // Drawn directly: in a small city each village's household count is a stopping time (the last
    // household is cut short), which skews the mean of the households actually made.
    const rng = new Rng('sizes');
    const pyramid = buildPyramid(LANGFANG);
    const mean = (settlement: Settlement) => {
      let n = 0;
      for (let i = 0; i < 20_000; i++)
        n += composeFamily(rng, pyramid, drawFamilySize(rng, settlement)).members.length;
      return n / 20_000;
    };
    const urbanShare = people.filter((p) => settlementOf(p) === 'urban').length / people.length;
    const cityMean = urbanShare * mean('urban') + (1 - urbanShare) * mean('rural');
    expect(Math.abs(cityMean - LANGFANG.familyHouseholdSize)).toBeLessThan(0.08);
    const collective = people.filter((p) => p.household.kind === 'collective').length / people.length;
    expect(collective).toBeGreaterThan(0.06);
    expect(collective).toBeLessThan(0.11);
    const heads = new Map<string, number>();
    for (const p of people)
      if (p.relation === 'head') heads.set(p.household.id, (heads.get(p.household.id) ?? 0) + 1);
    expect(households.every((h) => heads.get(h.id) === 1)).toBe(true);
  });

  it('has registered, resident and floating people in the documented shares', () => {
    expect(share((p) => p.residenceType === 'floating')).toBeGreaterThan(0.11);
    expect(share((p) => p.residenceType === 'floating')).toBeLessThan(0.19);
    expect(share((p) => p.residenceType === 'resident')).toBeGreaterThan(0.07);
    expect(share((p) => p.residenceType === 'registered')).toBeGreaterThan(0.68);
    expect(people.filter((p) => p.residenceType !== 'registered').every((p) => p.registeredAddress)).toBe(
      true,
    );
  });

  it('keeps special-population registers at the documented rates, with valid details', () => {
    const rate = (kind: string) => share((p) => p.specials.some((s) => s.kind === kind));
    expect(rate('disabled')).toBeGreaterThan(0.02);
    expect(rate('disabled')).toBeLessThan(0.035);
    expect(rate('pregnant')).toBeGreaterThan(0.004);
    expect(rate('pregnant')).toBeLessThan(0.009);
    expect(rate('low_income')).toBeGreaterThan(0.02);
    expect(rate('low_income')).toBeLessThan(0.05);
    expect(rate('elderly_alone')).toBeGreaterThan(0.01);
    expect(rate('chronic')).toBeGreaterThan(0.05);
    expect(rate('left_behind_child')).toBeGreaterThan(0.002);
    for (const p of people) {
      for (const s of p.specials) {
        expect(isSpecialKind(s.kind)).toBe(true);
        expect(specialDetailProblems(s.kind, s.details), s.kind).toEqual({});
      }
      if (p.specials.some((s) => s.kind === 'pregnant')) expect(p.sex).toBe('F');
      if (p.specials.some((s) => s.kind === 'left_behind_child')) expect(p.age).toBeLessThanOrEqual(15);
    }
  });

  it('names people visibly synthetic, and gives adults phones', () => {
    expect(people.every((p) => /^.某.$/.test(p.name))).toBe(true);
    expect(
      share((p) => p.age >= 18 && p.age < 60 && p.phone !== null) / share((p) => p.age >= 18 && p.age < 60),
    ).toBeGreaterThan(0.95);
    expect(people.filter((p) => p.age < 12).every((p) => p.phone === null)).toBe(true);
  });

  it('puts everyone in a building of a grid of their village, with staff for each', () => {
    for (const v of out) {
      const codes = new Set(v.units.map((u) => u.code));
      for (const h of v.households) {
        expect(codes.has(h.buildingCode) && codes.has(h.gridCode)).toBe(true);
        expect(h.jpath.startsWith(v.units.find((u) => u.code === h.gridCode)!.jpath)).toBe(true);
      }
      expect(v.staff).toHaveLength(v.units.length);
    }
  });
});

describe('layout at full scale', () => {
  it('makes grids of a few hundred households out of whole buildings', () => {
    // ceil(H / 400) grids of H / grids households each, give or take the building on the edge.
    for (const settlement of ['urban', 'rural'] as const) {
      for (const households of [30, 399, 401, 850, 1700, 4200, 9000]) {
        const layout = layoutVillage(new Rng(`${settlement}${households}`), settlement, households);
        const sizes = new Array<number>(layout.grids).fill(0);
        for (const b of layout.buildings) sizes[b.grid]! += b.slots.length;
        expect(sizes.reduce((s, n) => s + n, 0)).toBe(households);
        expect(layout.grids).toBe(Math.ceil(households / 400));
        if (layout.grids > 1) {
          for (const size of sizes) {
            expect(size, `${settlement} ${households}`).toBeGreaterThanOrEqual(100);
            expect(size, `${settlement} ${households}`).toBeLessThanOrEqual(600);
          }
        }
        for (const b of layout.buildings) {
          const homes = new Set(b.slots.map((s) => `${s.unit}-${s.room}`));
          expect(homes.size).toBe(b.slots.length);
          if (settlement === 'rural' && households >= 20) {
            expect(b.slots.length).toBeGreaterThanOrEqual(20);
            expect(b.slots.length).toBeLessThanOrEqual(40);
          }
          if (settlement === 'urban') expect([6, 9, 11, 18, 24, 26, 28, 33]).toContain(b.floors);
        }
      }
    }
  });
});

describe('COPY rendering', () => {
  it('writes every column personRow produces, as any other writer would store it', () => {
    const pii = PiiCipher.ephemeral();
    const [village] = city(0.001, '42', (v) => v.code === villages[0]!.code);
    const person = village!.people[0]!;
    const row = personRowOf(pii, person);
    expect(Object.keys(row).sort()).toEqual([...PERSON_COLUMNS].sort());
    expect(row.source).toBe('synthetic');
    expect(pii.decrypt(row.id_cipher)).toBe(person.idNumber);
    expect(Buffer.from(row.id_hash)).toEqual(pii.hash(person.idNumber));
    // The codec is the one the app uses: the same input gives the same hash and mask.
    const direct = personRow(pii, { ...inputOf(person) }, placeOf(person), 'synthetic');
    expect(direct.id_masked).toBe(row.id_masked);

    const batch = new CopyBatch(pii);
    batch.add(village!);
    const { data, counts } = batch.take();
    const lines = data.people!.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(counts.people);
    const fields = lines[0]!.split('\t');
    expect(fields).toHaveLength(PERSON_COLUMNS.length + 1);
    expect(fields[0]).toBe(person.id);
    expect(fields[PERSON_COLUMNS.indexOf('id_hash') + 1]).toBe(
      `\\\\x${pii.hash(person.idNumber).toString('hex')}`,
    );
    expect(fields[PERSON_COLUMNS.indexOf('phone2_hash') + 1]).toBe('\\N');
  });
});

const settlementOf = (p: VillageOut['people'][number]): Settlement =>
  p.household.buildingCode && /号楼$/.test(p.household.address.split(' ')[1] ?? '') ? 'urban' : 'rural';

function inputOf(p: VillageOut['people'][number]) {
  return {
    idNumber: p.idNumber,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    phone: p.phone,
    phone2: null,
    residenceType: p.residenceType,
    registeredAddress: p.registeredAddress,
    workUnit: null,
    emergencyName: null,
    emergencyPhone: null,
    notes: null,
    relation: p.relation,
    unit: p.household.unit,
    room: p.household.room,
  };
}

function placeOf(p: VillageOut['people'][number]) {
  const h = p.household;
  return {
    countyCode: h.countyCode,
    villageCode: h.villageCode,
    gridCode: h.gridCode,
    buildingCode: h.buildingCode,
    jpath: h.jpath,
    householdId: h.id,
  };
}
