/**
 * The health code (健康码) as a pure function: a person's colour, every reason for it, and the day
 * it can change, from what the other modules know about them (DOMAIN.md "Health code", as Hebei
 * implemented it in 2022). Shared by the server (recompute on events, the full recompute) and the
 * web (the resident's page explains their own code); no I/O.
 *
 * Dates are CST calendar days (domain/tracing.ts). "Changes on" is the first day the colour may be
 * different: when every reason of the top colour has ended (it may then fall to yellow, not green).
 * A reason whose end depends on something not yet known (a recheck, two negative tests) has no date,
 * and then neither has the colour.
 */
import {
  type ContactDegree,
  type ContactStatus,
  type QuarantinePlan,
  addDays,
  cstDate,
  cstMidnight,
} from './tracing.js';

export type CodeColour = 'green' | 'yellow' | 'red';
const RANK: Record<CodeColour, number> = { green: 0, yellow: 1, red: 2 };

/** The risk of an area a person lives in or came from: Hebei's zones and the 9th edition's levels. */
export type AreaRisk = 'high' | 'medium' | 'low';

export interface HealthCodeRules {
  /** Yellow for this many days after a case's discharge (出院/出舱). */
  dischargeYellowDays: number;
  /** Red for this many days after arriving from a high- or medium-risk area. */
  arrivalRedDays: number;
  /** The colour of living in (or visiting) an area of each risk. */
  areaColour: Record<AreaRisk, CodeColour>;
  /** A companion's yellow clears with this many negative tests since the mark, ≥ gapHours apart, within withinDays. */
  clearYellow: { negatives: number; gapHours: number; withinDays: number };
}

/** Hebei 2022 and the 9th edition alike (DOMAIN.md); an edition where a province differed is edited. */
export function healthCodeRules(): HealthCodeRules {
  return {
    dischargeYellowDays: 7,
    arrivalRedDays: 7,
    // DOMAIN.md names the medium-risk area's residents and visitors yellow. A high-risk (sealed) area
    // keeps its people at home anyway; they get at least the same yellow (an assumption).
    areaColour: { high: 'yellow', medium: 'yellow', low: 'green' },
    clearYellow: { negatives: 2, gapHours: 24, withinDays: 3 },
  };
}

export interface HealthCodeFacts {
  now: Date;
  /** The person's case, if any: an initial positive screen, in hospital or shelter, or discharged. */
  case: { state: 'positive_screen' | 'in_care' } | { state: 'discharged'; dischargedOn: string } | null;
  /** The person's contact records (one per county that traced them), with the day of release. */
  contacts: Array<{
    degree: ContactDegree;
    status: ContactStatus;
    plan: QuarantinePlan;
    releasedOn?: string | null;
  }>;
  /** Marked as a space-time companion (时空伴随) of a case on this day. */
  companionOn: string | null;
  /** The risk of the area they live in, and of areas they visited (today). */
  areas: Array<{ risk: AreaRisk; as: 'resident' | 'visitor'; name: string }>;
  /** Arrived from a high- or medium-risk area on this day. */
  arrival: { risk: AreaRisk; on: string; from: string } | null;
  /** Test results, in the order sampled. */
  tests: Array<{ at: Date; result: 'negative' | 'positive' | 'invalid' }>;
  /** A colour set by another province (an assist notice). */
  external: { colour: 'red' | 'yellow'; by: string } | null;
  /** Test-recency policy, when the city turned it on: no negative within this many hours → yellow. */
  testWithinHours: number | null;
}

export type HealthCodeReason =
  | { code: 'positive_screen'; colour: 'red'; until: null }
  | { code: 'in_care'; colour: 'red'; until: null }
  | { code: 'discharged'; colour: 'yellow'; until: string }
  | { code: 'close_contact'; colour: 'red'; until: string }
  | { code: 'close_contact_monitoring'; colour: 'yellow'; until: string }
  | { code: 'secondary_contact'; colour: 'red'; until: string }
  | { code: 'companion'; colour: 'yellow'; until: null }
  | {
      code: 'area';
      colour: CodeColour;
      until: null;
      risk: AreaRisk;
      as: 'resident' | 'visitor';
      name: string;
    }
  | { code: 'arrival'; colour: 'red'; until: string; risk: AreaRisk; from: string }
  | { code: 'no_recent_test'; colour: 'yellow'; until: null; hours: number }
  | { code: 'external'; colour: 'red' | 'yellow'; until: null; by: string };

export interface HealthCode {
  colour: CodeColour;
  /** Every reason that holds today, the strongest first; empty for green. */
  reasons: HealthCodeReason[];
  /** The first day the colour may change; null when green or when it waits on something undated. */
  changesOn: string | null;
}

const UNDER_WAY: readonly ContactStatus[] = [
  'identified',
  'notified',
  'transfer_requested',
  'central_isolation',
  'home_quarantine',
];

