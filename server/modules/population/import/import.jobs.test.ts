/**
 * Import jobs: a job that dies mid-way (injected crash) leaves whole batches only and resumes at
 * its cursor with exact counts and no duplicates; cancel, resume and start refuse the wrong state;
 * lists and details are scoped; start and finish are audited.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, TEST_PII, createTestApp } from '../../../test/app.js';
import { actorFromUser, createUserUnchecked, findUserByUsername } from '../../users/users.service.js';
import {
  HEADERS,
  type ImportJson,
  type UploadJson,
  csv,
  finished,
  idOf,
  importFile,
  personRow,
  upload,
} from './import.fixtures.js';
import * as repo from './import.repo.js';
import { recoverImports } from './import.service.js';

let t: TestApp;
let village: Client;

beforeAll(async () => {
  t = await createTestApp();
  village = await t.login('village-worker');
});
afterAll(async () => t.close());

const peopleCount = async (): Promise<number> =>
  (
    await t.db.db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

async function uploaded(body: Buffer): Promise<UploadJson> {
  const res = await upload(village, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<UploadJson>();
}

describe('a job that dies', () => {
  it('leaves whole batches, resumes at its cursor, and ends with exact counts and no duplicates', async () => {
    // 23 rows, one bad and one duplicate of an earlier row, in batches of 5.
    const rows = [HEADERS, ...Array.from({ length: 23 }, (_, n) => personRow(1000 + n))];
    rows[7]![1] = '123'; // row 8: bad ID
    rows[18]![1] = idOf(1002); // row 19: duplicate of row 4 (in a batch before the crash)
    const { import: job, suggestedMapping } = await uploaded(csv(rows));
    const user = (await findUserByUsername(t.db.db, 'village-worker'))!;
    await repo.transition(t.db.db, job.id, ['uploaded'], 'running', {
      mapping: JSON.stringify(suggestedMapping),
    });
    await t.app.importJobs.start(job.id, actorFromUser(user), { batchSize: 5, crashAfterBatches: 2 });

    const dead = await repo.findImport(t.db.db, job.id);
    expect(dead).toMatchObject({
      status: 'running',
      rows_done: 10,
      rows_ok: 9,
      rows_failed: 1,
      rows_inserted: 9,
    });
    expect(await peopleCount()).toBe(9);

    // Start-up recovery: the heartbeat is stale (0 ms here), the job is marked and resumed.
    expect(await recoverImports(t.app.importJobs, 0, true)).toEqual([job.id]);
    const done = await finished(t, village, job.id);
    expect(done).toMatchObject({
      status: 'done',
      rowsDone: 23,
      rowsTotal: 23,
      ok: 21,
      failed: 2,
      inserted: 21,
      updated: 0,
    });
    expect(await peopleCount()).toBe(21);
    const hashes = await t.db.db
      .selectFrom('people')
      .select(['id_hash', sql<number>`count(*)::int`.as('n')])
      .groupBy('id_hash')
      .having(sql`count(*)`, '>', 1)
      .execute();
    expect(hashes).toEqual([]);
    const errors = await t.db.db
      .selectFrom('import_errors')
      .select(['row_number', 'problems'])
      .where('import_id', '=', job.id)
      .orderBy('row_number')
      .execute();
    expect(errors.map((e) => [e.row_number, e.problems[0]!.message])).toEqual([
      [8, '身份证号应为18位（17位数字加校验位）或15位数字'],
      [19, '与第4行的身份证号重复'],
    ]);
  });

  it('can be resumed by hand after a failure, and refuses to resume once done', async () => {
    const { import: job, suggestedMapping } = await uploaded(
      csv([HEADERS, personRow(2000), personRow(2001)]),
    );
    const user = (await findUserByUsername(t.db.db, 'village-worker'))!;
    await repo.transition(t.db.db, job.id, ['uploaded'], 'running', {
      mapping: JSON.stringify(suggestedMapping),
    });
    await t.app.importJobs.start(job.id, actorFromUser(user), { batchSize: 1, crashAfterBatches: 1 });
    await repo.interruptStale(t.db.db, 0);
    const interrupted = (await village.get(`/api/population/imports/${job.id}`)).json<ImportJson>();
    expect(interrupted).toMatchObject({ status: 'interrupted', rowsDone: 1 });
    expect(interrupted.error).toContain('中止');
    const resumed = await village.post(`/api/population/imports/${job.id}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(await finished(t, village, job.id)).toMatchObject({ status: 'done', inserted: 2 });
    const again = await village.post(`/api/population/imports/${job.id}/resume`);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('IMPORT_WRONG_STATE');
  });

  it('fails clearly when its file is gone, and stops as interrupted when the server shuts down', async () => {
    const { import: job, suggestedMapping } = await uploaded(csv([HEADERS, personRow(2100)]));
    const fs = await import('node:fs');
    const { importFile: fileOf } = await import('./import.runner.js');
    fs.rmSync(fileOf(t.app.importJobs.deps.dir, { id: job.id, format: 'csv' }));
    await village.post(`/api/population/imports/${job.id}/start`, { mapping: suggestedMapping });
    const failed = await finished(t, village, job.id);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error).toContain('重新上传');

    const big = await uploaded(csv([HEADERS, ...Array.from({ length: 40 }, (_, n) => personRow(2200 + n))]));
    const user = (await findUserByUsername(t.db.db, 'village-worker'))!;
    await repo.transition(t.db.db, big.import.id, ['uploaded'], 'running', {
      mapping: JSON.stringify(big.suggestedMapping),
    });
    const running = t.app.importJobs.start(big.import.id, actorFromUser(user), {
      batchSize: 5,
      afterBatch: async (n) => {
        // Shutdown asks every job to stop (not awaited here: it waits for this very job).
        if (n === 2) void t.app.importJobs.stopAll();
      },
    });
    await running;
    expect(await repo.findImport(t.db.db, big.import.id)).toMatchObject({
      status: 'interrupted',
      rows_done: 10,
    });
  });
});

describe('states, lists and audit', () => {
  it('starts once, cancels, and says why it cannot', async () => {
    const { import: job, suggestedMapping } = await uploaded(csv([HEADERS, personRow(3000)]));
    const cancelled = await village.post(`/api/population/imports/${job.id}/cancel`);
    expect(cancelled.json<ImportJson>().status).toBe('cancelled');
    const start = await village.post(`/api/population/imports/${job.id}/start`, {
      mapping: suggestedMapping,
    });
    expect(start.statusCode).toBe(409);
    expect(start.json<{ error: { details: unknown } }>().error.details).toEqual({
      status: 'cancelled',
      action: 'started',
    });
    const people = await t.db.db
      .selectFrom('people')
      .select('id')
      .where('id_hash', '=', TEST_PII.hash(idOf(3000)))
      .execute();
    expect(people).toEqual([]);
  });

  it('cancels a running job: the batch in flight is rolled back, the committed ones stay', async () => {
    const rows = [HEADERS, ...Array.from({ length: 30 }, (_, n) => personRow(3050 + n))];
    const { import: job, suggestedMapping } = await uploaded(csv(rows));
    const user = (await findUserByUsername(t.db.db, 'village-worker'))!;
    const before = await peopleCount();
    await repo.transition(t.db.db, job.id, ['uploaded'], 'running', {
      mapping: JSON.stringify(suggestedMapping),
    });
    await t.app.importJobs.start(job.id, actorFromUser(user), {
      batchSize: 10,
      afterBatch: async (n) => {
        if (n === 1)
          expect((await village.post(`/api/population/imports/${job.id}/cancel`)).statusCode).toBe(200);
      },
    });
    expect(await repo.findImport(t.db.db, job.id)).toMatchObject({
      status: 'cancelled',
      rows_done: 10,
      rows_inserted: 10,
    });
    expect((await peopleCount()) - before).toBe(10);
    const fs = await import('node:fs');
    expect(fs.readdirSync(t.app.importJobs.deps.dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });

  it('lists jobs newest first within the jurisdiction; other villages see none of them', async () => {
    const done = await importFile(t, village, csv([HEADERS, personRow(3100)]), '最新.csv');
    const list = (await village.get('/api/population/imports?limit=2')).json<{
      items: ImportJson[];
      total: number;
    }>();
    expect(list.items[0]!.id).toBe(done.id);
    expect(list.total).toBeGreaterThan(3);
    const town = await t.login('town-admin');
    expect((await town.get(`/api/population/imports/${done.id}`)).statusCode).toBe(200);
    await createUserUnchecked(t.db.db, {
      username: 'other-village',
      displayName: '倪官屯',
      role: 'village_worker',
      jurisdictionCode: '131002100203',
      password: 'Other-pass-99',
    });
    const outsider = await t.login('other-village', 'Other-pass-99');
    const forbidden = await outsider.get(`/api/population/imports/${done.id}`);
    expect(forbidden.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    expect((await outsider.get('/api/population/imports')).json<{ total: number }>().total).toBe(0);
  });

  it('records start and finish in the audit log with the counts', async () => {
    const job = await importFile(t, village, csv([HEADERS, personRow(3200), personRow(3201)]));
    const entries = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail', 'jpath', 'actor_username'])
      .where('resource_id', '=', job.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['population.import_started', 'population.import_finished']);
    expect(entries[1]).toMatchObject({
      outcome: 'ok',
      jpath: '131002100202',
      actor_username: 'village-worker',
    });
    expect(entries[1]!.detail).toMatchObject({ status: 'done', inserted: 2, failed: 0 });
  });
});
