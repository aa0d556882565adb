/**
 * The synthetic city (issue 3): generate and load people with households, grids and buildings, and
 * compare with a raw COPY of the very same rows (kept in memory from the run, pre-rendered) into an
 * identical, freshly migrated database in the same run — same transaction shape, same index
 * drop/rebuild. Target: ratio ≥ 0.5, the full city (5.46 M) in under 5 minutes. Then, on the loaded
 * table: exact lookup by ID number (p99 < 5 ms) and a village's people page (p99 < 20 ms), each
 * through the SQL the app runs and through the service the routes call (people.service.ts).
 */
import crypto from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { parseJurisdictionCode } from '../domain/jurisdiction.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { Database } from '../server/db/schema.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import {
  createIndexes,
  dropSecondaryIndexes,
  inBulkTransaction,
} from '../server/modules/population/generate/copy.js';
import {
  type GenerateSummary,
  defaultThreads,
  generatePopulation,
} from '../server/modules/population/generate/generate.js';
import { COLUMNS, type Table } from '../server/modules/population/generate/render.js';
import { searchPeople } from '../server/modules/population/people.service.js';
import { actorFromUser, createUserUnchecked } from '../server/modules/users/users.service.js';
import type { RequestContext } from '../server/platform/context.js';
import { PiiCipher } from '../server/platform/pii.js';
import { type BenchDatabase, ms, percentile, say } from './lib.js';

export interface Lookup {
  p50: number;
  p99: number;
  max: number;
  runs: number;
}

export interface PopulationResult {
  backend: string;
  scale: number;
  threads: number;
  people: number;
  rows: number;
  /** waitingMs: of loadMs, the time COPY waited for the generator (the rest the database was busy). */
  generated: {
    ms: number;
    loadMs: number;
    indexMs: number;
    waitingMs: number;
    rowsPerSec: number;
    peoplePerSec: number;
  };
  raw: { ms: number; loadMs: number; indexMs: number; rowsPerSec: number; peoplePerSec: number };
  /** raw time / generated time, whole runs (load + index build) and load phases only. */
  ratio: number;
  loadRatio: number;
  idLookupSql: Lookup;
  idLookupService: Lookup;
  villagePageSql: Lookup;
  villagePageService: Lookup;
  plans: { idLookup: string; villagePage: string };
}

const sum = (rows: Record<Table, number>): number => Object.values(rows).reduce((s, n) => s + n, 0);

function lookup(samples: number[]): Lookup {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
    runs: sorted.length,
  };
}

async function timed(n: number, warm: number, run: (i: number) => Promise<unknown>): Promise<Lookup> {
  for (let i = 0; i < warm; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(warm + i);
    samples.push(performance.now() - t0);
  }
  return lookup(samples);
}

async function prepared(target: BenchDatabase): Promise<void> {
  await migrateToLatest(target.handle.db);
  await importDivisions(target.handle.db, '1310');
}

/** The same rows, pre-rendered, into an empty database: the floor a loader can reach. */
async function rawCopy(
  target: BenchDatabase,
  chunks: Array<[Table, Buffer]>,
): Promise<{ ms: number; loadMs: number }> {
  const started = performance.now();
  let loadMs = 0;
  await inBulkTransaction(target.handle, async (s) => {
    if (target.kind === 'postgres') await s.query(`set local maintenance_work_mem = '256MB'`);
    const rebuilt = ['households', 'people', 'special_populations'];
    // As the generator does on an empty database: truncate, then COPY frozen rows.
    await s.query(`truncate ${rebuilt.join(', ')}`);
    const dropped = [];
    for (const table of rebuilt) dropped.push(...(await dropSecondaryIndexes(s, table)));
    for (const [table, data] of chunks)
      await s.copyIn(table, COLUMNS[table], data, { freeze: rebuilt.includes(table) });
    loadMs = performance.now() - started;
    await createIndexes(s, dropped);
    for (const table of ['households', 'people', 'special_populations']) await s.query(`analyze ${table}`);
  });
  return { ms: performance.now() - started, loadMs };
}

