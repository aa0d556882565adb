import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkCharacter,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  normaliseIdInput,
  parseIdNumber,
  parsePhone,
} from './idcard.js';

const TODAY = new Date('2022-03-20T00:00:00Z');

describe('parseIdNumber', () => {
  it.each([
    // The standard's own example and a commonly published one.
    ['11010519491231002X', '1949-12-31', 'F'],
    ['440524188001010014', '1880-01-01', 'M'],
    [makeIdNumber('131002', '1985-06-15', 123), '1985-06-15', 'M'],
    [makeIdNumber('131002', '2000-02-29', 124), '2000-02-29', 'F'],
  ])('accepts %s', (id, birthDate, sex) => {
    const r = parseIdNumber(id, TODAY);
    expect(r).toMatchObject({ ok: true, value: id, birthDate, sex, converted: false });
  });

  it('takes a lower-case x, spaces, hyphens and full-width digits', () => {
    expect(parseIdNumber(' 110105 19491231 002x ', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
    expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY)).toMatchObject({ ok: true });
    expect(normaliseIdInput('1101-0519 4912\u300031002x')).toBe('11010519491231002X');
  });

  it('rejects a wrong check character and says which one was due', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({
      ok: false,
      problem: 'bad_check_digit',
      expected: 'X',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['1101051949123100', 'bad_format'],
    ['11010519491231002XX', 'bad_format'],
    ['1101051949123100A2', 'bad_format'],
    ['99010519491231002X', 'bad_region'],
  ])('rejects %j as %s', (id, problem) => {
    expect(parseIdNumber(id, TODAY)).toMatchObject({ ok: false, problem });
  });

  it.each([
    ['131002', '19990229'], // not a leap year
    ['131002', '20010431'], // April has 30 days
    ['131002', '19851301'], // month 13
    ['131002', '19850100'], // day 0
    ['131002', '18700101'], // before 1880
    ['131002', '20220321'], // after "today"
  ])('rejects the impossible birth date %s %s', (region, date) => {
    const first17 = `${region}${date}123`;
    expect(parseIdNumber(first17 + checkCharacter(first17), TODAY)).toMatchObject({
      ok: false,
      problem: 'bad_date',
    });
  });

  it('converts a legacy 15-digit number to its 18-character form', () => {
    const r = parseIdNumber('131002850615123', TODAY);
    expect(r).toEqual({
      ok: true,
      value: makeIdNumber('131002', '1985-06-15', 123),
      birthDate: '1985-06-15',
      sex: 'M',
      region: '131002',
      converted: true,
    });
    expect(parseIdNumber('131002851315123', TODAY)).toMatchObject({ ok: false, problem: 'bad_date' });
  });
});

describe('phones', () => {
  it.each([
    ['13812345678', '13812345678', true],
    ['138 1234 5678', '13812345678', true],
    ['+86 138-1234-5678', '13812345678', true],
    ['0316-5212345', '03165212345', false],
    ['010-12345678', '01012345678', false],
  ])('accepts %s', (input, value, mobile) => {
    expect(parsePhone(input)).toEqual({ ok: true, value, mobile });
  });

  it.each(['1381234567', '12812345678', '138123456789', 'abc', '', '5212345'])('rejects %j', (input) => {
    expect(parsePhone(input).ok).toBe(false);
  });
});

describe('masking', () => {
  it('shows region and last four of an ID number', () => {
    expect(maskIdNumber('131002198506151237')).toBe('131002********1237');
  });
  it('masks mobiles as 138****5678 and landlines keeping the area code', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('03165212345')).toBe('0316***2345');
    expect(maskPhone('01012345678')).toBe('010****5678');
  });
});

describe('ageOn', () => {
  it('counts whole years, birthdays included', () => {
    expect(ageOn('1962-03-20', '2022-03-20')).toBe(60);
    expect(ageOn('1962-03-21', '2022-03-20')).toBe(59);
  });
});
