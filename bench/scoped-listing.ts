/**
 * Scoped listing: the cost of the access-scope filter (platform/scope.ts) on a 1,000,000-row scoped
 * table. Lists one village's rows (a page of 50 and the total) as a county officer would — with the
 * scope filter — and the same query without it, alternating, same run. Target: ratio ≤ 1.2.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../server/db/schema.js';
import { inScope, scopeOf } from '../server/platform/scope.js';
import { type BenchDatabase, type Timing, ms, say, summarise } from './lib.js';

interface BenchRows {
  bench_rows: { id: number; county_code: string; jpath: string; name: string; created_at: Date };
}

export interface ScopedListingResult {
  backend: string;
  rows: number;
  withScope: Timing;
  withoutScope: Timing;
  ratio: number;
  plan: string;
}

async function fill(db: Kysely<Database>, rows: number): Promise<void> {
  await sql`drop table if exists bench_rows`.execute(db);
  // The shape every scoped table has: its place (jpath, COLLATE "C") and county, indexed.
  await sql`create table bench_rows (
    id bigint generated always as identity primary key,
    county_code text not null,
    jpath text collate "C" not null,
    name text not null,
    created_at timestamptz not null default now())`.execute(db);
  // Rows spread over every real village of the city, interleaved (no helpful physical order).
  await sql`
    insert into bench_rows (county_code, jpath, name)
    select v.c[1 + g % cardinality(v.p)], v.p[1 + g % cardinality(v.p)], 'row ' || g
    from (select array_agg(jpath order by code) as p, array_agg(county_code order by code) as c
          from jurisdictions where level = 'village') v,
         generate_series(1, ${rows}) g`.execute(db);
  await sql`create index bench_rows_jpath on bench_rows (jpath, id)`.execute(db);
  await sql`create index bench_rows_county on bench_rows (county_code)`.execute(db);
  await sql`analyze bench_rows`.execute(db);
}

export async function scopedListing(
  target: BenchDatabase,
  rows = 1_000_000,
  iterations = 400,
): Promise<ScopedListingResult> {
  const db = target.handle.db;
  const started = Date.now();
  await fill(db, rows);
  say(
    `  ${target.kind}: filled ${rows.toLocaleString()} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const bdb = db as unknown as Kysely<BenchRows>;
  const villages = (
    await sql<{
      jpath: string;
    }>`select jpath from jurisdictions where level = 'village' and county_code = '131002' order by code`.execute(
      db,
    )
  ).rows.map((r) => r.jpath);
  const officer = scopeOf({ jpath: '131002' }); // a county officer of 安次区

  const page = (village: string, scoped: boolean) => {
    let q = bdb.selectFrom('bench_rows as r').where('r.jpath', 'like', `${village}%`);
    if (scoped) q = q.where(inScope(officer, 'r'));
    return Promise.all([
      q.select(['r.id', 'r.name', 'r.jpath', 'r.created_at']).orderBy('r.id').limit(50).execute(),
      q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
  };

  // Warm up caches and plans for both shapes.
  for (let i = 0; i < 50; i++) {
    await page(villages[i % villages.length]!, true);
    await page(villages[i % villages.length]!, false);
  }
  const scoped: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const village = villages[(i * 7) % villages.length]!;
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const withScope of order) {
      const t0 = performance.now();
      const [items, total] = await page(village, withScope);
      const elapsed = performance.now() - t0;
      if (items.length === 0 || total.n === 0) throw new Error(`village ${village} has no rows`);
      (withScope ? scoped : plain).push(elapsed);
    }
  }
  const compiled = bdb
    .selectFrom('bench_rows as r')
    .where('r.jpath', 'like', `${villages[0]}%`)
    .where(inScope(officer, 'r'))
    .select(['r.id'])
    .orderBy('r.id')
    .limit(50)
    .compile();
  const explain = await sql
    .raw<{ 'QUERY PLAN': string }>(
      `explain ${compiled.sql.replace(/\$(\d+)/g, (_m, n: string) => `'${String(compiled.parameters[Number(n) - 1])}'`)}`,
    )
    .execute(db);
  const withScope = summarise(scoped);
  const withoutScope = summarise(plain);
  await sql`drop table bench_rows`.execute(db);
  return {
    backend: target.kind,
    rows,
    withScope,
    withoutScope,
    ratio: withScope.median / withoutScope.median,
    plan: explain.rows.map((r) => r['QUERY PLAN']).join('\n'),
  };
}

export function printScopedListing(r: ScopedListingResult): void {
  say(
    `  ${r.backend.padEnd(9)} with scope: median ${ms(r.withScope.median)}, p95 ${ms(r.withScope.p95)} | ` +
      `without: median ${ms(r.withoutScope.median)}, p95 ${ms(r.withoutScope.p95)} | ratio ${r.ratio.toFixed(2)} ` +
      `(target ≤ 1.20: ${r.ratio <= 1.2 ? 'met' : 'NOT MET'})`,
  );
}
