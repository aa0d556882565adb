/**
 * Health codes for staff and residents (README.md "Health codes"): a person's code with every reason
 * (by id, or looked up by ID number), the marks this module records (companion, arrival, another
 * province's colour), the city's test-recency policy, statistics by area, the recompute on request,
 * and the resident's own code as a short-lived signed token.
 *
 * The test-recency policy (no negative within N hours → yellow) depends on the clock by the hour, so
 * it is never stored: `withPolicy` puts it on top of the stored code at read time, from the
 * person's latest negative sample (a negative pool counts for each member).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { CODE_TOKEN_SECONDS, codeSigningText, codeToken } from '../../../domain/code-token.js';
import type { CodeColour, HealthCodeReason } from '../../../domain/healthcode.js';
import { ID_PROBLEM_MESSAGES, maskName, parseIdNumber } from '../../../domain/idcard.js';
import { cstDate } from '../../../domain/tracing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, hasPermission, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { type SigningKeys, sign } from '../../platform/signing.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { unitNames } from '../population/places.js';
import { lastNegativeAt, storedCode } from './codes.read.js';
import { type RecomputeSummary, countyPaths, recomputeCodes, recomputePeople } from './codes.recompute.js';
import type {
  Mark,
  MarkInput,
  MarkList,
  MarksQuery,
  PersonCode,
  Policy,
  ResidentHealthCode,
  Stats,
} from './codes.schema.js';
import { MARK_CHANGED } from './riskcontrol.topics.js';

export const POLICY_KEY = 'healthcode.testWithinHours';

const RANK: Record<CodeColour, number> = { green: 0, yellow: 1, red: 2 };

export interface CodeView {
  colour: CodeColour;
  reasons: HealthCodeReason[];
  changesOn: string | null;
}

// ---------------------------------------------------------------------------------------------
// The policy, applied live

export async function testPolicy(
  db: Kysely<Database>,
): Promise<{ hours: number | null; updatedAt: Date | null }> {
  const row = await db
    .selectFrom('settings')
    .select(['value', 'updated_at'])
    .where('key', '=', POLICY_KEY)
    .executeTakeFirst();
  const hours = typeof row?.value === 'number' && row.value > 0 ? row.value : null;
  return { hours, updatedAt: row?.updated_at ?? null };
}

/**
 * The stored code with the test-recency reason on top when the policy is on and the person has no
 * negative sample within `hours` before `now` — the same rule as domain/healthcode.ts, whose colour
 * and change day follow from the reasons alone.
 */
export function withPolicy(
  code: CodeView,
  lastNegative: Date | null,
  hours: number | null,
  now: Date,
): CodeView {
  if (hours === null) return code;
  const since = now.getTime() - hours * 3600_000;
  if (lastNegative && lastNegative.getTime() >= since && lastNegative <= now) return code;
  const policy: HealthCodeReason = { code: 'no_recent_test', colour: 'yellow', until: null, hours };
  const reasons = [...code.reasons, policy].sort((a, b) => RANK[b.colour] - RANK[a.colour]);
  const colour = reasons[0]!.colour;
  const top = reasons.filter((r) => r.colour === colour);
  const changesOn = top.some((r) => r.until === null)
    ? null
    : top.reduce((latest, r) => (r.until! > latest ? r.until! : latest), top[0]!.until!);
  return { colour, reasons, changesOn };
}

/** A person's code now: stored (recomputed when stale) with the live policy on top. */
export async function liveCode(
  db: Kysely<Database>,
  countyCode: string,
  personId: string,
  now = new Date(),
): Promise<CodeView & { computedAt: Date | null; lastNegativeAt: Date | null; hours: number | null }> {
  const [stored, lastNegative, policy] = await Promise.all([
    storedCode(db, countyCode, personId),
    lastNegativeAt(db, countyCode, personId),
    testPolicy(db),
  ]);
  return {
    ...withPolicy(stored, lastNegative, policy.hours, now),
    computedAt: stored.computedAt,
    lastNegativeAt: lastNegative,
    hours: policy.hours,
  };
}

// ---------------------------------------------------------------------------------------------
// A person's code for staff

interface PersonRow {
  id: string;
  county_code: string;
  jpath: string;
  name: string;
  id_masked: string;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
}

const PERSON_COLUMNS = [
  'id',
  'county_code',
  'jpath',
  'name',
  'id_masked',
  'village_code',
  'grid_code',
  'building_code',
] as const;

