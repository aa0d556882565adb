#!/usr/bin/env node
// npm run test:pg — the whole unit/API suite on server PostgreSQL. Creates a fresh database on the
// server of TEST_PG_URL (default: the local server as this OS user, database `test` for the
// connection), points TEST_DATABASE_URL at it, runs vitest, and drops it afterwards.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';

const base = process.env.TEST_PG_URL ?? `postgres://${os.userInfo().username}@127.0.0.1:5432/test`;
const name = `cordon_ci_${Date.now().toString(36)}_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
try {
  await admin.connect();
} catch (error) {
  process.stderr.write(`test:pg: cannot reach PostgreSQL at ${base}: ${error.message}\n`);
  process.exit(1);
}
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(base);
url.pathname = `/${name}`;
const { rows } = await admin.query('show server_version');
process.stdout.write(`test:pg: PostgreSQL ${rows[0].server_version}, database ${name}\n`);
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url.toString() },
});
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.end();
process.exit(result.status ?? 1);
