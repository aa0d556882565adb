/**
 * The investigation of a case: its 2+4+24 clocks marked done, its assignment to an investigator or
 * a joint team, and the call log (the itinerary: itinerary.service.ts). Everything here opens the
 * case through `loadCase` (cases.access.ts): whoever may see the case works it, an assigned
 * investigator or team member from another county included. Assigning is an administrator's act
 * inside their own jurisdiction.
 */
import { type Transaction, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission, ROLES, roleHas } from '../../../domain/access.js';
import { maskPhone, parsePhone } from '../../../domain/idcard.js';
import { type ClockName, CONTROLLED_STATUSES } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { type CaseRow, type Executor, loadCase } from './cases.access.js';
import type { AssignInput, CallEntry, CallInput, ClockInput } from './cases.schema.js';

/** Same topic as cases.service.ts CASE_CHANGED (kept here to avoid an import cycle). */
const CASE_CHANGED = 'tracing.case_changed';
export const GRACE_MS = 60_000;

const INVESTIGATOR_ROLES = ROLES.filter((r) => roleHas(r, Permission.TracingInvestigate));

export type CaseKey = Pick<CaseRow, 'id' | 'county_code'>;

function instant(value: string, field: string, now: Date): Date {
  const at = new Date(value);
  if (at.getTime() > now.getTime() + GRACE_MS)
    throw Errors.validation([{ field, message: 'is in the future' }]);
  return at;
}

// ---------------------------------------------------------------------------------------------
// Readers (the case page)

/** Calls of a case, newest first — or, with `contactId`, only the calls to that contact. */
export async function callsOf(
  db: Executor,
  c: CaseKey | { ids: readonly string[] },
  contactId?: string,
): Promise<Array<Static<typeof CallEntry>>> {
  let qb = db
    .selectFrom('case_calls as k')
    .leftJoin('users as u', 'u.id', 'k.user_id')
    .select([
      'k.id',
      'k.called_at',
      'k.number_masked',
      'k.outcome',
      'k.notes',
      'k.contact_id',
      'k.user_id',
      'u.display_name',
    ]);
  qb =
    'ids' in c
      ? qb.where('k.case_id', 'in', c.ids)
      : qb.where('k.county_code', '=', c.county_code).where('k.case_id', '=', c.id);
  if (contactId) qb = qb.where('k.contact_id', '=', contactId);
  const rows = await qb.orderBy('k.called_at', 'desc').orderBy('k.id').execute();
  return rows.map((r) => ({
    id: r.id,
    calledAt: r.called_at.toISOString(),
    numberMasked: r.number_masked,
    outcome: r.outcome,
    notes: r.notes,
    contactId: r.contact_id,
    by: r.user_id ? { id: r.user_id, name: r.display_name ?? '' } : null,
  }));
}

/** The audit entry and the `tracing.case_changed` event of a change, in its transaction. */
export async function changed(
  ctx: RequestContext,
  tx: Transaction<Database>,
  row: CaseRow,
  action: 'tracing.clock_marked' | 'tracing.case_assigned' | 'tracing.itinerary_changed',
  detail: Record<string, unknown>,
): Promise<void> {
  await recordAudit(ctx, { action, resourceType: 'case', resourceId: row.id, jpath: row.jpath, detail }, tx);
  await emitEvent(tx, CASE_CHANGED, { caseId: row.id, countyCode: row.county_code }, row.jpath);
}

// ---------------------------------------------------------------------------------------------
// Clocks

const CLOCK_COLUMN = { onScene: 'on_scene_at', coreInfo: 'core_info_at', report: 'report_at' } as const;

/**
 * Marks one of the three clocks done (idempotent: a clock already done keeps its time). What each
 * needs, following the 2+4+24 rule (DOMAIN.md):
 *  - onScene: nothing (the investigator says they are there);
 *  - coreInfo: the itinerary has been started (at least one entry) — identity is known by then;
 *  - report: core information is done, and every close contact named so far is under control
 *    (central isolation or home quarantine — or already released or converted).
 */
export async function markClock(
  ctx: RequestContext,
  id: string,
  input: Static<typeof ClockInput>,
): Promise<CaseRow> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const now = new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, id, { tx, forUpdate: true });
    const column = CLOCK_COLUMN[input.clock];
    if (row[column]) return row;
    const at = input.at ? instant(input.at, 'at', now) : now;
    if (at < row.reported_at) {
      throw Errors.validation([{ field: 'at', message: 'is before the case was reported' }]);
    }
    await assertClockReady(tx, row, input.clock);
    const next = await tx
      .updateTable('cases')
      .set({ [column]: at, version: sql`version + 1`, updated_at: now })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await changed(ctx, tx, row, 'tracing.clock_marked', { clock: input.clock, at: at.toISOString() });
    return next;
  });
}

