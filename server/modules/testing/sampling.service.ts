/**
 * The sampler's path, one scan at a time: open a tube at a site (its pool size from the zone and the
 * round's rules), put people into it, close it (by hand, or on its own when full). The bulk path for
 * device uploads (bulk.service.ts) applies the same rules set-based.
 */
import { Permission } from '../../../domain/access.js';
import { codeOfPath } from '../../../domain/jurisdiction.js';
import type { PoolGroup } from '../../../domain/protocol.js';
import { parseSamplingCode, parseTubeBarcode } from '../../../domain/testing.js';
import type { TubesTable } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { type PersonRef, findPersonRef } from '../population/people.service.js';
import { assertRoundActive, loadRound, visibleRound, zoneAt } from './rounds.service.js';
import { siteForSampling } from './sites.service.js';
import type { Selectable } from 'kysely';

type TubeRow = Selectable<TubesTable>;

export interface OpenTubeInput {
  roundId: string;
  barcode: string;
  siteId?: string | null;
  /** Door-to-door tubes have no site: the place sampled (default: the sampler's home). */
  jurisdiction?: string | null;
  /** Isolation sites and close contacts go single-tube whatever the zone. */
  group?: PoolGroup | null;
}

function barcodeOf(input: string, field = 'barcode'): string {
  const parsed = parseTubeBarcode(input);
  if (!parsed.ok) throw Errors.validation([{ field, message: `not a tube barcode (${parsed.problem})` }]);
  return parsed.value;
}

