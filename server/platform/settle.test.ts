import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, backend, freshDatabase } from '../test/database.js';
import { type BulkTable, TableSettler } from './settle.js';

let db: TestDatabase;
const logged: Array<{ level: string; object: object }> = [];
const log = {
  info: (object: object) => void logged.push({ level: 'info', object }),
  error: (object: object) => void logged.push({ level: 'error', object }),
};

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

/** How many times VACUUM has been through a table (PostgreSQL's cumulative statistics). */
async function vacuums(table: string): Promise<number> {
  await sql`select pg_stat_clear_snapshot()`.execute(db.db);
  const { rows } = await sql<{ n: string }>`select vacuum_count::text as n from pg_stat_user_tables
    where relname = ${table}`.execute(db.db);
  return Number(rows[0]?.n ?? 0);
}

describe('settling the tables bulk paths filled', () => {
  it('refuses a table that is not on the list (its name goes into the statement as it is)', () => {
    const settler = new TableSettler(db.db, db.kind, log);
    expect(() => settler.touched(['people; drop table people' as BulkTable])).toThrow(/not a bulk-written/);
  });

  it.runIf(backend() === 'pglite')('does nothing on the embedded database (one connection)', async () => {
    const settler = new TableSettler(db.db, 'pglite', log, 1, 1);
    expect(settler.active).toBe(false);
    settler.touched(['samples']);
    await settler.settle();
    expect(logged).toEqual([]);
  });

  it.runIf(backend() === 'postgres')(
    'vacuums the marked tables once writes pause, once for a burst of marks',
    async () => {
      const settler = new TableSettler(db.db, 'postgres', log, 100, 10_000);
      const before = { samples: await vacuums('samples'), tubes: await vacuums('tubes') };
      for (let i = 0; i < 5; i++) settler.touched(i % 2 === 0 ? ['samples'] : ['tubes', 'samples']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await vacuums('samples')).toBe(before.samples); // still writing: not yet
      await expect.poll(() => vacuums('samples'), { timeout: 5000 }).toBe(before.samples + 1);
      expect(await vacuums('tubes')).toBe(before.tubes + 1);
      await settler.settle();
      expect(logged.filter((l) => l.level === 'info')).toHaveLength(1);
      expect(logged[0]!.object).toMatchObject({ tables: ['samples', 'tubes'] });
    },
  );

  it.runIf(backend() === 'postgres')(
    'runs at the latest maxWaitMs after the first mark under a steady stream; settle() runs it now',
    async () => {
      const settler = new TableSettler(db.db, 'postgres', log, 60_000, 200);
      const before = await vacuums('sample_flags');
      settler.touched(['sample_flags']);
      await expect.poll(() => vacuums('sample_flags'), { timeout: 5000 }).toBe(before + 1);
      settler.touched(['sample_flags']);
      await settler.settle(); // no waiting for the quiet minute
      expect(await vacuums('sample_flags')).toBe(before + 2);
      await settler.stop();
      settler.touched(['sample_flags']); // stopped: nothing more
      await settler.settle();
      expect(await vacuums('sample_flags')).toBe(before + 2);
    },
  );
});
