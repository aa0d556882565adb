/**
 * What a positive or invalid tube sets off, in the transaction that stores its result: everyone in
 * a pool is held at home with a recheck task, the task force gets an alert and a live event; a
 * recheck tube closes its task, and a positive one becomes a finding for the tracing module. And
 * the recall list of a tube: who was in it, where they live, how far their recheck is.
 *
 * Set-based: one statement per kind of row for all tubes of a batch, so a lab file with hundreds
 * of positive pools costs a handful of statements, not one per person.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import type { TubeResult } from '../../../domain/testing.js';
import type { Database, TaskStatus } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { householdAddress, unitNames } from '../population/places.js';
import type { Recall } from './tasks.schema.js';

export const POOL_POSITIVE = 'testing.pool_positive';
export const POOL_INVALID = 'testing.pool_invalid';
export const PERSON_POSITIVE = 'testing.person_positive';

/** A tube whose result was just stored. */
export interface ResultedTube {
  id: string;
  countyCode: string;
  jpath: string;
  roundId: string;
  barcode: string;
  purpose: 'screening' | 'recheck';
  members: number;
  result: TubeResult;
  orf1abCt: number | null;
  nCt: number | null;
}

/** Recall and recheck outcomes of freshly stored results; call inside the storing transaction. */
export async function afterResults(tx: Transaction<Database>, tubes: readonly ResultedTube[]): Promise<void> {
  const pools = tubes.filter((t) => t.purpose === 'screening' && t.result !== 'negative');
  const rechecks = tubes.filter((t) => t.purpose === 'recheck');
  if (pools.length > 0) await recallPools(tx, pools);
  if (rechecks.length > 0) await closeRechecks(tx, rechecks);
}

async function recallPools(tx: Transaction<Database>, pools: readonly ResultedTube[]): Promise<void> {
  const reason = (t: ResultedTube) => (t.result === 'positive' ? 'positive_pool' : 'invalid_pool');
  // Members are found through samples.tube_id (a sample carries the PERSON's county, which may
  // differ from the tube's); the task takes the person's place from the ledger as it is now.
  await sql`
    insert into sampling_tasks (county_code, jpath, round_id, kind, reason, person_id, household_id,
                                village_code, grid_code, source_tube_id, hold_at_home)
    select p.county_code, p.jpath, s.round_id, 'recheck', v.reason, p.id, p.household_id,
           p.village_code, p.grid_code, s.tube_id, true
    from unnest(${pools.map((t) => t.id)}::uuid[], ${pools.map(reason)}::text[]) as v(tube_id, reason)
    join samples s on s.tube_id = v.tube_id
    join people p on p.county_code = s.county_code and p.id = s.person_id
    on conflict do nothing`.execute(tx);
  await tx
    .insertInto('testing_alerts')
    .values(
      pools.map((t) => ({
        county_code: t.countyCode,
        jpath: t.jpath,
        round_id: t.roundId,
        tube_id: t.id,
        kind: reason(t),
        members: t.members,
      })),
    )
    .execute();
  for (const t of pools) {
    await emitEvent(
      tx,
      t.result === 'positive' ? POOL_POSITIVE : POOL_INVALID,
      { roundId: t.roundId, tubeId: t.id, barcode: t.barcode, members: t.members },
      t.jpath,
    );
  }
}

interface RecallRow {
  id: string;
  name: string;
  id_masked: string;
  phone_masked: string | null;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
  unit: string | null;
  room: string | null;
  task_id: string | null;
  task_status: TaskStatus | null;
  hold_at_home: boolean | null;
  recheck_barcode: string | null;
}

interface ClosedTask {
  id: string;
  county_code: string;
  jpath: string;
  round_id: string;
  reason: 'positive_pool' | 'invalid_pool' | 'immobile' | 'missing';
  person_id: string;
  household_id: string | null;
  village_code: string;
  grid_code: string | null;
  source_tube_id: string | null;
  tube_id: string;
  status: TubeResult;
}

