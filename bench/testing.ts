/**
 * A full-city round (issue: mass testing). Over the synthetic city — generated here as
 * bench/population.ts does, or an existing database (BENCH_TESTING_DATABASE_URL) migrated to latest —
 * one round covers the whole city (1310) with 10 swabs per tube in the prevention zone: every person
 * scanned once at their village's site, in place order (≈ 550,000 tubes for 5.46 M people).
 *
 *  - scans: ingestScans (bulk.service.ts, COPY through the database handle) vs a raw COPY of the very
 *    rows it writes — the final samples and tubes — into identical, freshly created tables with the
 *    same indexes, in the same run and chunk by chunk the same way → rows/s and ratio (target ≥ 0.5);
 *  - boxes: every tube shipped (shipBox, 2,000 per box) and received (receiveBox);
 *  - results: every tube through recordResults (lab.results.ts), ~0.1% positive;
 *    scans + boxes + results is the round (target < 3 min on server PostgreSQL);
 *  - the recall list of each positive tube (p99), a village's coverage (p95), the city roll-up.
 *
 * Setup not measured: users, the round, one site per village (inserted directly), the scan rows and
 * the baseline's pre-rendered COPY text, closing the tubes left part-full at each village's end.
 */
import crypto from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { parseJurisdictionCode } from '../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID, editionById } from '../domain/protocol.js';
import { samplingCodeOf } from '../domain/testing.js';
import type { DatabaseHandle } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { Database } from '../server/db/schema.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import { inBulkTransaction } from '../server/modules/population/generate/copy.js';
import { defaultThreads, generatePopulation } from '../server/modules/population/generate/generate.js';
import { type ScanRow, ingestScans } from '../server/modules/testing/bulk.service.js';
import { coverage } from '../server/modules/testing/coverage.service.js';
import { type ResultRow, recordResults } from '../server/modules/testing/lab.results.js';
import { receiveBox, shipBox } from '../server/modules/testing/lab.service.js';
import { recallList } from '../server/modules/testing/recall.service.js';
import { createRound } from '../server/modules/testing/rounds.service.js';
import { createLab } from '../server/modules/testing/sites.service.js';
import { actorFromUser, createUserUnchecked } from '../server/modules/users/users.service.js';
import type { RequestContext } from '../server/platform/context.js';
import { PiiCipher } from '../server/platform/pii.js';
import { TableSettler } from '../server/platform/settle.js';
import { ms, percentile, say } from './lib.js';

export interface Lookup {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  runs: number;
}

export interface TestingResult {
  backend: string;
  source: string;
  people: number;
  tubes: number;
  chunk: number;
  scans: {
    ms: number;
    rowsPerSec: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    tubesOpened: number;
  };
  raw: { ms: number; rowsPerSec: number };
  /** raw time / ingest time. */
  ratio: number;
  boxes: { ms: number; boxes: number };
  results: { ms: number; rowsPerSec: number; recorded: number; rejected: number; positives: number };
  /** scans + boxes + results. */
  roundMs: number;
  recall: Lookup;
  villageCoverage: Lookup;
  cityCoverage: Lookup;
  /** The settler's VACUUM (ANALYZE) of what the round filled (platform/settle.ts; 0 on PGlite). */
  settleMs: number;
  /** After it. */
  villageSettled: Lookup;
  citySettled: Lookup;
}

export interface TestingTarget {
  kind: 'pglite' | 'postgres';
  handle: DatabaseHandle;
  /** The key the people were encrypted with, when known: then 5% of scans give an ID number. */
  pii: PiiCipher | null;
  source: string;
}

const SAMPLES_COLUMNS = [
  'county_code',
  'round_id',
  'person_id',
  'jpath',
  'household_id',
  'tube_id',
  'tube_county',
  'site_id',
  'sampled_at',
  'sampled_by',
];
const POOL = 10;
const BOX = 2000;
const POSITIVE_EVERY = 1000;

function lookup(samples: number[]): Lookup {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p);
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN, runs: sorted.length };
}

async function timedEach<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<Lookup> {
  const samples: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await run(item);
    samples.push(performance.now() - t0);
  }
  return lookup(samples);
}

/** A database holding the synthetic city at `scale`, generated as bench/population.ts does. */
export async function generatedCity(handle: DatabaseHandle, scale: number): Promise<PiiCipher> {
  await migrateToLatest(handle.db);
  await importDivisions(handle.db, '1310');
  const key = crypto.randomBytes(32);
  await generatePopulation(handle, key, {
    city: '1310',
    scale,
    seed: '42',
    asOf: '2022-03-01',
    threads: defaultThreads(),
  });
  return new PiiCipher(key);
}

