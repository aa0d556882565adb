/**
 * The ledger seen from a place: households, counts for any unit (village, grid, building, town …),
 * special-population registers and their counts per child unit, and the staff who serve grids and
 * buildings.
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { maskPhone, parsePhone } from '../../../domain/idcard.js';
import { type Level } from '../../../domain/jurisdiction.js';
import { SPECIAL_KINDS, type SpecialKind } from '../../../domain/population.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { SUMMARY_COLUMNS } from './people.presenter.js';
import type {
  HouseholdResponse,
  SpecialCountsResponse,
  SpecialRegisterQuery,
  SpecialRegisterResponse,
  StaffBody,
  StaffEntry,
  UnitSummary,
} from './people.schema.js';
import { narrowedScope, summarise } from './people.service.js';
import { unitNames } from './places.js';

export async function getHousehold(
  ctx: RequestContext,
  id: string,
): Promise<Static<typeof HouseholdResponse>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const h = await ctx.db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw Errors.notFound('Household', id);
  assertInScope(scopeOf(ctx.actor), h.jpath, `Household ${id}`);
  const members = await ctx.db
    .selectFrom('people')
    .select([...SUMMARY_COLUMNS])
    .where('county_code', '=', h.county_code)
    .where('household_id', '=', id)
    .where(inScope(scopeOf(ctx.actor), 'people'))
    .orderBy('birth_date')
    .execute();
  await recordAudit(ctx, {
    action: 'population.household_viewed',
    resourceType: 'household',
    resourceId: id,
    jpath: h.jpath,
  });
  const names = await unitNames(ctx.db, [h.village_code, h.grid_code, h.building_code]);
  const ref = (code: string | null) => (code ? { code, name: names.get(code) ?? code } : null);
  return {
    id: h.id,
    address: h.address,
    village: { code: h.village_code, name: names.get(h.village_code) ?? h.village_code },
    grid: ref(h.grid_code),
    building: ref(h.building_code),
    unit: h.unit,
    room: h.room,
    members: await summarise(ctx.db, members),
  };
}

const AGE_BANDS = [
  ['0-6', 0, 6],
  ['7-17', 7, 17],
  ['18-59', 18, 59],
  ['60-79', 60, 79],
  ['80+', 80, 200],
] as const;

/** Counts of a unit's people: aggregates only, no personal data (not an audited read). */
export async function unitSummary(ctx: RequestContext, code: string): Promise<Static<typeof UnitSummary>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const unit = await jurisdictionInScope(ctx, code);
  const scope = scopeOf({ jpath: unit.jpath });
  const on = new Date().toISOString().slice(0, 10);
  const age = sql<number>`extract(year from age(${on}::date, people.birth_date))::int`;
  const [groups, households, specials] = await Promise.all([
    ctx.db
      .selectFrom('people')
      .select([
        'people.residence_type',
        'people.sex',
        sql<string>`case ${sql.join(
          AGE_BANDS.map(([band, lo, hi]) => sql`when ${age} between ${lo} and ${hi} then ${band}`),
          sql` `,
        )} end`.as('band'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where(inScope(scope, 'people'))
      .groupBy(['people.residence_type', 'people.sex', 'band'])
      .execute(),
    ctx.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inScope(scope, 'households'))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('special_populations')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inScope(scope, 'special_populations'))
      .groupBy('kind')
      .execute(),
  ]);
  const byResidence: Record<string, number> = {};
  const bySex: Record<string, number> = {};
  const bands = new Map<string, number>(AGE_BANDS.map(([b]) => [b, 0]));
  let people = 0;
  for (const g of groups) {
    const n = Number(g.n);
    people += n;
    byResidence[g.residence_type] = (byResidence[g.residence_type] ?? 0) + n;
    bySex[g.sex] = (bySex[g.sex] ?? 0) + n;
    bands.set(g.band, (bands.get(g.band) ?? 0) + n);
  }
  return {
    code: unit.code,
    people,
    households: Number(households.n),
    byResidence,
    bySex,
    ageBands: [...bands].map(([band, count]) => ({ band, count })),
    specials: Object.fromEntries(specials.map((s) => [s.kind, Number(s.n)])),
  };
}

