import { describe, expect, it } from 'vitest';
import {
  ancestorPaths,
  buildingCode,
  childPath,
  countyCodeOf,
  displayName,
  divisionKind,
  divisionLevelOf,
  divisionPath,
  gridCode,
  parseJurisdictionCode,
  pathWithin,
} from './jurisdiction.js';

describe('jurisdiction codes', () => {
  it.each([
    ['1310', '131000000000', 'city'],
    ['131002', '131002000000', 'county'],
    ['131002100', '131002100000', 'town'],
    ['131002100202', '131002100202', 'village'],
    [' 131002000000 ', '131002000000', 'county'],
    ['131002100202g001', '131002100202G001', 'grid'],
    ['131002100202B00001', '131002100202B00001', 'building'],
  ])('parses %s as %s (%s)', (input, code, level) => {
    expect(parseJurisdictionCode(input)).toEqual({ code, level });
  });

  it.each(['', '13', '13100', '1310021', 'abcd', '131002100202X001', '131002100202G1', '1310021002021'])(
    'rejects %j',
    (input) => {
      expect(parseJurisdictionCode(input)).toBeNull();
    },
  );

  it('reads the level from which parts of a 12-digit code are zero', () => {
    expect(divisionLevelOf('131000000000')).toBe('city');
    expect(divisionLevelOf('131071000000')).toBe('county');
    expect(divisionLevelOf('131071450000')).toBe('town');
    expect(divisionLevelOf('131071450001')).toBe('village');
  });

  it('makes grid and building codes under the village code', () => {
    expect(gridCode('131002100202', 1)).toBe('131002100202G001');
    expect(gridCode('131002100202', 1234)).toBe('131002100202G1234');
    expect(buildingCode('131002100202', 7)).toBe('131002100202B00007');
    expect(countyCodeOf('131002100202G001')).toBe('131002');
    expect(countyCodeOf('131000000000')).toBe('131000');
  });
});

describe('materialized paths', () => {
  const village = divisionPath('131002100202', 'village');
  const grid = childPath(village, '131002100202G001', 'grid');
  const building = childPath(grid, '131002100202B00001', 'building');

  it('uses the significant digits for divisions and segments below villages', () => {
    expect(divisionPath('131000000000', 'city')).toBe('1310');
    expect(divisionPath('131002000000', 'county')).toBe('131002');
    expect(divisionPath('131002100000', 'town')).toBe('131002100');
    expect(village).toBe('131002100202');
    expect(grid).toBe('131002100202/G001/');
    expect(building).toBe('131002100202/G001/B00001/');
  });

  it('puts every descendant under its ancestors and nothing under a sibling', () => {
    for (const ancestor of ['1310', '131002', '131002100', village, grid]) {
      expect(pathWithin(building, ancestor)).toBe(true);
    }
    // Siblings at each level share digits but never a full prefix.
    expect(pathWithin('131003', '131002')).toBe(false);
    expect(pathWithin('131002101', '131002100')).toBe(false);
    expect(pathWithin('131002100203', village)).toBe(false);
    expect(pathWithin('131002100202/G0010/', grid)).toBe(false);
    expect(pathWithin(grid, building)).toBe(false);
  });

  it('lists ancestors root first', () => {
    expect(ancestorPaths(building)).toEqual(['1310', '131002', '131002100', village, grid]);
    expect(ancestorPaths(grid)).toEqual(['1310', '131002', '131002100', village]);
    expect(ancestorPaths(village)).toEqual(['1310', '131002', '131002100']);
    expect(ancestorPaths('1310')).toEqual([]);
    expect(ancestorPaths('not a path')).toEqual([]);
  });
});

describe('division kinds from official names', () => {
  it.each([
    ['county', '安次区', 'district'],
    ['county', '固安县', 'county'],
    ['county', '大厂回族自治县', 'county'],
    ['county', '霸州市', 'county_city'],
    ['county', '廊坊经济技术开发区', 'zone'],
    ['town', '银河南路街道', 'street'],
    ['town', '落垡镇', 'town'],
    ['town', '东杨庄乡', 'township'],
    ['town', '河北廊坊高新技术产业开发区', 'zone'],
    ['village', '张营村村民委员会', 'village'],
    ['village', '辛立村村委会', 'village'],
    ['village', '吉祥社区居民委员会', 'community'],
    ['village', '某某居委会', 'community'],
    ['village', '河北香河家具城社区', 'community'],
    ['village', '河北廊坊广阳经济开发区虚拟社区', 'other'],
    ['village', '国营李庄农场生活区', 'other'],
    ['village', '东关一街街道委员会', 'other'],
  ] as const)('%s %s → %s', (level, name, kind) => {
    expect(divisionKind(level, name)).toBe(kind);
  });

  it('shortens village names for display and leaves others alone', () => {
    expect(displayName('village', '张营村村民委员会')).toBe('张营村');
    expect(displayName('village', '北小营村民委员会')).toBe('北小营村');
    expect(displayName('village', '落垡村一街村民委员会')).toBe('落垡村一街');
    expect(displayName('village', '吉祥社区居民委员会')).toBe('吉祥社区');
    expect(displayName('village', '德荣居民委员会')).toBe('德荣社区');
    expect(displayName('village', '国营李庄农场生活区')).toBe('国营李庄农场生活区');
    expect(displayName('town', '落垡镇')).toBe('落垡镇');
  });
});
