/**
 * Lifting a zone (解封 / 解除管控), or stepping a 9th-edition area down (high → medium → low).
 *
 * The zone's lifting state is computed for the day the lifting takes effect (`on`, default today;
 * not in the future, not before the zone began — a worker may record a lifting decided on an
 * earlier day, as contacts' status changes take `at`). Not liftable that day → 409
 * ZONE_LIFT_BLOCKED with the unmet conditions and the day it can be, unless `override` gives a
 * reason: the audit entry then keeps the reason and the conditions it overrode (as tracing's
 * release from isolation does, contacts.release.ts).
 *
 * A rule that leads to another kind (9th edition) ends the zone as `stepped_down` and starts the
 * next kind over the same place, on that day, naming the old zone in `previous_zone_id` (and the day
 * in `stepped_from_high_on` when it came down from high). Otherwise the zone ends as `lifted`.
 * Either way its lockdown gates are released (zones.gates.ts), and the audit entry, the zone events
 * and ZONE_CHANGED are written in the same transaction.
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import type { RequestContext } from '../../platform/context.js';
import { requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { evaluateZone, liftingOf, todayCst } from './zones.evaluation.js';
import { lockDown, releaseGates } from './zones.gates.js';
import type { LiftInput, LiftResult } from './zones.schema.js';
import { loadZone, presentDetail, presentZones, zoneChanged, zoneEvent } from './zones.service.js';

export async function liftZone(
  ctx: RequestContext,
  id: string,
  body: Static<typeof LiftInput>,
): Promise<Static<typeof LiftResult>> {
  requirePermission(ctx.actor, Permission.RiskZones);
  const today = todayCst();
  const day = body.on ?? today;
  if (day > today) throw Errors.validation([{ field: 'on', message: 'is in the future' }]);
  const override = body.override?.trim() || null;
  const note = body.note?.trim() || null;

  const result = await ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`risk.zone.${id}`}::text))`.execute(tx);
    const zone = await loadZone(ctx, id, { tx, forUpdate: true, change: true });
    if (zone.status !== 'active') throw Errors.zoneNotActive(zone.id, zone.status);
    if (day < zone.started_on)
      throw Errors.validation([{ field: 'on', message: `is before the zone began (${zone.started_on})` }]);
    const state = await liftingOf(tx, zone, day);
    const unmet = state.conditions.filter((c) => !c.met);
    if (!state.liftableToday && !override) throw Errors.zoneLiftBlocked(zone.id, state.canLiftOn, unmet);
    const overridden = state.liftableToday ? {} : { overridden: unmet, reason: override };
    const stepTo = state.to;

    await tx
      .updateTable('zones')
      .set({
        status: stepTo ? 'stepped_down' : 'lifted',
        ended_at: new Date(),
        ended_by: ctx.actor.userId,
        end_note: note ?? override,
        evaluation: JSON.stringify(state),
        evaluated_on: day,
        version: sql<number>`version + 1`,
      })
      .where('county_code', '=', zone.county_code)
      .where('id', '=', zone.id)
      .execute();

    let next = null;
    if (stepTo) {
      next = await tx
        .insertInto('zones')
        .values({
          county_code: zone.county_code,
          jpath: zone.jpath,
          jurisdiction_code: zone.jurisdiction_code,
          name: zone.name,
          kind: stepTo,
          edition_id: zone.edition_id,
          reason: zone.reason,
          started_on: day,
          started_by: ctx.actor.userId,
          previous_zone_id: zone.id,
          stepped_from_high_on: zone.kind === 'high' ? day : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await zoneEvent(tx, next, ctx.actor.userId, 'created', {
        kind: next.kind,
        editionId: next.edition_id,
        startedOn: day,
        steppedFrom: zone.id,
        fromKind: zone.kind,
      });
      await lockDown(tx, next, ctx.actor.userId);
    }
    const gatesDeactivated = await releaseGates(tx, zone);
    const detail = {
      on: day,
      kind: zone.kind,
      ...(stepTo ? { to: stepTo, next: next?.id } : {}),
      gatesDeactivated,
      ...(note ? { note } : {}),
      ...overridden,
    };
    await zoneEvent(tx, zone, ctx.actor.userId, stepTo ? 'stepped_down' : 'lifted', detail);
    await recordAudit(
      ctx,
      {
        action: stepTo ? 'risk.zone_stepped_down' : 'risk.zone_lifted',
        resourceType: 'zone',
        resourceId: zone.id,
        jpath: zone.jpath,
        detail,
      },
      tx,
    );
    await zoneChanged(tx, zone);
    if (next) {
      await zoneChanged(tx, next);
      await evaluateZone(tx, next.id, day, ctx.actor.userId, { force: true });
    }
    return { nextId: next?.id ?? null, gatesDeactivated };
  });

  const zone = await loadZone(ctx, id);
  const nextRow = result.nextId
    ? await ctx.db.selectFrom('zones').selectAll().where('id', '=', result.nextId).executeTakeFirstOrThrow()
    : null;
  return {
    zone: await presentDetail(ctx.db, zone),
    next: nextRow ? ((await presentZones(ctx.db, [nextRow], new Map()))[0] ?? null) : null,
    gatesDeactivated: result.gatesDeactivated,
  };
}
