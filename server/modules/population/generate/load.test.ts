/**
 * Loading a small synthetic city into a real database (PGlite, or PostgreSQL with npm run test:pg):
 * counts, the units below villages, refusal without --replace, replacement that keeps imported
 * people, and a person found by ID number the way the app looks them up.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACES } from '../../../test/fixtures.js';
import { TEST_PII, TEST_PII_KEY } from '../../../test/app.js';
import { type TestDatabase, freshDatabase } from '../../../test/database.js';
import { personRow } from '../person.codec.js';
import { type GenerateOptions, GenerateError, generatePopulation } from './generate.js';
import { RECORD_KEY } from './replace.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const options: GenerateOptions = { city: '1310', scale: 0.0015, seed: '7', asOf: '2022-03-01', threads: 0 };

async function count(
  table: 'people' | 'households' | 'special_populations' | 'grid_staff',
  where = sql`true`,
) {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db.db);
  return r.rows[0]!.n;
}

describe('generate-population on a database', () => {
  it('loads every village with people, households, grids, buildings and staff', async () => {
    const indexes = () =>
      sql<{
        indexdef: string;
      }>`select indexdef from pg_indexes where tablename in ('people', 'households', 'special_populations') order by 1`
        .execute(db.db)
        .then((r) => r.rows.map((i) => i.indexdef));
    const before = await indexes();
    const progress: number[] = [];
    const summary = await generatePopulation(db, TEST_PII_KEY, {
      ...options,
      onProgress: (p) => progress.push(p.people),
    });
    expect(summary.rebuiltIndexes).toBe(true);
    expect(summary.rows.people).toBeGreaterThan(8000);
    expect(await count('people')).toBe(summary.rows.people);
    expect(await count('households')).toBe(summary.rows.households);
    expect(await count('special_populations')).toBe(summary.rows.special_populations);
    expect(await count('grid_staff')).toBe(summary.rows.grid_staff);
    expect(progress.at(-1)).toBe(summary.rows.people);

    const empty = await sql<{ n: number }>`select count(*)::int as n from jurisdictions v
      where v.level = 'village' and not exists (select 1 from people p where p.village_code = v.code)`.execute(
      db.db,
    );
    expect(empty.rows[0]!.n).toBe(0);
    // The fixtures' grid and building in 张营村 keep their numbers; generated ones follow them.
    const units = await db.db
      .selectFrom('jurisdictions')
      .select(['code', 'source'])
      .where('code', 'like', `${PLACES.village}%`)
      .where('level', 'in', ['grid', 'building'])
      .orderBy('code')
      .execute();
    expect(units.map((u) => u.code)).toEqual(
      expect.arrayContaining([
        PLACES.grid,
        `${PLACES.village}G002`,
        PLACES.building,
        `${PLACES.village}B00002`,
      ]),
    );
    // Every secondary index is back, as it was.
    expect(await indexes()).toEqual(before);
  });

  it('finds a person by the hash of their ID number, as the app does', async () => {
    const someone = await db.db
      .selectFrom('people')
      .select(['id', 'id_cipher', 'jpath'])
      .limit(1)
      .executeTakeFirstOrThrow();
    const idNumber = TEST_PII.decrypt(someone.id_cipher);
    const found = await db.db
      .selectFrom('people')
      .select('id')
      .where('id_hash', '=', TEST_PII.hash(idNumber))
      .execute();
    expect(found.map((f) => f.id)).toEqual([someone.id]);
    expect(someone.jpath).toMatch(/^\d{12}\/G\d{3}\/B\d{5}\/$/);
  });

  it('refuses a database with people unless asked to replace', async () => {
    await expect(generatePopulation(db, TEST_PII_KEY, options)).rejects.toThrow(GenerateError);
  });

  it('replaces only synthetic data, skipping a generated person whose ID an imported one has', async () => {
    const before = await count('people');
    // An imported person with the ID number of a generated one (same county), in a fixture building.
    const victim = await db.db
      .selectFrom('people')
      .select(['id', 'id_cipher', 'county_code', 'name', 'sex', 'birth_date'])
      .where('county_code', '=', '131002')
      .limit(1)
      .executeTakeFirstOrThrow();
    const idNumber = TEST_PII.decrypt(victim.id_cipher);
    // As if the generated person had been replaced by the real one in an import.
    await db.db.deleteFrom('people').where('id', '=', victim.id).execute();
    await db.db
      .insertInto('people')
      .values(
        personRow(
          TEST_PII,
          {
            idNumber,
            name: '导入某人',
            sex: victim.sex,
            birthDate: victim.birth_date,
            phone: null,
            phone2: null,
            residenceType: 'registered',
            registeredAddress: null,
            workUnit: null,
            emergencyName: null,
            emergencyPhone: null,
            notes: null,
            relation: null,
            unit: null,
            room: null,
          },
          {
            countyCode: '131002',
            villageCode: PLACES.village,
            gridCode: PLACES.grid,
            buildingCode: PLACES.building,
            jpath: `${PLACES.village}/G001/B00001/`,
            householdId: null,
          },
          'import',
        ),
      )
      .execute();
    // Regenerating with the same seed makes that ID number again: it must be skipped.
    const summary = await generatePopulation(db, TEST_PII_KEY, { ...options, replace: true });
    expect(summary.removed?.people).toBe(before - 1);
    expect(summary.rebuiltIndexes).toBe(false);
    expect(summary.skipped).toBe(1);
    expect(await count('people', sql`source = 'import'`)).toBe(1);
    expect(await count('people')).toBe(before);
    expect(await count('people', sql`source = 'synthetic'`)).toBe(before - 1);
    const record = await db.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', RECORD_KEY)
      .executeTakeFirst();
    expect(record).toBeDefined();
  });

  it('generates in a worker thread the same people as on the calling thread', async () => {
    const names = async () =>
      (
        await db.db
          .selectFrom('people')
          .select(['id', 'name', 'birth_date', 'jpath'])
          .where('source', '=', 'synthetic')
          .orderBy('id')
          .execute()
      ).map((p) => `${p.id} ${p.name} ${p.birth_date} ${p.jpath}`);
    const inProcess = await names();
    await generatePopulation(db, TEST_PII_KEY, { ...options, replace: true, threads: 2 });
    expect(await names()).toEqual(inProcess);
  });
});
