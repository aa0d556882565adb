import { describe, expect, it } from 'vitest';
import { DEFAULT_EDITION_ID, POOL_GROUPS, editionById, type PoolGroup } from './protocol.js';
import {
  TUBE_RESULTS,
  TUBE_RESULT_LABELS,
  checkResultConsistency,
  dorfmanOptimum,
  dorfmanTestsPerPerson,
  parseCt,
  parseSamplingCode,
  parseTubeBarcode,
  parseTubeResult,
  poolAdvice,
  poolFor,
  prevalenceEstimate,
  samplingCodeOf,
  staffingFor,
  strictestGroup,
  turnaroundShares,
} from './testing.js';

const RULES = editionById(DEFAULT_EDITION_ID).testing;

describe('pooling by group', () => {
  it.each<[PoolGroup, number, boolean]>([
    ['isolation', 1, false],
    ['close_contact', 1, false],
    ['sealed', 10, true],
    ['controlled', 10, false],
    ['prevention', 20, false],
  ])('%s → %i per tube, per household %s', (group, size, perHousehold) => {
    expect(poolFor(group, RULES)).toEqual({ size, perHousehold });
  });

  it('returns a copy the caller may change', () => {
    const pool = poolFor('controlled', RULES);
    pool.size = 5;
    expect(poolFor('controlled', RULES).size).toBe(10);
  });

  it.each<[PoolGroup[], PoolGroup]>([
    [['controlled', 'close_contact'], 'close_contact'],
    [['prevention', 'controlled'], 'controlled'],
    [['prevention', 'sealed', 'controlled'], 'sealed'],
    [['close_contact', 'isolation'], 'isolation'],
    [['sealed', 'close_contact'], 'close_contact'],
    [['prevention'], 'prevention'],
    [['prevention', 'prevention'], 'prevention'],
    [[...POOL_GROUPS].reverse(), 'isolation'],
  ])('strictest of %j is %s', (groups, expected) => {
    expect(strictestGroup(groups)).toBe(expected);
  });

  it('a close contact in a controlled zone goes single-tube', () => {
    expect(poolFor(strictestGroup(['controlled', 'close_contact']), RULES).size).toBe(1);
  });

  it('refuses to guess for no group', () => {
    expect(() => strictestGroup([])).toThrow(RangeError);
  });
});

describe('Dorfman pooling', () => {
  it.each([
    [10, 0.01, 0.196],
    [5, 0.01, 0.249],
    [20, 0.01, 0.232],
    [11, 0.01, 0.196],
    [10, 0.001, 0.11],
    [20, 0.001, 0.07],
    [10, 0, 0.1],
    [2, 1, 1.5],
  ])('E(%i, %f) ≈ %f', (k, p, expected) => {
    expect(dorfmanTestsPerPerson(k, p)).toBeCloseTo(expected, 3);
  });

  it('is exactly one test each for a pool of 1, whatever the prevalence', () => {
    for (const p of [0, 0.01, 0.5, 1]) expect(dorfmanTestsPerPerson(1, p)).toBe(1);
  });

  it.each([
    [0.01, 11],
    [0.001, 32],
    [0.0001, 50], // ≈ 1/√p = 100, capped by maxK
    [0.05, 5],
    [0.1, 4],
    [0.3, 3], // just below 1 − 3^(−1/3)
    [0.31, 1], // just above: pooling no longer helps
    [0.5, 1],
    [1, 1],
  ])('optimum at p = %f is k = %i', (p, k) => {
    expect(dorfmanOptimum(p).k).toBe(k);
  });

  it('finds 11 at 1% with ≈ 0.196 tests per person', () => {
    const best = dorfmanOptimum(0.01);
    expect(best.k).toBe(11);
    expect(best.testsPerPerson).toBeCloseTo(0.1956, 4);
    expect(best.testsPerPerson).toBeLessThan(dorfmanTestsPerPerson(10, 0.01));
    expect(best.testsPerPerson).toBeLessThan(dorfmanTestsPerPerson(12, 0.01));
  });

  it('is the minimum over every k up to maxK', () => {
    for (const p of [0.002, 0.02, 0.2]) {
      const best = dorfmanOptimum(p, 30);
      for (let k = 1; k <= 30; k++) {
        expect(best.testsPerPerson).toBeLessThanOrEqual(dorfmanTestsPerPerson(k, p) + 1e-12);
      }
    }
  });

  it('respects maxK and reports k = 1 as one test each', () => {
    expect(dorfmanOptimum(0.001, 10)).toEqual({ k: 10, testsPerPerson: dorfmanTestsPerPerson(10, 0.001) });
    expect(dorfmanOptimum(0.01, 1)).toEqual({ k: 1, testsPerPerson: 1 });
    expect(dorfmanOptimum(0.5)).toEqual({ k: 1, testsPerPerson: 1 });
  });

  it.each([-0.01, 1.01, NaN, Infinity])('rejects prevalence %f', (p) => {
    expect(() => dorfmanTestsPerPerson(10, p)).toThrow(RangeError);
    expect(() => dorfmanOptimum(p)).toThrow(RangeError);
  });

  it.each([0, -5, 2.5, NaN])('rejects pool size %f', (k) => {
    expect(() => dorfmanTestsPerPerson(k, 0.01)).toThrow(RangeError);
    expect(() => dorfmanOptimum(0.01, k)).toThrow(RangeError);
  });
});