export async function openTube(ctx: RequestContext, input: OpenTubeInput): Promise<TubeView> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const barcode = barcodeOf(input.barcode);
  const round = await visibleRound(ctx, input.roundId);
  assertRoundActive(round);
  let place: { countyCode: string; jpath: string; siteId: string | null };
  if (input.siteId) {
    const site = await siteForSampling(ctx, input.siteId);
    place = { countyCode: site.county_code, jpath: site.jpath, siteId: site.id };
  } else {
    const unit = input.jurisdiction ? await jurisdictionInScope(ctx, input.jurisdiction) : null;
    place = unit
      ? { countyCode: unit.county_code, jpath: unit.jpath, siteId: null }
      : { countyCode: ctx.actor.countyCode, jpath: ctx.actor.jpath, siteId: null };
  }
  const zone = zoneAt(round.areas, place.jpath);
  if (!zone && !input.group) throw Errors.outsideRound(input.siteId ? 'This site' : 'This place');
  const group: PoolGroup = input.group ?? zone!;
  const rule = round.rules.pooling[group];
  const taken = await ctx.db
    .selectFrom('tubes')
    .select('id')
    .where('barcode', '=', barcode)
    .executeTakeFirst();
  if (taken) throw Errors.tubeExists(barcode);
  const row = await ctx.db
    .insertInto('tubes')
    .values({
      county_code: place.countyCode,
      jpath: place.jpath,
      round_id: round.id,
      barcode,
      site_id: place.siteId,
      pool_group: group,
      capacity: rule.size,
      per_household: rule.perHousehold,
      opened_by: ctx.actor.userId,
    })
    .onConflict((oc) => oc.columns(['county_code', 'barcode']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw Errors.tubeExists(barcode);
  return presentTube(row, []);
}

async function loadTube(ctx: RequestContext, id: string): Promise<TubeRow> {
  const tube = await ctx.db.selectFrom('tubes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!tube) throw Errors.notFound('Tube', id);
  assertInScope(scopeOf(ctx.actor), tube.jpath, `Tube ${tube.barcode}`);
  return tube;
}

/** The person a scanned sampling code or a typed ID number names, inside the actor's scope. */
export async function personOfScan(
  ctx: RequestContext,
  input: { code?: string; idNumber?: string },
): Promise<PersonRef> {
  let person: PersonRef | null;
  if (input.code) {
    const parsed = parseSamplingCode(input.code);
    if (!parsed.ok)
      throw Errors.validation([{ field: 'code', message: `not a sampling code (${parsed.problem})` }]);
    person = await findPersonRef(ctx, { id: parsed.personId });
  } else if (input.idNumber) {
    person = await findPersonRef(ctx, { idNumber: input.idNumber });
  } else {
    throw Errors.validation([{ field: 'code', message: 'scan a sampling code or type an ID number' }]);
  }
  if (!person) throw Errors.notFound('Person', input.code ?? 'ID number');
  return person;
}

type AddOutcome =
  { kind: 'added'; tube: TubeRow } | { kind: 'duplicate'; barcode: string; sameTube: boolean };

/**
 * Puts one person into an open tube. A person already sampled in the round is flagged (the flag is
 * kept) and refused; a full tube or another household's tube refuses. The tube closes when full.
 */
export async function addSample(
  ctx: RequestContext,
  tubeId: string,
  input: { code?: string; idNumber?: string },
): Promise<{ tube: TubeView; person: { id: string; name: string; idMasked: string } }> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const found = await loadTube(ctx, tubeId);
  const round = await loadRound(ctx.db, found.round_id);
  assertRoundActive(round);
  const person = await personOfScan(ctx, input);
  if (!zoneAt(round.areas, person.jpath)) throw Errors.outsideRound(`Person ${person.idMasked}`);

  const outcome = await ctx.db.transaction().execute(async (tx): Promise<AddOutcome> => {
    // The row lock serialises the scans of one tube (two samplers at one table): the member count
    // and the capacity check cannot race.
    const tube = await tx
      .selectFrom('tubes')
      .selectAll()
      .where('county_code', '=', found.county_code)
      .where('id', '=', found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (tube.status !== 'open') throw Errors.tubeNotOpen(tube.barcode, tube.status);
    if (tube.members >= tube.capacity) throw Errors.tubeFull(tube.barcode, tube.capacity);
    if (tube.per_household && tube.household_id && tube.household_id !== person.householdId) {
      throw Errors.tubeOtherHousehold(tube.barcode);
    }
    const inserted = await tx
      .insertInto('samples')
      .values({
        county_code: person.countyCode,
        round_id: round.id,
        person_id: person.id,
        jpath: person.jpath,
        household_id: person.householdId,
        tube_id: tube.id,
        tube_county: tube.county_code,
        site_id: tube.site_id,
        sampled_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.columns(['county_code', 'round_id', 'person_id']).doNothing())
      .returning('person_id')
      .executeTakeFirst();
    if (!inserted) {
      const earlier = await tx
        .selectFrom('samples as s')
        .innerJoin('tubes as t', (j) =>
          j.onRef('t.county_code', '=', 's.tube_county').onRef('t.id', '=', 's.tube_id'),
        )
        .select(['t.barcode', 't.id'])
        .where('s.county_code', '=', person.countyCode)
        .where('s.round_id', '=', round.id)
        .where('s.person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      const sameTube = earlier.id === tube.id;
      await tx
        .insertInto('sample_flags')
        .values({
          county_code: person.countyCode,
          jpath: person.jpath,
          round_id: round.id,
          person_id: person.id,
          barcode: tube.barcode,
          kind: sameTube ? 'duplicate_same_tube' : 'second_tube',
          detail: JSON.stringify({ firstTube: earlier.barcode }),
          by_user: ctx.actor.userId,
        })
        .execute();
      return { kind: 'duplicate', barcode: earlier.barcode, sameTube };
    }
    const members = tube.members + 1;
    const updated = await tx
      .updateTable('tubes')
      .set({
        members,
        ...(tube.per_household && !tube.household_id ? { household_id: person.householdId } : {}),
        ...(members >= tube.capacity ? { status: 'closed' as const, closed_at: new Date() } : {}),
      })
      .where('county_code', '=', tube.county_code)
      .where('id', '=', tube.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A door-to-door task for this person is done once they are sampled, whoever sampled them.
    await tx
      .updateTable('sampling_tasks')
      .set({ status: 'sampled', sampled_at: new Date() })
      .where('county_code', '=', person.countyCode)
      .where('round_id', '=', round.id)
      .where('person_id', '=', person.id)
      .where('kind', '=', 'door_to_door')
      .where('status', '=', 'pending')
      .execute();
    return { kind: 'added', tube: updated };
  });
  // The flag is committed; only then is the scan refused.
  if (outcome.kind === 'duplicate') throw Errors.alreadySampled(outcome.barcode, outcome.sameTube);
  return {
    tube: await tubeView(ctx, outcome.tube),
    person: { id: person.id, name: person.name, idMasked: person.idMasked },
  };
}

export async function closeTube(ctx: RequestContext, tubeId: string): Promise<TubeView> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const tube = await loadTube(ctx, tubeId);
  if (tube.status !== 'open') throw Errors.tubeWrongState(tube.barcode, tube.status, 'close');
  if (tube.members === 0) throw Errors.tubeWrongState(tube.barcode, 'empty', 'close');
  const row = await ctx.db
    .updateTable('tubes')
    .set({ status: 'closed', closed_at: new Date() })
    .where('county_code', '=', tube.county_code)
    .where('id', '=', tube.id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw Errors.tubeWrongState(tube.barcode, 'changed', 'close');
  return tubeView(ctx, row);
}

/** A tube with its members (masked); reading the members is audited. */
export async function getTube(ctx: RequestContext, tubeId: string): Promise<TubeView> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const tube = await loadTube(ctx, tubeId);
  const view = await tubeView(ctx, tube);
  await recordAudit(ctx, {
    action: 'testing.tube_viewed',
    resourceType: 'tube',
    resourceId: tube.id,
    jpath: tube.jpath,
    detail: { barcode: tube.barcode, members: view.people.length },
  });
  return view;
}

export async function findTubes(ctx: RequestContext, barcode: string): Promise<TubeView[]> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const code = barcodeOf(barcode);
  const rows = await ctx.db.selectFrom('tubes').selectAll().where('barcode', '=', code).execute();
  const mine = rows.filter((r) => r.jpath.startsWith(ctx.actor.jpath));
  return mine.map((r) => presentTube(r, []));
}

/** Who a scan names and whether they are sampled already in the round (audited: a personal lookup). */
export async function lookup(
  ctx: RequestContext,
  roundId: string,
  input: { code?: string; idNumber?: string },
) {
  requirePermission(ctx.actor, Permission.TestingSample);
  const round = await visibleRound(ctx, roundId);
  const person = await personOfScan(ctx, input);
  const zone = zoneAt(round.areas, person.jpath);
  const sample = await ctx.db
    .selectFrom('samples as s')
    .innerJoin('tubes as t', (j) =>
      j.onRef('t.county_code', '=', 's.tube_county').onRef('t.id', '=', 's.tube_id'),
    )
    .select(['t.barcode', 's.sampled_at'])
    .where('s.county_code', '=', person.countyCode)
    .where('s.round_id', '=', round.id)
    .where('s.person_id', '=', person.id)
    .executeTakeFirst();
  await recordAudit(ctx, {
    action: 'testing.person_looked_up',
    resourceType: 'person',
    resourceId: person.id,
    jpath: person.jpath,
    detail: { roundId: round.id },
  });
  return {
    person: { id: person.id, name: person.name, idMasked: person.idMasked, householdId: person.householdId },
    zone,
    inRound: zone !== null,
    sampled: sample ? { barcode: sample.barcode, sampledAt: sample.sampled_at.toISOString() } : null,
  };
}

export interface TubeView {
  id: string;
  roundId: string;
  barcode: string;
  group: string;
  capacity: number;
  perHousehold: boolean;
  members: number;
  status: TubeRow['status'];
  siteId: string | null;
  place: string;
  openedAt: string;
  closedAt: string | null;
  result: TubeRow['result'];
  people: Array<{ id: string; name: string; idMasked: string; sampledAt: string }>;
}

async function tubeView(ctx: RequestContext, tube: TubeRow): Promise<TubeView> {
  const people = await ctx.db
    .selectFrom('samples as s')
    .innerJoin('people as p', (j) =>
      j.onRef('p.county_code', '=', 's.county_code').onRef('p.id', '=', 's.person_id'),
    )
    .select(['p.id', 'p.name', 'p.id_masked', 's.sampled_at'])
    .where('s.tube_id', '=', tube.id)
    .orderBy('s.sampled_at')
    .execute();
  return presentTube(
    tube,
    people.map((p) => ({
      id: p.id,
      name: p.name,
      idMasked: p.id_masked,
      sampledAt: p.sampled_at.toISOString(),
    })),
  );
}

function presentTube(tube: TubeRow, people: TubeView['people']): TubeView {
  return {
    id: tube.id,
    roundId: tube.round_id,
    barcode: tube.barcode,
    group: tube.pool_group,
    capacity: tube.capacity,
    perHousehold: tube.per_household,
    members: tube.members,
    status: tube.status,
    siteId: tube.site_id,
    place: codeOfPath(tube.jpath),
    openedAt: tube.opened_at.toISOString(),
    closedAt: tube.closed_at ? tube.closed_at.toISOString() : null,
    result: tube.result,
    people,
  };
}