async function contexts(db: Kysely<Database>, pii: PiiCipher, run: string, settler: TableSettler) {
  const city = parseJurisdictionCode('1310')!.code;
  const ctx = async (role: 'city_admin' | 'sampler' | 'lab_technician'): Promise<RequestContext> => {
    const user = await createUserUnchecked(db, {
      username: `bench.testing.${role}.${run}`,
      displayName: 'bench',
      role,
      jurisdictionCode: city,
      password: crypto.randomBytes(12).toString('hex') + 'a1',
    });
    return {
      db,
      actor: actorFromUser(user),
      requestId: 'bench',
      ip: '127.0.0.1',
      userAgent: null,
      log: pino({ level: 'silent' }),
      pii,
      settler,
    };
  };
  return {
    planner: await ctx('city_admin'),
    sampler: await ctx('sampler'),
    lab: await ctx('lab_technician'),
  };
}

interface Plan {
  rows: number;
  tubes: number;
  codes: string[];
  /** Per row: its tube's number (barcode T0000001 …) and its site's index. */
  tubeOf: Int32Array;
  siteOf: Int32Array;
  siteIds: string[];
  /** The final sample rows as COPY text, chunk by chunk, for the baseline. */
  baseline: Buffer[];
  /** The final tube rows as COPY text: the baseline writes what the path writes, samples and tubes. */
  tubeBaseline: Buffer[];
  base: number;
}

const barcodeOf = (tube: number) => `T${String(tube + 1).padStart(7, '0')}`;
/** Sampled over ten hours ending an hour ago: every scan is in the past and inside the round. */
const timeOf = (plan: Plan, i: number) =>
  new Date(plan.base + Math.floor((i * 36_000_000) / Math.max(1, plan.rows))).toISOString();

/** Every person in place order, a site per village, POOL people per tube (a tube never spans villages). */
async function plan(
  target: TestingTarget,
  roundId: string,
  samplerId: string,
  chunk: number,
  base: number,
): Promise<Plan> {
  const db = target.handle.db;
  const sites = await sql<{ id: string; village_code: string; county_code: string; jpath: string }>`
    insert into sampling_sites (county_code, jpath, village_code, name)
    select county_code, jpath, code, short_name || '采样点' from jurisdictions
     where level = 'village' and code like '1310%'
    returning id, village_code, county_code, jpath`.execute(db);
  const siteIds = sites.rows.map((s) => s.id);
  const siteIndex = new Map(sites.rows.map((s, i) => [s.village_code, i]));
  const total = Number(
    (await sql<{ n: number }>`select count(*)::int as n from people`.execute(db)).rows[0]!.n,
  );
  const codes: string[] = new Array<string>(total);
  const tubeOf = new Int32Array(total);
  const siteOf = new Int32Array(total);
  const baseline: Buffer[] = [];
  const p: Plan = { rows: total, tubes: 0, codes, tubeOf, siteOf, siteIds, baseline, tubeBaseline: [], base };
  const tubeIds: string[] = [];
  const tubeMembers: number[] = [];
  const tubeSite: number[] = [];
  const tubeFirst: string[] = [];
  const tubeLast: string[] = [];
  let lines: string[] = [];
  let i = 0;
  let tube = -1;
  let inTube = POOL;
  let village = '';
  let after: { jpath: string; id: string } | null = null;
  for (;;) {
    let qb = db
      .selectFrom('people')
      .select(['id', 'county_code', 'jpath', 'village_code', 'household_id', 'id_cipher'])
      .orderBy('jpath')
      .orderBy('id')
      .limit(100_000);
    if (after) qb = qb.where(sql<boolean>`(jpath, id) > (${after.jpath}, ${after.id}::uuid)`);
    const page = await qb.execute();
    if (page.length === 0) break;
    for (const person of page) {
      if (i >= total) break;
      if (person.village_code !== village || inTube === POOL) {
        tube++;
        inTube = 0;
        village = person.village_code;
        tubeIds.push(crypto.randomUUID());
        tubeMembers.push(0);
        tubeSite.push(siteIndex.get(person.village_code) ?? 0);
        tubeFirst.push(timeOf(p, i));
      }
      tubeMembers[tube]!++;
      tubeLast[tube] = timeOf(p, i);
      inTube++;
      const site = siteIndex.get(person.village_code) ?? 0;
      const cipher = (person as { id_cipher?: Uint8Array }).id_cipher;
      codes[i] =
        target.pii && cipher && i % 20 === 0 ? target.pii.decrypt(cipher) : samplingCodeOf(person.id);
      tubeOf[i] = tube;
      siteOf[i] = site;
      lines.push(
        [
          person.county_code,
          roundId,
          person.id,
          person.jpath,
          person.household_id ?? '\\N',
          tubeIds[tube],
          sites.rows[site]!.county_code,
          siteIds[site],
          timeOf(p, i),
          samplerId,
        ].join('\t'),
      );
      i++;
      if (lines.length === chunk) {
        baseline.push(Buffer.from(lines.join('\n') + '\n'));
        lines = [];
      }
    }
    const last = page[page.length - 1]!;
    after = { jpath: last.jpath, id: last.id };
  }
  if (lines.length > 0) baseline.push(Buffer.from(lines.join('\n') + '\n'));
  p.rows = i;
  p.tubes = tube + 1;
  let tubeLines: string[] = [];
  for (let k = 0; k < p.tubes; k++) {
    const site = sites.rows[tubeSite[k]!]!;
    const full = tubeMembers[k]! >= POOL;
    tubeLines.push(
      [
        tubeIds[k],
        site.county_code,
        site.jpath,
        roundId,
        barcodeOf(k),
        site.id,
        'prevention',
        POOL,
        'f',
        '\\N',
        tubeMembers[k],
        full ? 'closed' : 'open',
        tubeFirst[k],
        samplerId,
        full ? tubeLast[k] : '\\N',
      ].join('\t'),
    );
    if (tubeLines.length === chunk) {
      p.tubeBaseline.push(Buffer.from(tubeLines.join('\n') + '\n'));
      tubeLines = [];
    }
  }
  if (tubeLines.length > 0) p.tubeBaseline.push(Buffer.from(tubeLines.join('\n') + '\n'));
  return p;
}

