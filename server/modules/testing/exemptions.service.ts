/**
 * Exemptions from a round: people in hospital, in isolation or away (with a reason) are not
 * expected to be sampled, so coverage subtracts them instead of chasing them door to door.
 */
import { Permission } from '../../../domain/access.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { findPersonRef } from '../population/people.service.js';
import { visibleRound, zoneAt } from './rounds.service.js';

export type ExemptionReason = 'hospital' | 'isolation' | 'away' | 'other';

export async function exempt(
  ctx: RequestContext,
  roundId: string,
  input: { personId: string; reason: ExemptionReason; note?: string | null },
): Promise<void> {
  requirePermission(ctx.actor, Permission.TestingExempt);
  const round = await visibleRound(ctx, roundId);
  const person = await findPersonRef(ctx, { id: input.personId });
  if (!person) throw Errors.notFound('Person', input.personId);
  if (!zoneAt(round.areas, person.jpath)) throw Errors.outsideRound(`Person ${person.idMasked}`);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('round_exemptions')
      .values({
        county_code: person.countyCode,
        round_id: round.id,
        person_id: person.id,
        jpath: person.jpath,
        reason: input.reason,
        note: input.note ?? null,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) =>
        oc
          .columns(['county_code', 'round_id', 'person_id'])
          .doUpdateSet({ reason: input.reason, note: input.note ?? null }),
      )
      .execute();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.exempted',
        resourceType: 'person',
        resourceId: person.id,
        jpath: person.jpath,
        detail: { roundId: round.id, reason: input.reason },
      },
    );
  });
}

export async function unexempt(ctx: RequestContext, roundId: string, personId: string): Promise<void> {
  requirePermission(ctx.actor, Permission.TestingExempt);
  const round = await visibleRound(ctx, roundId);
  const person = await findPersonRef(ctx, { id: personId });
  if (!person) throw Errors.notFound('Person', personId);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('round_exemptions')
      .where('county_code', '=', person.countyCode)
      .where('round_id', '=', round.id)
      .where('person_id', '=', person.id)
      .execute();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.exempted',
        resourceType: 'person',
        resourceId: person.id,
        jpath: person.jpath,
        detail: { roundId: round.id, withdrawn: true },
      },
    );
  });
}

export async function listExemptions(
  ctx: RequestContext,
  roundId: string,
  query: { jurisdiction?: string; limit?: number; offset?: number },
) {
  const round = await visibleRound(ctx, roundId);
  requirePermission(ctx.actor, Permission.PopulationRead);
  const within = query.jurisdiction
    ? scopeOf(await jurisdictionInScope(ctx, query.jurisdiction))
    : scopeOf(ctx.actor);
  const base = ctx.db
    .selectFrom('round_exemptions as e')
    .innerJoin('people as p', (j) =>
      j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'),
    )
    .where('e.round_id', '=', round.id)
    .where(inScope(scopeOf(ctx.actor), 'e'))
    .where(inScope(within, 'e'));
  const [rows, total] = await Promise.all([
    base
      .select(['e.person_id', 'p.name', 'p.id_masked', 'e.reason', 'e.note', 'e.created_at'])
      .orderBy('e.jpath')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'testing.exemptions_viewed',
    resourceType: 'round',
    resourceId: round.id,
    jpath: within.jpath,
    detail: { listed: rows.length },
  });
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      name: r.name,
      idMasked: r.id_masked,
      reason: r.reason,
      note: r.note,
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(total.n),
  };
}
