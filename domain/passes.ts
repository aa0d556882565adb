/**
 * The rules of pass applications (通行证) that need no I/O: what each pass type requires, how long
 * it may run, who approves it, which certificates an approved pass stands for at a checkpoint, and
 * plates (车牌) as typed by people. Shared by the server (passes.service.ts, verify.service.ts) and
 * the web form, which explains a refusal before the server gives it.
 *
 * Decisions (DOMAIN.md "Passes and checkpoints", March 2022):
 * - Vehicle types (supply_vehicle, enterprise_vehicle, pickup) need a plate and at least one named
 *   driver; a supply vehicle (三定: fixed person, vehicle, route) also needs its route.
 * - Passes that cross into Beijing for work (vehicles, enterprise and supply staff) are approved
 *   at county level or above; a resident's commuter, medical or pick-up pass at town level or above.
 * - An approved pass stands for the certificates its approval checked: an employer's (enterprise,
 *   supply and commuter passes), the residence certificate of the town that approved a commuter,
 *   the community's for medical trips and pick-ups.
 */
import type { Certificate } from './checkpoint-policy.js';
import { PASS_TYPES, type PassType } from './pass-token.js';

export { PASS_TYPES, type PassType };

export type ApproverLevel = 'city' | 'county' | 'town';

export interface PassTypeRule {
  /** Needs a plate and a named driver. */
  vehicle: boolean;
  /** The route (checkpoint codes) must be given. */
  routeRequired: boolean;
  /** The longest validity, in days. */
  maxDays: number;
  /** The lowest level of administrator who may approve it. */
  approver: 'county' | 'town';
  /** What an approved pass stands for at a checkpoint (checkpoint-policy.ts certificates). */
  certificates: readonly Certificate[];
}

export const PASS_RULES: Record<PassType, PassTypeRule> = {
  supply_vehicle: {
    vehicle: true,
    routeRequired: true,
    maxDays: 14,
    approver: 'county',
    certificates: ['employer'],
  },
  enterprise_vehicle: {
    vehicle: true,
    routeRequired: false,
    maxDays: 14,
    approver: 'county',
    certificates: ['employer'],
  },
  enterprise_staff: {
    vehicle: false,
    routeRequired: false,
    maxDays: 30,
    approver: 'county',
    certificates: ['employer'],
  },
  supply_staff: {
    vehicle: false,
    routeRequired: false,
    maxDays: 30,
    approver: 'county',
    certificates: ['employer'],
  },
  commuter: {
    vehicle: false,
    routeRequired: false,
    maxDays: 30,
    approver: 'town',
    certificates: ['employer', 'residence'],
  },
  medical: {
    vehicle: false,
    routeRequired: false,
    maxDays: 3,
    approver: 'town',
    certificates: ['community'],
  },
  pickup: { vehicle: true, routeRequired: false, maxDays: 2, approver: 'town', certificates: ['community'] },
};

/** At most this many people on one pass; at most this many checkpoints on a route. */
export const MAX_HOLDERS = 20;
export const MAX_ROUTE = 20;
/** A pass may be applied for at most this many days ahead. */
export const MAX_DAYS_AHEAD = 30;

const RANK: Record<ApproverLevel, number> = { city: 0, county: 1, town: 2 };

/** Whether an administrator homed at `level` may approve (or revoke) a pass of this type. */
export function canApproveType(type: PassType, level: string): boolean {
  if (!(level in RANK)) return false;
  return RANK[level as ApproverLevel] <= RANK[PASS_RULES[type].approver];
}

/** The certificates a pass of this type stands for. */
export function certificatesOf(type: PassType): readonly Certificate[] {
  return PASS_RULES[type].certificates;
}