async function* scanRows(p: Plan): AsyncGenerator<ScanRow> {
  for (let i = 0; i < p.rows; i++) {
    yield {
      barcode: barcodeOf(p.tubeOf[i]!),
      person: p.codes[i]!,
      sampledAt: timeOf(p, i),
      siteId: p.siteIds[p.siteOf[i]!]!,
    };
  }
}

const TUBE_COLUMNS = [
  'id',
  'county_code',
  'jpath',
  'round_id',
  'barcode',
  'site_id',
  'pool_group',
  'capacity',
  'per_household',
  'household_id',
  'members',
  'status',
  'opened_at',
  'opened_by',
  'closed_at',
] as const;

async function rawCopy(handle: DatabaseHandle, p: Plan): Promise<number> {
  await sql`drop table if exists bench_samples_baseline`.execute(handle.db);
  await sql`drop table if exists bench_tubes_baseline`.execute(handle.db);
  await sql`create table bench_samples_baseline (like samples including all)`.execute(handle.db);
  await sql`create table bench_tubes_baseline (like tubes including all)`.execute(handle.db);
  const t0 = performance.now();
  for (const data of p.tubeBaseline) {
    await inBulkTransaction(handle, (s) => s.copyIn('bench_tubes_baseline', TUBE_COLUMNS, data));
  }
  for (const data of p.baseline) {
    await inBulkTransaction(handle, (s) => s.copyIn('bench_samples_baseline', SAMPLES_COLUMNS, data));
  }
  const elapsed = performance.now() - t0;
  await sql`drop table bench_samples_baseline`.execute(handle.db);
  await sql`drop table bench_tubes_baseline`.execute(handle.db);
  return elapsed;
}

async function shipAndReceive(
  db: Kysely<Database>,
  sampler: RequestContext,
  labCtx: RequestContext,
  roundId: string,
  labId: string,
  run: string,
): Promise<number> {
  const barcodes = (
    await db
      .selectFrom('tubes')
      .select('barcode')
      .where('round_id', '=', roundId)
      .orderBy('barcode')
      .execute()
  ).map((t) => t.barcode);
  let boxes = 0;
  for (let i = 0; i < barcodes.length; i += BOX) {
    const box = await shipBox(sampler, {
      roundId,
      labId,
      code: `BX${run}-${boxes}`,
      barcodes: barcodes.slice(i, i + BOX),
    });
    await receiveBox(labCtx, box.id);
    boxes++;
  }
  return boxes;
}