export async function specialRegister(
  ctx: RequestContext,
  query: Static<typeof SpecialRegisterQuery>,
  options: { audit?: boolean } = {},
): Promise<Static<typeof SpecialRegisterResponse>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const within = await narrowedScope(ctx, query.jurisdiction);
  let qb = ctx.db
    .selectFrom('special_populations as s')
    .innerJoin('people', (join) =>
      join.onRef('people.county_code', '=', 's.county_code').onRef('people.id', '=', 's.person_id'),
    )
    .where(inScope(scopeOf(ctx.actor), 's'))
    .where(inScope(within, 's'));
  if (query.kind) qb = qb.where('s.kind', '=', query.kind);
  const [rows, total] = await Promise.all([
    qb
      .select([...SUMMARY_COLUMNS, 's.kind', 's.details', 's.since', 's.notes'])
      .orderBy('s.kind')
      .orderBy('s.jpath')
      .orderBy('s.person_id')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (options.audit !== false)
    await recordAudit(ctx, {
      action: 'population.searched',
      resourceType: 'special_populations',
      jpath: within.jpath,
      detail: { kind: query.kind ?? null, results: rows.length },
    });
  const people = await summarise(ctx.db, rows);
  return {
    items: rows.map((r, i) => ({
      person: people[i]!,
      entry: { kind: r.kind as SpecialKind, details: r.details, since: r.since, notes: r.notes },
    })),
    total: Number(total.n),
  };
}

/** Which column names a row's child unit below a jurisdiction of each level. */
const CHILD_COLUMN: Partial<Record<Level, ReturnType<typeof sql<string>>>> = {
  city: sql<string>`s.county_code || '000000'`,
  county: sql<string>`substr(s.village_code, 1, 9) || '000'`,
  town: sql<string>`s.village_code`,
  village: sql<string>`coalesce(p.grid_code, s.village_code)`,
  grid: sql<string>`coalesce(p.building_code, p.grid_code)`,
};

/** Counts per special kind for each child unit of a jurisdiction (per village of a town, …). */
export async function specialCounts(
  ctx: RequestContext,
  code: string | undefined,
): Promise<Static<typeof SpecialCountsResponse>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const unit = await jurisdictionInScope(ctx, code ?? ctx.actor.jurisdictionCode);
  const child = CHILD_COLUMN[unit.level as Level] ?? sql<string>`coalesce(p.building_code, s.village_code)`;
  const rows = await ctx.db
    .selectFrom('special_populations as s')
    .innerJoin('people as p', (join) =>
      join.onRef('p.county_code', '=', 's.county_code').onRef('p.id', '=', 's.person_id'),
    )
    .select([child.as('child_unit'), 's.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where(inScope(scopeOf({ jpath: unit.jpath }), 's'))
    .groupBy(['child_unit', 's.kind'])
    .execute();
  const names = await unitNames(
    ctx.db,
    rows.map((r) => r.child_unit),
  );
  const byUnit = new Map<string, Record<string, number>>();
  const totals: Record<string, number> = Object.fromEntries(SPECIAL_KINDS.map((k) => [k, 0]));
  for (const r of rows) {
    const counts = byUnit.get(r.child_unit) ?? {};
    counts[r.kind] = Number(r.n);
    byUnit.set(r.child_unit, counts);
    totals[r.kind] = (totals[r.kind] ?? 0) + Number(r.n);
  }
  return {
    rows: [...byUnit]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([u, counts]) => ({
        unit: { code: u, name: names.get(u) ?? u },
        counts,
        total: Object.values(counts).reduce((a, b) => a + b, 0),
      })),
    totals,
  };
}

export async function listStaff(
  ctx: RequestContext,
  code: string,
): Promise<Array<Static<typeof StaffEntry>>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const unit = await jurisdictionInScope(ctx, code);
  const rows = await ctx.db
    .selectFrom('grid_staff as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.id', 'g.unit_code', 'g.role', 'g.name', 'g.phone_masked', 'u.username'])
    .where(inScope(scopeOf({ jpath: unit.jpath }), 'g'))
    .orderBy('g.jpath')
    .orderBy('g.role', 'desc')
    .limit(1000)
    .execute();
  const names = await unitNames(
    ctx.db,
    rows.map((r) => r.unit_code),
  );
  return rows.map((r) => ({
    id: r.id,
    unit: { code: r.unit_code, name: names.get(r.unit_code) ?? r.unit_code },
    role: r.role,
    name: r.name,
    phoneMasked: r.phone_masked,
    username: r.username,
  }));
}

export async function addStaff(
  ctx: RequestContext,
  body: Static<typeof StaffBody>,
): Promise<Static<typeof StaffEntry>> {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const unit = await jurisdictionInScope(ctx, body.unitCode);
  const expected = body.role === 'grid_worker' ? 'grid' : 'building';
  if (unit.level !== expected) {
    throw Errors.validation([
      { field: 'unitCode', message: `a ${body.role} serves a ${expected}, not a ${unit.level}` },
    ]);
  }
  let phone: string | null = null;
  if (body.phone) {
    const p = parsePhone(body.phone);
    if (!p.ok) throw Errors.validation([{ field: 'phone', message: 'not a phone number' }]);
    phone = p.value;
  }
  let userId: string | null = null;
  if (body.username) {
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'jpath'])
      .where(sql`lower(username)`, '=', body.username.toLowerCase())
      .executeTakeFirst();
    if (!user) throw Errors.validation([{ field: 'username', message: 'no such account' }]);
    assertInScope(scopeOf(ctx.actor), user.jpath, `Account ${body.username}`);
    userId = user.id;
  }
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('grid_staff')
      .values({
        county_code: unit.county_code,
        jpath: unit.jpath,
        unit_code: unit.code,
        role: body.role,
        name: body.name.trim(),
        phone_cipher: phone ? ctx.pii.encrypt(phone) : null,
        phone_masked: phone ? maskPhone(phone) : null,
        user_id: userId,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'population.staff_changed',
        resourceType: 'grid_staff',
        resourceId: inserted.id,
        jpath: unit.jpath,
        detail: { change: 'added', role: body.role, unit: unit.code },
      },
      tx,
    );
    return inserted;
  });
  return {
    id: row.id,
    unit: { code: unit.code, name: unit.short_name },
    role: body.role,
    name: body.name.trim(),
    phoneMasked: phone ? maskPhone(phone) : null,
    username: body.username ?? null,
  };
}

export async function removeStaff(ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const row = await ctx.db
    .selectFrom('grid_staff')
    .select(['id', 'jpath', 'county_code', 'unit_code', 'role'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw Errors.notFound('Staff entry', id);
  assertInScope(scopeOf(ctx.actor), row.jpath, `Staff entry ${id}`);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('grid_staff')
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'population.staff_changed',
        resourceType: 'grid_staff',
        resourceId: id,
        jpath: row.jpath,
        detail: { change: 'removed', role: row.role, unit: row.unit_code },
      },
      tx,
    );
  });
}