async function placeOf(db: Kysely<Database>, p: PersonRow): Promise<{ code: string; name: string }> {
  const codes = [p.village_code, p.grid_code, p.building_code];
  const names = await unitNames(db, codes);
  const code = p.building_code ?? p.grid_code ?? p.village_code;
  return { code, name: codes.flatMap((c) => (c && names.get(c) ? [names.get(c)!] : [])).join(' ') || code };
}

async function present(
  ctx: RequestContext,
  p: PersonRow,
  how: 'id' | 'id_number',
): Promise<Static<typeof PersonCode>> {
  const code = await liveCode(ctx.db, p.county_code, p.id);
  await recordAudit(ctx, {
    action: 'healthcode.viewed',
    resourceType: 'person',
    resourceId: p.id,
    jpath: p.jpath,
    detail: { by: how, colour: code.colour },
  });
  return {
    personId: p.id,
    colour: code.colour,
    reasons: code.reasons,
    changesOn: code.changesOn,
    computedAt: code.computedAt ? code.computedAt.toISOString() : null,
    lastNegativeAt: code.lastNegativeAt ? code.lastNegativeAt.toISOString() : null,
    testWithinHours: code.hours,
    person: { name: maskName(p.name), idMasked: p.id_masked, place: await placeOf(ctx.db, p) },
  };
}

/** GET /codes/people/:personId (HealthCodeRead; in scope; audited at the person's place). */
export async function personCode(ctx: RequestContext, personId: string): Promise<Static<typeof PersonCode>> {
  requirePermission(ctx.actor, Permission.HealthCodeRead);
  const p = await ctx.db
    .selectFrom('people')
    .select(PERSON_COLUMNS)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p) throw Errors.notFound('Person', personId);
  assertInScope(scopeOf(ctx.actor), p.jpath, `Person ${personId}`);
  return present(ctx, p, 'id');
}

/** POST /codes/lookup: by ID number (its lookup hash; city-wide, then the scope check). */
export async function lookupCode(ctx: RequestContext, idNumber: string): Promise<Static<typeof PersonCode>> {
  requirePermission(ctx.actor, Permission.HealthCodeRead);
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) {
    throw Errors.validation([{ field: 'idNumber', message: ID_PROBLEM_MESSAGES[parsed.problem].en }]);
  }
  const p = await ctx.db
    .selectFrom('people')
    .select(PERSON_COLUMNS)
    .where('id_hash', '=', ctx.pii.hash(parsed.value))
    .executeTakeFirst();
  if (!p) {
    await recordAudit(ctx, {
      action: 'healthcode.viewed',
      resourceType: 'person',
      jpath: ctx.actor.jpath,
      outcome: 'failed',
      detail: { by: 'id_number', found: false },
    });
    throw Errors.notFound('Person', 'with this ID number');
  }
  assertInScope(scopeOf(ctx.actor), p.jpath, 'Person with this ID number');
  return present(ctx, p, 'id_number');
}

// ---------------------------------------------------------------------------------------------
// Marks

interface MarkRow {
  id: string;
  person_id: string;
  jpath: string;
  kind: 'companion' | 'arrival' | 'external';
  on_date: string;
  risk: 'high' | 'medium' | 'low' | null;
  colour: 'red' | 'yellow' | null;
  source: string;
  note: string | null;
  created_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  name: string;
  id_masked: string;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
}

function markQuery(db: Kysely<Database>) {
  return db
    .selectFrom('health_marks as m')
    .innerJoin('people as p', (j) =>
      j.onRef('p.county_code', '=', 'm.county_code').onRef('p.id', '=', 'm.person_id'),
    )
    .select([
      'm.id',
      'm.person_id',
      'm.jpath',
      'm.kind',
      'm.on_date',
      'm.risk',
      'm.colour',
      'm.source',
      'm.note',
      'm.created_at',
      'm.ended_at',
      'm.end_reason',
      'p.name',
      'p.id_masked',
      'p.village_code',
      'p.grid_code',
      'p.building_code',
    ]);
}

async function presentMarks(db: Kysely<Database>, rows: MarkRow[]): Promise<Array<Static<typeof Mark>>> {
  const names = await unitNames(
    db,
    rows.flatMap((r) => [r.village_code, r.grid_code, r.building_code]),
  );
  return rows.map((r) => {
    const code = r.building_code ?? r.grid_code ?? r.village_code;
    return {
      id: r.id,
      personId: r.person_id,
      person: { name: maskName(r.name), idMasked: r.id_masked },
      place: {
        code,
        name:
          [r.village_code, r.grid_code, r.building_code]
            .flatMap((c) => (c && names.get(c) ? [names.get(c)!] : []))
            .join(' ') || code,
      },
      kind: r.kind,
      onDate: r.on_date,
      risk: r.risk,
      colour: r.colour,
      source: r.source,
      note: r.note,
      createdAt: r.created_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      endReason: r.end_reason,
    };
  });
}