async function* resultRows(p: Plan): AsyncGenerator<ResultRow> {
  for (let tube = 0; tube < p.tubes; tube++) {
    const positive = tube % POSITIVE_EVERY === POSITIVE_EVERY - 1;
    yield {
      row: tube + 2,
      barcode: barcodeOf(tube),
      result: positive ? '阳性' : '阴性',
      orf1abCt: positive ? '28.51' : null,
      nCt: positive ? '27.30' : null,
    };
  }
}

/** Removes what the run wrote, so an existing database is left as it was found (but for the users). */
async function cleanUp(db: Kysely<Database>, roundId: string, labId: string | null, sites: string[]) {
  for (const table of [
    'samples',
    'sample_flags',
    'sampling_tasks',
    'testing_alerts',
    'positive_findings',
    'tubes',
    'boxes',
  ] as const) {
    await db.deleteFrom(table).where('round_id', '=', roundId).execute();
  }
  if (labId) {
    await sql`delete from lab_upload_issues where upload_id in
                (select id from lab_uploads where lab_id = ${labId})`.execute(db);
    await db.deleteFrom('lab_uploads').where('lab_id', '=', labId).execute();
    await db.deleteFrom('labs').where('id', '=', labId).execute();
  }
  await db.deleteFrom('testing_rounds').where('id', '=', roundId).execute();
  if (sites.length > 0) await sql`delete from sampling_sites where id = any(${sites}::uuid[])`.execute(db);
}

export async function testingRound(target: TestingTarget, chunk = 50_000): Promise<TestingResult> {
  const db = target.handle.db;
  const run = Date.now().toString(36);
  // The server's settler (platform/settle.ts), but waiting for an explicit settle(): it would
  // otherwise vacuum in the background 10 s after the scans, during the raw COPY it is compared with.
  const settler = new TableSettler(db, target.kind, pino({ level: 'silent' }), 3600_000, 3600_000);
  const who = await contexts(db, target.pii ?? new PiiCipher(crypto.randomBytes(32)), run, settler);
  const rules = structuredClone(editionById(DEFAULT_EDITION_ID).testing);
  rules.pooling.prevention = { size: POOL, perHousehold: false };
  const now = Date.now();
  const round = await createRound(who.planner, {
    name: `bench ${run}`,
    areas: [{ code: '1310', zone: 'prevention' }],
    startsAt: new Date(now - 12 * 3600_000).toISOString(),
    endsAt: new Date(now + 12 * 3600_000).toISOString(),
    rules,
  });
  let labId: string | null = null;
  const sites: string[] = [];
  try {
    say(`  ${target.kind}: planning the scans of every person…`);
    const p = await plan(target, round.id, who.sampler.actor.userId, chunk, now - 11 * 3600_000);
    sites.push(...p.siteIds);
    say(
      `  ${target.kind}: ${p.rows.toLocaleString('en-US')} scans into ${p.tubes.toLocaleString('en-US')} tubes…`,
    );

    const t0 = performance.now();
    const summary = await ingestScans(who.sampler, round.id, scanRows(p), {
      handle: target.handle,
      chunkSize: chunk,
    });
    const scansMs = performance.now() - t0;
    if (summary.accepted !== p.rows)
      throw new Error(
        `ingest accepted ${summary.accepted} of ${p.rows}: ${JSON.stringify(summary.problems.slice(0, 5))}`,
      );
    say(
      `  ${target.kind}: scans in ${(scansMs / 1000).toFixed(1)} s; raw COPY of the same sample and tube rows…`,
    );
    const rawMs = await rawCopy(target.handle, p);
    p.baseline.length = 0;
    p.tubeBaseline.length = 0;

    // The tubes left part-full at the end of each village are closed by hand at the end of the day.
    await db
      .updateTable('tubes')
      .set({ status: 'closed', closed_at: new Date() })
      .where('round_id', '=', round.id)
      .where('status', '=', 'open')
      .execute();
    labId = (
      await createLab(who.planner, {
        code: `BENCH${run}`.toUpperCase(),
        name: '基准实验室',
        jurisdiction: '131000000000',
      })
    ).id;
    const t1 = performance.now();
    const boxes = await shipAndReceive(db, who.sampler, who.lab, round.id, labId, run);
    const boxesMs = performance.now() - t1;
    say(
      `  ${target.kind}: ${boxes} boxes shipped and received in ${(boxesMs / 1000).toFixed(1)} s; lab results…`,
    );

    const t2 = performance.now();
    const results = await recordResults(who.lab, labId, resultRows(p), { fileName: 'bench.csv' });
    const resultsMs = performance.now() - t2;

    const positives = await db
      .selectFrom('tubes')
      .select('id')
      .where('round_id', '=', round.id)
      .where('result', '=', 'positive')
      .execute();
    const recall = await timedEach(positives, (t) => recallList(who.planner, t.id));
    const villages = (
      await sql<{ code: string }>`select code from jurisdictions where level = 'village' and code like '1310%'
                                   order by md5(code) limit 200`.execute(db)
    ).rows;
    const villageCoverage = await timedEach(villages, (v) => coverage(who.planner, round.id, v.code));
    const cityCoverage = await timedEach([0, 1, 2, 3, 4], () =>
      coverage(who.planner, round.id, '131000000000'),
    );
    // The same reads once the server has settled the tables the scans and results filled (what its
    // settler does once the uploads pause): index-only scans then skip the heap.
    const t3 = performance.now();
    await settler.settle();
    const settleMs = performance.now() - t3;
    const villageSettled = await timedEach(villages, (v) => coverage(who.planner, round.id, v.code));
    const citySettled = await timedEach([0, 1, 2], () => coverage(who.planner, round.id, '131000000000'));

    const rate = (n: number, t: number) => Math.round((n / t) * 1000);
    return {
      backend: target.kind,
      source: target.source,
      people: p.rows,
      tubes: p.tubes,
      chunk,
      scans: {
        ms: scansMs,
        rowsPerSec: rate(p.rows, scansMs),
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
        tubesOpened: summary.tubesOpened,
      },
      raw: { ms: rawMs, rowsPerSec: rate(p.rows, rawMs) },
      ratio: rawMs / scansMs,
      boxes: { ms: boxesMs, boxes },
      results: {
        ms: resultsMs,
        rowsPerSec: rate(results.rows, resultsMs),
        recorded: results.recorded,
        rejected: results.rejected,
        positives: positives.length,
      },
      roundMs: scansMs + boxesMs + resultsMs,
      settleMs,
      recall,
      villageCoverage,
      cityCoverage,
      villageSettled,
      citySettled,
    };
  } finally {
    if (target.source !== 'generated' && process.env.BENCH_TESTING_KEEP !== '1') {
      say(`  ${target.kind}: removing the bench round from ${target.source}…`);
      await cleanUp(db, round.id, labId, sites);
    }
  }
}

