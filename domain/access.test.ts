import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  ROLES,
  ROLE_DEFINITIONS,
  canAssignRole,
  passwordProblems,
  roleAllowedAt,
  roleHas,
} from './access.js';

describe('roles', () => {
  it('covers the roles the brief names', () => {
    expect(ROLES).toEqual(
      expect.arrayContaining([
        'city_commander',
        'city_admin',
        'county_admin',
        'town_admin',
        'village_worker',
        'grid_worker',
        'sampler',
        'lab_technician',
        'investigator',
        'checkpoint_officer',
        'isolation_manager',
        'hospital_staff',
        'supply_officer',
        'hotline_operator',
        'enterprise_liaison',
      ]),
    );
  });

  it('gives every role a Chinese and English label, levels and only known permissions', () => {
    for (const role of ROLES) {
      const def = ROLE_DEFINITIONS[role];
      expect(def.label.zh).toMatch(/\p{Script=Han}/u);
      expect(def.label.en.length).toBeGreaterThan(2);
      expect(def.levels.length).toBeGreaterThan(0);
      for (const p of def.permissions) expect(PERMISSIONS).toContain(p);
    }
  });

  it('keeps account management to administrators', () => {
    const managers = ROLES.filter((r) => roleHas(r, 'user.manage'));
    expect(managers.sort()).toEqual(['city_admin', 'county_admin', 'town_admin']);
    expect(roleHas('city_commander', 'user.read')).toBe(true);
    expect(roleHas('sampler', 'jurisdiction.read')).toBe(true);
    expect(roleHas('sampler', 'jurisdiction.manage')).toBe(false);
  });

  it('places administrators at their own level only', () => {
    expect(roleAllowedAt('county_admin', 'county')).toBe(true);
    expect(roleAllowedAt('county_admin', 'town')).toBe(false);
    expect(roleAllowedAt('grid_worker', 'grid')).toBe(true);
    expect(roleAllowedAt('grid_worker', 'county')).toBe(false);
  });

  it('lets administrators give admin roles only below themselves', () => {
    expect(canAssignRole('city_admin', 'city_admin')).toBe(true);
    expect(canAssignRole('county_admin', 'town_admin')).toBe(true);
    expect(canAssignRole('county_admin', 'county_admin')).toBe(false);
    expect(canAssignRole('county_admin', 'city_admin')).toBe(false);
    expect(canAssignRole('town_admin', 'town_admin')).toBe(false);
    expect(canAssignRole('town_admin', 'sampler')).toBe(true);
    expect(canAssignRole('sampler', 'sampler')).toBe(false);
    expect(canAssignRole('city_commander', 'sampler')).toBe(false);
  });
});

describe('password policy', () => {
  it('accepts letters and digits of 8 or more', () => {
    expect(passwordProblems('abcdefg1')).toEqual([]);
  });
  it('names each problem', () => {
    expect(passwordProblems('ab1')).toContain('too_short');
    expect(passwordProblems('abcdefgh')).toContain('needs_letters_and_digits');
    expect(passwordProblems('12345678')).toContain('needs_letters_and_digits');
    expect(passwordProblems('zhang123456', 'Zhang')).toContain('contains_username');
    expect(passwordProblems('a1'.repeat(70))).toContain('too_long');
  });
});