/** GET /codes/marks (HealthCodeRead): marks of people in scope (or under `at`); audited as a list. */
export async function listMarks(
  ctx: RequestContext,
  query: Static<typeof MarksQuery>,
): Promise<Static<typeof MarkList>> {
  requirePermission(ctx.actor, Permission.HealthCodeRead);
  const scope = query.at
    ? scopeOf({ jpath: (await jurisdictionInScope(ctx, normaliseCode(query.at, 'at'))).jpath })
    : scopeOf(ctx.actor);
  let qb = markQuery(ctx.db).where(inScope(scope, 'm'));
  if (query.kind) qb = qb.where('m.kind', '=', query.kind);
  if (query.active === true) qb = qb.where('m.ended_at', 'is', null);
  if (query.active === false) qb = qb.where('m.ended_at', 'is not', null);
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  const [count, rows] = await Promise.all([
    ctx.db
      .selectFrom('health_marks as m')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(inScope(scope, 'm'))
      .$if(Boolean(query.kind), (q) => q.where('m.kind', '=', query.kind!))
      .$if(query.active === true, (q) => q.where('m.ended_at', 'is', null))
      .$if(query.active === false, (q) => q.where('m.ended_at', 'is not', null))
      .executeTakeFirstOrThrow(),
    qb
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  await recordAudit(ctx, {
    action: 'healthcode.viewed',
    resourceType: 'health_mark',
    jpath: scope.jpath,
    detail: { list: 'marks', kind: query.kind ?? null, active: query.active ?? null, total: count.n, page },
  });
  return { items: await presentMarks(ctx.db, rows), total: count.n };
}

function checkMark(input: Static<typeof MarkInput>, today: string): void {
  const problems: Array<{ field: string; message: string }> = [];
  if (input.onDate > today) problems.push({ field: 'onDate', message: 'must not be in the future' });
  if (!input.source.trim()) problems.push({ field: 'source', message: 'must not be blank' });
  if (input.kind === 'arrival') {
    if (input.risk !== 'high' && input.risk !== 'medium')
      problems.push({ field: 'risk', message: 'an arrival needs the risk of the area left: high or medium' });
    if (input.colour) problems.push({ field: 'colour', message: 'only an external mark has a colour' });
  } else if (input.kind === 'external') {
    if (!input.colour)
      problems.push({ field: 'colour', message: 'an external mark needs the colour given: red or yellow' });
    if (input.risk) problems.push({ field: 'risk', message: 'only an arrival has a risk' });
  } else {
    if (input.risk) problems.push({ field: 'risk', message: 'only an arrival has a risk' });
    if (input.colour) problems.push({ field: 'colour', message: 'only an external mark has a colour' });
  }
  if (problems.length) throw Errors.validation(problems);
}

/** POST /codes/marks (HealthCodeManage): records the mark and recomputes the person, in one transaction. */
export async function createMark(
  ctx: RequestContext,
  input: Static<typeof MarkInput>,
): Promise<{ mark: Static<typeof Mark>; code: { colour: CodeColour; changesOn: string | null } }> {
  requirePermission(ctx.actor, Permission.HealthCodeManage);
  checkMark(input, cstDate(new Date()));
  const p = await ctx.db
    .selectFrom('people')
    .select(PERSON_COLUMNS)
    .where('id', '=', input.personId)
    .executeTakeFirst();
  if (!p) throw Errors.notFound('Person', input.personId);
  assertInScope(scopeOf(ctx.actor), p.jpath, `Person ${input.personId}`);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('health_marks')
      .values({
        county_code: p.county_code,
        person_id: p.id,
        jpath: p.jpath,
        kind: input.kind,
        on_date: input.onDate,
        risk: input.kind === 'arrival' ? (input.risk ?? null) : null,
        colour: input.kind === 'external' ? (input.colour ?? null) : null,
        source: input.source.trim(),
        note: input.note?.trim() || null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const code = (await recomputePeople(tx, [p.id])).get(p.id)!;
    await emitEvent(tx, MARK_CHANGED, { markId: row.id, personId: p.id, countyCode: p.county_code }, p.jpath);
    await recordAudit(
      ctx,
      {
        action: 'healthcode.mark_created',
        resourceType: 'health_mark',
        resourceId: row.id,
        jpath: p.jpath,
        detail: { personId: p.id, kind: input.kind, onDate: input.onDate, colour: code.colour },
      },
      tx,
    );
    const [mark] = await presentMarks(tx, [
      await markQuery(tx)
        .where('m.county_code', '=', p.county_code)
        .where('m.id', '=', row.id)
        .executeTakeFirstOrThrow(),
    ]);
    return { mark: mark!, code: { colour: code.colour, changesOn: code.changesOn } };
  });
}

/** POST /codes/marks/:id/end (HealthCodeManage): ends the mark with a reason and recomputes the person. */
export async function endMark(
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<{ mark: Static<typeof Mark>; code: { colour: CodeColour; changesOn: string | null } }> {
  requirePermission(ctx.actor, Permission.HealthCodeManage);
  if (!reason.trim()) throw Errors.validation([{ field: 'reason', message: 'must not be blank' }]);
  // health_marks is keyed by the person's county; a mark id alone is looked up on every shard (few rows).
  const found = await ctx.db
    .selectFrom('health_marks')
    .select(['county_code', 'jpath', 'person_id', 'ended_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found) throw Errors.notFound('Mark', id);
  assertInScope(scopeOf(ctx.actor), found.jpath, `Mark ${id}`);
  if (found.ended_at) throw Errors.markEnded(id);
  return ctx.db.transaction().execute(async (tx) => {
    const ended = await tx
      .updateTable('health_marks')
      .set({ ended_at: new Date(), ended_by: ctx.actor.userId, end_reason: reason.trim() })
      .where('county_code', '=', found.county_code)
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw Errors.markEnded(id);
    const code = (await recomputePeople(tx, [found.person_id])).get(found.person_id);
    await emitEvent(
      tx,
      MARK_CHANGED,
      { markId: id, personId: found.person_id, countyCode: found.county_code },
      found.jpath,
    );
    await recordAudit(
      ctx,
      {
        action: 'healthcode.mark_ended',
        resourceType: 'health_mark',
        resourceId: id,
        jpath: found.jpath,
        detail: { personId: found.person_id, reason: reason.trim(), colour: code?.colour ?? 'green' },
      },
      tx,
    );
    const [mark] = await presentMarks(tx, [
      await markQuery(tx)
        .where('m.county_code', '=', found.county_code)
        .where('m.id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { mark: mark!, code: { colour: code?.colour ?? 'green', changesOn: code?.changesOn ?? null } };
  });
}

// ---------------------------------------------------------------------------------------------
// Policy

const cityLevel = (ctx: RequestContext) => ctx.actor.jpath.length === 4;

export async function getPolicy(ctx: RequestContext): Promise<Static<typeof Policy>> {
  requirePermission(ctx.actor, Permission.HealthCodeRead);
  const p = await testPolicy(ctx.db);
  return {
    testWithinHours: p.hours,
    updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null,
    canEdit: hasPermission(ctx.actor, Permission.HealthCodeManage) && cityLevel(ctx),
  };
}

/** PUT /codes/policy: the city's rule, so only a city-level user with HealthCodeManage sets it. */
export async function setPolicy(ctx: RequestContext, hours: number | null): Promise<Static<typeof Policy>> {
  requirePermission(ctx.actor, Permission.HealthCodeManage);
  if (!cityLevel(ctx)) throw Errors.outOfScope('the city’s health-code policy');
  const before = await testPolicy(ctx.db);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('settings')
      .values({ key: POLICY_KEY, value: JSON.stringify(hours) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(hours), updated_at: new Date() }),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'healthcode.policy_changed',
        resourceType: 'setting',
        resourceId: POLICY_KEY,
        jpath: ctx.actor.jpath,
        detail: { from: before.hours, to: hours },
      },
      tx,
    );
  });
  return getPolicy(ctx);
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** GET /codes/stats (HealthCodeRead): counts per child area and per reason — numbers only, not audited. */
export async function codeStats(ctx: RequestContext, at: string | undefined): Promise<Static<typeof Stats>> {
  requirePermission(ctx.actor, Permission.HealthCodeRead);
  const unit = await jurisdictionInScope(ctx, at ? normaliseCode(at, 'at') : ctx.actor.jurisdictionCode);
  const scope = scopeOf({ jpath: unit.jpath });
  const like = (table: string) => inScope(scope, table);
  const [children, totals, reasons] = await Promise.all([
    sql<{ code: string; name: string; people: number; red: number; yellow: number }>`
      select j.code, j.short_name as name,
             (select count(*)::int from people p where p.jpath like j.jpath || '%' and p.county_code = j.county_code) as people,
             (select count(*) filter (where h.colour = 'red')::int from health_codes h
               where h.jpath like j.jpath || '%' and h.county_code = j.county_code) as red,
             (select count(*) filter (where h.colour = 'yellow')::int from health_codes h
               where h.jpath like j.jpath || '%' and h.county_code = j.county_code) as yellow
        from jurisdictions j
       where j.parent_code = ${unit.code} and j.level in ('county', 'town', 'village', 'grid')
       order by j.code`.execute(ctx.db),
    sql<{ people: number; red: number; yellow: number }>`
      select (select count(*)::int from people where ${like('people')}) as people,
             (select count(*) filter (where colour = 'red')::int from health_codes where ${like('health_codes')}) as red,
             (select count(*) filter (where colour = 'yellow')::int from health_codes where ${like('health_codes')}) as yellow`.execute(
      ctx.db,
    ),
    sql<{ code: string; colour: CodeColour; people: number }>`
      select r->>'code' as code, r->>'colour' as colour, count(distinct h.person_id)::int as people
        from health_codes h cross join lateral jsonb_array_elements(h.reasons) r
       where ${like('h')}
       group by 1, 2 order by 3 desc`.execute(ctx.db),
  ]);
  const t = totals.rows[0]!;
  return {
    at: { code: unit.code, name: unit.short_name, level: unit.level },
    totals: { ...t, green: Math.max(0, t.people - t.red - t.yellow) },
    children: children.rows.map((c) => ({ ...c, green: Math.max(0, c.people - c.red - c.yellow) })),
    reasons: reasons.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// The recompute on request

/**
 * POST /codes/recompute (HealthCodeManage): the user's county or city (whole counties only). Runs
 * in the request: seconds on a demo city, about a minute for 5.5 million people — for a big city
 * the CLI (`cordon recompute-health-codes`) is the better tool.
 */
export async function recomputeRequest(
  ctx: RequestContext,
  handle: DatabaseHandle | null,
  at: string | undefined,
): Promise<RecomputeSummary> {
  requirePermission(ctx.actor, Permission.HealthCodeManage);
  const unit = await jurisdictionInScope(ctx, at ? normaliseCode(at, 'at') : ctx.actor.jurisdictionCode);
  if (unit.level !== 'county' && unit.level !== 'city') throw Errors.recomputeArea(unit.code);
  const areas = await countyPaths(ctx.db, unit.jpath);
  const summary = await recomputeCodes(handle ?? ctx.db, areas);
  await recordAudit(ctx, {
    action: 'healthcode.recomputed',
    resourceType: 'jurisdiction',
    resourceId: unit.code,
    jpath: unit.jpath,
    detail: { ...summary },
  });
  return summary;
}

// ---------------------------------------------------------------------------------------------
// The resident's own code

/** The resident's code now, and a token signed for CODE_TOKEN_SECONDS (domain/code-token.ts). */
export async function residentHealthCode(
  source: { db: Kysely<Database>; requestId: string; ip: string; userAgent: string | null },
  signing: SigningKeys,
  person: { id: string; county_code: string; jpath: string; name: string; id_masked: string },
  now = new Date(),
): Promise<Static<typeof ResidentHealthCode>> {
  const code = await liveCode(source.db, person.county_code, person.id, now);
  await recordAudit(source, {
    action: 'healthcode.resident_viewed',
    resourceType: 'person',
    resourceId: person.id,
    jpath: person.jpath,
    detail: { colour: code.colour },
  });
  const key = await signing.current('code');
  const t = Math.floor(now.getTime() / 1000);
  const text = codeSigningText({
    p: person.id,
    c: person.county_code,
    n: maskName(person.name),
    i: person.id_masked.slice(-4),
    o: code.colour,
    t,
    x: t + CODE_TOKEN_SECONDS,
    k: key.id,
  });
  return {
    colour: code.colour,
    reasons: code.reasons,
    changesOn: code.changesOn,
    token: codeToken(text, sign(key, text)),
    expiresAt: new Date((t + CODE_TOKEN_SECONDS) * 1000).toISOString(),
  };
}
