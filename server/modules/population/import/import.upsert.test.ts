/**
 * Upsert by ID number: the same file twice changes nothing; a changed file updates with field
 * history; empty cells keep what is stored; households form from building, unit and room; and
 * nobody writes people outside their jurisdiction.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, TEST_PII, createTestApp } from '../../../test/app.js';
import { PLACES } from '../../../test/fixtures.js';
import { HEADERS, csv, idOf, importFile, personRow } from './import.fixtures.js';

let t: TestApp;
let village: Client;

beforeAll(async () => {
  t = await createTestApp();
  village = await t.login('village-worker');
});
afterAll(async () => t.close());

const count = async (
  table: 'people' | 'person_changes' | 'households' | 'special_populations',
): Promise<number> =>
  (
    await t.db.db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

const person = (id: string) =>
  t.db.db.selectFrom('people').selectAll().where('id_hash', '=', TEST_PII.hash(id)).executeTakeFirstOrThrow();

describe('upsert by ID number', () => {
  const headers = [...HEADERS, '特殊人群', '慢性病病种'];
  const rows = Array.from({ length: 30 }, (_, n) => [
    ...personRow(n + 1),
    n === 3 ? '慢性病' : '',
    n === 3 ? '高血压' : '',
  ]);

  it('imports a ledger with households and special populations', async () => {
    const job = await importFile(t, village, csv([headers, ...rows]));
    expect(job).toMatchObject({ status: 'done', inserted: 30, updated: 0, unchanged: 0, failed: 0 });
    const a = await person(idOf(1));
    expect(a).toMatchObject({
      village_code: PLACES.village,
      building_code: PLACES.building,
      unit: '1',
      room: '101',
      relation: 'child',
    });
    expect(a.jpath).toBe(`${PLACES.village}/G001/B00001/`);
    // Rows 1 and 8 share building, unit and room 101: one household; row 2 (room 102) another.
    expect((await person(idOf(8))).household_id).toBe(a.household_id);
    expect((await person(idOf(2))).household_id).not.toBe(a.household_id);
    expect(await count('households')).toBe(7);
    const chronic = await t.db.db.selectFrom('special_populations').selectAll().executeTakeFirstOrThrow();
    expect(chronic).toMatchObject({ kind: 'chronic', details: { condition: '高血压' }, jpath: a.jpath });
  });

  it('changes nothing when the same file comes again', async () => {
    const before = {
      changes: await count('person_changes'),
      households: await count('households'),
      people: await count('people'),
    };
    const updatedAt = (await person(idOf(4))).updated_at;
    const job = await importFile(t, village, csv([headers, ...rows]));
    expect(job).toMatchObject({ status: 'done', inserted: 0, updated: 0, unchanged: 30, failed: 0 });
    expect({
      changes: await count('person_changes'),
      households: await count('households'),
      people: await count('people'),
    }).toEqual(before);
    expect((await person(idOf(4))).updated_at).toEqual(updatedAt);
  });

  it('updates what changed, with field-level history (identifiers masked)', async () => {
    const changed = rows.map((r) => [...r]);
    changed[0]![2] = '13911112222'; // phone of person 1
    changed[1]![7] = '301'; // person 2 moves to room 301 (a new household)
    const job = await importFile(t, village, csv([headers, ...changed]), 'ledger-v2.csv');
    expect(job).toMatchObject({ inserted: 0, updated: 2, unchanged: 28 });
    const history = await t.db.db
      .selectFrom('person_changes')
      .select(['person_id', 'field', 'old_value', 'new_value', 'source', 'import_id'])
      .orderBy('field')
      .execute();
    const one = (await person(idOf(1))).id;
    expect(history.filter((h) => h.person_id === one)).toEqual([
      {
        person_id: one,
        field: 'phone',
        old_value: '138****0001',
        new_value: '139****2222',
        source: 'import',
        import_id: job.id,
      },
    ]);
    const two = (await person(idOf(2))).id;
    expect(history.filter((h) => h.person_id === two).map((h) => h.field)).toEqual(['household_id', 'room']);
  });

  it('keeps stored values where the file has empty cells or no column, and a more precise stored place', async () => {
    const job = await importFile(
      t,
      village,
      csv([
        ['姓名', '身份证号', '联系电话', '村（社区）'],
        ['居民3', idOf(3), '', '张营村'],
      ]),
    );
    expect(job).toMatchObject({ unchanged: 1, updated: 0 });
    expect(await person(idOf(3))).toMatchObject({
      phone_masked: '138****0003',
      building_code: PLACES.building,
      room: '103',
    });
  });
});

describe('jurisdiction', () => {
  it('refuses rows of another village, by name or code, and writes nothing there', async () => {
    const rows = [
      HEADERS,
      personRow(101, '倪官屯村'),
      personRow(102, PLACES.otherVillage),
      personRow(103, '张营村'),
    ];
    rows[1]![5] = '';
    rows[2]![5] = '';
    const job = await importFile(t, village, csv(rows));
    expect(job).toMatchObject({ inserted: 1, failed: 2 });
    const errors = await t.db.db
      .selectFrom('import_errors')
      .select('problems')
      .where('import_id', '=', job.id)
      .execute();
    expect(errors.map((e) => e.problems[0])).toEqual([
      expect.objectContaining({ column: '村（社区）', message: '村（社区）“倪官屯村”不在您的辖区内' }),
      expect.objectContaining({ column: '村（社区）', message: '村（社区）倪官屯村不在您的辖区内' }),
    ]);
    const there = await t.db.db
      .selectFrom('people')
      .select('id')
      .where('village_code', '=', PLACES.otherVillage)
      .execute();
    expect(there).toEqual([]);
  });

  it('neither changes nor moves a person registered outside the importer’s jurisdiction', async () => {
    const town = await t.login('town-admin');
    const placed = await importFile(
      t,
      town,
      csv([
        ['姓名', '身份证号', '村（社区）'],
        ['外村人', idOf(200), '倪官屯村'],
      ]),
    );
    expect(placed).toMatchObject({ inserted: 1 });
    const before = await person(idOf(200));
    const job = await importFile(
      t,
      village,
      csv([
        ['姓名', '身份证号'],
        ['改名了', idOf(200)],
      ]),
    );
    expect(job).toMatchObject({ failed: 1, ok: 0 });
    const [error] = await t.db.db
      .selectFrom('import_errors')
      .select('problems')
      .where('import_id', '=', job.id)
      .execute();
    expect(error!.problems[0]).toMatchObject({ column: '身份证号', code: 'registered_elsewhere' });
    expect(await person(idOf(200))).toEqual(before);
  });

  it('puts a grid worker’s rows in their grid, and refuses other grids’ villages', async () => {
    const grid = await t.login('grid-worker');
    const job = await importFile(
      t,
      grid,
      csv([
        ['姓名', '身份证号', '村（社区）'],
        ['网格人', idOf(300), '张营村'],
        ['别村人', idOf(301), '倪官屯村'],
      ]),
    );
    expect(job).toMatchObject({ inserted: 1, failed: 1 });
    expect(await person(idOf(300))).toMatchObject({
      grid_code: PLACES.grid,
      jpath: `${PLACES.village}/G001/`,
    });
  });

  it('asks for the code or the town when a village name repeats in the jurisdiction', async () => {
    const county = await t.login('county-admin');
    const towns = await t.db.db
      .selectFrom('jurisdictions as v')
      .innerJoin('jurisdictions as town', 'town.code', 'v.parent_code')
      .select(['v.code', 'town.short_name as town'])
      .where('v.short_name', '=', '桃园村')
      .where('v.county_code', '=', '131002')
      .orderBy('v.code')
      .execute();
    expect(towns).toHaveLength(2);
    const job = await importFile(
      t,
      county,
      csv([
        ['姓名', '身份证号', '村（社区）'],
        ['桃一', idOf(400), '桃园村'],
        ['桃二', idOf(401), `${towns[1]!.town}/桃园村`],
        ['桃三', idOf(402), towns[0]!.code],
      ]),
    );
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    const [error] = await t.db.db
      .selectFrom('import_errors')
      .select('problems')
      .where('import_id', '=', job.id)
      .execute();
    expect(error!.problems[0]!.message).toContain('12位代码');
    expect((await person(idOf(401))).village_code).toBe(towns[1]!.code);
    expect((await person(idOf(402))).village_code).toBe(towns[0]!.code);
  });
});
