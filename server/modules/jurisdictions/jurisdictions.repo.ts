/**
 * SQL over `jurisdictions` and `division_maps`. Callers pass the scope; this file never decides
 * who may see what.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, JurisdictionRow, NewJurisdiction } from '../../db/schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface JurisdictionWithChildren extends JurisdictionRow {
  child_count: number;
}

export function findByCode(db: Executor, code: string): Promise<JurisdictionRow | undefined> {
  return db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findByPaths(db: Executor, paths: string[]): Promise<JurisdictionRow[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return db.selectFrom('jurisdictions').selectAll().where('jpath', 'in', paths).orderBy('jpath').execute();
}

/** The columns a jurisdiction is presented with (no timestamps: nothing shows them, parsing costs). */
export const SUMMARY_COLUMNS = [
  'code',
  'name',
  'short_name',
  'level',
  'kind',
  'parent_code',
  'county_code',
  'address',
  'source',
  'jpath',
] as const;

export type JurisdictionSummary = Pick<JurisdictionRow, (typeof SUMMARY_COLUMNS)[number]>;

const childCount = sql<number>`(select count(*)::int from jurisdictions c where c.parent_code = j.code)`;

export interface ChildrenPage {
  /** The parent's path (for the scope check), or undefined when the parent does not exist. */
  parentPath: string | undefined;
  items: Array<JurisdictionSummary & { child_count: number }>;
  total: number;
}

/**
 * The parent, one page of its children (each with its own child count) and their total, in one
 * statement: this is the tree's hot path, and each round trip costs more than the query itself.
 */
export async function children(
  db: Executor,
  parentCode: string,
  page: { limit: number; offset: number },
): Promise<ChildrenPage> {
  const rows = await db
    // The parent and its total once (a scalar in the outer select list would run once per child).
    .with('p', (qb) =>
      qb
        .selectFrom('jurisdictions as q')
        .select([
          'q.code',
          'q.jpath',
          sql<number>`(select count(*)::int from jurisdictions t where t.parent_code = q.code)`.as('total'),
        ])
        .where('q.code', '=', parentCode),
    )
    .selectFrom('p')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('jurisdictions as j')
          .select(SUMMARY_COLUMNS.map((c) => `j.${c}` as const))
          .select(childCount.as('child_count'))
          .whereRef('j.parent_code', '=', 'p.code')
          .orderBy('j.code')
          .limit(page.limit)
          .offset(page.offset)
          .as('c'),
      (join) => join.onTrue(),
    )
    .select([
      'p.jpath as parent_path',
      'p.total',
      ...SUMMARY_COLUMNS.map((c) => `c.${c}` as const),
      'c.child_count',
    ])
    .orderBy('c.code')
    .execute();
  const first = rows[0];
  if (!first) return { parentPath: undefined, items: [], total: 0 };
  const items = rows
    .filter((r) => r.code !== null)
    .map(
      ({ parent_path: _p, total: _t, ...child }) => child as JurisdictionSummary & { child_count: number },
    );
  return { parentPath: first.parent_path, items, total: first.total };
}

export function withChildCount(db: Executor, codes: string[]): Promise<JurisdictionWithChildren[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('jurisdictions as j')
    .selectAll('j')
    .select(childCount.as('child_count'))
    .where('j.code', 'in', codes)
    .execute();
}

/** Name or code search inside the scope, shallow levels first. */
export function search(db: Executor, scope: Scope, text: string, limit: number): Promise<JurisdictionRow[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = /^\d+$/.test(text);
  return db
    .selectFrom('jurisdictions as j')
    .selectAll('j')
    .where(inScope(scope, 'j'))
    .where((eb) =>
      digits
        ? eb('j.code', 'like', `${text}%`)
        : eb.or([eb('j.name', 'like', pattern), eb('j.short_name', 'like', pattern)]),
    )
    .orderBy(sql`array_position(array['city','county','town','village','grid','building'], j.level)`)
    .orderBy('j.code')
    .limit(limit)
    .execute();
}

export interface LevelKindCount {
  level: string;
  kind: string;
  count: number;
}

/** Descendants of the node at `jpath` (not the node itself), counted by level and kind. */
export function descendantCounts(db: Executor, scope: Scope, jpath: string): Promise<LevelKindCount[]> {
  return db
    .selectFrom('jurisdictions as j')
    .select(['j.level', 'j.kind', sql<number>`count(*)::int`.as('count')])
    .where(inScope(scope, 'j'))
    .where('j.jpath', 'like', `${jpath}%`)
    .where('j.jpath', '<>', jpath)
    .groupBy(['j.level', 'j.kind'])
    .execute();
}

export interface CountyMetric {
  county_code: string;
  value: number;
}

/** Per county under `jpath`: how many rows of `level` (and `kinds`, when given). */
export function countPerCounty(
  db: Executor,
  scope: Scope,
  jpath: string,
  level: string,
  kinds: readonly string[] | null,
): Promise<CountyMetric[]> {
  let q = db
    .selectFrom('jurisdictions as j')
    .select(['j.county_code', sql<number>`count(*)::int`.as('value')])
    .where(inScope(scope, 'j'))
    .where('j.jpath', 'like', `${jpath}%`)
    .where('j.level', '=', level);
  if (kinds) q = q.where('j.kind', 'in', kinds);
  return q.groupBy('j.county_code').execute();
}

export function countiesUnder(db: Executor, scope: Scope, jpath: string): Promise<JurisdictionRow[]> {
  return (
    db
      .selectFrom('jurisdictions as j')
      .selectAll('j')
      .where(inScope(scope, 'j'))
      .where('j.level', '=', 'county')
      // Counties below the node, or the county the node lies in.
      .where((eb) => eb.or([eb('j.jpath', 'like', `${jpath}%`), sql<boolean>`${jpath} like j.jpath || '%'`]))
      .orderBy('j.code')
      .execute()
  );
}

export function cityMap(
  db: Executor,
  cityCode: string,
): Promise<{ geojson: string; loaded_at: Date } | undefined> {
  return db
    .selectFrom('division_maps')
    .select(['geojson', 'loaded_at'])
    .where('city_code', '=', cityCode)
    .executeTakeFirst();
}

/** Next free sequence number for a grid (G) or building (B) code under a village. */
export async function nextSequence(
  tx: Transaction<Database>,
  villageCode: string,
  letter: 'G' | 'B',
): Promise<number> {
  // Serialise allocations per village: concurrent creators queue on the village row.
  await tx.selectFrom('jurisdictions').select('code').where('code', '=', villageCode).forUpdate().execute();
  const row = await tx
    .selectFrom('jurisdictions')
    .select(sql<number | null>`max(substr(code, 14)::int)`.as('n'))
    .where('code', 'like', `${villageCode}${letter}%`)
    .executeTakeFirstOrThrow();
  return (row.n ?? 0) + 1;
}

export function insert(tx: Executor, row: NewJurisdiction): Promise<JurisdictionRow> {
  return tx.insertInto('jurisdictions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function update(
  tx: Executor,
  code: string,
  patch: {
    name?: string;
    short_name?: string;
    kind?: string;
    address?: string | null;
    parent_code?: string;
    jpath?: string;
  },
): Promise<JurisdictionRow> {
  return tx
    .updateTable('jurisdictions')
    .set({ ...patch, updated_at: new Date() })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(tx: Executor, code: string): Promise<void> {
  await tx.deleteFrom('jurisdictions').where('code', '=', code).execute();
}