describe('prevalenceEstimate', () => {
  it.each([
    [5, 1000, 0.005, 'observed'],
    [1, 1, 1, 'observed'],
    [0, 1000, 0.003, 'upper-bound'],
    [0, 300, 0.01, 'upper-bound'],
    [0, 3, 1, 'upper-bound'],
    [0, 1, 1, 'upper-bound'], // 3/1 capped at 1
    [0, 0, 0.01, 'upper-bound'], // nothing tested yet: the 1% planning assumption
  ])('%i positive of %i → p = %f (%s)', (positives, tested, p, basis) => {
    expect(prevalenceEstimate(positives, tested)).toEqual({ p, basis });
  });

  it.each([
    [-1, 10],
    [11, 10],
    [1.5, 10],
    [0, -1],
    [0, 2.5],
    [NaN, 10],
  ])('rejects %f positive of %f', (positives, tested) => {
    expect(() => prevalenceEstimate(positives, tested)).toThrow(RangeError);
  });
});

describe('poolAdvice', () => {
  it('costs the validated sizes and the optimum at the observed prevalence', () => {
    const advice = poolAdvice({ people: 100_000, positives: 10, tested: 1000 });
    expect(advice.prevalence).toEqual({ p: 0.01, basis: 'observed' });
    expect(advice.options.map((o) => [o.k, o.tubes, o.expectedTests])).toEqual([
      [5, 20_000, 24_901],
      [10, 10_000, 19_562],
      [20, 5_000, 23_209],
    ]);
    expect(advice.optimum).toMatchObject({ k: 11, tubes: 9091, expectedTests: 19_557 });
    for (const o of [...advice.options, advice.optimum]) {
      expect(o.reagentTests).toBe(o.expectedTests);
      expect(o.testsPerPerson).toBe(dorfmanTestsPerPerson(o.k, 0.01));
    }
  });

  it('uses the upper bound when nothing was positive', () => {
    const advice = poolAdvice({ people: 2000, positives: 0, tested: 30_000, sizes: [10, 20] });
    expect(advice.prevalence).toEqual({ p: 0.0001, basis: 'upper-bound' });
    expect(advice.options.map((o) => o.k)).toEqual([10, 20]);
    expect(advice.options[0]).toEqual({
      k: 10,
      testsPerPerson: dorfmanTestsPerPerson(10, 0.0001),
      tubes: 200,
      expectedTests: 202,
      reagentTests: 202,
    });
    expect(advice.optimum.k).toBe(50);
  });

  it('rounds tubes up for a part-filled last tube', () => {
    const advice = poolAdvice({ people: 21, positives: 0, tested: 0, sizes: [1, 10, 20] });
    expect(advice.options.map((o) => o.tubes)).toEqual([21, 3, 2]);
    expect(advice.options[0]!.expectedTests).toBe(21);
  });

  it('advises single tubes at high prevalence', () => {
    const advice = poolAdvice({ people: 500, positives: 200, tested: 500 });
    expect(advice.optimum).toMatchObject({ k: 1, tubes: 500, expectedTests: 500 });
    for (const o of advice.options) expect(o.expectedTests).toBeGreaterThan(500);
  });

  it('is all zeros for nobody', () => {
    const advice = poolAdvice({ people: 0, positives: 0, tested: 0 });
    for (const o of advice.options) expect([o.tubes, o.expectedTests]).toEqual([0, 0]);
  });

  it.each([-1, 1.5, NaN])('rejects %f people', (people) => {
    expect(() => poolAdvice({ people, positives: 0, tested: 0 })).toThrow(RangeError);
  });

  it('rejects a size that is not a pool size', () => {
    expect(() => poolAdvice({ people: 10, positives: 0, tested: 0, sizes: [0] })).toThrow(RangeError);
  });
});