async function assertClockReady(tx: Transaction<Database>, row: CaseRow, clock: ClockName): Promise<void> {
  const refuse = (message: string) => Errors.validation([{ field: 'clock', message }]);
  switch (clock) {
    case 'onScene':
      return;
    case 'coreInfo': {
      const entry = await tx
        .selectFrom('itinerary_entries')
        .select('id')
        .where('county_code', '=', row.county_code)
        .where('case_id', '=', row.id)
        .limit(1)
        .executeTakeFirst();
      if (!entry) throw refuse('core information needs the itinerary: add at least one itinerary entry');
      return;
    }
    case 'report': {
      if (!row.core_info_at) throw refuse('the report comes after the core information (4 h) clock');
      const done = [...CONTROLLED_STATUSES, 'released', 'converted'] as const;
      const open = await tx
        .selectFrom('contact_links as l')
        .innerJoin('contacts as c', (j) =>
          j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.contact_id'),
        )
        .select(sql<number>`count(distinct c.id)::int`.as('n'))
        .where('l.case_id', '=', row.id)
        .where('c.degree', '=', 'close')
        .where('c.status', 'not in', done)
        .executeTakeFirstOrThrow();
      if (open.n > 0) throw refuse(`${open.n} close contact(s) named by this case are not yet under control`);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Assignment

/**
 * Gives the case to an investigator and/or a joint team (null clears, absent keeps). Only an
 * administrator whose jurisdiction holds the case assigns it. Any team of the city may be given the
 * case (a team of another county sent to help: 跨区支援); an investigator must be of my
 * jurisdiction or a member of the case's team.
 */
export async function assignCase(
  ctx: RequestContext,
  id: string,
  input: Static<typeof AssignInput>,
): Promise<CaseRow> {
  requirePermission(ctx.actor, Permission.TracingAssign);
  const row = await loadCase(ctx, id);
  if (!isInScope(scopeOf(ctx.actor), row.jpath)) throw Errors.outOfScope(`Case ${row.number}`);
  // Ajv may hand a JSON null over as '': both clear.
  const teamId = input.teamId === undefined ? row.team_id : input.teamId || null;
  const assigneeId = input.assigneeId === undefined ? row.assignee_id : input.assigneeId || null;
  if (input.teamId) {
    const team = await ctx.db
      .selectFrom('tracing_teams')
      .select('id')
      .where('id', '=', input.teamId)
      .executeTakeFirst();
    if (!team) throw Errors.validation([{ field: 'teamId', message: 'no such team' }]);
  }
  if (input.assigneeId) {
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'role', 'jpath', 'disabled_at'])
      .where('id', '=', input.assigneeId)
      .executeTakeFirst();
    if (!user || user.disabled_at || !INVESTIGATOR_ROLES.some((r) => r === user.role)) {
      throw Errors.validation([{ field: 'assigneeId', message: 'not an active investigator' }]);
    }
    const member =
      teamId &&
      (await ctx.db
        .selectFrom('tracing_team_members')
        .select('user_id')
        .where('team_id', '=', teamId)
        .where('user_id', '=', user.id)
        .executeTakeFirst());
    if (!isInScope(scopeOf(ctx.actor), user.jpath) && !member) {
      throw Errors.validation([
        { field: 'assigneeId', message: "outside your jurisdiction and not a member of the case's team" },
      ]);
    }
  }
  return ctx.db.transaction().execute(async (tx) => {
    const next = await tx
      .updateTable('cases')
      .set({ assignee_id: assigneeId, team_id: teamId, version: sql`version + 1`, updated_at: new Date() })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await changed(ctx, tx, row, 'tracing.case_assigned', { assigneeId, teamId });
    return next;
  });
}

/** Users who may be given cases: investigators of my subtree, or (`all`) of the whole city. */
export async function listInvestigators(
  ctx: RequestContext,
  all: boolean,
): Promise<Array<{ id: string; name: string }>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const city = ctx.actor.jpath.slice(0, 4);
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', 'in', INVESTIGATOR_ROLES)
    .where('disabled_at', 'is', null)
    .where(all ? sql<boolean>`users.jpath like ${city + '%'}` : inScope(scopeOf(ctx.actor), 'users'))
    .orderBy('jpath')
    .orderBy('display_name')
    .limit(2000)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

// ---------------------------------------------------------------------------------------------
// Calls

/** GET /cases/:id/calls (audited: numbers are masked, but they are a person's). */
export async function listCalls(ctx: RequestContext, id: string): Promise<Array<Static<typeof CallEntry>>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadCase(ctx, id);
  await recordAudit(ctx, {
    action: 'tracing.case_viewed',
    resourceType: 'case',
    resourceId: row.id,
    jpath: row.jpath,
    detail: { number: row.number, part: 'calls' },
  });
  return callsOf(ctx.db, row);
}

/** POST /cases/:id/calls: one call, its number kept masked only. */
export async function logCall(
  ctx: RequestContext,
  id: string,
  input: Static<typeof CallInput>,
): Promise<Static<typeof CallEntry>> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const now = new Date();
  const phone = parsePhone(input.number);
  if (!phone.ok) throw Errors.validation([{ field: 'number', message: 'not a phone number' }]);
  const calledAt = input.calledAt ? instant(input.calledAt, 'calledAt', now) : now;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, id, { tx });
    if (input.contactId) {
      // A contact of this case: named by it, or a secondary contact through one it named.
      const linked = await sql<{ one: number }>`
        select 1 as one from contact_links l
        where l.contact_id = ${input.contactId}::uuid
          and (l.case_id = ${row.id}::uuid
               or l.via_contact_id in (select contact_id from contact_links where case_id = ${row.id}::uuid))
        limit 1`.execute(tx);
      if (linked.rows.length === 0) {
        throw Errors.validation([{ field: 'contactId', message: 'not a contact of this case' }]);
      }
    }
    const call = await tx
      .insertInto('case_calls')
      .values({
        county_code: row.county_code,
        case_id: row.id,
        contact_id: input.contactId ?? null,
        called_at: calledAt,
        number_masked: maskPhone(phone.value),
        outcome: input.outcome,
        notes: input.notes?.trim() || null,
        user_id: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'tracing.call_logged',
        resourceType: 'case',
        resourceId: row.id,
        jpath: row.jpath,
        detail: { callId: call.id, outcome: input.outcome, contactId: input.contactId ?? null },
      },
      tx,
    );
    return {
      id: call.id,
      calledAt: calledAt.toISOString(),
      numberMasked: maskPhone(phone.value),
      outcome: input.outcome,
      notes: input.notes?.trim() || null,
      contactId: input.contactId ?? null,
      by: { id: ctx.actor.userId, name: ctx.actor.displayName },
    };
  });
}
