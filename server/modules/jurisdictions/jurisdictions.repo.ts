/**
 * SQL over `jurisdictions` and `division_maps`. Callers pass the scope; this file never decides
 * who may see what.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { preparedStatement } from '../../db/connect.js';
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

/** `j.code, j.name, …`: built once (query nodes are immutable and can be shared). */
const CHILD_COLUMNS = sql.join(SUMMARY_COLUMNS.map((c) => sql.ref(`j.${c}`)));
const PREPARED_CHILDREN = preparedStatement('jurisdictions_children');

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
 *
 * One row comes back, the page as one JSON array: parsing 30 rows of 13 columns in node-postgres cost
 * more than JSON.parse of the array, and the parent's path and total are not repeated on every row.
 * (The summary columns are text and the count an int, so JSON carries the same values as rows.)
 * Every subquery runs once (the total is a scalar of the single outer row, not of each child row).
 * The text never varies, so it is prepared once per connection on PostgreSQL (planning it cost more
 * than running it) and cheap to compile. bench/http.ts measures this request.
 */
export async function children(
  db: Executor,
  parentCode: string,
  page: { limit: number; offset: number },
): Promise<ChildrenPage> {
  const { rows } = await sql<{
    parent_path: string;
    total: number;
    items: ChildrenPage['items'];
  }>`${PREPARED_CHILDREN}select p.jpath as parent_path,
  (select count(*)::int from jurisdictions t where t.parent_code = p.code) as total,
  (select coalesce(json_agg(c order by c.code), '[]'::json) from (
    select ${CHILD_COLUMNS},
      (select count(*)::int from jurisdictions k where k.parent_code = j.code) as child_count
    from jurisdictions j
    where j.parent_code = p.code
    order by j.code
    limit ${page.limit} offset ${page.offset}
  ) c) as items
from jurisdictions p
where p.code = ${parentCode}`.execute(db);
  const row = rows[0];
  if (!row) return { parentPath: undefined, items: [], total: 0 };
  return { parentPath: row.parent_path, items: row.items, total: row.total };
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
