/**
 * Bulk loading with COPY on both backends, through one session holding one transaction:
 * node-postgres streams `COPY … FROM STDIN` (pg-copy-streams); PGlite reads `COPY … FROM
 * '/dev/blob'` from a Blob. Hand-written SQL because Kysely has no COPY, and COPY is 5–10× faster
 * than multi-row INSERT for millions of rows (bench/population.ts measures it).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../../db/connect.js';

export interface CopyOptions {
  freeze?: boolean;
}

function copyCommand(
  table: string,
  columns: readonly string[],
  source: string,
  options?: CopyOptions,
): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}${options?.freeze ? ' WITH (FREEZE)' : ''}`;
}

export interface BulkSession {
  kind: DatabaseHandle['kind'];
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /**
   * Appends rows (COPY text format, one line each) to the table's listed columns. `freeze` writes
   * them frozen and all-visible (the table must have been created or truncated in this
   * transaction): index-only scans then need no VACUUM after a load before they skip the heap.
   */
  copyIn(table: string, columns: readonly string[], data: Buffer, options?: CopyOptions): Promise<void>;
}

/**
 * Runs `work` on a session of its own inside one transaction: committed when it returns, rolled
 * back when it throws. On PGlite the session is Kysely's one connection, held for the whole run
 * so no other query can slip into the transaction.
 */
export async function inBulkTransaction<T>(
  handle: DatabaseHandle,
  work: (s: BulkSession) => Promise<T>,
): Promise<T> {
  const run = async (s: BulkSession): Promise<T> => {
    await s.query('begin');
    try {
      const result = await work(s);
      await s.query('commit');
      return result;
    } catch (error) {
      await s.query('rollback').catch(() => undefined);
      throw error;
    }
  };
  if (handle.kind === 'postgres') {
    const client = await handle.pool!.connect();
    let failed: Error | undefined;
    try {
      return await run({
        kind: 'postgres',
        query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
        copyIn: async (table, columns, data, options) => {
          const stream = client.query(copyFrom(copyCommand(table, columns, 'STDIN', options)));
          await pipeline(Readable.from([data]), stream);
        },
      });
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // A connection that failed mid-COPY may be in any state: destroy it rather than pool it.
      client.release(failed);
    }
  }
  const pglite = handle.pglite!;
  return handle.db.connection().execute(() =>
    run({
      kind: 'pglite',
      query: async <R>(text: string, params?: unknown[]) => (await pglite.query<R>(text, params)).rows,
      copyIn: async (table, columns, data, options) => {
        await pglite.query(copyCommand(table, columns, `'/dev/blob'`, options), [], {
          blob: new Blob([data]),
        });
      },
    }),
  );
}

export interface IndexDefinition {
  name: string;
  definition: string;
}

/**
 * Drops a table's secondary indexes (not its primary key), returning their definitions. Building an
 * index once over loaded rows sorts them in one pass; maintaining it row by row during the load
 * costs a random btree insertion per row and index — several times slower at millions of rows.
 */
export async function dropSecondaryIndexes(s: BulkSession, table: string): Promise<IndexDefinition[]> {
  const indexes = await s.query<IndexDefinition>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = $1::regclass and not i.indisprimary
      order by c.relname`,
    [table],
  );
  for (const index of indexes) await s.query(`drop index ${index.name}`);
  return indexes;
}

export async function createIndexes(s: BulkSession, indexes: IndexDefinition[]): Promise<void> {
  for (const index of indexes) await s.query(index.definition);
}