/**
 * Whether a companion's yellow is cleared: two (`negatives`) negative tests since the mark, at least
 * `gapHours` apart, the last within `withinDays` days of the first.
 */
function yellowCleared(rules: HealthCodeRules, markedOn: string, tests: HealthCodeFacts['tests']): boolean {
  const { negatives, gapHours, withinDays } = rules.clearYellow;
  const times = tests
    .filter((t) => t.result === 'negative' && cstDate(t.at) >= markedOn)
    .map((t) => t.at.getTime())
    .sort((x, y) => x - y);
  // From each possible first test: the earliest chain of tests each gapHours after the last.
  for (let i = 0; i < times.length; i++) {
    const last = cstMidnight(addDays(cstDate(new Date(times[i]!)), withinDays + 1)).getTime();
    let taken = 1;
    let previous = times[i]!;
    for (let j = i + 1; j < times.length && taken < negatives; j++) {
      if (times[j]! >= last) break;
      if (times[j]! - previous >= gapHours * 3600_000) {
        taken++;
        previous = times[j]!;
      }
    }
    if (taken >= negatives) return true;
  }
  return false;
}

/** A person's health code today, with every reason and the day it can change. */
export function healthCode(rules: HealthCodeRules, f: HealthCodeFacts): HealthCode {
  const today = cstDate(f.now);
  const reasons: HealthCodeReason[] = [];

  if (f.case?.state === 'positive_screen')
    reasons.push({ code: 'positive_screen', colour: 'red', until: null });
  if (f.case?.state === 'in_care') reasons.push({ code: 'in_care', colour: 'red', until: null });
  if (f.case?.state === 'discharged') {
    const until = addDays(f.case.dischargedOn, rules.dischargeYellowDays);
    if (today < until) reasons.push({ code: 'discharged', colour: 'yellow', until });
  }

  for (const c of f.contacts) {
    if (c.status === 'converted') continue; // a case now: the case's reasons hold
    const after = addDays(c.plan.until, 1);
    // Red through the isolation period, and for as long as they are still kept under control after
    // it (release waits on its conditions: domain/tracing.ts releaseBlockers).
    const controlled = c.status === 'central_isolation' || c.status === 'home_quarantine';
    if (UNDER_WAY.includes(c.status) && (today <= c.plan.until || controlled)) {
      const until = today <= c.plan.until ? after : addDays(today, 1);
      reasons.push({
        code: c.degree === 'close' ? 'close_contact' : 'secondary_contact',
        colour: 'red',
        until,
      });
      continue;
    }
    // Home health monitoring (the close contact's 7 or 3 days): from release — on the last
    // isolation day, or earlier with a reason — else from the day after isolation, to its end.
    const monitorEnd = addDays(c.plan.monitorUntil, 1);
    const releasedOn = c.status === 'released' ? (c.releasedOn ?? after) : after;
    const from = releasedOn < after ? releasedOn : after;
    if (c.plan.monitorUntil > c.plan.until && today >= from && today < monitorEnd) {
      reasons.push({ code: 'close_contact_monitoring', colour: 'yellow', until: monitorEnd });
    }
  }

  if (f.companionOn && f.companionOn <= today && !yellowCleared(rules, f.companionOn, f.tests)) {
    reasons.push({ code: 'companion', colour: 'yellow', until: null });
  }

  for (const a of f.areas) {
    const colour = rules.areaColour[a.risk];
    if (colour !== 'green')
      reasons.push({ code: 'area', colour, until: null, risk: a.risk, as: a.as, name: a.name });
  }

  if (f.arrival && f.arrival.risk !== 'low') {
    const until = addDays(f.arrival.on, rules.arrivalRedDays);
    if (today < until) {
      reasons.push({ code: 'arrival', colour: 'red', until, risk: f.arrival.risk, from: f.arrival.from });
    }
  }

  if (f.testWithinHours !== null) {
    const since = f.now.getTime() - f.testWithinHours * 3600_000;
    const recent = f.tests.some((t) => t.result === 'negative' && t.at.getTime() >= since && t.at <= f.now);
    if (!recent)
      reasons.push({ code: 'no_recent_test', colour: 'yellow', until: null, hours: f.testWithinHours });
  }

  if (f.external)
    reasons.push({ code: 'external', colour: f.external.colour, until: null, by: f.external.by });

  reasons.sort((a, b) => RANK[b.colour] - RANK[a.colour]);
  const colour = reasons[0]?.colour ?? 'green';
  if (colour === 'green') return { colour, reasons: [], changesOn: null };
  const top = reasons.filter((r) => r.colour === colour);
  const changesOn = top.some((r) => r.until === null)
    ? null
    : top.reduce((latest, r) => (r.until! > latest ? r.until! : latest), top[0]!.until!);
  return { colour, reasons, changesOn };
}
