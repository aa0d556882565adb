import { describe, expect, it } from 'vitest';
import {
  type Traveller,
  beijingEntryPolicy,
  cityBorderPolicy,
  communityGatePolicy,
  crossingDecision,
  shiftOf,
} from './checkpoint-policy.js';

const now = new Date('2022-03-20T08:00:00+08:00');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
const commuter = (more: Partial<Traveller> = {}): Traveller => ({
  crossing: 'into_beijing',
  colour: 'green',
  lastNegativeAt: hoursAgo(20),
  certificates: ['employer', 'residence'],
  ...more,
});

describe('checkpoint policy', () => {
  it('lets a commuter into Beijing with both certificates, a green code and a negative within 24 h', () => {
    expect(crossingDecision(beijingEntryPolicy(), commuter(), now)).toEqual({
      verdict: 'pass',
      problems: [],
    });
    expect(
      crossingDecision(beijingEntryPolicy(), commuter({ lastNegativeAt: hoursAgo(24) }), now).verdict,
    ).toBe('pass');
  });

  it('turns back with every reason: test too old, a certificate missing, a yellow code', () => {
    const decision = crossingDecision(
      beijingEntryPolicy(),
      commuter({ lastNegativeAt: hoursAgo(24.01), certificates: ['employer'], colour: 'yellow' }),
      now,
    );
    expect(decision.verdict).toBe('turn_back');
    expect(decision.problems.map((p) => p.code)).toEqual([
      'code_colour',
      'no_recent_negative',
      'certificate_missing',
    ]);
    expect(decision.problems[2]).toEqual({ code: 'certificate_missing', certificate: 'residence' });
    expect(crossingDecision(beijingEntryPolicy(), commuter({ lastNegativeAt: null }), now).problems).toEqual([
      { code: 'no_recent_negative', hours: 24, lastNegativeAt: null },
    ]);
  });

  it('lets anyone leave the city with a negative within 48 h; a medical emergency with a community certificate', () => {
    const leave = (h: number) =>
      crossingDecision(
        cityBorderPolicy(),
        commuter({ crossing: 'leave_city', lastNegativeAt: hoursAgo(h), certificates: [] }),
        now,
      ).verdict;
    expect(leave(48)).toBe('pass');
    expect(leave(49)).toBe('turn_back');
    const medical = (certificates: Traveller['certificates']) =>
      crossingDecision(
        beijingEntryPolicy(),
        { crossing: 'medical', colour: 'red', lastNegativeAt: null, certificates },
        now,
      );
    expect(medical(['community']).verdict).toBe('pass');
    expect(medical([]).problems).toEqual([{ code: 'certificate_missing', certificate: 'community' }]);
  });

  it('turns back a crossing the checkpoint does not allow (everything else: 劝返)', () => {
    expect(crossingDecision(cityBorderPolicy(), commuter(), now)).toEqual({
      verdict: 'turn_back',
      problems: [{ code: 'crossing_not_allowed', crossing: 'into_beijing' }],
    });
  });

  it('puts a moment into its CST day and shift, at the shift boundaries', () => {
    expect(shiftOf(new Date('2022-03-20T00:00:00+08:00'))).toEqual({ day: '2022-03-20', shift: 1 });
    expect(shiftOf(new Date('2022-03-20T07:59:59+08:00'))).toEqual({ day: '2022-03-20', shift: 1 });
    expect(shiftOf(new Date('2022-03-20T08:00:00+08:00'))).toEqual({ day: '2022-03-20', shift: 2 });
    expect(shiftOf(new Date('2022-03-20T16:00:00+08:00'))).toEqual({ day: '2022-03-20', shift: 3 });
    expect(shiftOf(new Date('2022-03-20T23:59:59+08:00'))).toEqual({ day: '2022-03-20', shift: 3 });
    // 23:30 UTC is already the next morning in Langfang.
    expect(shiftOf(new Date('2022-03-20T23:30:00Z'))).toEqual({ day: '2022-03-21', shift: 1 });
  });

  it('lets residents into a sealed community with a green code only; medical trips out with a certificate', () => {
    const gate = communityGatePolicy();
    const resident = { crossing: 'enter_community', lastNegativeAt: null, certificates: [] } as const;
    expect(crossingDecision(gate, { ...resident, colour: 'green' }, now).verdict).toBe('pass');
    expect(crossingDecision(gate, { ...resident, colour: 'yellow' }, now).problems).toEqual([
      { code: 'code_colour', colour: 'yellow' },
    ]);
    expect(
      crossingDecision(
        gate,
        { crossing: 'medical', colour: 'red', lastNegativeAt: null, certificates: ['community'] },
        now,
      ).verdict,
    ).toBe('pass');
    expect(
      crossingDecision(gate, { ...resident, crossing: 'leave_city', colour: 'green' }, now).problems,
    ).toEqual([{ code: 'crossing_not_allowed', crossing: 'leave_city' }]);
  });
});
