/**
 * `cordon generate-population`: fills the real villages and communities of a city with a
 * deterministic synthetic population (docs/POPULATION.md), in one transaction:
 *
 *   1. with --replace, remove the previous synthetic population (replace.ts);
 *   2. share each county's census population among its settlements (allocate.ts);
 *   3. generate and encrypt in worker threads (or in-process), COPY each batch as it arrives;
 *   4. when people were empty, their secondary indexes are dropped before and built after the load;
 *      otherwise people go through a staging table and any whose ID number is already taken
 *      (by an imported person) are skipped.
 */
import os from 'node:os';
import type { DatabaseHandle } from '../../../db/connect.js';
import { PiiCipher } from '../../../platform/pii.js';
import { allocate } from './allocate.js';
import type { GeneratorInput } from './batches.js';
import { CITIES } from './census.js';
import {
  type BulkSession,
  type IndexDefinition,
  createIndexes,
  dropSecondaryIndexes,
  inBulkTransaction,
} from './copy.js';
import { type Producer, inProcess, inWorkers } from './producer.js';
import { COLUMNS, SYNTHETIC, TABLES, type Table } from './render.js';
import { type GenerationRecord, type Removed, removeSynthetic, writeRecord } from './replace.js';
import type { VillageJob } from './village.js';

export class GenerateError extends Error {}

export interface GenerateOptions {
  /** 4-digit city code; its divisions must be loaded. */
  city: string;
  /** 1.0 = the census population. */
  scale: number;
  seed: string;
  /** Ages are as of this date (YYYY-MM-DD). */
  asOf: string;
  replace?: boolean;
  /** Worker threads generating (0 = on the calling thread). Default: defaultThreads(). */
  threads?: number;
  batchPeople?: number;
  onProgress?: (p: Progress) => void;
  /** Sees every COPY chunk as loaded (the benchmark keeps them to replay as its baseline). */
  tee?: (table: Table, data: Buffer) => void;
}

export interface Progress {
  phase: 'loading' | 'indexing' | 'done';
  people: number;
  total: number;
  elapsedMs: number;
}

export interface GenerateSummary {
  rows: Record<Table, number>;
  /** Generated people not loaded because their ID number was already in the ledger. */
  skipped: number;
  removed: Removed | null;
  /** Whether the people tables were empty, so their indexes were dropped and rebuilt. */
  rebuiltIndexes: boolean;
  /** `waiting`: time the loader spent waiting for the generator (the rest of `load` was COPY). */
  ms: { total: number; load: number; indexes: number; waiting: number };
  estimate: boolean;
}

export const DEFAULT_AS_OF = '2022-03-01';

/**
 * One worker per core (at most 4): generating and encrypting costs more CPU per person than COPY
 * does in the database, so with the database on the same machine two workers on two cores still
 * finish sooner than one (bench/population.ts), and the main thread mostly waits on the socket.
 */
export function defaultThreads(): number {
  return Math.min(4, Math.max(1, os.availableParallelism()));
}

/** Tables whose indexes are rebuilt after a load into empty tables (the big ones). */
const REBUILT: readonly Table[] = ['households', 'people', 'special_populations'];
/** Loaded through staging when people already exist: rows that might collide go through checks. */
const STAGED: readonly Table[] = ['people', 'special_populations'];

async function villageJobs(s: BulkSession, options: GenerateOptions): Promise<VillageJob[]> {
  const villages = await s.query<{
    code: string;
    jpath: string;
    county_code: string;
    kind: string;
    name: string;
    short_name: string;
  }>(
    `select code, jpath, county_code, kind, name, short_name from jurisdictions
      where level = 'village' and code like $1 order by code`,
    [`${options.city}%`],
  );
  if (villages.length === 0) {
    throw new GenerateError(
      `the divisions of city ${options.city} are not loaded: run cordon import-divisions --city ${options.city}`,
    );
  }
  const counties = new Map(
    (
      await s.query<{ code: string; name: string }>(
        `select code, name from jurisdictions where level = 'county' and code like $1`,
        [`${options.city}%`],
      )
    ).map((c) => [c.code.slice(0, 6), c.name]),
  );
  // Units already below a village (bootstrap's demo grids, units users made): number after them.
  const offsets = new Map(
    (
      await s.query<{ village: string; grids: number | null; buildings: number | null }>(
        `select substr(code, 1, 12) as village,
                max(case when level = 'grid' then substr(code, 14)::int end) as grids,
                max(case when level = 'building' then substr(code, 14)::int end) as buildings
           from jurisdictions where level in ('grid', 'building') and code like $1 group by 1`,
        [`${options.city}%`],
      )
    ).map((r) => [r.village, r]),
  );
  return allocate(villages, CITIES[options.city], options.scale, options.seed).map((a, ordinal) => ({
    code: a.village.code,
    jpath: a.village.jpath,
    countyCode: a.village.county_code,
    countyName: counties.get(a.village.county_code) ?? '',
    shortName: a.village.short_name,
    settlement: a.settlement,
    ordinal,
    people: a.people,
    gridOffset: Number(offsets.get(a.village.code)?.grids ?? 0),
    buildingOffset: Number(offsets.get(a.village.code)?.buildings ?? 0),
  }));
}