describe('staffingFor', () => {
  it.each([
    [0, [0, 0], 0, [0, 0]],
    [1, [1, 1], 1, [1, 1]],
    [360, [1, 1], 1, [1, 1]],
    [361, [1, 1], 2, [1, 1]],
    [2000, [1, 1], 6, [3, 4]],
    [3001, [2, 2], 9, [4, 6]],
    [100_000, [34, 50], 278, [125, 167]],
    [10_000_000, [3334, 5000], 27_778, [12_500, 16_667]],
  ])('%i people → sites %j, %i samplers, tables %j', (people, [siteMin, siteMax], samplers, [tMin, tMax]) => {
    expect(staffingFor(people, RULES.staffing)).toEqual({
      sites: { min: siteMin, max: siteMax },
      samplers,
      tables: { min: tMin, max: tMax },
    });
  });

  it('follows the edition’s figures', () => {
    const staffing = {
      peoplePerSite: [1000, 1500] as [number, number],
      peoplePerSampler: 200,
      peoplePerTable: [500, 500] as [number, number],
    };
    expect(staffingFor(3000, staffing)).toEqual({
      sites: { min: 2, max: 3 },
      samplers: 15,
      tables: { min: 6, max: 6 },
    });
  });

  it.each([-1, 0.5, NaN])('rejects %f people', (people) => {
    expect(() => staffingFor(people, RULES.staffing)).toThrow(RangeError);
  });
});

describe('turnaroundShares', () => {
  it('counts not-yet-resulted samples in the denominator only', () => {
    expect(turnaroundShares([2, 6, 7, 12.5, 30, null, null, 24], RULES.turnaroundHours)).toEqual([
      { withinHours: 6, count: 2, share: 0.25 },
      { withinHours: 12, count: 3, share: 0.375 },
      { withinHours: 24, count: 5, share: 0.625 },
    ]);
  });

  it.each<[(number | null)[], number[], number[]]>([
    [[], [6, 12], [0, 0]],
    [[null, null], [24], [0]],
    [[6, 6], [6], [1]],
    [[6.01], [6, 12], [0, 1]],
    [[-0.5], [6], [1]], // result stamped before sampling: clocks out of step, still resulted
    [[1, 2, 3], [], []],
  ])('%j within %j → %j', (hours, thresholds, shares) => {
    expect(turnaroundShares(hours, thresholds).map((s) => s.share)).toEqual(shares);
  });

  it('keeps the thresholds in the order given', () => {
    expect(turnaroundShares([5], [24, 6]).map((s) => s.withinHours)).toEqual([24, 6]);
  });

  it.each([NaN, Infinity])('rejects %f hours', (h) => {
    expect(() => turnaroundShares([1, h], [6])).toThrow(RangeError);
  });
});

