/**
 * Recheck and door-to-door tasks as the grid's emergency team works them, the recheck sample
 * (one single tube per person), and the alerts the task force acknowledges.
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { parseTubeBarcode } from '../../../domain/testing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { findJurisdiction } from '../jurisdictions/jurisdictions.service.js';
import { narrowedScope } from '../population/people.service.js';
import { householdAddress, unitNames } from '../population/places.js';
import type { Alert, AlertListQuery, Task, TaskListQuery } from './tasks.schema.js';

export const TASK_CHANGED = 'testing.task_changed';

function taskQuery(ctx: RequestContext) {
  return ctx.db
    .selectFrom('sampling_tasks as t')
    .innerJoin('people as p', (j) =>
      j.onRef('p.county_code', '=', 't.county_code').onRef('p.id', '=', 't.person_id'),
    )
    .leftJoin('tubes as st', 'st.id', 't.source_tube_id')
    .leftJoin('tubes as rt', 'rt.id', 't.tube_id')
    .where(inScope(scopeOf(ctx.actor), 't'));
}

async function presentTasks(
  ctx: RequestContext,
  rows: Awaited<ReturnType<typeof selectTasks>>,
): Promise<Array<Static<typeof Task>>> {
  const names = await unitNames(
    ctx.db,
    rows.flatMap((r) => [r.village_code, r.grid_code, r.building_code]),
  );
  const ref = (code: string | null) => (code ? { code, name: names.get(code) ?? code } : null);
  return rows.map((r) => {
    const villageName = names.get(r.village_code) ?? r.village_code;
    return {
      id: r.id,
      roundId: r.round_id,
      kind: r.kind,
      reason: r.reason,
      status: r.status,
      holdAtHome: r.hold_at_home,
      person: { id: r.person_id, name: r.name, idMasked: r.id_masked, phoneMasked: r.phone_masked },
      address: householdAddress(
        villageName,
        r.building_code ? (names.get(r.building_code) ?? null) : null,
        r.unit,
        r.room,
      ),
      village: { code: r.village_code, name: villageName },
      grid: ref(r.grid_code),
      sourceTube:
        r.source_tube_id && r.source_barcode ? { id: r.source_tube_id, barcode: r.source_barcode } : null,
      tube:
        r.tube_id && r.tube_barcode
          ? { id: r.tube_id, barcode: r.tube_barcode, result: r.tube_result }
          : null,
      createdAt: r.created_at.toISOString(),
      sampledAt: r.sampled_at ? r.sampled_at.toISOString() : null,
      resultedAt: r.resulted_at ? r.resulted_at.toISOString() : null,
    };
  });
}

function selectTasks(qb: ReturnType<typeof taskQuery>) {
  return qb
    .select([
      't.id',
      't.round_id',
      't.kind',
      't.reason',
      't.status',
      't.hold_at_home',
      't.person_id',
      't.village_code',
      't.grid_code',
      't.source_tube_id',
      't.tube_id',
      't.created_at',
      't.sampled_at',
      't.resulted_at',
      'p.name',
      'p.id_masked',
      'p.phone_masked',
      'p.building_code',
      'p.unit',
      'p.room',
      'st.barcode as source_barcode',
      'rt.barcode as tube_barcode',
      'rt.result as tube_result',
    ])
    .execute();
}

/** Tasks placed in the actor's subtree (the person's home), newest first; an audited list of people. */
export async function listTasks(
  ctx: RequestContext,
  query: Static<typeof TaskListQuery>,
): Promise<{ items: Array<Static<typeof Task>>; total: number }> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const within = await narrowedScope(ctx, query.jurisdiction);
  let qb = taskQuery(ctx).where(inScope(within, 't'));
  if (query.roundId) qb = qb.where('t.round_id', '=', query.roundId);
  if (query.status) qb = qb.where('t.status', '=', query.status);
  if (query.kind) qb = qb.where('t.kind', '=', query.kind);
  const [rows, count] = await Promise.all([
    selectTasks(
      qb
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id')
        .limit(query.limit ?? 100)
        .offset(query.offset ?? 0),
    ),
    qb.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    recordAudit(ctx, {
      action: 'testing.recall_viewed',
      resourceType: 'sampling_tasks',
      jpath: within.jpath,
      detail: { list: 'tasks', roundId: query.roundId, status: query.status, kind: query.kind },
    }),
  ]);
  return { items: await presentTasks(ctx, rows), total: count.n };
}

/**
 * The recheck sample of one person: a new single tube (closed at once, it holds one swab) linked to
 * the task. Its result comes back through the lab upload like any tube's and closes the task there.
 */
