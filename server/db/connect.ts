/**
 * Opens the one database: PGlite in the data directory by default, server PostgreSQL when
 * DATABASE_URL is set. Both give the same Kysely<Database> and the same value types
 * (bigint → number, date → 'YYYY-MM-DD' string, numeric → string).
 */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DataDirError, prepareDataDir } from './datadir.js';
import { pgliteDialect } from './pglite-driver.js';
import type { Database } from './schema.js';

/** PostgreSQL major version inside the PGlite we ship (checked by db/connect.test.ts). */
export const PGLITE_PG_MAJOR = 18;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data is, for messages: a directory or a URL without its password. */
  location: string;
  /** The PGlite instance, for bulk paths (COPY through /dev/blob). */
  pglite?: PGlite;
  /** The pool, for bulk paths (COPY FROM STDIN). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;

export const pgliteParsers = {
  [pgliteTypes.INT8]: (value: string) => Number(value),
  [pgliteTypes.DATE]: (value: string) => value,
};

export function pgliteHandle(client: PGlite, location: string): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: pgliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    location,
    pglite: client,
    close: async () => {
      await db.destroy();
    },
  };
}

export function postgresHandle(url: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return (value: string) => Number(value);
        if (oid === DATE) return (value: string) => value;
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', location: redactUrl(url), pool, close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const embedded = !options.databaseUrl;
  const layout = prepareDataDir(options.dataDir, embedded, PGLITE_PG_MAJOR);
  if (options.databaseUrl) {
    const handle = postgresHandle(options.databaseUrl, options.poolSize);
    try {
      await sql`select 1`.execute(handle.db);
    } catch (error) {
      await handle.close();
      throw new DataDirError(`Cannot connect to ${handle.location}: ${(error as Error).message}`);
    }
    return handle;
  }
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: layout.pgdata, parsers: pgliteParsers });
    await client.query('select 1');
  } catch (error) {
    throw new DataDirError(
      `The embedded database in ${layout.pgdata} could not be opened (${String(error)}). It may be ` +
        'damaged; Cordon has not modified it. Restore it from a backup, or move it aside and start again.',
    );
  }
  return pgliteHandle(client, layout.pgdata);
}
