import { describe, expect, it } from 'vitest';
import { editionById } from './protocol.js';
import {
  CONTACT_STATUSES,
  UnionFind,
  addDays,
  canMoveContact,
  clockStates,
  cstDate,
  cstMidnight,
  lookBackWindow,
  quarantinePlan,
  releaseBlockers,
  type TestOutcome,
} from './tracing.js';

const hebei = editionById('hebei-2022-03').tracing;
const ninth = editionById('national-9th-2022-06').tracing;
const NOW = new Date('2022-03-20T12:00:00+08:00');

describe('China Standard Time calendar days', () => {
  it('a day starts at midnight in Beijing, 16:00 UTC the day before', () => {
    expect(cstMidnight('2022-03-18').toISOString()).toBe('2022-03-17T16:00:00.000Z');
    expect(cstDate(new Date('2022-03-17T15:59:59.999Z'))).toBe('2022-03-17');
    expect(cstDate(new Date('2022-03-17T16:00:00.000Z'))).toBe('2022-03-18');
  });

  it('adds days across month ends', () => {
    expect(addDays('2022-02-27', 3)).toBe('2022-03-02');
    expect(addDays('2022-03-01', -1)).toBe('2022-02-28');
  });

  it('refuses what is not a date', () => {
    expect(() => cstMidnight('2022-3-1')).toThrow(/not a date/);
  });
});

describe('look-back window', () => {
  const confirmed = {
    classification: 'confirmed' as const,
    onsetDate: '2022-03-14',
    sampledDate: '2022-03-15',
    isolatedAt: new Date('2022-03-15T20:00:00+08:00'),
  };

  it('8th edition: 4 days before onset, from midnight, until isolation', () => {
    const w = lookBackWindow(hebei, confirmed, NOW);
    expect(w.from.toISOString()).toBe(cstMidnight('2022-03-10').toISOString());
    expect(w.until.toISOString()).toBe(confirmed.isolatedAt.toISOString());
    expect(w.anchor).toBe('onset');
  });

  it('9th edition: 2 days before onset', () => {
    expect(lookBackWindow(ninth, confirmed, NOW).from).toEqual(cstMidnight('2022-03-12'));
  });

  it('a minute before the window start is outside it; the start itself is inside', () => {
    const w = lookBackWindow(hebei, confirmed, NOW);
    const justBefore = new Date(w.from.getTime() - 60_000);
    expect(justBefore < w.from).toBe(true);
    expect(cstDate(justBefore)).toBe('2022-03-09');
    expect(cstDate(w.from)).toBe('2022-03-10');
  });

  it('asymptomatic cases count back from sampling, even with an onset written down', () => {
    const w = lookBackWindow(hebei, { ...confirmed, classification: 'asymptomatic' }, NOW);
    expect(w.from).toEqual(cstMidnight('2022-03-11'));
    expect(w.anchor).toBe('sampling');
  });

  it('confirmed without a known onset counts back from sampling', () => {
    const w = lookBackWindow(hebei, { ...confirmed, onsetDate: null }, NOW);
    expect(w.from).toEqual(cstMidnight('2022-03-11'));
    expect(w.anchor).toBe('sampling');
  });

  it('runs until now while the case is not yet isolated', () => {
    expect(lookBackWindow(hebei, { ...confirmed, isolatedAt: null }, NOW).until).toEqual(NOW);
  });

  it('9th edition: a later last negative test moves the start; the 8th edition ignores it', () => {
    const lastNegativeAt = new Date('2022-03-13T09:00:00+08:00');
    const w9 = lookBackWindow(ninth, { ...confirmed, lastNegativeAt }, NOW);
    expect(w9.from).toEqual(lastNegativeAt);
    expect(w9.anchor).toBe('last_negative');
    // Earlier than the 2-day start: no effect.
    const early = lookBackWindow(
      ninth,
      { ...confirmed, lastNegativeAt: new Date('2022-03-11T09:00:00+08:00') },
      NOW,
    );
    expect(early.from).toEqual(cstMidnight('2022-03-12'));
    expect(lookBackWindow(hebei, { ...confirmed, lastNegativeAt }, NOW).from).toEqual(
      cstMidnight('2022-03-10'),
    );
  });
});