async function closeRechecks(tx: Transaction<Database>, tubes: readonly ResultedTube[]): Promise<void> {
  const byTube = new Map(tubes.map((t) => [t.id, t]));
  // A negative recheck releases the person; a positive one stays held (isolation takes over); an
  // invalid one hands the hold to the fresh task below.
  const closed = await sql<ClosedTask>`
    update sampling_tasks t
    set status = v.result, resulted_at = now(), hold_at_home = (v.result = 'positive')
    from unnest(${tubes.map((t) => t.id)}::uuid[], ${tubes.map((t) => t.result)}::text[]) as v(tube_id, result)
    where t.tube_id = v.tube_id and t.status = 'sampled'
    returning t.id, t.county_code, t.jpath, t.round_id, t.reason, t.person_id, t.household_id,
              t.village_code, t.grid_code, t.source_tube_id, t.tube_id, t.status`.execute(tx);
  const positives = closed.rows.filter((t) => t.status === 'positive');
  const invalids = closed.rows.filter((t) => t.status === 'invalid');
  if (positives.length > 0) {
    const findings = await tx
      .insertInto('positive_findings')
      .values(
        positives.map((t) => {
          const tube = byTube.get(t.tube_id)!;
          return {
            county_code: t.county_code,
            jpath: t.jpath,
            person_id: t.person_id,
            round_id: t.round_id,
            tube_id: t.tube_id,
            task_id: t.id,
            orf1ab_ct: tube.orf1abCt,
            n_ct: tube.nCt,
          };
        }),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'county_code', 'jpath', 'person_id', 'round_id', 'tube_id'])
      .execute();
    if (findings.length > 0) {
      await tx
        .insertInto('testing_alerts')
        .values(
          findings.map((f) => ({
            county_code: f.county_code,
            jpath: f.jpath,
            round_id: f.round_id,
            tube_id: f.tube_id,
            kind: 'positive_person' as const,
            person_id: f.person_id,
            members: 1,
          })),
        )
        .execute();
    }
    for (const f of findings) {
      await emitEvent(
        tx,
        PERSON_POSITIVE,
        { findingId: f.id, personId: f.person_id, roundId: f.round_id, tubeId: f.tube_id },
        f.jpath,
      );
    }
  }
  if (invalids.length > 0) {
    await tx
      .insertInto('sampling_tasks')
      .values(
        invalids.map((t) => ({
          county_code: t.county_code,
          jpath: t.jpath,
          round_id: t.round_id,
          kind: 'recheck' as const,
          reason: t.reason,
          person_id: t.person_id,
          household_id: t.household_id,
          village_code: t.village_code,
          grid_code: t.grid_code,
          source_tube_id: t.source_tube_id,
          hold_at_home: true,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * The people of a tube with where they live and how far their recheck is. Whoever oversees the
 * tube's site sees everyone in it; anyone else sees only the members living in their subtree, and
 * nothing at all (OUT_OF_SCOPE) when none does.
 */
export async function recallList(ctx: RequestContext, tubeId: string): Promise<Static<typeof Recall>> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const db: Kysely<Database> = ctx.db;
  const tube = await db.selectFrom('tubes').selectAll().where('id', '=', tubeId).executeTakeFirst();
  if (!tube) throw Errors.notFound('Tube', tubeId);
  const scope = scopeOf(ctx.actor);
  const wholeTube = isInScope(scope, tube.jpath);
  const members =
    tube.purpose === 'recheck'
      ? sql`select county_code, person_id from sampling_tasks where tube_id = ${tube.id}`
      : sql`select county_code, person_id from samples where tube_id = ${tube.id}`;
  // For a pool, the newest recheck task it caused (an invalid recheck leaves a closed one behind);
  // for a recheck tube, its own task.
  const taskLink =
    tube.purpose === 'recheck' ? sql`t.tube_id = ${tube.id}` : sql`t.source_tube_id = ${tube.id}`;
  const rows = (
    await sql<RecallRow>`
      select p.id, p.name, p.id_masked, p.phone_masked, p.village_code, p.grid_code, p.building_code,
             p.unit, p.room, t.id as task_id, t.status as task_status, t.hold_at_home,
             rt.barcode as recheck_barcode
      from (${members}) m
      join people p on p.county_code = m.county_code and p.id = m.person_id
      left join lateral (
        select id, status, hold_at_home, tube_id from sampling_tasks t
        where t.county_code = p.county_code and t.person_id = p.id and ${taskLink}
        order by t.created_at desc limit 1
      ) t on true
      left join tubes rt on rt.id = t.tube_id
      where ${wholeTube ? sql`true` : inScope(scope, 'p')}
      order by p.jpath, p.id`.execute(db)
  ).rows;
  if (!wholeTube && rows.length === 0) throw Errors.outOfScope(`Tube ${tube.barcode}`);
  const [names] = await Promise.all([
    unitNames(
      db,
      rows.flatMap((r) => [r.village_code, r.grid_code, r.building_code]),
    ),
    recordAudit(ctx, {
      action: 'testing.recall_viewed',
      resourceType: 'tube',
      resourceId: tube.id,
      jpath: wholeTube ? tube.jpath : ctx.actor.jpath,
      detail: { barcode: tube.barcode, members: rows.length, whole: wholeTube },
    }),
  ]);
  const ref = (code: string | null) => (code ? { code, name: names.get(code) ?? code } : null);
  return {
    tube: {
      id: tube.id,
      barcode: tube.barcode,
      roundId: tube.round_id,
      purpose: tube.purpose,
      status: tube.status,
      result: tube.result,
      orf1abCt: tube.orf1ab_ct === null ? null : Number(tube.orf1ab_ct),
      nCt: tube.n_ct === null ? null : Number(tube.n_ct),
      resultedAt: tube.resulted_at ? tube.resulted_at.toISOString() : null,
      resultConflict: tube.result_conflict,
      members: tube.members,
    },
    items: rows.map((r) => {
      const villageName = names.get(r.village_code) ?? r.village_code;
      return {
        personId: r.id,
        name: r.name,
        idMasked: r.id_masked,
        phoneMasked: r.phone_masked,
        address: householdAddress(
          villageName,
          r.building_code ? (names.get(r.building_code) ?? null) : null,
          r.unit,
          r.room,
        ),
        village: { code: r.village_code, name: villageName },
        grid: ref(r.grid_code),
        task: r.task_id
          ? {
              id: r.task_id,
              status: r.task_status!,
              holdAtHome: r.hold_at_home!,
              recheckBarcode: r.recheck_barcode,
            }
          : null,
      };
    }),
  };
}
