import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EDITION_ID,
  EDITIONS,
  POOL_GROUP_LABELS,
  POOL_GROUPS,
  editionById,
  validateTestingRules,
  type TestingRules,
} from './protocol.js';

/** A mutable copy of the default rules to break one field at a time. */
function rules(): TestingRules {
  return structuredClone(editionById(DEFAULT_EDITION_ID).testing);
}

describe('editions', () => {
  it('ships the Hebei March 2022 rules as the default and the 9th edition', () => {
    expect(EDITIONS.map((e) => e.id)).toEqual(['hebei-2022-03', 'national-9th-2022-06']);
    expect(DEFAULT_EDITION_ID).toBe('hebei-2022-03');
    expect(editionById(DEFAULT_EDITION_ID).name.en).toContain('Hebei');
  });

  it.each(EDITIONS.map((e) => [e.id, e] as const))('%s is valid, dated and named', (_id, edition) => {
    expect(validateTestingRules(edition.testing)).toEqual({ ok: true, value: edition.testing });
    expect(edition.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(edition.name.zh).not.toBe('');
    expect(edition.name.en).not.toBe('');
  });

  it('has unique ids', () => {
    expect(new Set(EDITIONS.map((e) => e.id)).size).toBe(EDITIONS.length);
  });

  it.each(EDITIONS.map((e) => [e.id, e] as const))('%s pools as DOMAIN.md says', (_id, edition) => {
    const t = edition.testing;
    expect(t.pooling).toEqual({
      isolation: { size: 1, perHousehold: false },
      close_contact: { size: 1, perHousehold: false },
      sealed: { size: 10, perHousehold: true },
      controlled: { size: 10, perHousehold: false },
      prevention: { size: 20, perHousehold: false },
    });
    expect(t.allowedPoolSizes).toEqual([1, 5, 10, 20]);
    expect(t.staffing).toEqual({
      peoplePerSite: [2000, 3000],
      peoplePerSampler: 360,
      peoplePerTable: [600, 800],
    });
    expect(t.turnaroundHours).toEqual([6, 12, 24]);
    expect(t.roundHours).toBe(24);
  });

  it('throws a clear error for an unknown edition', () => {
    expect(() => editionById('hebei-2020-01')).toThrow(
      /unknown protocol edition "hebei-2020-01".*hebei-2022-03/,
    );
  });

  it('cannot be changed in place; a copy can', () => {
    const shipped = editionById(DEFAULT_EDITION_ID);
    expect(() => {
      shipped.testing.pooling.controlled.size = 20;
    }).toThrow(TypeError);
    expect(() => {
      shipped.testing.allowedPoolSizes.push(15);
    }).toThrow(TypeError);
    const copy = rules();
    copy.pooling.controlled.size = 20;
    expect(editionById(DEFAULT_EDITION_ID).testing.pooling.controlled.size).toBe(10);
  });

  it('labels every pool group in both languages', () => {
    expect(Object.keys(POOL_GROUP_LABELS).sort()).toEqual([...POOL_GROUPS].sort());
    expect(POOL_GROUPS.map((g) => POOL_GROUP_LABELS[g].zh)).toEqual([
      '隔离点',
      '密切接触者',
      '封控区',
      '管控区',
      '防范区',
    ]);
  });
});

describe('validateTestingRules', () => {
  it('accepts an override that uses another validated size and returns a clean copy', () => {
    const r = rules();
    r.pooling.prevention = { size: 10, perHousehold: false };
    const v = validateTestingRules(r);
    expect(v).toEqual({ ok: true, value: r });
    if (v.ok) {
      expect(v.value).not.toBe(r);
      expect(v.value.pooling).not.toBe(r.pooling);
    }
  });

  it.each<[string, (r: Record<string, unknown> & TestingRules) => void, string, RegExp]>([
    [
      'a pool size that is not validated',
      (r) => (r.pooling.controlled.size = 15),
      'pooling.controlled.size',
      /15 is not an allowed pool size \(1, 5, 10, 20\)/,
    ],
    ['a size of 0', (r) => (r.pooling.sealed.size = 0), 'pooling.sealed.size', /whole number/],
    [
      'a fractional size',
      (r) => (r.pooling.prevention.size = 7.5),
      'pooling.prevention.size',
      /whole number/,
    ],
    [
      'a size given as text',
      (r) => Object.assign(r.pooling.isolation, { size: '1' }),
      'pooling.isolation.size',
      /whole number/,
    ],
    [
      'perHousehold not a boolean',
      (r) => Object.assign(r.pooling.sealed, { perHousehold: 'yes' }),
      'pooling.sealed.perHousehold',
      /true or false/,
    ],
    [
      'a missing group',
      (r) => delete (r.pooling as Partial<TestingRules['pooling']>).close_contact,
      'pooling.close_contact',
      /missing/,
    ],
    [
      'a misspelt group',
      (r) => Object.assign(r.pooling, { controled: { size: 10, perHousehold: false } }),
      'pooling.controled',
      /unknown field/,
    ],
    [
      'an unknown key inside a pool rule',
      (r) => Object.assign(r.pooling.controlled, { sizes: 5 }),
      'pooling.controlled.sizes',
      /unknown field/,
    ],
    ['pooling not an object', (r) => Object.assign(r, { pooling: [] }), 'pooling', /object/],
    ['no allowed sizes', (r) => (r.allowedPoolSizes = []), 'allowedPoolSizes', /non-empty/],
    [
      'an allowed size of 0',
      (r) => (r.allowedPoolSizes = [0, 1, 5, 10, 20]),
      'allowedPoolSizes[0]',
      /at least 1/,
    ],
    [
      'a duplicated allowed size',
      (r) => (r.allowedPoolSizes = [1, 5, 5, 10, 20]),
      'allowedPoolSizes[2]',
      /twice/,
    ],
    [
      'a zero site size',
      (r) => (r.staffing.peoplePerSite = [0, 3000]),
      'staffing.peoplePerSite[0]',
      /positive/,
    ],
    [
      'a negative sampler load',
      (r) => (r.staffing.peoplePerSampler = -360),
      'staffing.peoplePerSampler',
      /positive/,
    ],
    [
      'a sampler load that is not a number',
      (r) => (r.staffing.peoplePerSampler = NaN),
      'staffing.peoplePerSampler',
      /positive/,
    ],
    [
      'a table range the wrong way round',
      (r) => (r.staffing.peoplePerTable = [800, 600]),
      'staffing.peoplePerTable',
      /min must not be greater than max/,
    ],
    [
      'a site range of one number',
      (r) => Object.assign(r.staffing, { peoplePerSite: [2000] }),
      'staffing.peoplePerSite',
      /pair/,
    ],
    ['no staffing', (r) => Object.assign(r, { staffing: null }), 'staffing', /object/],
    ['no turnaround hours', (r) => (r.turnaroundHours = []), 'turnaroundHours', /non-empty/],
    ['a zero turnaround', (r) => (r.turnaroundHours = [0, 12]), 'turnaroundHours[0]', /positive/],
    ['turnaround out of order', (r) => (r.turnaroundHours = [6, 24, 12]), 'turnaroundHours[2]', /ascending/],
    ['a zero round', (r) => (r.roundHours = 0), 'roundHours', /positive/],
    ['a missing round', (r) => delete (r as Partial<TestingRules>).roundHours, 'roundHours', /positive/],
    ['an unknown top-level field', (r) => (r.stopRounds = 3), 'stopRounds', /unknown field/],
  ])('rejects %s', (_what, breakIt, field, message) => {
    const r = rules() as Record<string, unknown> & TestingRules;
    breakIt(r);
    const v = validateTestingRules(r);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.problems).toContainEqual({ field, message: expect.stringMatching(message) as unknown });
    }
  });

  it('reports every problem at once', () => {
    const r = rules();
    r.pooling.controlled.size = 15;
    r.pooling.prevention.size = 30;
    r.roundHours = -1;
    const v = validateTestingRules(r);
    expect(v.ok ? [] : v.problems.map((p) => p.field)).toEqual([
      'pooling.controlled.size',
      'pooling.prevention.size',
      'roundHours',
    ]);
  });

  it('checks sizes against the override’s own allowed list', () => {
    const r = rules();
    r.allowedPoolSizes = [1, 10];
    expect(validateTestingRules(r)).toMatchObject({
      ok: false,
      problems: [{ field: 'pooling.prevention.size' }],
    });
  });

  it.each([null, undefined, 42, 'rules', []])('rejects %j as a whole', (input) => {
    expect(validateTestingRules(input)).toEqual({
      ok: false,
      problems: [{ field: '', message: 'testing rules must be an object' }],
    });
  });

  it('lists each missing part of an empty object', () => {
    const v = validateTestingRules({});
    expect(v.ok ? [] : v.problems.map((p) => p.field)).toEqual([
      'allowedPoolSizes',
      'pooling',
      'staffing',
      'turnaroundHours',
      'roundHours',
    ]);
  });
});
