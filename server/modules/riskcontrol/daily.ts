/**
 * The risk-control day (每日研判): once each China day, every active zone is evaluated against its
 * edition's lifting rules for that day (zones.evaluation.ts), and the stored health codes whose
 * day has come are recomputed (codes.recompute.ts `sweepDue`). Reads and tracing events keep both
 * fresh during the day as well; this is what makes "can be lifted on <date>" and a code's colour
 * right on the morning nobody has opened a zone yet.
 *
 * Each server checks every few minutes (serve.ts). Servers share nothing but the database, so the
 * day is claimed there first (`settings` 'risk.daily'): one server runs it, the others see the
 * claim. A server stopped midway leaves the rest of the day to reads and events, and the next
 * day's run picks up every zone still stale.
 */
import { type Kysely, sql } from 'kysely';
import { cstDate } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { sweepDue } from './codes.recompute.js';
import { evaluateZone } from './zones.evaluation.js';

const CLAIM = 'risk.daily';

export interface DailySummary {
  day: string;
  zones: number;
  liftable: number;
  codesSwept: number;
  codesChanged: number;
  ms: number;
}

/** Claims `day` for this server; false when another server (or an earlier run) already has it. */
async function claim(db: Kysely<Database>, day: string): Promise<boolean> {
  const { rows } = await sql<{ key: string }>`insert into settings (key, value)
      values (${CLAIM}, ${JSON.stringify({ day, at: new Date().toISOString() })}::jsonb)
      on conflict (key) do update set value = excluded.value
        where settings.value->>'day' is distinct from ${day}
      returning key`.execute(db);
  return rows.length > 0;
}

/**
 * Runs the day's evaluation when nobody has yet: every active zone not yet evaluated for `day`,
 * then the code sweep. Null when the day was already claimed.
 */
export async function runRiskDay(db: Kysely<Database>, now = new Date()): Promise<DailySummary | null> {
  const day = cstDate(now);
  if (!(await claim(db, day))) return null;
  const started = Date.now();
  try {
    return await runDay(db, day, now, started);
  } catch (error) {
    // Failed midway: the claim goes, so that the next check (here or on another server) runs it again.
    await sql`delete from settings where key = ${CLAIM} and value->>'day' = ${day}`.execute(db);
    throw error;
  }
}

async function runDay(db: Kysely<Database>, day: string, now: Date, started: number): Promise<DailySummary> {
  const stale = await db
    .selectFrom('zones')
    .select('id')
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('evaluated_on', 'is', null), eb('evaluated_on', '<', day)]))
    .orderBy('id')
    .execute();
  let liftable = 0;
  for (const { id } of stale) {
    const view = await evaluateZone(db, id, day, null);
    if (view?.liftableToday) liftable++;
  }
  const codes = await sweepDue(db, now);
  return {
    day,
    zones: stale.length,
    liftable,
    codesSwept: codes.swept,
    codesChanged: codes.changed,
    ms: Date.now() - started,
  };
}

export interface DailyLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Checks every `everyMs` (and once at start) whether a new day needs its run; returns a stopper. */
export function scheduleRiskDay(
  db: Kysely<Database>,
  log: DailyLog,
  everyMs = 5 * 60_000,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = runRiskDay(db)
      .then((summary) => {
        if (summary) log.info(summary, 'risk day: zones evaluated, health codes swept');
      })
      .catch((error: unknown) => log.error({ err: error }, 'risk day failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