async function countRows(s: BulkSession, table: string): Promise<number> {
  const [row] = await s.query<{ n: number | string }>(
    `select count(*) as n from (select 1 from ${table} limit 1) x`,
  );
  return Number(row?.n ?? 0);
}

/**
 * `key` is the deployment's personal-data master key (platform/pii.ts loadPiiKey): worker threads
 * build their own cipher from it. The caller has checked it against the database's fingerprint.
 */
export async function generatePopulation(
  handle: DatabaseHandle,
  key: Uint8Array,
  options: GenerateOptions,
): Promise<GenerateSummary> {
  const started = Date.now();
  const pii = new PiiCipher(Buffer.from(key));
  const threads = options.threads ?? defaultThreads();
  return inBulkTransaction(handle, async (s) => {
    if (handle.kind === 'postgres') await s.query(`set local maintenance_work_mem = '256MB'`);
    const existing = await countRows(s, 'people');
    if (existing > 0 && !options.replace) {
      throw new GenerateError(
        'this database already has people. Run again with --replace to delete the synthetic ones (imported ' +
          'and manually entered people are kept) and generate anew.',
      );
    }
    const removed = options.replace ? await removeSynthetic(s) : null;
    const empty = (await countRows(s, 'people')) === 0 && (await countRows(s, 'households')) === 0;
    const jobs = await villageJobs(s, options);
    const total = jobs.reduce((sum, j) => sum + j.people, 0);
    const byCode = new Map(jobs.map((j) => [j.code, j]));
    const input: GeneratorInput = {
      seed: options.seed,
      cityCode: options.city,
      asOf: options.asOf,
      villages: jobs,
      batchPeople: options.batchPeople ?? 20_000,
    };

    // Empty tables are truncated (a no-op on their rows) so that COPY may write frozen, all-visible
    // rows: right after a load, counting a village is then an index-only scan, with no VACUUM first.
    const freeze = empty && (await countRows(s, 'special_populations')) === 0;
    if (freeze) await s.query(`truncate ${REBUILT.join(', ')}`);
    const dropped: IndexDefinition[] = [];
    if (empty) for (const table of REBUILT) dropped.push(...(await dropSecondaryIndexes(s, table)));
    else {
      for (const table of STAGED) {
        await s.query(`create temp table staged_${table} (like ${table} including defaults) on commit drop`);
      }
    }
    const target = (table: Table): string => (empty || !STAGED.includes(table) ? table : `staged_${table}`);

    const rows = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Table, number>;
    const units: GenerationRecord['units'] = {};
    const producer: Producer = threads > 0 ? inWorkers(input, key, threads) : inProcess(input, pii);
    const report = (phase: Progress['phase']): void =>
      options.onProgress?.({ phase, people: rows.people, total, elapsedMs: Date.now() - started });
    report('loading');
    let waiting = 0;
    try {
      const next = async () => {
        const t0 = Date.now();
        const batch = await producer.next();
        waiting += Date.now() - t0;
        return batch;
      };
      for (let batch = await next(); batch; batch = await next()) {
        for (const table of TABLES) {
          const data = batch.data[table];
          if (!data) continue;
          await s.copyIn(target(table), COLUMNS[table], data, { freeze: freeze && REBUILT.includes(table) });
          options.tee?.(table, data);
          rows[table] += batch.counts[table];
        }
        for (const [village, grids, buildings] of batch.units) {
          const job = byCode.get(village);
          const g = job?.gridOffset ?? 0;
          const b = job?.buildingOffset ?? 0;
          units[village] = [g + 1, g + grids, b + 1, b + buildings];
        }
        report('loading');
      }
    } finally {
      await producer.close();
    }
    const loadMs = Date.now() - started;

    report('indexing');
    let skipped = 0;
    if (empty) await createIndexes(s, dropped);
    else skipped = await mergeStaged(s);
    for (const table of REBUILT) await s.query(`analyze ${table}`);
    await writeRecord(s, {
      seed: options.seed,
      scale: options.scale,
      asOf: options.asOf,
      city: options.city,
      at: new Date().toISOString(),
      people: rows.people - skipped,
      units,
    });
    report('done');
    const totalMs = Date.now() - started;
    return {
      rows: { ...rows, people: rows.people - skipped },
      skipped,
      removed,
      rebuiltIndexes: empty,
      ms: { total: totalMs, load: loadMs, indexes: totalMs - loadMs, waiting },
      estimate: !CITIES[options.city],
    };
  });
}

/**
 * Staged people whose ID number is not yet anywhere in the city (people_id_hash, every county), and
 * the registers of those who made it. Returns how many were skipped.
 */
async function mergeStaged(s: BulkSession): Promise<number> {
  const [staged] = await s.query<{ n: number | string }>(`select count(*) as n from staged_people`);
  const [inserted] = await s.query<{ n: number | string }>(
    `with added as (
       insert into people select g.* from staged_people g
        where not exists (select 1 from people p where p.id_hash = g.id_hash)
       returning 1)
     select count(*) as n from added`,
  );
  await s.query(
    `insert into special_populations select g.* from staged_special_populations g
      where exists (select 1 from people p where p.county_code = g.county_code and p.id = g.person_id and p.source = '${SYNTHETIC}')`,
  );
  return Number(staged?.n ?? 0) - Number(inserted?.n ?? 0);
}