export function printTesting(r: TestingResult): void {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const n = (x: number) => x.toLocaleString('en-US');
  say(
    `  ${r.backend.padEnd(9)} ${r.source}: ${n(r.people)} people, ${n(r.tubes)} tubes (${POOL} per tube), chunks of ${n(r.chunk)}\n` +
      `            scans (ingestScans) ${s(r.scans.ms)}: ${n(r.scans.rowsPerSec)} rows/s; ` +
      `${n(r.scans.accepted)} accepted, ${n(r.scans.duplicates)} duplicates, ${n(r.scans.rejected)} rejected, ` +
      `${n(r.scans.tubesOpened)} tubes opened\n` +
      `            raw COPY of the same sample + tube rows ${s(r.raw.ms)}: ${n(r.raw.rowsPerSec)} rows/s\n` +
      `            ratio ${r.ratio.toFixed(2)} (target ≥ 0.5: ${r.ratio >= 0.5 ? 'met' : 'NOT MET'})\n` +
      `            boxes ${s(r.boxes.ms)} (${n(r.boxes.boxes)} shipped + received); results (recordResults) ` +
      `${s(r.results.ms)}: ${n(r.results.rowsPerSec)} rows/s, ${n(r.results.recorded)} recorded, ` +
      `${n(r.results.rejected)} rejected, ${n(r.results.positives)} positive\n` +
      `            the round (scans + boxes + results) ${s(r.roundMs)} (target < 3 min: ${r.roundMs < 180_000 ? 'met' : 'NOT MET'})\n` +
      `            recall list p99 ${ms(r.recall.p99)} (${r.recall.runs} positive tubes); village coverage p95 ` +
      `${ms(r.villageCoverage.p95)} (${r.villageCoverage.runs} villages); city roll-up median ` +
      `${ms(r.cityCoverage.p50)}, max ${ms(r.cityCoverage.max)} (right after the load)\n` +
      `            settled (the server's VACUUM (ANALYZE) once uploads pause) in ${s(r.settleMs)}; then village coverage p95 ${ms(r.villageSettled.p95)}, city roll-up median ` +
      `${ms(r.citySettled.p50)}, max ${ms(r.citySettled.max)} (targets: p95 < 50 ms; < 5 s)`,
  );
}