describe('sampling codes', () => {
  const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  const CODE = 'CD3F2B8C1E9A4D4E6F8B7A1C2D3E4F5A6BR';
  const CHECK_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

  it.each([
    [ID, CODE],
    [ID.toUpperCase(), CODE],
    ['00000000-0000-0000-0000-000000000000', 'CD000000000000000000000000000000000'],
    ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'CDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFY'],
  ])('%s → %s', (id, code) => {
    expect(samplingCodeOf(id)).toBe(code);
  });

  it('brings the Damm running value to 0 with the check character (x ∘ d = 2x + d in GF(32))', () => {
    const times2 = (v: number) => (v & 0x10 ? ((v << 1) ^ 0x25) & 0x1f : v << 1);
    let x = 0;
    for (const c of CODE.slice(2, -1)) x = times2(x) ^ parseInt(c, 16);
    x = times2(x) ^ CHECK_ALPHABET.indexOf(CODE.slice(-1));
    expect(x).toBe(0);
  });

  it('uses only characters of the QR alphanumeric mode, with no I, L, O or U as check', () => {
    for (let n = 0; n < 200; n++) {
      const code = samplingCodeOf(crypto.randomUUID());
      expect(code).toMatch(/^CD[0-9A-F]{32}[0-9A-HJKMNP-TV-Z]$/);
    }
  });

  it.each(['', 'not-a-uuid', '3f2b8c1e9a4d4e6f8b7a1c2d3e4f5a6b', '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6g'])(
    'refuses to make a code for %j',
    (id) => {
      expect(() => samplingCodeOf(id)).toThrow(RangeError);
    },
  );

  it.each([
    CODE,
    `  ${CODE}\n`,
    CODE.toLowerCase(),
    `https://cordon.example/s/${CODE}`,
    `https://cordon.example/s/${CODE}/`,
    `HTTPS://cordon.example/s/${CODE.toLowerCase()}`,
    `https://cordon.example/s?c=${CODE}`,
    'CD3F2B 8C1E 9A4D-4E6F 8B7A 1C2D 3E4F 5A6B R', // typed by hand in groups
    'ＣＤ３Ｆ２Ｂ８Ｃ１Ｅ９Ａ４Ｄ４Ｅ６Ｆ８Ｂ７Ａ１Ｃ２Ｄ３Ｅ４Ｆ５Ａ６ＢＲ', // full-width input method
    'CD3F2B8CIE9A4D4E6F8B7AlC2D3E4F5A6BR', // I and l typed for 1
  ])('reads %j', (text) => {
    expect(parseSamplingCode(text)).toEqual({ ok: true, personId: ID });
  });

  it('reads O typed for 0', () => {
    expect(parseSamplingCode('CDOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO')).toEqual({
      ok: true,
      personId: '00000000-0000-0000-0000-000000000000',
    });
  });

  it('round-trips random ids', () => {
    for (let i = 0; i < 200; i++) {
      const id = crypto.randomUUID();
      expect(parseSamplingCode(samplingCodeOf(id))).toEqual({ ok: true, personId: id });
    }
  });

  it.each([
    ['', 'format'],
    ['CD', 'format'],
    [CODE.slice(0, -1), 'format'],
    [`${CODE}Q`, 'format'],
    [`XX${CODE.slice(2)}`, 'format'],
    [`CD${'G'.repeat(32)}R`, 'format'],
    [`x${CODE}`, 'format'],
    [`https://cordon.example/s/${CODE}/extra`, 'format'],
    [`https://cordon.example/s/x${CODE}`, 'format'],
    [`see ${CODE}`, 'format'],
    [`${CODE.slice(0, -1)}S`, 'check'],
    [`${CODE.slice(0, -1)}U`, 'check'],
    [`${CODE.slice(0, 2)}4${CODE.slice(3)}`, 'check'],
  ])('rejects %j (%s)', (text, problem) => {
    expect(parseSamplingCode(text)).toEqual({ ok: false, problem });
  });

  it('catches every single wrong character', () => {
    for (let i = 2; i < CODE.length; i++) {
      const alphabet = i < CODE.length - 1 ? '0123456789ABCDEF' : CHECK_ALPHABET;
      for (const c of alphabet) {
        if (c === CODE[i]) continue;
        const wrong = CODE.slice(0, i) + c + CODE.slice(i + 1);
        expect(parseSamplingCode(wrong), wrong).toEqual({ ok: false, problem: 'check' });
      }
    }
  });

  it('catches every swap of two neighbouring characters', () => {
    for (let n = 0; n < 200; n++) {
      const code = samplingCodeOf(crypto.randomUUID());
      for (let i = 2; i < code.length - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1]! + code[i]! + code.slice(i + 2);
        expect(parseSamplingCode(swapped).ok, swapped).toBe(false);
      }
    }
  });
});

