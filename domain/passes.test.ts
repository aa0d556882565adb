import { describe, expect, it } from 'vitest';
import {
  MAX_DAYS_AHEAD,
  MAX_HOLDERS,
  PASS_RULES,
  PASS_TYPES,
  type ApplicationShape,
  applicationProblems,
  canApproveType,
  certificatesOf,
  displayPlate,
  normalisePlate,
  overlaps,
  parsePlate,
} from './passes.js';

const now = new Date('2022-03-20T08:00:00+08:00');
const DAY = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * DAY);

const supply = (change: Partial<ApplicationShape> = {}): ApplicationShape => ({
  type: 'supply_vehicle',
  plate: '冀R·12345',
  holders: [{ role: 'driver' }],
  route: ['AC-BJ-01', 'AC-BJ-02'],
  validFrom: now,
  validUntil: at(14),
  ...change,
});
const problems = (a: ApplicationShape) => applicationProblems(a, now).map((p) => `${p.field}:${p.problem}`);

describe('plates', () => {
  it.each([
    ['冀R·12345', '冀R12345'],
    ['冀r 12345', '冀R12345'],
    ['京A12345', '京A12345'],
    ['京ＡＢ１２３４', '京AB1234'],
    ['冀R·D12345', '冀RD12345'],
    ['冀R12345F', '冀R12345F'],
    ['冀R1234挂', '冀R1234挂'],
  ])('%s is a plate, stored as %s', (typed, stored) => {
    expect(parsePlate(typed)).toBe(stored);
  });

  it.each([
    '',
    'R12345',
    '冀R1234',
    '冀R1234567',
    '冀RI2345',
    '冀R12O45',
    'AB12345',
    '冀R·D1234X',
    '冀1A2345',
  ])('%s is not a plate', (typed) => {
    expect(parsePlate(typed)).toBeNull();
  });

  it('normalises separators and case, and prints with the dot', () => {
    expect(normalisePlate(' 冀r-a1234 ')).toBe('冀RA1234');
    expect(displayPlate('冀R12345')).toBe('冀R·12345');
  });
});

describe('approval levels', () => {
  it('vehicles and staff crossing into Beijing for work: county or above', () => {
    for (const type of [
      'supply_vehicle',
      'enterprise_vehicle',
      'enterprise_staff',
      'supply_staff',
    ] as const) {
      expect(canApproveType(type, 'city')).toBe(true);
      expect(canApproveType(type, 'county')).toBe(true);
      expect(canApproveType(type, 'town')).toBe(false);
    }
  });
  it("residents' commuter, medical and pick-up passes: town or above", () => {
    for (const type of ['commuter', 'medical', 'pickup'] as const) {
      expect(canApproveType(type, 'county')).toBe(true);
      expect(canApproveType(type, 'town')).toBe(true);
      expect(canApproveType(type, 'village')).toBe(false);
      expect(canApproveType(type, 'grid')).toBe(false);
    }
  });
  it('every type has a rule', () => {
    for (const type of PASS_TYPES) expect(PASS_RULES[type]).toBeDefined();
  });
});

describe('certificates a pass stands for', () => {
  it('employer for work passes, employer and residence for commuters, community for medical and pick-up', () => {
    expect(certificatesOf('supply_vehicle')).toEqual(['employer']);
    expect(certificatesOf('enterprise_staff')).toEqual(['employer']);
    expect(certificatesOf('commuter')).toEqual(['employer', 'residence']);
    expect(certificatesOf('medical')).toEqual(['community']);
    expect(certificatesOf('pickup')).toEqual(['community']);
  });
});

describe('an application', () => {
  it('a complete supply-vehicle application has no problem', () => {
    expect(problems(supply())).toEqual([]);
  });

  it('a vehicle needs a valid plate and a driver', () => {
    expect(problems(supply({ plate: null }))).toEqual(['plate:plate_required']);
    expect(problems(supply({ plate: '12345' }))).toEqual(['plate:bad_plate']);
    expect(problems(supply({ holders: [{ role: 'holder' }] }))).toEqual(['holders:driver_required']);
  });

  it('a people pass carries no plate', () => {
    const staff = supply({
      type: 'enterprise_staff',
      plate: '冀R12345',
      route: [],
      holders: [{ role: 'holder' }],
    });
    expect(problems(staff)).toEqual(['plate:plate_not_allowed']);
    expect(problems({ ...staff, plate: null })).toEqual([]);
  });

  it('holders: at least one, at most the limit', () => {
    const staff = supply({ type: 'enterprise_staff', plate: null, route: [] });
    expect(problems({ ...staff, holders: [] })).toEqual(['holders:no_holders']);
    const many = Array.from({ length: MAX_HOLDERS + 1 }, () => ({ role: 'holder' as const }));
    expect(problems({ ...staff, holders: many })).toEqual(['holders:too_many_holders']);
    expect(problems({ ...staff, holders: many.slice(1) })).toEqual([]);
  });

  it('a supply vehicle needs its route; routes do not repeat a checkpoint', () => {
    expect(problems(supply({ route: [] }))).toEqual(['route:route_required']);
    expect(problems(supply({ type: 'enterprise_vehicle', route: [] }))).toEqual([]);
    expect(problems(supply({ route: ['A', 'B', 'A'] }))).toEqual(['route:route_repeats']);
    expect(problems(supply({ route: Array.from({ length: 21 }, (_, i) => `C${i}`) }))).toEqual([
      'route:route_too_long',
    ]);
  });

  it('validity: from before until, at most the type’s days, not over, not too far ahead', () => {
    expect(problems(supply({ validUntil: now }))).toEqual([
      'validUntil:until_before_from',
      'validUntil:already_over',
    ]);
    expect(problems(supply({ validUntil: new Date(at(14).getTime() + 1000) }))).toEqual([
      'validUntil:too_long',
    ]);
    expect(
      problems(
        supply({ type: 'medical', plate: null, route: [], holders: [{ role: 'holder' }], validUntil: at(3) }),
      ),
    ).toEqual([]);
    expect(
      problems(
        supply({
          type: 'medical',
          plate: null,
          route: [],
          holders: [{ role: 'holder' }],
          validUntil: at(3.5),
        }),
      ),
    ).toEqual(['validUntil:too_long']);
    expect(problems(supply({ validFrom: at(-10), validUntil: at(-1) }))).toEqual(['validUntil:already_over']);
    expect(problems(supply({ validFrom: at(MAX_DAYS_AHEAD), validUntil: at(MAX_DAYS_AHEAD + 1) }))).toEqual(
      [],
    );
    expect(
      problems(supply({ validFrom: at(MAX_DAYS_AHEAD + 1), validUntil: at(MAX_DAYS_AHEAD + 2) })),
    ).toEqual(['validFrom:too_far_ahead']);
  });
});

describe('overlap of validity windows', () => {
  it('touching ends do not overlap; any shared moment does', () => {
    expect(overlaps({ from: at(0), until: at(5) }, { from: at(5), until: at(9) })).toBe(false);
    expect(overlaps({ from: at(0), until: at(5) }, { from: at(4), until: at(9) })).toBe(true);
    expect(overlaps({ from: at(2), until: at(3) }, { from: at(0), until: at(9) })).toBe(true);
  });
});
