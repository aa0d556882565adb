import { describe, expect, it } from 'vitest';
import { editionById } from './protocol.js';
import { type ZoneFacts, zoneLifting } from './zones.js';

const hebei = editionById('hebei-2022-03').zones;
const ninth = editionById('national-9th-2022-06').zones;

const zone = (more: Partial<ZoneFacts>): ZoneFacts => ({
  kind: 'sealed',
  since: '2022-03-10',
  lastInfectionOn: null,
  closeContacts: null,
  rounds: [],
  steppedFromHighOn: null,
  strongerZonesOpen: 0,
  ...more,
});

describe('zone lifting, Hebei 2022', () => {
  // Last infection on the 12th: days 13 … 26 quiet, liftable from the 27th; the last close contact
  // exposed on the 12th too: more than 14 days past from the 27th.
  const sealed = zone({
    lastInfectionOn: '2022-03-12',
    closeContacts: { lastExposureOn: '2022-03-12', allNegative: true },
    rounds: [{ on: '2022-03-25', allNegative: true }],
  });

  it('names the date and the unmet conditions before it', () => {
    const state = zoneLifting(hebei, sealed, '2022-03-20');
    expect(state).toMatchObject({ canLiftOn: '2022-03-27', liftableToday: false, to: null });
    expect(state.conditions).toEqual([
      { code: 'no_infection', days: 14, met: false, from: '2022-03-12', on: '2022-03-27' },
      { code: 'contacts_done', days: 14, met: false, on: '2022-03-27', allNegative: true },
      { code: 'negative_round', met: false, within: { from: '2022-03-18', to: '2022-03-20' }, on: null },
    ]);
  });

  it('is liftable on day 15 with a negative round in the 2 days before, not with an older one', () => {
    expect(zoneLifting(hebei, sealed, '2022-03-26').liftableToday).toBe(false); // day 14
    expect(zoneLifting(hebei, sealed, '2022-03-27')).toMatchObject({
      liftableToday: true,
      canLiftOn: '2022-03-27',
    });
    // The round of the 25th is three days old on the 28th: another round is needed.
    const late = zoneLifting(hebei, sealed, '2022-03-28');
    expect(late).toMatchObject({ liftableToday: false, canLiftOn: '2022-03-28' });
    expect(late.conditions.find((c) => c.code === 'negative_round')!.met).toBe(false);
    // A positive round does not count.
    const positive = zone({ ...sealed, rounds: [{ on: '2022-03-27', allNegative: false }] });
    expect(zoneLifting(hebei, positive, '2022-03-27').liftableToday).toBe(false);
  });

  it('waits on the last close contact (later exposure, or a result not yet negative)', () => {
    const later = zone({ ...sealed, closeContacts: { lastExposureOn: '2022-03-15', allNegative: true } });
    expect(zoneLifting(hebei, later, '2022-03-20').canLiftOn).toBe('2022-03-30');
    const pending = zone({ ...sealed, closeContacts: { lastExposureOn: '2022-03-12', allNegative: false } });
    const state = zoneLifting(hebei, pending, '2022-03-27');
    expect(state).toMatchObject({ liftableToday: false, canLiftOn: null });
  });

  it('lifts a controlled zone by the same rule, a prevention zone with its county', () => {
    expect(zoneLifting(hebei, zone({ ...sealed, kind: 'controlled' }), '2022-03-27').liftableToday).toBe(
      true,
    );
    expect(zoneLifting(hebei, zone({ kind: 'prevention', strongerZonesOpen: 2 }), '2022-03-27')).toEqual({
      canLiftOn: null,
      liftableToday: false,
      to: null,
      conditions: [{ code: 'stronger_zones_lifted', met: false, open: 2 }],
    });
    expect(zoneLifting(hebei, zone({ kind: 'prevention' }), '2022-03-27').liftableToday).toBe(true);
  });
});

describe('risk areas, 9th edition', () => {
  it('steps a high area down to medium after 7 quiet days and a negative round on day 7', () => {
    // Day 0 is the 1st (the start, no infection since): days 1 … 7 are the 2nd … 8th.
    const high = zone({
      kind: 'high',
      since: '2022-07-01',
      rounds: [{ on: '2022-07-08', allNegative: true }],
    });
    expect(zoneLifting(ninth, high, '2022-07-08')).toMatchObject({
      liftableToday: false,
      canLiftOn: '2022-07-09',
    });
    expect(zoneLifting(ninth, high, '2022-07-09')).toMatchObject({ liftableToday: true, to: 'medium' });
    // A round on day 6 is too early.
    const early = zone({ ...high, rounds: [{ on: '2022-07-07', allNegative: true }] });
    expect(zoneLifting(ninth, early, '2022-07-09').liftableToday).toBe(false);
  });

  it('then down to low after 3 more quiet days, or a medium area after 7 days and a round', () => {
    // Stepped down on the 9th (the earliest, above): the 9th, 10th and 11th are its 3 days; low on the
    // 12th — 10 quiet days after the 1st.
    const stepped = zone({ kind: 'medium', since: '2022-07-01', steppedFromHighOn: '2022-07-09' });
    expect(zoneLifting(ninth, stepped, '2022-07-11')).toMatchObject({
      liftableToday: false,
      canLiftOn: '2022-07-12',
    });
    expect(zoneLifting(ninth, stepped, '2022-07-12')).toMatchObject({ liftableToday: true, to: 'low' });
    const medium = zone({ kind: 'medium', since: '2022-07-01', lastInfectionOn: '2022-07-02' });
    expect(zoneLifting(ninth, medium, '2022-07-10')).toMatchObject({
      liftableToday: false,
      canLiftOn: '2022-07-10',
    });
    const tested = zone({ ...medium, rounds: [{ on: '2022-07-09', allNegative: true }] });
    expect(zoneLifting(ninth, tested, '2022-07-10')).toMatchObject({ liftableToday: true, to: 'low' });
    expect(zoneLifting(ninth, zone({ kind: 'low' }), '2022-07-10').conditions).toEqual([]);
  });
});