// ---------------------------------------------------------------------------------------------
// Plates

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LETTER = 'A-HJ-NP-Z'; // no I or O on plates
const ORDINARY = new RegExp(`^[${PROVINCES}][A-Z][${LETTER}0-9]{4}[${LETTER}0-9挂学警港澳]$`);
// New energy (8 characters): small cars D/F then 5 (冀R·D12345), large vehicles 5 digits then D/F.
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][A-Z](?:[DF][${LETTER}0-9]\\d{4}|\\d{5}[DF])$`);

/** A plate as typed (冀R·12345, 冀r 12345, full-width letters) in its stored form: 冀R12345. */
export function normalisePlate(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000·•・.\-–—]/g, '')
    .toUpperCase();
}

/** The normalised plate, or null when it is not a Chinese plate. */
export function parsePlate(input: string): string | null {
  const plate = normalisePlate(input);
  return ORDINARY.test(plate) || NEW_ENERGY.test(plate) ? plate : null;
}

/** 冀R12345 → 冀R·12345, as printed on the plate. */
export function displayPlate(plate: string): string {
  return plate.length >= 3 ? `${plate.slice(0, 2)}·${plate.slice(2)}` : plate;
}

// ---------------------------------------------------------------------------------------------
// An application's shape (what can be said without the database)

export interface ApplicationShape {
  type: PassType;
  plate?: string | null | undefined;
  holders: ReadonlyArray<{ role: 'driver' | 'holder' }>;
  route: readonly string[];
  validFrom: Date;
  validUntil: Date;
}

export interface ApplicationProblem {
  field: string;
  problem:
    | 'plate_required'
    | 'bad_plate'
    | 'plate_not_allowed'
    | 'no_holders'
    | 'too_many_holders'
    | 'driver_required'
    | 'route_required'
    | 'route_too_long'
    | 'route_repeats'
    | 'until_before_from'
    | 'too_long'
    | 'already_over'
    | 'too_far_ahead';
  message: string;
}

const DAY = 86_400_000;

/** Every problem of an application's shape, each naming its field. `now` bounds the validity. */
export function applicationProblems(a: ApplicationShape, now: Date): ApplicationProblem[] {
  const rule = PASS_RULES[a.type];
  const out: ApplicationProblem[] = [];
  const plate = a.plate?.trim() ? a.plate : null;
  if (rule.vehicle) {
    if (!plate)
      out.push({ field: 'plate', problem: 'plate_required', message: 'a vehicle pass needs a plate' });
    else if (!parsePlate(plate))
      out.push({ field: 'plate', problem: 'bad_plate', message: 'not a Chinese plate (e.g. 冀R·12345)' });
    if (!a.holders.some((h) => h.role === 'driver'))
      out.push({
        field: 'holders',
        problem: 'driver_required',
        message: 'a vehicle pass names its driver(s)',
      });
  } else if (plate) {
    out.push({
      field: 'plate',
      problem: 'plate_not_allowed',
      message: `a ${a.type} pass is for people, not a vehicle`,
    });
  }
  if (a.holders.length === 0)
    out.push({ field: 'holders', problem: 'no_holders', message: 'name at least one person' });
  if (a.holders.length > MAX_HOLDERS)
    out.push({ field: 'holders', problem: 'too_many_holders', message: `at most ${MAX_HOLDERS} people` });
  if (rule.routeRequired && a.route.length === 0)
    out.push({
      field: 'route',
      problem: 'route_required',
      message: 'a supply vehicle (三定) needs its route',
    });
  if (a.route.length > MAX_ROUTE)
    out.push({ field: 'route', problem: 'route_too_long', message: `at most ${MAX_ROUTE} checkpoints` });
  if (new Set(a.route).size !== a.route.length)
    out.push({ field: 'route', problem: 'route_repeats', message: 'a checkpoint appears twice' });
  const from = a.validFrom.getTime();
  const until = a.validUntil.getTime();
  if (until <= from) {
    out.push({ field: 'validUntil', problem: 'until_before_from', message: 'must be after validFrom' });
  } else if (until - from > rule.maxDays * DAY) {
    out.push({
      field: 'validUntil',
      problem: 'too_long',
      message: `a ${a.type} pass runs at most ${rule.maxDays} days`,
    });
  }
  if (until <= now.getTime())
    out.push({ field: 'validUntil', problem: 'already_over', message: 'is already past' });
  if (from > now.getTime() + MAX_DAYS_AHEAD * DAY)
    out.push({
      field: 'validFrom',
      problem: 'too_far_ahead',
      message: `at most ${MAX_DAYS_AHEAD} days ahead`,
    });
  return out;
}

/** Whether two validity windows overlap (ends excluded: one may start the moment the other ends). */
export function overlaps(a: { from: Date; until: Date }, b: { from: Date; until: Date }): boolean {
  return a.from.getTime() < b.until.getTime() && b.from.getTime() < a.until.getTime();
}
