import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, backend, freshDatabase } from '../test/database.js';
import { PGLITE_PG_MAJOR, redactUrl } from './connect.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
  await sql`create table probe (id int primary key, note text)`.execute(db.db);
});
afterAll(async () => db.destroy());

describe('the database handle', () => {
  it('gives the same value types on PGlite and PostgreSQL', async () => {
    const row = await sql<{ big: unknown; day: unknown; dec: unknown; json: unknown; at: unknown }>`
      select 9007199254740::int8 as big, date '2022-03-15' as day, 1.50::numeric as dec,
             '{"a":[1]}'::jsonb as json, timestamptz '2022-03-15 08:00+08' as at`.execute(db.db);
    expect(row.rows[0]).toEqual({
      big: 9007199254740,
      day: '2022-03-15',
      dec: '1.50',
      json: { a: [1] },
      at: new Date('2022-03-15T00:00:00Z'),
    });
  });

  it('reports affected rows of updates and deletes', async () => {
    await db.db
      .insertInto('settings')
      .values([
        { key: 'x1', value: '1' },
        { key: 'x2', value: '2' },
      ])
      .execute();
    const updated = await db.db
      .updateTable('settings')
      .set({ value: '3' })
      .where('key', 'like', 'x%')
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await db.db.deleteFrom('settings').where('key', 'like', 'x%').executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
  });

  it('isolates concurrent transactions (PGlite is one session: requests must not interleave)', async () => {
    // A transaction that waits between statements and then rolls back, while another request writes.
    const doomed = db.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into probe values (1, 'doomed')`.execute(tx);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const meanwhile = sql`insert into probe values (2, 'independent')`.execute(db.db);
    expect(await doomed).toBe('rolled back');
    await meanwhile;
    const rows = await sql<{ id: number }>`select id from probe order by id`.execute(db.db);
    // Without the serialized driver the second insert would run inside the first transaction and vanish.
    expect(rows.rows.map((r) => r.id)).toEqual([2]);
  });

  it('runs the PostgreSQL version the data directory check expects', async () => {
    const v = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(db.db);
    const major = Math.floor(Number(v.rows[0]!.v) / 10000);
    if (backend() === 'pglite') expect(major).toBe(PGLITE_PG_MAJOR);
    else expect(major).toBeGreaterThanOrEqual(15);
  });

  it('never prints a database password', () => {
    expect(redactUrl('postgres://cordon:s3cret@db:5432/cordon')).toBe('postgres://cordon:***@db:5432/cordon');
    expect(redactUrl('::nonsense')).toBe('(unparsable DATABASE_URL)');
  });
});
