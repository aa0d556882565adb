/**
 * An import process killed with SIGKILL in the middle of a job: what it committed is whole
 * batches (rows_done and the people agree), and a re-run finishes with exact counts and no
 * duplicates. A real child process on a real database directory (PGlite) or database (PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, pgliteHandle, pgliteParsers, postgresHandle } from '../../../db/connect.js';
import { projectRoot } from '../../../paths.js';
import { TEST_PII, TEST_PII_KEY } from '../../../test/app.js';
import { databaseUrl } from '../../../test/global-setup.js';
import { actorFromUser, findUserByUsername } from '../../users/users.service.js';
import { HEADERS, csv, personRow } from './import.fixtures.js';
import * as repo from './import.repo.js';
import { importFile, runImport } from './import.runner.js';

const ROWS = 150;
const BATCH = 10;
const template = inject('template');
let work: string;
let location: string;
let dropDatabase: (() => Promise<void>) | null = null;

async function open(): Promise<DatabaseHandle> {
  return template.kind === 'pglite'
    ? pgliteHandle(await PGlite.create({ dataDir: location, parsers: pgliteParsers }), location)
    : postgresHandle(location, 2);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-kill-'));
  if (template.kind === 'pglite') {
    location = path.join(work, 'pgdata');
    const client = await PGlite.create({
      dataDir: location,
      loadDataDir: new Blob([fs.readFileSync(template.dump)]),
    });
    await client.close();
  } else {
    const name = `cordon_t_kill_${randomBytes(4).toString('hex')}`;
    const admin = postgresHandle(template.adminUrl, 1);
    await admin.pool!.query(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
    location = databaseUrl(template.adminUrl, name);
    dropDatabase = async () => {
      await admin.pool!.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    };
  }
});
afterAll(async () => {
  await dropDatabase?.();
  fs.rmSync(work, { recursive: true, force: true });
});

const count = async (db: DatabaseHandle['db'], where?: string): Promise<number> =>
  (
    await db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .$if(where !== undefined, (q) => q.where('village_code', '=', where!))
      .executeTakeFirstOrThrow()
  ).n;

describe('a killed import process', () => {
  it('leaves whole batches, and a re-run completes with exact counts and no duplicates', async () => {
    const dir = path.join(work, 'imports');
    fs.mkdirSync(dir);
    const body = csv([HEADERS, ...Array.from({ length: ROWS }, (_, n) => personRow(n + 1))]);
    let handle = await open();
    const user = (await findUserByUsername(handle.db, 'village-worker'))!;
    const job = await repo.insertImport(handle.db, {
      county_code: user.county_code,
      jpath: user.jpath,
      created_by: user.id,
      file_name: 'kill.csv',
      file_sha256: createHash('sha256').update(body).digest('hex'),
      file_size: body.length,
      format: 'csv',
      encoding: 'utf-8',
      status: 'running',
      mapping: JSON.stringify({
        name: '姓名',
        idNumber: '身份证号',
        phone: '联系电话',
        village: '村（社区）',
        building: '楼栋',
        unit: '单元',
        room: '门牌号/室',
      }),
    });
    fs.writeFileSync(importFile(dir, job), body);
    await handle.close(); // the embedded database admits one process at a time

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/modules/population/import/import.child.ts'],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          DB_KIND: template.kind,
          DB_LOCATION: location,
          IMPORT_ID: job.id,
          IMPORT_DIR: dir,
          IMPORT_USER: 'village-worker',
          PII_KEY: TEST_PII_KEY.toString('hex'),
          BATCH_SIZE: String(BATCH),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer): void => {
        output += d.toString();
        if (/batch 3\n/.test(output)) {
          child.kill('SIGKILL');
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`the child ended before it was killed:\n${output}`)));
    });
    expect(await exited).toBe('SIGKILL');

    handle = await open();
    try {
      const dead = (await repo.findImport(handle.db, job.id))!;
      expect(dead.status).toBe('running');
      expect(dead.rows_done % BATCH).toBe(0);
      expect(dead.rows_done).toBeGreaterThanOrEqual(3 * BATCH);
      expect(dead.rows_done).toBeLessThan(ROWS);
      expect(await count(handle.db)).toBe(dead.rows_done);
      expect(dead.rows_inserted).toBe(dead.rows_done);

      // What start-up does: the job's process is gone, so it is interrupted, then resumed.
      expect((await repo.interruptStale(handle.db, 0)).map((j) => j.id)).toEqual([job.id]);
      await repo.transition(handle.db, job.id, ['interrupted'], 'running');
      const deps = { db: handle.db, pii: TEST_PII, dir, log: pino({ level: 'silent' }) };
      await runImport(deps, job.id, actorFromUser(user), { batchSize: BATCH });
      const done = (await repo.findImport(handle.db, job.id))!;
      expect(done).toMatchObject({
        status: 'done',
        rows_done: ROWS,
        rows_inserted: ROWS,
        rows_failed: 0,
        rows_updated: 0,
      });
      expect(await count(handle.db)).toBe(ROWS);
      const duplicates = await handle.db
        .selectFrom('people')
        .select('id_hash')
        .groupBy('id_hash')
        .having(sql`count(*)`, '>', 1)
        .execute();
      expect(duplicates).toEqual([]);
      expect(fs.existsSync(importFile(dir, job))).toBe(false);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
