import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * A migration is reviewed as code: plain SQL statements, run in order inside the migrator's
 * transaction. There is no `down`: a release that needs to undo something ships a new migration.
 */
export interface Migration {
  name: string;
  up: (db: Kysely<Database>) => Promise<void>;
}

/** One statement per entry — PGlite's extended protocol runs a single statement per query. */
export function statements(...list: string[]): Migration['up'] {
  return async (db) => {
    for (const text of list) await sql.raw(text).execute(db);
  };
}
