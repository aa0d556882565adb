/**
 * Who a round is still missing (漏检): the list by household for the village to call or visit, and
 * the door-to-door sampling tasks built from it for those who cannot or did not come.
 */
import { type Kysely, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, hasPermission, requirePermission } from '../../platform/context.js';
import { emitEvent } from '../../platform/outbox.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { SUMMARY_COLUMNS } from '../population/people.presenter.js';
import { summarise } from '../population/people.service.js';
import type { DoorToDoorBody, DoorToDoorResponse, MissingQuery, MissingResponse } from './coverage.schema.js';
import { coverageTarget } from './coverage.service.js';
import { assertRoundActive, visibleRound } from './rounds.service.js';

type Db = Kysely<Database>;
export const TASKS_CREATED = 'testing.tasks_created';

/** People under the paths expected in the round and not sampled (not exempt, no sample). */
function missingPeople(db: Db, roundId: string, paths: string[]) {
  return db
    .selectFrom('people')
    .where((eb) => eb.or(paths.map((p) => inScope(scopeOf({ jpath: p }), 'people'))))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('samples as s')
            .select(sql`1`.as('one'))
            .whereRef('s.county_code', '=', 'people.county_code')
            .where('s.round_id', '=', roundId)
            .whereRef('s.person_id', '=', 'people.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('round_exemptions as e')
            .select(sql`1`.as('one'))
            .whereRef('e.county_code', '=', 'people.county_code')
            .where('e.round_id', '=', roundId)
            .whereRef('e.person_id', '=', 'people.id'),
        ),
      ),
    );
}

export async function missingList(
  ctx: RequestContext,
  roundId: string,
  query: Static<typeof MissingQuery>,
): Promise<Static<typeof MissingResponse>> {
  const round = await visibleRound(ctx, roundId);
  const { unit, paths } = await coverageTarget(ctx, round, query.jurisdiction);
  const base = missingPeople(ctx.db, round.id, paths);
  const household = sql<string>`coalesce(people.household_id, people.id)`;
  // A page is whole households, in the order of the place they live in.
  const [page, totals] = await Promise.all([
    base
      .select([household.as('h'), sql<string>`min(people.jpath)`.as('place')])
      .groupBy('h')
      .orderBy('place')
      .orderBy('h')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute(),
    base
      .select([
        (eb) => eb.fn.countAll<number>().as('people'),
        sql<number>`count(distinct coalesce(people.household_id, people.id))`.as('households'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const keys = page.map((r) => r.h);
  const rows =
    keys.length === 0
      ? []
      : await base
          .select([...SUMMARY_COLUMNS, household.as('h')])
          .where(household, 'in', keys)
          .orderBy('people.birth_date')
          .execute();
  const people = await summarise(ctx.db, rows);
  const byHousehold = new Map<string, Static<typeof MissingResponse>['items'][number]>();
  for (const key of keys) byHousehold.set(key, { householdId: null, address: '', members: [] });
  rows.forEach((r, i) => {
    const p = people[i]!;
    const group = byHousehold.get(r.h)!;
    group.householdId = r.household_id;
    group.address = p.address;
    group.members.push({
      id: p.id,
      name: p.name,
      sex: p.sex,
      age: p.age,
      idMasked: p.idMasked,
      phoneMasked: p.phoneMasked,
      relation: p.relation,
      specials: p.specials,
    });
  });
  await recordAudit(ctx, {
    action: 'testing.missing_viewed',
    resourceType: 'round',
    resourceId: round.id,
    jpath: unit.jpath,
    detail: { unit: unit.code, people: rows.length },
  });
  return {
    total: { people: Number(totals.people), households: Number(totals.households) },
    items: [...byHousehold.values()],
  };
}

/**
 * Door-to-door sampling tasks for people who cannot come (immobile) or did not (missing). Idempotent:
 * a person with an open door-to-door task in the round gets no second one (sampling_tasks_once).
 */
export async function createDoorToDoor(
  ctx: RequestContext,
  roundId: string,
  body: Static<typeof DoorToDoorBody>,
): Promise<Static<typeof DoorToDoorResponse>> {
  if (!hasPermission(ctx.actor, Permission.TestingSample))
    requirePermission(ctx.actor, Permission.TestingPlan);
  const round = await visibleRound(ctx, roundId);
  assertRoundActive(round);
  const { unit, paths } = await coverageTarget(ctx, round, body.jurisdiction);
  // Immobile first: someone both immobile and missing gets the task that says why they stayed home.
  const reasons = (['immobile', 'missing'] as const).filter((r) => body.include.includes(r));
  const byReason = { immobile: 0, missing: 0 };
  await ctx.db.transaction().execute(async (tx) => {
    for (const reason of reasons) {
      let candidates = missingPeople(tx, round.id, paths).where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('sampling_tasks as t')
              .select(sql`1`.as('one'))
              .whereRef('t.county_code', '=', 'people.county_code')
              .where('t.round_id', '=', round.id)
              .whereRef('t.person_id', '=', 'people.id')
              .where('t.reason', 'in', ['immobile', 'missing'])
              .where('t.status', 'in', ['pending', 'sampled']),
          ),
        ),
      );
      if (reason === 'immobile') {
        candidates = candidates.where((eb) =>
          eb.exists(
            eb
              .selectFrom('special_populations as sp')
              .select(sql`1`.as('one'))
              .whereRef('sp.county_code', '=', 'people.county_code')
              .whereRef('sp.person_id', '=', 'people.id')
              .where('sp.kind', '=', 'immobile'),
          ),
        );
      }
      const inserted = await tx
        .insertInto('sampling_tasks')
        .columns([
          'county_code',
          'jpath',
          'round_id',
          'kind',
          'reason',
          'person_id',
          'household_id',
          'village_code',
          'grid_code',
        ])
        .expression(
          candidates.select([
            'people.county_code',
            'people.jpath',
            sql<string>`${round.id}::uuid`.as('round_id'),
            sql<'door_to_door'>`'door_to_door'`.as('kind'),
            sql<string>`${reason}`.as('reason'),
            'people.id',
            'people.household_id',
            'people.village_code',
            'people.grid_code',
          ]),
        )
        .onConflict((oc) =>
          oc
            .columns(['county_code', 'round_id', 'person_id', 'reason'])
            .where('status', 'in', ['pending', 'sampled'])
            .doNothing(),
        )
        .returning('id')
        .execute();
      byReason[reason] = inserted.length;
    }
    const created = byReason.immobile + byReason.missing;
    await recordAudit(
      ctx,
      {
        action: 'testing.task_recorded',
        resourceType: 'round',
        resourceId: round.id,
        jpath: unit.jpath,
        detail: { change: 'door_to_door_created', unit: unit.code, ...byReason },
      },
      tx,
    );
    if (created > 0) {
      await emitEvent(
        tx,
        TASKS_CREATED,
        { roundId: round.id, kind: 'door_to_door', unit: unit.code, created },
        unit.jpath,
      );
    }
  });
  return { created: byReason.immobile + byReason.missing, byReason };
}
