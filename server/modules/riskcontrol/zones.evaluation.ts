/**
 * A zone's lifting state on a CST day: its edition's rule (domain/zones.ts `zoneLifting`, the rules
 * of `editionById(edition).zones`) applied to the facts zones.facts.ts gathers. The state is kept on
 * the zone (`evaluation`, `evaluated_on`) and a `zone_events` row ('evaluated') is written whenever
 * it changes — whether the zone can be lifted, the conditions still unmet, the date it can be.
 *
 * When: once each China day for every active zone (daily.ts, scheduled by serve.ts), on read when the
 * stored state is older than today, on the tracing events that can change it (zones.events.ts),
 * after every change of a zone, and on request (POST …/evaluate).
 *
 * A kind without a lifting rule (the 9th edition's low-risk area, the last step) has no condition:
 * it is lifted whenever the command decides.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import { editionById } from '../../../domain/protocol.js';
import { cstDate } from '../../../domain/tracing.js';
import {
  type LiftingState,
  type ZoneRules,
  zoneLifting,
  zoneRules9th,
  zoneRulesHebei,
} from '../../../domain/zones.js';
import type { Database } from '../../db/schema.js';
import { type ZoneRow, gatherFacts } from './zones.facts.js';
import type { Lifting } from './zones.schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type LiftingView = Static<typeof Lifting>;

/** Today in China (the day every zone is evaluated for). */
export function todayCst(): string {
  return cstDate(new Date());
}

/** The zone rules of an edition; an edition without them falls back on the kind's family. */
export function rulesFor(editionId: string, kind: ZoneRow['kind']): ZoneRules {
  try {
    const zones = editionById(editionId).zones as ZoneRules | undefined;
    if (zones) return zones;
  } catch {
    // An edition this build no longer ships: the kind says which family of rules it used.
  }
  return ['sealed', 'controlled', 'prevention'].includes(kind) ? zoneRulesHebei() : zoneRules9th();
}

/** The lifting state of `zone` on `day`, with the facts behind it. */
export async function liftingOf(db: Db, zone: ZoneRow, day: string): Promise<LiftingView> {
  const detail = await gatherFacts(db, zone, day);
  const rules = rulesFor(zone.edition_id, zone.kind);
  const state: LiftingState = rules.lifting[zone.kind]
    ? zoneLifting(rules, detail.facts, day)
    : { canLiftOn: day, liftableToday: true, to: null, conditions: [] };
  const { facts } = detail;
  return {
    day,
    ...state,
    facts: {
      since: facts.since,
      lastInfectionOn: facts.lastInfectionOn,
      closeContacts: facts.closeContacts
        ? {
            count: detail.closeContactCount,
            lastExposureOn: facts.closeContacts.lastExposureOn,
            allNegative: facts.closeContacts.allNegative,
            untested: detail.untested,
          }
        : null,
      rounds: detail.rounds,
      strongerZonesOpen: facts.strongerZonesOpen,
    },
  };
}

/** What counts as a change of state (a new zone_events row): not the mere passing of days. */
function stateKey(v: LiftingView | null): string {
  if (!v) return '';
  return JSON.stringify({
    liftable: v.liftableToday,
    canLiftOn:
      v.canLiftOn !== null && v.canLiftOn > v.day ? v.canLiftOn : v.canLiftOn === null ? null : 'now',
    unmet: v.conditions.filter((c) => !c.met).map((c) => c.code),
  });
}

/**
 * Evaluates an active zone on `day` and stores the state, in its own transaction (or the caller's).
 * A per-zone advisory lock keeps two servers from writing the same change twice.
 */
export async function evaluateZone(
  db: Db,
  zoneId: string,
  day: string,
  by: string | null,
  options: { force?: boolean } = {},
): Promise<LiftingView | null> {
  const run = async (tx: Transaction<Database>) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`risk.zone.${zoneId}`}::text))`.execute(tx);
    const zone = await tx.selectFrom('zones').selectAll().where('id', '=', zoneId).executeTakeFirst();
    if (!zone || zone.status !== 'active') return null;
    const stored = zone.evaluation as LiftingView | null;
    if (!options.force && zone.evaluated_on === day && stored) return stored;
    const view = await liftingOf(tx, zone, day);
    await tx
      .updateTable('zones')
      .set({ evaluation: JSON.stringify(view), evaluated_on: day })
      .where('county_code', '=', zone.county_code)
      .where('id', '=', zone.id)
      .execute();
    if (stateKey(stored) !== stateKey(view)) {
      await tx
        .insertInto('zone_events')
        .values({
          county_code: zone.county_code,
          zone_id: zone.id,
          by_user: by,
          action: 'evaluated',
          detail: JSON.stringify({
            day,
            liftable: view.liftableToday,
            canLiftOn: view.canLiftOn,
            to: view.to,
            unmet: view.conditions.filter((c) => !c.met).map((c) => c.code),
          }),
        })
        .execute();
    }
    return view;
  };
  // Inside the caller's transaction when given one (a Transaction cannot open another).
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/** Re-evaluates, for today, the active zones among `rows` whose stored state is older. */
export async function refreshStale(
  db: Kysely<Database>,
  rows: readonly ZoneRow[],
  day = todayCst(),
): Promise<Map<string, LiftingView>> {
  const out = new Map<string, LiftingView>();
  for (const row of rows) {
    if (row.status !== 'active') continue;
    if (row.evaluated_on === day && row.evaluation) {
      out.set(row.id, row.evaluation as LiftingView);
      continue;
    }
    const view = await evaluateZone(db, row.id, day, null);
    if (view) out.set(row.id, view);
  }
  return out;
}