export async function sampleTask(
  ctx: RequestContext,
  taskId: string,
  barcodeText: string,
): Promise<Static<typeof Task>> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const parsed = parseTubeBarcode(barcodeText);
  if (!parsed.ok) throw Errors.validation([{ field: 'barcode', message: 'not a tube barcode' }]);
  const task = await ctx.db
    .selectFrom('sampling_tasks')
    .selectAll()
    .where('id', '=', taskId)
    .executeTakeFirst();
  if (!task) throw Errors.notFound('Task', taskId);
  assertInScope(scopeOf(ctx.actor), task.jpath, `Task ${taskId}`);
  // Door-to-door samples go into ordinary pooled tubes through the scan at the table.
  if (task.kind !== 'recheck') throw Errors.taskWrongState(task.id, task.kind, 'take a recheck sample');
  if (task.status !== 'pending') throw Errors.taskWrongState(task.id, task.status, 'take a recheck sample');
  const [village, source] = await Promise.all([
    findJurisdiction(ctx.db, task.village_code),
    task.source_tube_id
      ? ctx.db
          .selectFrom('tubes')
          .select('pool_group')
          .where('id', '=', task.source_tube_id)
          .executeTakeFirst()
      : undefined,
  ]);
  if (!village) throw Errors.notFound('Jurisdiction', task.village_code);
  await ctx.db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('tubes')
      .select('id')
      .where('county_code', '=', village.county_code)
      .where('barcode', '=', parsed.value)
      .executeTakeFirst();
    if (taken) throw Errors.tubeExists(parsed.value);
    const now = new Date();
    const tube = await tx
      .insertInto('tubes')
      .values({
        county_code: village.county_code,
        jpath: village.jpath,
        round_id: task.round_id,
        barcode: parsed.value,
        // The pool's group, for reports by group; capacity 1 and purpose say it is a single tube.
        pool_group: source?.pool_group ?? 'isolation',
        capacity: 1,
        household_id: task.household_id,
        purpose: 'recheck',
        members: 1,
        status: 'closed',
        opened_by: ctx.actor.userId,
        closed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const updated = await tx
      .updateTable('sampling_tasks')
      .set({ status: 'sampled', tube_id: tube.id, sampled_at: now })
      .where('county_code', '=', task.county_code)
      .where('id', '=', task.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw Errors.taskWrongState(task.id, 'sampled', 'take a recheck sample');
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.task_recorded',
        resourceType: 'sampling_task',
        resourceId: task.id,
        jpath: task.jpath,
        detail: { barcode: parsed.value, tubeId: tube.id, roundId: task.round_id },
      },
    );
    await emitEvent(
      tx,
      TASK_CHANGED,
      { taskId: task.id, roundId: task.round_id, tubeId: tube.id, status: 'sampled' },
      task.jpath,
    );
  });
  const [item] = await presentTasks(
    ctx,
    await selectTasks(
      taskQuery(ctx).where('t.county_code', '=', task.county_code).where('t.id', '=', task.id),
    ),
  );
  return item!;
}

function alertQuery(ctx: RequestContext) {
  return ctx.db
    .selectFrom('testing_alerts as a')
    .leftJoin('tubes as tb', 'tb.id', 'a.tube_id')
    .select([
      'a.id',
      'a.kind',
      'a.round_id',
      'a.tube_id',
      'a.person_id',
      'a.members',
      'a.jpath',
      'a.raised_at',
      'a.acknowledged_at',
      'tb.barcode',
    ])
    .where(inScope(scopeOf(ctx.actor), 'a'));
}

async function presentAlerts(
  ctx: RequestContext,
  rows: Awaited<ReturnType<ReturnType<typeof alertQuery>['execute']>>,
): Promise<Array<Static<typeof Alert>>> {
  // The place of an alert: its village (or the site's unit above it) by code.
  const placeOf = (jpath: string) => jpath.split('/')[0]!.padEnd(12, '0');
  const names = await unitNames(
    ctx.db,
    rows.map((r) => placeOf(r.jpath)),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    roundId: r.round_id,
    tube: { id: r.tube_id, barcode: r.barcode },
    personId: r.person_id,
    members: r.members,
    place: { code: placeOf(r.jpath), name: names.get(placeOf(r.jpath)) ?? placeOf(r.jpath) },
    raisedAt: r.raised_at.toISOString(),
    acknowledgedAt: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
  }));
}

export async function listAlerts(
  ctx: RequestContext,
  query: Static<typeof AlertListQuery>,
): Promise<Array<Static<typeof Alert>>> {
  requirePermission(ctx.actor, Permission.TestingRead);
  let qb = alertQuery(ctx);
  if (query.roundId) qb = qb.where('a.round_id', '=', query.roundId);
  if (query.unacknowledged) qb = qb.where('a.acknowledged_at', 'is', null);
  const rows = await qb
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return presentAlerts(ctx, rows);
}

/** Someone has taken the alert in hand; a second acknowledgement changes nothing. */
export async function acknowledgeAlert(ctx: RequestContext, id: string): Promise<Static<typeof Alert>> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const alert = await ctx.db.selectFrom('testing_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!alert) throw Errors.notFound('Alert', id);
  assertInScope(scopeOf(ctx.actor), alert.jpath, `Alert ${id}`);
  if (!alert.acknowledged_at) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('testing_alerts')
        .set({ acknowledged_at: new Date(), acknowledged_by: ctx.actor.userId })
        .where('county_code', '=', alert.county_code)
        .where('id', '=', alert.id)
        .where('acknowledged_at', 'is', null)
        .execute();
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'testing.alert_acknowledged',
          resourceType: 'testing_alert',
          resourceId: alert.id,
          jpath: alert.jpath,
          detail: { kind: alert.kind, tubeId: alert.tube_id },
        },
      );
    });
  }
  const rows = await alertQuery(ctx)
    .where('a.county_code', '=', alert.county_code)
    .where('a.id', '=', alert.id)
    .execute();
  return (await presentAlerts(ctx, rows))[0]!;
}
