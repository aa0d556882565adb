import { describe, expect, it } from 'vitest';
import { type HealthCodeFacts, healthCode } from './healthcode.js';
import { editionById } from './protocol.js';
import { quarantinePlan } from './tracing.js';

const hebei = editionById('hebei-2022-03');
const ninth = editionById('national-9th-2022-06');
const rules = hebei.healthCode;

/** Noon, China time, on a CST day. */
const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00+08:00`);
const facts = (now: Date, more: Partial<HealthCodeFacts> = {}): HealthCodeFacts => ({
  now,
  case: null,
  contacts: [],
  companionOn: null,
  areas: [],
  arrival: null,
  tests: [],
  external: null,
  testWithinHours: null,
  ...more,
});
const exposure = at('2022-03-15', '20:00');

describe('health code', () => {
  it('is green with no reason and no date when nothing is known', () => {
    expect(healthCode(rules, facts(at('2022-03-20')))).toEqual({
      colour: 'green',
      reasons: [],
      changesOn: null,
    });
  });

  it('8th edition close contact: red through day 14, yellow through the 7 monitoring days, then green', () => {
    const plan = quarantinePlan(hebei.tracing.close, exposure); // 03-16 … 03-29, monitoring to 04-05
    const contact = { degree: 'close' as const, status: 'central_isolation' as const, plan };
    const on = (day: string, status: typeof contact.status | 'released' = contact.status) =>
      healthCode(rules, facts(at(day), { contacts: [{ ...contact, status }] }));
    expect(on('2022-03-16')).toMatchObject({ colour: 'red', changesOn: '2022-03-30' });
    expect(on('2022-03-29')).toMatchObject({
      colour: 'red',
      reasons: [{ code: 'close_contact', until: '2022-03-30' }],
    });
    expect(on('2022-03-30', 'released')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'close_contact_monitoring', until: '2022-04-06' }],
      changesOn: '2022-04-06',
    });
    expect(on('2022-04-05', 'released').colour).toBe('yellow');
    expect(on('2022-04-06', 'released').colour).toBe('green');
  });

  it('9th edition: close contact red 7 days and yellow 3; secondary contact red 7 days, no monitoring', () => {
    const close = quarantinePlan(ninth.tracing.close, exposure); // until 03-22, monitoring to 03-25
    const secondary = quarantinePlan(ninth.tracing.secondary, exposure); // until 03-22
    const person = (
      day: string,
      degree: 'close' | 'secondary',
      status: 'home_quarantine' | 'released',
      releasedOn: string | null = null,
    ) =>
      healthCode(
        ninth.healthCode,
        facts(at(day), {
          contacts: [{ degree, status, releasedOn, plan: degree === 'close' ? close : secondary }],
        }),
      );
    expect(person('2022-03-22', 'close', 'home_quarantine')).toMatchObject({
      colour: 'red',
      changesOn: '2022-03-23',
    });
    // Released on the last day, after the release test: yellow from that day to the end of monitoring.
    expect(person('2022-03-22', 'close', 'released', '2022-03-22')).toMatchObject({
      colour: 'yellow',
      changesOn: '2022-03-26',
    });
    expect(person('2022-03-23', 'close', 'released', '2022-03-22')).toMatchObject({
      colour: 'yellow',
      changesOn: '2022-03-26',
    });
    expect(person('2022-03-26', 'close', 'released', '2022-03-22').colour).toBe('green');
    expect(person('2022-03-22', 'secondary', 'home_quarantine')).toMatchObject({
      colour: 'red',
      reasons: [{ code: 'secondary_contact', until: '2022-03-23' }],
    });
    // Still kept at home after day 7 (their release waits on the close contact's tests): still red.
    expect(person('2022-03-24', 'secondary', 'home_quarantine')).toMatchObject({
      colour: 'red',
      changesOn: '2022-03-25',
    });
    expect(person('2022-03-23', 'secondary', 'released', '2022-03-23').colour).toBe('green');
    // Released early (a reason was given): the red ends with the release.
    expect(person('2022-03-20', 'secondary', 'released', '2022-03-20').colour).toBe('green');
  });

  it('keeps a case red while positive or in care, yellow 7 days after discharge', () => {
    expect(healthCode(rules, facts(at('2022-03-20'), { case: { state: 'positive_screen' } }))).toEqual({
      colour: 'red',
      reasons: [{ code: 'positive_screen', colour: 'red', until: null }],
      changesOn: null,
    });
    const discharged = (day: string) =>
      healthCode(rules, facts(at(day), { case: { state: 'discharged', dischargedOn: '2022-03-20' } }));
    expect(discharged('2022-03-26')).toMatchObject({ colour: 'yellow', changesOn: '2022-03-27' });
    expect(discharged('2022-03-27').colour).toBe('green');
  });

  it("clears a companion's yellow with two negatives since the mark, at least 24 h apart, within 3 days", () => {
    const companion = (tests: HealthCodeFacts['tests'], day = '2022-03-21') =>
      healthCode(rules, facts(at(day, '23:00'), { companionOn: '2022-03-18', tests })).colour;
    const neg = (day: string, time: string) => ({ at: at(day, time), result: 'negative' as const });
    expect(companion([])).toBe('yellow');
    // 23 h apart: not enough.
    expect(companion([neg('2022-03-18', '09:00'), neg('2022-03-19', '08:00')])).toBe('yellow');
    // Exactly 24 h apart.
    expect(companion([neg('2022-03-18', '09:00'), neg('2022-03-19', '09:00')])).toBe('green');
    // The second on day 3 after the first still counts; on day 4 it does not.
    expect(companion([neg('2022-03-18', '09:00'), neg('2022-03-21', '09:00')])).toBe('green');
    expect(companion([neg('2022-03-18', '09:00'), neg('2022-03-22', '09:00')], '2022-03-23')).toBe('yellow');
    // Later is fine: any two since the mark clear it (a yellow does not stay for ever).
    expect(companion([neg('2022-03-22', '09:00'), neg('2022-03-23', '10:00')], '2022-03-24')).toBe('green');
    // A test before the mark is not one of them.
    expect(companion([neg('2022-03-17', '09:00'), neg('2022-03-19', '09:00')])).toBe('yellow');
  });

  it('is red for 7 days after arriving from a high- or medium-risk area, yellow living in one', () => {
    const arrived = (day: string, risk: 'high' | 'medium' | 'low') =>
      healthCode(rules, facts(at(day), { arrival: { risk, on: '2022-03-15', from: '北京市朝阳区' } }));
    expect(arrived('2022-03-21', 'medium')).toMatchObject({ colour: 'red', changesOn: '2022-03-22' });
    expect(arrived('2022-03-22', 'high').colour).toBe('green');
    expect(arrived('2022-03-16', 'low').colour).toBe('green');
    const living = healthCode(
      rules,
      facts(at('2022-03-20'), { areas: [{ risk: 'medium', as: 'resident', name: '张营村' }] }),
    );
    expect(living).toEqual({
      colour: 'yellow',
      reasons: [
        { code: 'area', colour: 'yellow', until: null, risk: 'medium', as: 'resident', name: '张营村' },
      ],
      changesOn: null,
    });
  });

  it('turns yellow without a negative test within the policy hours, only when the policy is on', () => {
    const now = at('2022-03-20', '12:00');
    const tests = [{ at: at('2022-03-18', '13:00'), result: 'negative' as const }]; // 47 h before
    expect(healthCode(rules, facts(now, { tests, testWithinHours: 48 })).colour).toBe('green');
    expect(healthCode(rules, facts(now, { tests, testWithinHours: 24 }))).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'no_recent_test', hours: 24 }],
    });
    expect(healthCode(rules, facts(now, { tests })).colour).toBe('green');
  });

  it('lists every reason, strongest first, and dates the change by the last red to end', () => {
    const plan = quarantinePlan(ninth.tracing.close, exposure); // red until 03-22
    const code = healthCode(
      ninth.healthCode,
      facts(at('2022-03-20'), {
        contacts: [{ degree: 'close', status: 'central_isolation', plan }],
        arrival: { risk: 'high', on: '2022-03-19', from: '北京市' }, // red until 03-26
        companionOn: '2022-03-19',
        external: { colour: 'yellow', by: '北京市' },
      }),
    );
    expect(code.colour).toBe('red');
    expect(code.reasons.map((r) => r.code)).toEqual(['close_contact', 'arrival', 'companion', 'external']);
    expect(code.changesOn).toBe('2022-03-26');
    // A red set by another province has no date of its own: nor has the colour.
    const external = healthCode(
      rules,
      facts(at('2022-03-20'), {
        arrival: { risk: 'high', on: '2022-03-19', from: '北京市' },
        external: { colour: 'red', by: '北京市' },
      }),
    );
    expect(external).toMatchObject({ colour: 'red', changesOn: null });
  });
});