describe('quarantine plans per edition', () => {
  // Last exposure late in the evening of 15 March, Beijing time (still the 15th in CST, the 15th in UTC).
  const exposure = new Date('2022-03-15T23:30:00+08:00');

  it('8th edition close contact: 14 days central from the day after exposure, 7 days home monitoring', () => {
    const plan = quarantinePlan(hebei.close, exposure);
    expect(plan).toMatchObject({
      setting: 'central',
      from: '2022-03-16',
      until: '2022-03-29',
      monitorUntil: '2022-04-05',
    });
    expect(plan.tests.map((t) => [t.phase, t.day, t.date, t.samples])).toEqual([
      ['isolation', 1, '2022-03-16', 1],
      ['isolation', 4, '2022-03-19', 1],
      ['isolation', 7, '2022-03-22', 1],
      ['isolation', 14, '2022-03-29', 2],
      ['monitoring', 2, '2022-03-31', 1],
      ['monitoring', 7, '2022-04-05', 1],
    ]);
  });

  it('9th edition close contact: 7 days central + 3 days home, tests 1, 2, 3, 5, 7 and home day 3', () => {
    const plan = quarantinePlan(ninth.close, exposure);
    expect(plan).toMatchObject({
      setting: 'central',
      from: '2022-03-16',
      until: '2022-03-22',
      monitorUntil: '2022-03-25',
    });
    expect(plan.tests.map((t) => t.date)).toEqual([
      '2022-03-16',
      '2022-03-17',
      '2022-03-18',
      '2022-03-20',
      '2022-03-22',
      '2022-03-25',
    ]);
  });

  it('secondary contacts: 8th central 7 days, 9th home 7 days with tests on days 1, 4, 7', () => {
    expect(quarantinePlan(hebei.secondary, exposure)).toMatchObject({
      setting: 'central',
      until: '2022-03-22',
    });
    const plan = quarantinePlan(ninth.secondary, exposure);
    expect(plan).toMatchObject({ setting: 'home', until: '2022-03-22', monitorUntil: '2022-03-22' });
    expect(plan.tests.map((t) => t.date)).toEqual(['2022-03-16', '2022-03-19', '2022-03-22']);
  });

  it('counts from the CST calendar day: 00:30 on the 16th in Beijing is still the 15th in UTC', () => {
    const afterMidnight = new Date('2022-03-16T00:30:00+08:00');
    expect(afterMidnight.toISOString().slice(0, 10)).toBe('2022-03-15');
    expect(quarantinePlan(hebei.close, afterMidnight).from).toBe('2022-03-17');
  });
});

describe('release from isolation', () => {
  const exposure = new Date('2022-03-15T23:30:00+08:00');
  const neg = (date: string) => ({ date, result: 'negative' as const });
  const pos = (date: string) => ({ date, result: 'positive' as const });

  it('8th edition close contact: not before day 14, and only with both release samples negative', () => {
    const plan = quarantinePlan(hebei.close, exposure); // until 2022-03-29, two samples that day
    const facts = { degree: 'close' as const, plan, through: [] };
    const early = releaseBlockers(hebei, { ...facts, day: '2022-03-28', ownTests: [neg('2022-03-16')] });
    expect(early.map((b) => b.code)).toEqual(['too_early', 'release_test_missing']);
    expect(early[0]).toEqual({ code: 'too_early', until: '2022-03-29' });
    const one = releaseBlockers(hebei, { ...facts, day: '2022-03-29', ownTests: [neg('2022-03-29')] });
    expect(one).toEqual([{ code: 'release_test_missing', date: '2022-03-29', samples: 2, negatives: 1 }]);
    const both = [neg('2022-03-16'), neg('2022-03-29'), neg('2022-03-29')];
    expect(releaseBlockers(hebei, { ...facts, day: '2022-03-29', ownTests: both })).toEqual([]);
    // A negative from before the release day does not stand for it.
    const before = [neg('2022-03-28'), neg('2022-03-28')];
    expect(
      releaseBlockers(hebei, { ...facts, day: '2022-03-29', ownTests: before }).map((b) => b.code),
    ).toEqual(['release_test_missing']);
  });

  it('refuses a positive test since isolation began, and a person whose tests cannot be found', () => {
    const plan = quarantinePlan(ninth.close, exposure); // until 2022-03-22
    const facts = { degree: 'close' as const, plan, day: '2022-03-22', through: [] };
    const tests = [pos('2022-03-17'), neg('2022-03-22')];
    expect(releaseBlockers(ninth, { ...facts, ownTests: tests })).toEqual([
      { code: 'own_positive', date: '2022-03-17' },
    ]);
    // A positive from before the isolation is not this quarantine's business.
    expect(releaseBlockers(ninth, { ...facts, ownTests: [pos('2022-03-15'), neg('2022-03-22')] })).toEqual(
      [],
    );
    expect(releaseBlockers(ninth, { ...facts, ownTests: null })).toEqual([{ code: 'tests_unknown' }]);
    // A positive pooled tube waits on the person's single recheck.
    const pooled = { date: '2022-03-19', result: 'pooled_positive' as const };
    expect(releaseBlockers(ninth, { ...facts, ownTests: [pooled, neg('2022-03-22')] })).toEqual([]);
    expect(releaseBlockers(ninth, { ...facts, ownTests: [neg('2022-03-18'), pooled] })).toEqual([
      { code: 'recheck_pending', date: '2022-03-19' },
      { code: 'release_test_missing', date: '2022-03-22', samples: 1, negatives: 0 },
    ]);
  });

  it("9th edition secondary contact: day 7, own tests, and the close contact's first two tests negative", () => {
    const plan = quarantinePlan(ninth.secondary, exposure); // home, until 2022-03-22
    const own = [neg('2022-03-16'), neg('2022-03-19'), neg('2022-03-22')];
    const facts = { degree: 'secondary' as const, plan, day: '2022-03-22', ownTests: own };
    const close = (tests: TestOutcome[]) => [{ name: '王五', tests }];
    expect(
      releaseBlockers(ninth, {
        ...facts,
        through: close([{ date: '2022-03-15', result: 'invalid' }, neg('2022-03-15')]),
      }),
    ).toEqual([{ code: 'close_contact_tests', name: '王五', negatives: 1, needed: 2, positive: false }]);
    expect(
      releaseBlockers(ninth, { ...facts, through: close([neg('2022-03-15'), pos('2022-03-16')]) }),
    ).toEqual([{ code: 'close_contact_tests', name: '王五', negatives: 1, needed: 2, positive: true }]);
    expect(
      releaseBlockers(ninth, { ...facts, through: close([neg('2022-03-15'), neg('2022-03-16')]) }),
    ).toEqual([]);
    // The 8th edition has no such condition.
    const eighth = quarantinePlan(hebei.secondary, exposure);
    expect(
      releaseBlockers(hebei, { ...facts, plan: eighth, through: [{ name: '王五', tests: null }] }),
    ).toEqual([]);
  });
});