describe('parseTubeBarcode', () => {
  it.each([
    ['LF2022031500001', 'LF2022031500001'],
    ['  lf-0315-0001 \t', 'LF-0315-0001'],
    ['ABC123', 'ABC123'],
    ['A'.repeat(32), 'A'.repeat(32)],
    ['ＬＦ２０２２０３１５', 'LF20220315'], // a scanner typing through a Chinese input method
  ])('reads %j as %s', (text, value) => {
    expect(parseTubeBarcode(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ABC12', 'format'],
    ['A'.repeat(33), 'format'],
    ['LF 2022 0315', 'format'],
    ['LF_20220315', 'format'],
    ['采样管20220315', 'format'],
  ])('rejects %j (%s)', (text, problem) => {
    expect(parseTubeBarcode(text)).toEqual({ ok: false, problem });
  });
});

describe('tube results', () => {
  it.each([
    ['阴性', 'negative'],
    [' 阴性 ', 'negative'],
    ['negative', 'negative'],
    ['Negative', 'negative'],
    ['NEG', 'negative'],
    ['-', 'negative'],
    ['－', 'negative'],
    ['\u2212', 'negative'],
    ['阳性', 'positive'],
    ['Positive', 'positive'],
    ['pos', 'positive'],
    ['+', 'positive'],
    ['＋', 'positive'],
    ['无效', 'invalid'],
    ['Invalid', 'invalid'],
    ['inconclusive', 'invalid'],
    ['可疑', 'invalid'],
  ])('reads %j as %s', (text, value) => {
    expect(parseTubeResult(text)).toEqual({ ok: true, value });
  });

  it.each(['', '阴', 'negativ', 'ok', '1', '0', 'toString', '__proto__', '+-'])('rejects %j', (text) => {
    expect(parseTubeResult(text)).toEqual({ ok: false });
  });

  it('labels every result in both languages', () => {
    expect(TUBE_RESULTS.map((r) => TUBE_RESULT_LABELS[r].zh)).toEqual(['阴性', '阳性', '无效']);
    for (const r of TUBE_RESULTS) expect(TUBE_RESULT_LABELS[r].en).not.toBe('');
  });
});

describe('parseCt', () => {
  it.each<[string | number | null | undefined, number | null]>([
    [null, null],
    [undefined, null],
    ['', null],
    ['  ', null],
    ['-', null],
    ['N/A', null],
    ['n/a', null],
    ['未检出', null],
    ['NoCt', null],
    ['No Ct', null],
    ['Undetermined', null],
    ['28', 28],
    [' 28.5 ', 28.5],
    ['28.53', 28.53],
    ['0.01', 0.01],
    ['50', 50],
    ['50.00', 50],
    [35.12, 35.12],
    [28.1, 28.1],
    [0.1 + 0.2, 0.3], // a spreadsheet's float noise
    [40, 40],
  ])('%j → %j', (input, value) => {
    expect(parseCt(input)).toEqual({ ok: true, value });
  });

  it.each<[string | number, RegExp]>([
    ['0', /out of range/],
    [0, /out of range/],
    ['50.01', /out of range/],
    [51, /out of range/],
    ['-3', /out of range/],
    [-3, /out of range/],
    ['28.456', /more than 2 decimals/],
    [28.456, /more than 2 decimals/],
    ['abc', /"abc" is not a number/],
    ['28,5', /not a number/],
    ['28.', /not a number/],
    ['1e1', /not a number/],
    ['阳性', /not a number/],
    [NaN, /not a number/],
    [Infinity, /not a number/],
  ])('rejects %j', (input, message) => {
    const r = parseCt(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('checkResultConsistency', () => {
  it.each<[Parameters<typeof checkResultConsistency>, string | null]>([
    [['positive', null, null], 'positive without Ct values'],
    [['positive', 28.5, null], null],
    [['positive', null, 31], null],
    [['positive', 28.5, 30.1], null],
    [['negative', null, null], null],
    [['negative', 38.2, null], null],
    [['invalid', null, null], null],
  ])('%j → %j', (args, expected) => {
    expect(checkResultConsistency(...args)).toBe(expected);
  });
});
