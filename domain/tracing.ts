/**
 * Case investigation and contact tracing (流调溯源) as data and pure functions: the tracing rules of
 * a protocol edition (look-back, quarantine periods and test days, the 2+4+24 clocks, space-time
 * companion parameters), and what follows from them — a case's look-back window, a contact's
 * quarantine plan, the state of a case's three clocks, the contact lifecycle. Shared by the server
 * and the web app; no I/O.
 *
 * Dates that people read (isolation days, test days) are calendar days in China Standard Time
 * (UTC+8, no daylight saving): "day 1" of a quarantine is the calendar day after the last exposure.
 */

export interface QuarantineRule {
  /** Where the quarantine is kept: centralised isolation (集中隔离) or at home (居家隔离). */
  setting: 'central' | 'home';
  /** Days of isolation counted from the last exposure (day 1 = the day after it). */
  days: number;
  /** Isolation days with a test; the last day may take two samples (`releaseSamples`). */
  testDays: number[];
  /** Samples taken on the release day (the 8th edition's "two samples at release"). */
  releaseSamples: number;
  /** Home health monitoring (居家健康监测) days after release. */
  monitorDays: number;
  /** Monitoring days with a test, counted from the first monitoring day. */
  monitorTestDays: number[];
}

export interface TracingRules {
  /**
   * Look-back of close contacts: days before onset (or before sampling when asymptomatic). The 8th
   * edition says 4; some provinces used 2 — a parameter, never a constant.
   */
  lookBackDays: number;
  /**
   * 9th edition: a case found by serial screening looks back only to their last negative test when
   * that is later than the window start above.
   */
  sinceLastNegative: boolean;
  close: QuarantineRule;
  secondary: QuarantineRule & {
    /**
     * 9th edition: released on the last day only if their own tests and the close contact's first
     * N tests are negative (0: no such condition).
     */
    closeContactNegativeTests: number;
  };
  /** Hours from the positive report: on scene, core information, report with all close contacts controlled. */
  clocks: { onSceneHours: number; coreInfoHours: number; reportHours: number };
  /** Big-data candidates (大数据推送): venue co-presence and space-time companions (时空伴随). */
  companion: {
    /** Same venue within ± this many minutes of the case. */
    venueMinutes: number;
    /** H3 resolution of the location cells (8 ≈ the 800 m grid used in Hebei). */
    cellResolution: number;
    /** Same cell for at least this many minutes. */
    cellMinutes: number;
    /** How long one location ping stands for (the carriers' reporting interval). */
    pingMinutes: number;
  };
}

/** 8th edition era, as Hebei applied it in March 2022. */
export function tracingRules8th(): TracingRules {
  return {
    lookBackDays: 4,
    sinceLastNegative: false,
    close: {
      setting: 'central',
      days: 14,
      testDays: [1, 4, 7, 14],
      releaseSamples: 2,
      monitorDays: 7,
      monitorTestDays: [2, 7],
    },
    secondary: {
      setting: 'central',
      days: 7,
      // DOMAIN.md gives only "7 days centralised isolation"; days 1, 4 and 7 were the common
      // practice in Hebei (an assumption: copy the edition and edit it where a province differed).
      testDays: [1, 4, 7],
      releaseSamples: 1,
      monitorDays: 0,
      monitorTestDays: [],
      closeContactNegativeTests: 0,
    },
    clocks: { onSceneHours: 2, coreInfoHours: 4, reportHours: 24 },
    companion: { venueMinutes: 30, cellResolution: 8, cellMinutes: 10, pingMinutes: 5 },
  };
}

