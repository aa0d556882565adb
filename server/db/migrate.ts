/**
 * Applies the migrations in ./migrations, in one transaction, on PGlite or PostgreSQL alike, and
 * refuses a database whose schema is newer than this code.
 */
import { type Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import { version } from '../paths.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export class SchemaError extends Error {}

export interface SchemaStatus {
  applied: string[];
  pending: string[];
  /** Applied in the database but unknown to this code: the schema is newer than the code. */
  unknown: string[];
}

export async function schemaStatus(db: Kysely<Database>): Promise<SchemaStatus> {
  const known = MIGRATIONS.map((m) => m.name);
  const exists = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(
    db,
  );
  const applied = exists.rows[0]?.t
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map(
        (r) => r.name,
      )
    : [];
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}

export function assertNotNewer(status: SchemaStatus): void {
  if (status.unknown.length > 0) {
    throw new SchemaError(
      `The database schema is newer than this Cordon (${version}): it has migration(s) ` +
        `${status.unknown.join(', ')} that this version does not know. Run the Cordon version that ` +
        'created it, or point at another database. Nothing was changed.',
    );
  }
}

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: {
      getMigrations: () => Promise.resolve(Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: m.up }]))),
    },
  });
}

/** Brings the schema up to date. Returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  assertNotNewer(await schemaStatus(db));
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new SchemaError(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed and was rolled back: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
