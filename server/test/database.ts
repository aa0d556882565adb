/**
 * A fresh database for one test file, copied from the run's template (global-setup.ts): real
 * PostgreSQL semantics on either backend, isolation by database, no mocks.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { type DatabaseHandle, pgliteHandle, pgliteParsers, postgresHandle } from '../db/connect.js';
import { databaseUrl } from './global-setup.js';

export interface TestDatabase extends DatabaseHandle {
  /** Closes and (on PostgreSQL) drops the database. */
  destroy(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const template = inject('template');
  if (template.kind === 'pglite') {
    const client = await PGlite.create({
      loadDataDir: new Blob([fs.readFileSync(template.dump)]),
      parsers: pgliteParsers,
    });
    const handle = pgliteHandle(client, 'memory://test');
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `cordon_t_${template.name.slice('cordon_tpl_'.length)}_${randomBytes(4).toString('hex')}`;
  const admin = postgresHandle(template.adminUrl, 1);
  await admin.pool!.query(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  const handle = postgresHandle(databaseUrl(template.adminUrl, name), 5);
  return {
    ...handle,
    destroy: async () => {
      await handle.close();
      await admin.pool!.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Which backend this run tests, for the rare assertion that differs. */
export function backend(): 'pglite' | 'postgres' {
  return inject('template').kind;
}

/**
 * An empty database for tests of start-up and the command line: on PostgreSQL a new empty database
 * (its URL), on PGlite nothing (they use a fresh data directory). Call `drop` when done.
 */
export async function emptyServerDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const template = inject('template');
  if (template.kind === 'pglite') return null;
  const name = `cordon_t_${template.name.slice('cordon_tpl_'.length)}_${randomBytes(4).toString('hex')}`;
  const admin = postgresHandle(template.adminUrl, 1);
  await admin.pool!.query(`CREATE DATABASE "${name}"`);
  return {
    url: databaseUrl(template.adminUrl, name),
    drop: async () => {
      await admin.pool!.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}