/** National 9th edition (June 2022). */
export function tracingRules9th(): TracingRules {
  return {
    lookBackDays: 2,
    sinceLastNegative: true,
    close: {
      setting: 'central',
      days: 7,
      testDays: [1, 2, 3, 5, 7],
      releaseSamples: 1,
      monitorDays: 3,
      monitorTestDays: [3],
    },
    secondary: {
      setting: 'home',
      days: 7,
      testDays: [1, 4, 7],
      releaseSamples: 1,
      monitorDays: 0,
      monitorTestDays: [],
      closeContactNegativeTests: 2,
    },
    clocks: { onSceneHours: 2, coreInfoHours: 4, reportHours: 24 },
    companion: { venueMinutes: 30, cellResolution: 8, cellMinutes: 10, pingMinutes: 5 },
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar days in China Standard Time

const CST_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The CST calendar date (YYYY-MM-DD) of an instant. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
}

/** Midnight CST that starts a calendar date, as an instant. */
export function cstMidnight(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) - CST_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Look-back window

export interface WindowInput {
  classification: 'confirmed' | 'asymptomatic';
  /** Symptom onset (YYYY-MM-DD); used for symptomatic cases when known. */
  onsetDate: string | null;
  /** Date of the positive sample (YYYY-MM-DD). */
  sampledDate: string;
  /** When the case was isolated (controlled); the window ends there, or now while still free. */
  isolatedAt: Date | null;
  /** The case's last negative test before the positive one, when known. */
  lastNegativeAt?: Date | null;
}

export interface LookBackWindow {
  from: Date;
  until: Date;
  /** Which date the window was counted back from. */
  anchor: 'onset' | 'sampling' | 'last_negative';
}

/**
 * The close-contact look-back window: from the start of (onset − N days), onset for confirmed cases
 * with a known onset and the sampling date otherwise, until the case was isolated (or `now`).
 * With `sinceLastNegative`, a later last negative test moves the start forward.
 */
export function lookBackWindow(rules: TracingRules, c: WindowInput, now: Date): LookBackWindow {
  const byOnset = c.classification === 'confirmed' && c.onsetDate !== null;
  const anchorDate = byOnset ? c.onsetDate! : c.sampledDate;
  let from = cstMidnight(addDays(anchorDate, -rules.lookBackDays));
  let anchor: LookBackWindow['anchor'] = byOnset ? 'onset' : 'sampling';
  if (rules.sinceLastNegative && c.lastNegativeAt && c.lastNegativeAt > from) {
    from = c.lastNegativeAt;
    anchor = 'last_negative';
  }
  const until = c.isolatedAt ?? now;
  return { from, until: until < from ? from : until, anchor };
}

// ---------------------------------------------------------------------------------------------
// Quarantine plans

export interface PlannedTest {
  /** The date of the test (YYYY-MM-DD, CST). */
  date: string;
  /** Day of isolation or of monitoring it falls on. */
  day: number;
  phase: 'isolation' | 'monitoring';
  samples: number;
}

export interface QuarantinePlan {
  setting: 'central' | 'home';
  /** First day of isolation (the day after the last exposure). */
  from: string;
  /**
   * Last day of isolation, the day of the release test: released on it once that test is negative
   * (releaseBlockers), into home monitoring if any.
   */
  until: string;
  /** Last day of home health monitoring (equal to `until` when there is none). */
  monitorUntil: string;
  tests: PlannedTest[];
}

/** The quarantine of a contact whose last exposure was at `lastExposure`, by the rule of its degree. */
export function quarantinePlan(rule: QuarantineRule, lastExposure: Date): QuarantinePlan {
  const day0 = cstDate(lastExposure);
  const from = addDays(day0, 1);
  const until = addDays(day0, rule.days);
  const tests: PlannedTest[] = rule.testDays.map((day) => ({
    date: addDays(day0, day),
    day,
    phase: 'isolation',
    samples: day === rule.days ? rule.releaseSamples : 1,
  }));
  for (const day of rule.monitorTestDays) {
    tests.push({ date: addDays(until, day), day, phase: 'monitoring', samples: 1 });
  }
  return { setting: rule.setting, from, until, monitorUntil: addDays(until, rule.monitorDays), tests };
}

// ---------------------------------------------------------------------------------------------
// The 2+4+24 clocks

export type ClockName = 'onScene' | 'coreInfo' | 'report';
export const CLOCKS: readonly ClockName[] = ['onScene', 'coreInfo', 'report'];

export interface ClockState {
  name: ClockName;
  due: Date;
  doneAt: Date | null;
  /** done: in time; late: done after the due time; pending: not yet due; overdue: due and not done. */
  state: 'done' | 'late' | 'pending' | 'overdue';
}

export function clockStates(
  rules: TracingRules,
  reportedAt: Date,
  done: Record<ClockName, Date | null>,
  now: Date,
): ClockState[] {
  const hours: Record<ClockName, number> = {
    onScene: rules.clocks.onSceneHours,
    coreInfo: rules.clocks.coreInfoHours,
    report: rules.clocks.reportHours,
  };
  return CLOCKS.map((name) => {
    const due = new Date(reportedAt.getTime() + hours[name] * 3600_000);
    const doneAt = done[name];
    const state = doneAt ? (doneAt <= due ? 'done' : 'late') : now > due ? 'overdue' : 'pending';
    return { name, due, doneAt, state };
  });
}

// ---------------------------------------------------------------------------------------------
// Cases and contacts: the words every layer shares

export const CASE_CLASSIFICATIONS = ['confirmed', 'asymptomatic'] as const;
export type CaseClassification = (typeof CASE_CLASSIFICATIONS)[number];

/**
 * Where a case was found. Briefings split "community" (found by screening in the community) from
 * "under control" (found inside isolation or a sealed/controlled zone).
 */
export const FOUND_IN = ['community', 'isolation', 'sealed_zone', 'controlled_zone'] as const;
export type FoundIn = (typeof FOUND_IN)[number];
export function isUnderControl(found: FoundIn): boolean {
  return found !== 'community';
}

export const CASE_SOURCES = ['testing', 'hospital', 'assist', 'manual'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const CONTACT_DEGREES = ['close', 'secondary'] as const;
export type ContactDegree = (typeof CONTACT_DEGREES)[number];

export const CONTACT_STATUSES = [
  'identified',
  'notified',
  'transfer_requested',
  'central_isolation',
  'home_quarantine',
  'released',
  'converted',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Statuses in which a contact counts as "under control" (已管控). */
export const CONTROLLED_STATUSES: readonly ContactStatus[] = ['central_isolation', 'home_quarantine'];

/** The lifecycle's allowed moves; `converted` is reached only by the contact becoming a case. */
export const CONTACT_TRANSITIONS: Record<ContactStatus, readonly ContactStatus[]> = {
  identified: ['notified', 'transfer_requested', 'central_isolation', 'home_quarantine'],
  notified: ['transfer_requested', 'central_isolation', 'home_quarantine'],
  transfer_requested: ['central_isolation', 'home_quarantine'],
  central_isolation: ['home_quarantine', 'released'],
  home_quarantine: ['central_isolation', 'released'],
  released: [],
  converted: [],
};

export function canMoveContact(from: ContactStatus, to: ContactStatus): boolean {
  return CONTACT_TRANSITIONS[from].includes(to);
}

// ---------------------------------------------------------------------------------------------
// Release from isolation (解除隔离)

/** A pooled tube's positive is `pooled_positive`: it says nothing of this person until their recheck. */
export type TestResult = 'negative' | 'positive' | 'invalid' | 'pooled_positive';

/** One test result of a person: the CST day it was sampled. */
export interface TestOutcome {
  date: string;
  result: TestResult;
}

/** What stands between a contact under control and release; empty: they may be released. */
export type ReleaseBlocker =
  /** Isolation runs until `until` (the release day). */
  | { code: 'too_early'; until: string }
  /** A positive test since isolation began: the contact should become a case, not be released. */
  | { code: 'own_positive'; date: string }
  /** A positive pooled tube (on `date`) whose single-tube recheck has no result yet. */
  | { code: 'recheck_pending'; date: string }
  /** The release test (on `date`, `samples` samples) has no negative result yet. */
  | { code: 'release_test_missing'; date: string; samples: number; negatives: number }
  /** Not in the population base: none of their tests can be found. */
  | { code: 'tests_unknown' }
  /**
   * 9th edition, secondary contact: the close contact they were named through has fewer than
   * `needed` negative tests since their own isolation began (or one came back positive).
   */
  | { code: 'close_contact_tests'; name: string; negatives: number; needed: number; positive: boolean };

export interface ReleaseFacts {
  degree: ContactDegree;
  plan: QuarantinePlan;
  /** The CST day of the release. */
  day: string;
  /** Own results, in the order sampled; null when the person cannot be found. */
  ownTests: TestOutcome[] | null;
  /**
   * A secondary contact's close contacts (through whom they were named): their results since their
   * own isolation began, in the order sampled (null when they cannot be found).
   */
  through: Array<{ name: string; tests: TestOutcome[] | null }>;
}

/**
 * Whether a contact under control may be released today, by the rules of their edition (DOMAIN.md):
 * not before the last isolation day; not with a positive test since isolation began; only once the
 * release test of that day (two samples in the 8th edition's close-contact rule) is negative; and,
 * for a 9th-edition secondary contact, only once the close contact's first two tests are negative.
 */
export function releaseBlockers(rules: TracingRules, f: ReleaseFacts): ReleaseBlocker[] {
  const out: ReleaseBlocker[] = [];
  if (f.day < f.plan.until) out.push({ code: 'too_early', until: f.plan.until });
  if (f.ownTests === null) out.push({ code: 'tests_unknown' });
  else {
    const own = f.ownTests.filter((t) => t.date >= f.plan.from);
    const positive = own.find((t) => t.result === 'positive');
    if (positive) out.push({ code: 'own_positive', date: positive.date });
    const pooled = own.findIndex((t) => t.result === 'pooled_positive');
    if (pooled >= 0 && !own.slice(pooled + 1).some((t) => t.result === 'negative' || t.result === 'positive'))
      out.push({ code: 'recheck_pending', date: own[pooled]!.date });
    const release = f.plan.tests
      .filter((t) => t.phase === 'isolation')
      .reduce<PlannedTest | null>((last, t) => (last === null || t.date > last.date ? t : last), null);
    if (release) {
      const negatives = own.filter((t) => t.date >= release.date && t.result === 'negative').length;
      if (negatives < release.samples)
        out.push({ code: 'release_test_missing', date: release.date, samples: release.samples, negatives });
    }
  }
  const needed = f.degree === 'secondary' ? rules.secondary.closeContactNegativeTests : 0;
  if (needed > 0) {
    for (const close of f.through) {
      const tests = close.tests ?? [];
      const first = tests.filter((t) => t.result === 'negative' || t.result === 'positive').slice(0, needed);
      const positive = first.some((t) => t.result === 'positive');
      const negatives = first.filter((t) => t.result === 'negative').length;
      if (positive || negatives < needed)
        out.push({ code: 'close_contact_tests', name: close.name, negatives, needed, positive });
    }
  }
  return out;
}

export const EXPOSURE_TYPES = [
  'household',
  'work',
  'meal',
  'vehicle',
  'school',
  'medical',
  'venue',
  'companion',
  'other',
] as const;
export type ExposureType = (typeof EXPOSURE_TYPES)[number];

export const CALL_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'refused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

// ---------------------------------------------------------------------------------------------
// Clusters: union-find over the links between cases

export class UnionFind {
  private parent = new Map<string, string>();
  private rank = new Map<string, number>();

  add(x: string): void {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.rank.set(x, 0);
    }
  }

  find(x: string): string {
    this.add(x);
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    // Path compression.
    let cur = x;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  union(a: string, b: string): string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ka = this.rank.get(ra)!;
    const kb = this.rank.get(rb)!;
    if (ka < kb) {
      this.parent.set(ra, rb);
      return rb;
    }
    this.parent.set(rb, ra);
    if (ka === kb) this.rank.set(ra, ka + 1);
    return ra;
  }

  /** Every element grouped by its root. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const r = this.find(x);
      const list = out.get(r);
      if (list) list.push(x);
      else out.set(r, [x]);
    }
    return out;
  }
}
