/**
 * Zones (封控区 / 管控区 / 防范区, or the 9th edition's high / medium / low risk areas) and when they
 * can be lifted, by the rules of their protocol edition (DOMAIN.md "Zones"). Pure: the server
 * evaluates every zone each day with the facts it gathers (infections, close contacts, rounds) and
 * shows "can be lifted on <date>" or the conditions still unmet; an authorised user lifts it.
 *
 * Days are CST calendar days (domain/tracing.ts). "N days with no new infection" counts from the
 * last infection's day (or the zone's start when there was none): lifting is possible on day N + 1.
 */
import { addDays } from './tracing.js';

/** Hebei, March 2022: sealed / controlled / prevention. The 9th edition: high / medium / low. */
export type ZoneKind = 'sealed' | 'controlled' | 'prevention' | 'high' | 'medium' | 'low';

export interface ZoneRules {
  /** The kinds this edition uses, strongest first. */
  kinds: readonly ZoneKind[];
  /** How each kind is lifted. */
  lifting: Partial<Record<ZoneKind, LiftingRule>>;
}

export type LiftingRule =
  /** All of: N days without a new infection; the last close contact N days past exposure and negative; an area-wide negative round within M days before lifting. */
  | { kind: 'conditions'; noInfectionDays: number; contactDays: number; roundWithinDays: number; to: null }
  /** N days without a new infection and a negative round on day N, then the next kind (9th edition). */
  | { kind: 'step'; noInfectionDays: number; to: ZoneKind }
  /** When every stronger zone of the county is lifted (Hebei's prevention zone). */
  | { kind: 'with_county'; to: null };

export function zoneRulesHebei(): ZoneRules {
  const sealed = {
    kind: 'conditions',
    noInfectionDays: 14,
    contactDays: 14,
    roundWithinDays: 2,
    to: null,
  } as const;
  return {
    kinds: ['sealed', 'controlled', 'prevention'],
    lifting: { sealed, controlled: sealed, prevention: { kind: 'with_county', to: null } },
  };
}

export function zoneRules9th(): ZoneRules {
  return {
    kinds: ['high', 'medium', 'low'],
    // high → medium after 7 days and a negative round on day 7; that medium then → low after 3 more
    // days (a zone that stepped down from high says so: `steppedFromHighOn`); medium → low after 7.
    lifting: {
      high: { kind: 'step', noInfectionDays: 7, to: 'medium' },
      medium: { kind: 'step', noInfectionDays: 7, to: 'low' },
    },
  };
}

export interface ZoneFacts {
  kind: ZoneKind;
  /** The day the zone began. */
  since: string;
  /** The day of the last new infection in the zone, if any since it began. */
  lastInfectionOn: string | null;
  /** Close contacts of the zone's cases: the latest last exposure, and whether all have tested negative since. */
  closeContacts: { lastExposureOn: string; allNegative: boolean } | null;
  /** Area-wide testing rounds of the zone: the day and whether everyone sampled was negative. */
  rounds: Array<{ on: string; allNegative: boolean }>;
  /** For a 9th-edition medium area that stepped down from high: the day it did (3 more days then). */
  steppedFromHighOn: string | null;
  /** For Hebei's prevention zone: the county's sealed and controlled zones not yet lifted. */
  strongerZonesOpen: number;
}

export type LiftingCondition =
  | { code: 'no_infection'; days: number; met: boolean; from: string; on: string }
  | { code: 'contacts_done'; days: number; met: boolean; on: string | null; allNegative: boolean }
  | { code: 'negative_round'; met: boolean; within: { from: string; to: string } | null; on: string | null }
  | { code: 'stronger_zones_lifted'; met: boolean; open: number };

export interface LiftingState {
  /** The earliest day the zone can be lifted (or stepped down), when the known conditions allow one. */
  canLiftOn: string | null;
  /** Whether it can be lifted today. */
  liftableToday: boolean;
  /** What lifting leads to: null = lifted; else the kind it steps down to. */
  to: ZoneKind | null;
  conditions: LiftingCondition[];
}

const later = (a: string, b: string) => (a > b ? a : b);

/** A zone's lifting state today, by its edition's rule. */
export function zoneLifting(rules: ZoneRules, f: ZoneFacts, today: string): LiftingState {
  const rule = rules.lifting[f.kind];
  if (!rule) return { canLiftOn: null, liftableToday: false, to: null, conditions: [] };
  if (rule.kind === 'with_county') {
    const met = f.strongerZonesOpen === 0;
    return {
      canLiftOn: met ? today : null,
      liftableToday: met,
      to: null,
      conditions: [{ code: 'stronger_zones_lifted', met, open: f.strongerZonesOpen }],
    };
  }
  const quietFrom = f.lastInfectionOn ? later(f.lastInfectionOn, f.since) : f.since;
  // A 9th-edition medium area that came down from high: 3 more quiet days, no further round. The
  // day it stepped down (day 8 of the quiet days at the earliest) is the first of the three, so it
  // is lifted on step day + 3 — 10 quiet days in all, DOMAIN.md's "7 … then 3 more days".
  const fromHigh = rule.kind === 'step' && f.kind === 'medium' && f.steppedFromHighOn !== null;
  const start = quietFrom;
  const days = fromHigh ? 3 : rule.noInfectionDays;
  // Day 0 is the last infection (or the start); days 1 … N pass quietly; lifting from day N + 1.
  const noInfectionOn = fromHigh
    ? later(addDays(f.steppedFromHighOn!, 3), addDays(quietFrom, 7 + 3 + 1))
    : addDays(start, days + 1);
  const conditions: LiftingCondition[] = [
    {
      code: 'no_infection',
      days,
      met: today >= noInfectionOn,
      from: fromHigh ? f.steppedFromHighOn! : start,
      on: noInfectionOn,
    },
  ];
  let canLiftOn: string | null = noInfectionOn;

  if (rule.kind === 'conditions') {
    const contacts = f.closeContacts;
    // More than N days past the last close contact's exposure, and every close contact negative.
    const contactsOn = contacts ? addDays(contacts.lastExposureOn, rule.contactDays + 1) : null;
    const allNegative = contacts?.allNegative ?? true;
    conditions.push({
      code: 'contacts_done',
      days: rule.contactDays,
      met: allNegative && (contactsOn === null || today >= contactsOn),
      on: contactsOn,
      allNegative,
    });
    if (contactsOn) canLiftOn = later(canLiftOn, contactsOn);
    if (!allNegative) canLiftOn = null; // waits on results nobody can date
    // An area-wide negative round within the M days before the lifting day (today, if it is one).
    const from = addDays(today, -rule.roundWithinDays);
    const round = [...f.rounds].reverse().find((r) => r.allNegative && r.on >= from && r.on <= today);
    conditions.push({
      code: 'negative_round',
      met: round !== undefined,
      within: { from, to: today },
      on: round?.on ?? null,
    });
  } else if (!fromHigh) {
    // A negative round on day N or later.
    const roundFrom = addDays(start, days);
    const round = f.rounds.find((r) => r.allNegative && r.on >= roundFrom && r.on <= today);
    conditions.push({
      code: 'negative_round',
      met: round !== undefined,
      within: { from: roundFrom, to: today },
      on: round?.on ?? null,
    });
  }

  const liftableToday = conditions.every((c) => c.met);
  // A date already past waits only on a round, which can be held today.
  return {
    canLiftOn: liftableToday ? today : canLiftOn === null ? null : later(canLiftOn, today),
    liftableToday,
    to: rule.to,
    conditions,
  };
}