describe('2+4+24 clocks', () => {
  const reported = new Date('2022-03-15T08:00:00+08:00');
  const none = { onScene: null, coreInfo: null, report: null };

  it('pending before the due time, overdue after it', () => {
    const at = (h: number) => new Date(reported.getTime() + h * 3600_000);
    expect(clockStates(hebei, reported, none, at(1.99)).map((c) => c.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    expect(clockStates(hebei, reported, none, at(2.01)).map((c) => c.state)).toEqual([
      'overdue',
      'pending',
      'pending',
    ]);
    expect(clockStates(hebei, reported, none, at(24.5)).map((c) => c.state)).toEqual([
      'overdue',
      'overdue',
      'overdue',
    ]);
  });

  it('done exactly at the due time is in time; a minute later is late', () => {
    const due2 = new Date(reported.getTime() + 2 * 3600_000);
    const states = clockStates(
      hebei,
      reported,
      { onScene: due2, coreInfo: new Date(reported.getTime() + 4 * 3600_000 + 60_000), report: null },
      new Date(reported.getTime() + 5 * 3600_000),
    );
    expect(states.map((c) => c.state)).toEqual(['done', 'late', 'pending']);
    expect(states[2]!.due.toISOString()).toBe(new Date(reported.getTime() + 24 * 3600_000).toISOString());
  });
});

describe('contact lifecycle', () => {
  it('moves forward only, and converted is never chosen by hand', () => {
    expect(canMoveContact('identified', 'notified')).toBe(true);
    expect(canMoveContact('notified', 'central_isolation')).toBe(true);
    expect(canMoveContact('central_isolation', 'released')).toBe(true);
    expect(canMoveContact('released', 'central_isolation')).toBe(false);
    expect(canMoveContact('notified', 'identified')).toBe(false);
    for (const s of CONTACT_STATUSES) expect(canMoveContact(s, 'converted')).toBe(false);
  });
});

describe('union-find', () => {
  it('groups connected elements and keeps singletons apart', () => {
    const uf = new UnionFind();
    uf.union('a', 'b');
    uf.union('c', 'd');
    uf.union('b', 'd');
    uf.add('e');
    const groups = [...uf.groups().values()].map((g) => g.sort().join('')).sort();
    expect(groups).toEqual(['abcd', 'e']);
    expect(uf.find('a')).toBe(uf.find('c'));
    expect(uf.find('e')).not.toBe(uf.find('a'));
  });

  it('stays shallow on a long chain (path compression)', () => {
    const uf = new UnionFind();
    for (let i = 1; i < 100_000; i++) uf.union(String(i - 1), String(i));
    expect(uf.find('99999')).toBe(uf.find('0'));
    expect(uf.groups().size).toBe(1);
  });
});
