/**
 * Opens the one database: PGlite in the data directory by default, server PostgreSQL when
 * DATABASE_URL is set. Both give the same Kysely<Database> and the same value types
 * (bigint → number, date → 'YYYY-MM-DD' string, numeric → string).
 */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import {
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type RawBuilder,
  sql,
} from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, kind: 'postgres', location: redactUrl(url), pool, close: () => db.destroy() };
}

const PREPARED = '/* prepared:';

/**
 * Marks a hot statement to be prepared once per connection on server PostgreSQL: parse, analysis
 * and planning then happen once per connection instead of on every call (for the tree's page of
 * children they were more than half of the database's time per request). Put it first in a `sql`
 * template whose text never varies — only its parameters — and give each statement its own name.
 * On PGlite it is an ordinary comment. A transaction-mode pooler between the servers and the
 * database must keep prepared statements (PgBouncer 1.21+ with max_prepared_statements set).
 */
export function preparedStatement(name: string): RawBuilder<unknown> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`invalid prepared statement name: ${name}`);
  return sql.raw(`${PREPARED}cordon_${name} */ `);
}

/** The pool as Kysely sees it: statements marked by preparedStatement() go out as named statements. */
function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = preparingClient(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  const query = (text: unknown, values?: unknown[]): unknown => {
    if (typeof text === 'string' && text.startsWith(PREPARED)) {
      // node-postgres parses a named statement once per connection, then only binds and executes it.
      return client.query({ name: text.slice(PREPARED.length, text.indexOf(' */')), text, values });
    }
    return client.query(text as string, values);
  };
  return { query: query as PostgresPoolClient['query'], release: () => client.release() };
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
