/**
 * Runs once per test run: builds the template database (migrated + fixtures) that every test file
 * copies. PGlite: a data-directory dump in a temp file, loaded in well under a second. PostgreSQL
 * (TEST_DATABASE_URL): a template database, copied with CREATE DATABASE … TEMPLATE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { pgliteHandle, pgliteParsers, postgresHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedFixtures } from './fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite'; dump: string } | { kind: 'postgres'; adminUrl: string; name: string };
  }
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const name = `cordon_tpl_${tag}`;
    const admin = postgresHandle(adminUrl, 1);
    await admin.pool!.query(`CREATE DATABASE "${name}"`);
    const tpl = postgresHandle(databaseUrl(adminUrl, name), 1);
    await migrateToLatest(tpl.db);
    await seedFixtures(tpl.db);
    await tpl.close();
    project.provide('template', { kind: 'postgres', adminUrl, name });
    return async () => {
      // Per-file databases are dropped by their files; this catches any left by a crashed worker.
      const left = await admin.pool!.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'cordon_t_${tag}_%' OR datname = $1`,
        [name],
      );
      for (const row of left.rows)
        await admin.pool!.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await admin.close();
    };
  }
  const client = await PGlite.create({ parsers: pgliteParsers });
  const handle = pgliteHandle(client, 'memory://template');
  await migrateToLatest(handle.db);
  await seedFixtures(handle.db);
  const dump = await client.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `cordon-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('template', { kind: 'pglite', dump: file });
  return async () => fs.rmSync(file, { force: true });
}
