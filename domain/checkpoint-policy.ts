/**
 * What a checkpoint asks of a person crossing it, per direction (DOMAIN.md "Health code" travel rules,
 * from the seeds): leaving Langfang needs a negative test within 48 h; commuting into Beijing needs
 * an employer certificate, a residence (town/street) certificate and a negative test within 24 h;
 * a medical emergency passes with a community certificate; everything else is turned back (劝返).
 * A red or yellow code turns back too, except a medical emergency (the yellow-code hospitals).
 * Pure: the checkpoint's page and the verification API both decide with it, with every reason.
 */
import type { CodeColour } from './healthcode.js';

export const CERTIFICATES = ['employer', 'residence', 'community'] as const;
export type Certificate = (typeof CERTIFICATES)[number];

export const CROSSINGS = ['into_beijing', 'leave_city', 'enter_community', 'medical'] as const;
export type Crossing = (typeof CROSSINGS)[number];

export interface CrossingRule {
  /** Hours within which a negative test is needed; null: none. */
  negativeWithinHours: number | null;
  certificates: readonly Certificate[];
  /** Code colours that may still cross. */
  colours: readonly CodeColour[];
}

/** A checkpoint's policy: the rule of each crossing it allows (a crossing not listed is turned back). */
export type CheckpointPolicy = Partial<Record<Crossing, CrossingRule>>;

/** The three shifts of a checkpoint's day (CST): 1 = 0–8 h, 2 = 8–16 h, 3 = 16–24 h. */
export const SHIFTS = [1, 2, 3] as const;
export type Shift = (typeof SHIFTS)[number];

/** The CST day and shift a moment falls in. */
export function shiftOf(at: Date): { day: string; shift: Shift } {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  const day = cst.toISOString().slice(0, 10);
  return { day, shift: (Math.floor(cst.getUTCHours() / 8) + 1) as Shift };
}

/** A community gate during a lockdown: people only, residents in with a green code; medical out. */
export function communityGatePolicy(): CheckpointPolicy {
  return {
    enter_community: { negativeWithinHours: null, certificates: [], colours: ['green'] },
    medical: { negativeWithinHours: null, certificates: ['community'], colours: ['green', 'yellow', 'red'] },
  };
}

/** The Beijing-entry stations of March 2022. */
export function beijingEntryPolicy(): CheckpointPolicy {
  return {
    into_beijing: { negativeWithinHours: 24, certificates: ['employer', 'residence'], colours: ['green'] },
    medical: { negativeWithinHours: null, certificates: ['community'], colours: ['green', 'yellow', 'red'] },
  };
}

/** The city-border points: leaving Langfang. */
export function cityBorderPolicy(): CheckpointPolicy {
  return {
    leave_city: { negativeWithinHours: 48, certificates: [], colours: ['green'] },
    medical: { negativeWithinHours: null, certificates: ['community'], colours: ['green', 'yellow', 'red'] },
  };
}

export interface Traveller {
  crossing: Crossing;
  colour: CodeColour;
  /** The latest negative test (sampling time), if any. */
  lastNegativeAt: Date | null;
  certificates: readonly Certificate[];
}

export type CrossingProblem =
  | { code: 'crossing_not_allowed'; crossing: Crossing }
  | { code: 'code_colour'; colour: CodeColour }
  | { code: 'no_recent_negative'; hours: number; lastNegativeAt: string | null }
  | { code: 'certificate_missing'; certificate: Certificate };

export interface CrossingDecision {
  verdict: 'pass' | 'turn_back';
  problems: CrossingProblem[];
}

/** The decision for one person at one checkpoint now, with every reason. */
export function crossingDecision(policy: CheckpointPolicy, t: Traveller, now: Date): CrossingDecision {
  const rule = policy[t.crossing];
  if (!rule)
    return { verdict: 'turn_back', problems: [{ code: 'crossing_not_allowed', crossing: t.crossing }] };
  const problems: CrossingProblem[] = [];
  if (!rule.colours.includes(t.colour)) problems.push({ code: 'code_colour', colour: t.colour });
  if (rule.negativeWithinHours !== null) {
    const since = now.getTime() - rule.negativeWithinHours * 3600_000;
    const at = t.lastNegativeAt?.getTime();
    if (at === undefined || at < since || at > now.getTime())
      problems.push({
        code: 'no_recent_negative',
        hours: rule.negativeWithinHours,
        lastNegativeAt: t.lastNegativeAt ? t.lastNegativeAt.toISOString() : null,
      });
  }
  for (const certificate of rule.certificates) {
    if (!t.certificates.includes(certificate)) problems.push({ code: 'certificate_missing', certificate });
  }
  return { verdict: problems.length === 0 ? 'pass' : 'turn_back', problems };
}
