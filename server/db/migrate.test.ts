import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, freshDatabase } from '../test/database.js';
import { SchemaError, migrateToLatest, schemaStatus } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

describe('migrations', () => {
  it('are all applied in the template and re-running changes nothing', async () => {
    const status = await schemaStatus(db.db);
    expect(status).toEqual({ applied: MIGRATIONS.map((m) => m.name), pending: [], unknown: [] });
    expect(await migrateToLatest(db.db)).toEqual([]);
  });

  it('build the whole schema from nothing', async () => {
    await sql`drop schema public cascade`.execute(db.db);
    await sql`create schema public`.execute(db.db);
    expect(await schemaStatus(db.db)).toMatchObject({ applied: [], pending: MIGRATIONS.map((m) => m.name) });
    expect(await migrateToLatest(db.db)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('refuse a database whose schema is newer than the code, changing nothing', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', now()::text)`.execute(
      db.db,
    );
    const error = await migrateToLatest(db.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as Error).message).toMatch(/newer than this Cordon.*9999_from_the_future/);
    expect((await schemaStatus(db.db)).unknown).toEqual(['9999_from_the_future']);
  });

  it('keep every large scoped table distributable by county (Citus)', async () => {
    const rows = await sql<{ table_name: string; columns: string[] }>`
      select table_name, array_agg(column_name::text order by column_name) as columns
      from information_schema.columns where table_schema = 'public' group by table_name`.execute(db.db);
    const withPath = rows.rows.filter((r) => r.columns.includes('jpath') && r.table_name !== 'outbox');
    expect(withPath.map((r) => r.table_name).sort()).toEqual([
      'assist_notices',
      'audit_log',
      'boxes',
      'cases',
      'checkpoint_checks',
      'checkpoints',
      'clusters',
      'contacts',
      'exposure_imports',
      'grid_staff',
      'health_codes',
      'health_marks',
      'households',
      'imports',
      'jurisdictions',
      'lab_uploads',
      'labs',
      'passes',
      'people',
      'person_changes',
      'positive_findings',
      'round_exemptions',
      'sample_flags',
      'samples',
      'sampling_sites',
      'sampling_tasks',
      'sampling_teams',
      'special_populations',
      'testing_alerts',
      'testing_round_areas',
      'testing_rounds',
      'tracing_teams',
      'tubes',
      'users',
      'venues',
      'zones',
    ]);
    for (const table of withPath) expect(table.columns, table.table_name).toContain('county_code');
  });
});