async function explain(db: Kysely<Database>, text: string): Promise<string> {
  const r = await sql.raw<{ 'QUERY PLAN': string }>(`explain ${text}`).execute(db);
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

async function lookups(target: BenchDatabase, pii: PiiCipher) {
  const db = target.handle.db;
  // A sample of real ID numbers, spread over the table (decrypted: the app only ever has plaintext input).
  const sample = await sql<{
    id_cipher: Uint8Array;
  }>`select id_cipher from people tablesample system (1) limit 2000`.execute(db);
  const ids = sample.rows.map((r) => pii.decrypt(r.id_cipher));
  const villages = (
    await sql<{
      code: string;
      jpath: string;
    }>`select code, jpath from jurisdictions where level = 'village' order by code`.execute(db)
  ).rows;
  const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length]!;

  const admin = await createUserUnchecked(db, {
    username: 'bench.population',
    displayName: 'bench',
    role: 'city_admin',
    jurisdictionCode: parseJurisdictionCode('1310')!.code,
    password: crypto.randomBytes(12).toString('hex') + 'a1',
  });
  const ctx: RequestContext = {
    db,
    actor: actorFromUser(admin),
    requestId: 'bench',
    ip: '127.0.0.1',
    userAgent: null,
    log: pino({ level: 'silent' }),
    pii,
  };

  // The query people.service.ts runs for an exact ID: HMAC of the normalised number, then id_hash.
  const idLookupSql = await timed(1000, 200, async (i) => {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'jpath'])
      .where('id_hash', '=', pii.hash(pick(ids, i)))
      .execute();
    if (rows.length !== 1) throw new Error('ID lookup found no one');
  });
  const idLookupService = await timed(500, 100, async (i) => {
    const r = await searchPeople(ctx, { idNumber: pick(ids, i), limit: 50 });
    if (r.items.length !== 1) throw new Error('searchPeople by ID found no one');
  });
  const villagePageSql = await timed(1000, 200, async (i) => {
    await db
      .selectFrom('people')
      .select(['id', 'name', 'sex', 'birth_date', 'id_masked', 'jpath'])
      .where('jpath', 'like', `${pick(villages, i).jpath}%`)
      .orderBy('jpath')
      .orderBy('id')
      .limit(50)
      .execute();
  });
  const villagePageService = await timed(500, 100, async (i) => {
    await searchPeople(ctx, { jurisdiction: pick(villages, i).code, limit: 50 });
  });
  const plans = {
    idLookup: await explain(
      db,
      `select id from people where id_hash = '\\x${pii.hash(ids[0]!).toString('hex')}'`,
    ),
    villagePage: await explain(
      db,
      `select id from people where jpath like '${villages[0]!.jpath}%' order by jpath, id limit 50`,
    ),
  };
  return { idLookupSql, idLookupService, villagePageSql, villagePageService, plans };
}

export async function population(
  generated: BenchDatabase,
  baseline: () => Promise<BenchDatabase>,
  scale: number,
  threads = defaultThreads(),
): Promise<PopulationResult> {
  await prepared(generated);
  const key = crypto.randomBytes(32);
  const pii = new PiiCipher(key);
  const chunks: Array<[Table, Buffer]> = [];
  say(`  ${generated.kind}: generating scale ${scale} with ${threads} worker thread(s)…`);
  const summary: GenerateSummary = await generatePopulation(generated.handle, key, {
    city: '1310',
    scale,
    seed: '42',
    asOf: '2022-03-01',
    threads,
    tee: (table, data) => chunks.push([table, data]),
  });
  const rows = sum(summary.rows);
  say(
    `  ${generated.kind}: generated in ${(summary.ms.total / 1000).toFixed(1)} s; raw COPY of the same rows…`,
  );

  const other = await baseline();
  let raw: { ms: number; loadMs: number };
  try {
    await prepared(other);
    raw = await rawCopy(other, chunks);
  } finally {
    chunks.length = 0;
    await other.drop();
  }
  const rate = (n: number, msTaken: number) => Math.round((n / msTaken) * 1000);
  return {
    backend: generated.kind,
    scale,
    threads,
    people: summary.rows.people,
    rows,
    generated: {
      ms: summary.ms.total,
      loadMs: summary.ms.load,
      indexMs: summary.ms.indexes,
      waitingMs: summary.ms.waiting,
      rowsPerSec: rate(rows, summary.ms.total),
      peoplePerSec: rate(summary.rows.people, summary.ms.total),
    },
    raw: {
      ms: raw.ms,
      loadMs: raw.loadMs,
      indexMs: raw.ms - raw.loadMs,
      rowsPerSec: rate(rows, raw.ms),
      peoplePerSec: rate(summary.rows.people, raw.ms),
    },
    ratio: raw.ms / summary.ms.total,
    loadRatio: raw.loadMs / summary.ms.load,
    ...(await lookups(generated, pii)),
  };
}

export function printPopulation(r: PopulationResult): void {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const n = (x: number) => x.toLocaleString('en-US');
  say(
    `  ${r.backend.padEnd(9)} scale ${r.scale}: ${n(r.people)} people, ${n(r.rows)} rows, ${r.threads} worker(s)\n` +
      `            generate+load ${s(r.generated.ms)} (load ${s(r.generated.loadMs)}, of which waiting for the ` +
      `generator ${s(r.generated.waitingMs)}, + indexes ${s(r.generated.indexMs)}): ` +
      `${n(r.generated.rowsPerSec)} rows/s, ${n(r.generated.peoplePerSec)} people/s\n` +
      `            raw COPY      ${s(r.raw.ms)} (load ${s(r.raw.loadMs)} + indexes ${s(r.raw.indexMs)}): ` +
      `${n(r.raw.rowsPerSec)} rows/s\n` +
      `            ratio ${r.ratio.toFixed(2)} (load phases ${r.loadRatio.toFixed(2)}) (target ≥ 0.5: ${r.ratio >= 0.5 ? 'met' : 'NOT MET'})\n` +
      `            ID lookup p99 ${ms(r.idLookupSql.p99)} SQL, ${ms(r.idLookupService.p99)} searchPeople (target < 5 ms: ` +
      `${r.idLookupService.p99 < 5 ? 'met' : 'NOT MET'}); village page p99 ${ms(r.villagePageSql.p99)} SQL, ` +
      `${ms(r.villagePageService.p99)} searchPeople (target < 20 ms: ${r.villagePageService.p99 < 20 ? 'met' : 'NOT MET'})`,
  );
}
