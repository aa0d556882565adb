/**
 * Big-data exposure events (issue 5, speed): one day of venue-code scans and location pings on the
 * synthetic city (a database that already holds it: bench/testing.ts `generatedCity`), then
 * candidates of 100 cases.
 *
 *  - Setup (not measured): a share of the people are "active" today (≈ 16 events each): a block of
 *    pings every pingMinutes in their home cell (their village's, at the edition's resolution), and
 *    visits to venues across the city — a scan and a ping in the venue's cell. One venue per 50
 *    active people; 1/4 of the events are scans, 3/4 pings. Two CSV files (what a carrier and the
 *    venue-code platform send: ID number, venue code or H3 cell, China time) and the very rows they
 *    become (county, person, venue or cell, time) as COPY text are written to a temp directory.
 *  - ingest: both files through `ingestExposures` (exposure.ingest.ts: stream, check, hash, COPY to
 *    staging, one INSERT … SELECT … ON CONFLICT) vs a raw COPY of the final rows into identical
 *    empty tables (`like … including all`: same indexes) in the same run → rows/s and ratio.
 *  - candidates: 100 cases inserted directly for active people (onset that day), each listed
 *    through `listCandidates` (the service the route calls: loadCase, the one statement, audit) →
 *    p50/p95 (target p95 < 200 ms), right after the load (ANALYZE) and, on PostgreSQL, after VACUUM.
 *
 * Events: BENCH_TRACING_EVENTS (default 20,000,000 on PostgreSQL, 200,000 on PGlite).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Insertable, type Kysely, sql } from 'kysely';
import pino from 'pino';
import { parseJurisdictionCode } from '../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID, editionById } from '../domain/protocol.js';
import type { DatabaseHandle } from '../server/db/connect.js';
import type { Database, VenuesTable } from '../server/db/schema.js';
import { inBulkTransaction } from '../server/modules/population/generate/copy.js';
import { listCandidates } from '../server/modules/tracing/candidates.service.js';
import { cellOf, cellToDb } from '../server/modules/tracing/cells.js';
import { ingestExposures } from '../server/modules/tracing/exposure.ingest.js';
import { actorFromUser, createUserUnchecked } from '../server/modules/users/users.service.js';
import type { RequestContext } from '../server/platform/context.js';
import type { PiiCipher } from '../server/platform/pii.js';
import { ms, percentile, say } from './lib.js';

export interface ExposureLookup {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  runs: number;
  /** Mean candidates per case. */
  candidates: number;
}

export interface ExposureBenchResult {
  backend: 'pglite' | 'postgres';
  people: number;
  active: number;
  venues: number;
  scans: number;
  pings: number;
  events: number;
  csvBytes: number;
  setupMs: number;
  ingest: {
    ms: number;
    rowsPerSec: number;
    scansMs: number;
    pingsMs: number;
    loaded: number;
    skipped: number;
  };
  raw: { ms: number; rowsPerSec: number };
  /** raw time / ingest time. */
  ratio: number;
  candidates: ExposureLookup;
  /** PostgreSQL after VACUUM (ANALYZE) of the event tables; null on PGlite. */
  candidatesSettled: ExposureLookup | null;
}

export function benchTracingEvents(kind: 'pglite' | 'postgres'): number {
  const fromEnv = process.env.BENCH_TRACING_EVENTS;
  if (fromEnv) return Number(fromEnv);
  return kind === 'postgres' ? 20_000_000 : 200_000;
}

const DAY = '2022-03-09';
const EVENTS_PER_PERSON = 16;
const HOME_PINGS = 8;
const VISITS = 4;
const ACTIVE_PER_VENUE = 50;
const CASES = 100;
/** Langfang's extent (Sanhe in the north to Bazhou and Wen'an in the south). */
const BOX = { lat: [38.5, 40.0], lng: [116.2, 117.1] } as const;

/** mulberry32: the same day every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pointOf(code: string): { lat: number; lng: number } {
  const h = crypto.createHash('sha1').update(code).digest();
  return {
    lat: BOX.lat[0] + (h.readUInt32BE(0) / 2 ** 32) * (BOX.lat[1] - BOX.lat[0]),
    lng: BOX.lng[0] + (h.readUInt32BE(4) / 2 ** 32) * (BOX.lng[1] - BOX.lng[0]),
  };
}

/** Buffered appends to a file: generation writes ~3 GB for a full day. */
class Sink {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''));
    this.bytes += buf.length;
    fs.writeSync(this.fd, buf);
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

interface Active {
  id: string;
  county: string;
  jpath: string;
}

interface Plan {
  dir: string;
  people: number;
  active: Active[];
  venues: number;
  scans: number;
  pings: number;
  csvBytes: number;
  files: { venueCsv: string; pingCsv: string; venueRaw: string; pingRaw: string };
}

async function investigatorContext(
  db: Kysely<Database>,
  pii: PiiCipher,
  run: string,
): Promise<RequestContext> {
  const user = await createUserUnchecked(db, {
    username: `bench.tracing.${run}`,
    displayName: 'bench',
    role: 'investigator',
    jurisdictionCode: parseJurisdictionCode('1310')!.code,
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
  };
}

/** The day's events as the two CSV files and the rows they become, in a temp directory. */
async function plan(db: Kysely<Database>, pii: PiiCipher, events: number, run: string): Promise<Plan> {
  const { cellResolution, pingMinutes } = editionById(DEFAULT_EDITION_ID).tracing.companion;
  // Seeded by the run: a second run on the same database sends other files (the same file twice
  // would load nothing: a re-sent file).
  const random = rng(parseInt(run, 36) % 2 ** 31);
  const people = Number(
    (await sql<{ n: number }>`select count(*)::int as n from people`.execute(db)).rows[0]!.n,
  );
  const wanted = Math.max(1, Math.min(people, Math.round(events / EVENTS_PER_PERSON)));
  const every = people / wanted;

  // Every active person with their ID number (decrypted: the file carries it as a carrier would).
  const active: Active[] = [];
  const idNumbers: string[] = [];
  const homes: string[] = [];
  const cellOfVillage = new Map<string, string>();
  let seen = 0;
  let next = 0;
  let after: string | null = null;
  for (;;) {
    let qb = db
      .selectFrom('people')
      .select(['id', 'county_code', 'jpath', 'village_code', 'id_cipher'])
      .orderBy('id')
      .limit(100_000);
    if (after) qb = qb.where('id', '>', after);
    const page = await qb.execute();
    if (page.length === 0) break;
    for (const p of page) {
      if (seen++ < next || active.length >= wanted) continue;
      next += every;
      active.push({ id: p.id, county: p.county_code, jpath: p.jpath });
      idNumbers.push(pii.decrypt(p.id_cipher));
      let home = cellOfVillage.get(p.village_code);
      if (!home) {
        const at = pointOf(p.village_code);
        home = cellOf(at.lat, at.lng, cellResolution);
        cellOfVillage.set(p.village_code, home);
      }
      homes.push(home);
    }
    after = page[page.length - 1]!.id;
  }

  // Venues placed around villages (inserted directly: registering them is not what is measured).
  const villages = [...cellOfVillage.keys()];
  const venueCount = Math.max(20, Math.round(active.length / ACTIVE_PER_VENUE));
  const villageRows = new Map(
    (
      await db
        .selectFrom('jurisdictions')
        .select(['code', 'county_code', 'jpath'])
        .where('code', 'in', villages.length ? villages : ['-'])
        .execute()
    ).map((v) => [v.code, v]),
  );
  const venues: Array<{ id: string; code: string; cellHex: string }> = [];
  for (let i = 0; i < venueCount; i += 5000) {
    const rows: Array<Insertable<VenuesTable> & { lat: number; lng: number; cell: string }> = [];
    for (let k = i; k < Math.min(venueCount, i + 5000); k++) {
      const village = villageRows.get(villages[Math.floor(random() * villages.length)]!)!;
      const at = pointOf(village.code);
      const lat = at.lat + (random() - 0.5) * 0.02;
      const lng = at.lng + (random() - 0.5) * 0.02;
      const cellHex = cellOf(lat, lng, cellResolution);
      rows.push({
        county_code: village.county_code,
        jpath: village.jpath,
        code: `B${run}${k}`,
        name: `基准场所${k}`,
        kind: 'shop',
        lat,
        lng,
        cell: cellToDb(cellHex),
      });
    }
    const inserted = await db.insertInto('venues').values(rows).returning(['id', 'code']).execute();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const v of inserted) {
      const row = byCode.get(v.code)!;
      venues.push({ id: v.id, code: v.code, cellHex: cellOf(row.lat, row.lng, cellResolution) });
    }
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-exposure-'));
  const files = {
    venueCsv: path.join(dir, 'venue.csv'),
    pingCsv: path.join(dir, 'ping.csv'),
    venueRaw: path.join(dir, 'venue.copy'),
    pingRaw: path.join(dir, 'ping.copy'),
  };
  const venueCsv = new Sink(fs.openSync(files.venueCsv, 'w'));
  const pingCsv = new Sink(fs.openSync(files.pingCsv, 'w'));
  const venueRaw = new Sink(fs.openSync(files.venueRaw, 'w'));
  const pingRaw = new Sink(fs.openSync(files.pingRaw, 'w'));
  venueCsv.write('身份证号,场所码,时间\n');
  pingCsv.write('身份证号,网格,时间\n');
  // Every second of the day as both files write it (China time).
  const clock = new Array<string>(86_400);
  for (let s = 0; s < 86_400; s++) {
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    clock[s] = `${DAY} ${hh}:${mm}:${ss}`;
  }
  let scans = 0;
  let pings = 0;
  const cellDbOf = new Map<string, string>();
  const dbCell = (hex: string) => {
    let v = cellDbOf.get(hex);
    if (!v) cellDbOf.set(hex, (v = cellToDb(hex)));
    return v;
  };
  const step = pingMinutes * 60;
  for (let i = 0; i < active.length; i++) {
    const person = active[i]!;
    const id = idNumbers[i]!;
    const home = homes[i]!;
    // The day in time order: the home block (07:00–20:00 start) and visits spread over the day.
    const events: Array<{ s: number; venue?: number; cell?: string }> = [];
    const homeStart = 7 * 3600 + Math.floor(random() * 13 * 3600);
    for (let k = 0; k < HOME_PINGS; k++) events.push({ s: homeStart + k * step, cell: home });
    for (let k = 0; k < VISITS; k++) {
      const v = Math.floor(random() * venues.length);
      const s = 6 * 3600 + Math.floor(random() * 16 * 3600);
      events.push({ s, venue: v });
      events.push({ s: s + 60 + Math.floor(random() * 180), cell: venues[v]!.cellHex });
    }
    events.sort((a, b) => a.s - b.s);
    let last = -1;
    for (const e of events) {
      // One event per second and person: the files stay free of exact duplicates.
      const s = Math.min(86_399, e.s <= last ? last + 1 : e.s);
      last = s;
      const at = clock[s]!;
      if (e.venue !== undefined) {
        const v = venues[e.venue]!;
        venueCsv.write(`${id},${v.code},${at}\n`);
        venueRaw.write(`${person.county}\t${person.id}\t${v.id}\t${at}+08\n`);
        scans++;
      } else {
        pingCsv.write(`${id},${e.cell},${at}\n`);
        pingRaw.write(`${person.county}\t${person.id}\t${dbCell(e.cell!)}\t${at}+08\n`);
        pings++;
      }
    }
  }
  for (const sink of [venueCsv, pingCsv, venueRaw, pingRaw]) sink.close();
  return {
    dir,
    people,
    active,
    venues: venues.length,
    scans,
    pings,
    csvBytes: venueCsv.bytes + pingCsv.bytes,
    files,
  };
}

/** COPY of a file of COPY text, in pieces of ~32 MB cut at line ends, in one transaction. */
async function copyFile(handle: DatabaseHandle, table: string, columns: string[], file: string) {
  await inBulkTransaction(handle, async (s) => {
    const fd = fs.openSync(file, 'r');
    try {
      const size = 32 << 20;
      let carry = Buffer.alloc(0);
      for (;;) {
        const buf = Buffer.alloc(size);
        const read = fs.readSync(fd, buf, 0, size, null);
        if (read === 0) break;
        const data = Buffer.concat([carry, buf.subarray(0, read)]);
        const end = data.lastIndexOf(10) + 1;
        carry = data.subarray(end);
        if (end > 0) await s.copyIn(table, columns, data.subarray(0, end));
      }
      if (carry.length > 0) await s.copyIn(table, columns, carry);
    } finally {
      fs.closeSync(fd);
    }
  });
}

async function rawCopy(handle: DatabaseHandle, p: Plan): Promise<number> {
  const db = handle.db;
  for (const t of ['bench_venue_scans_raw', 'bench_location_pings_raw'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  await sql`create table bench_venue_scans_raw (like venue_scans including all)`.execute(db);
  await sql`create table bench_location_pings_raw (like location_pings including all)`.execute(db);
  const t0 = performance.now();
  await copyFile(
    handle,
    'bench_venue_scans_raw',
    ['county_code', 'person_id', 'venue_id', 'at'],
    p.files.venueRaw,
  );
  await copyFile(
    handle,
    'bench_location_pings_raw',
    ['county_code', 'person_id', 'cell', 'at'],
    p.files.pingRaw,
  );
  const elapsed = performance.now() - t0;
  await sql`drop table bench_venue_scans_raw`.execute(db);
  await sql`drop table bench_location_pings_raw`.execute(db);
  return elapsed;
}

/** 100 cases of active people, onset that day, isolated the next morning. */
async function insertCases(db: Kysely<Database>, p: Plan, run: string): Promise<string[]> {
  const random = rng(7);
  const rows = [];
  for (let i = 0; i < Math.min(CASES, p.active.length); i++) {
    const person = p.active[Math.floor(random() * p.active.length)]!;
    rows.push({
      county_code: person.county,
      jpath: person.jpath,
      number: `BENCH-${run}-${i}`,
      person_id: person.id,
      name: '基准病例',
      classification: 'confirmed' as const,
      found_in: 'community' as const,
      source: 'manual' as const,
      edition_id: DEFAULT_EDITION_ID,
      onset_date: DAY,
      sampled_date: DAY,
      reported_at: new Date(`${DAY}T23:00:00+08:00`),
      isolated_at: new Date(`${DAY}T23:59:00+08:00`),
    });
  }
  return (await db.insertInto('cases').values(rows).returning('id').execute()).map((r) => r.id);
}

async function measure(ctx: RequestContext, cases: string[]): Promise<ExposureLookup> {
  const samples: number[] = [];
  let found = 0;
  // One warm-up pass over a few cases: the first query of a connection plans and loads the pages.
  for (const id of cases.slice(0, 5)) await listCandidates(ctx, id);
  for (const id of cases) {
    const t0 = performance.now();
    const list = await listCandidates(ctx, id);
    samples.push(performance.now() - t0);
    found += list.total;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    runs: sorted.length,
    candidates: found / Math.max(1, cases.length),
  };
}

export async function exposureBench(
  target: { kind: 'pglite' | 'postgres'; handle: DatabaseHandle; pii: PiiCipher },
  events: number,
): Promise<ExposureBenchResult> {
  const { handle, pii, kind } = target;
  const db = handle.db;
  const run = Date.now().toString(36);
  const ctx = await investigatorContext(db, pii, run);
  say(`  ${kind}: planning ${events.toLocaleString('en-US')} exposure events…`);
  const s0 = performance.now();
  const p = await plan(db, pii, events, run);
  const setupMs = performance.now() - s0;
  try {
    const n = (x: number) => x.toLocaleString('en-US');
    say(
      `  ${kind}: ${n(p.scans)} scans + ${n(p.pings)} pings of ${n(p.active.length)} people at ${n(p.venues)} venues ` +
        `(${(p.csvBytes / 2 ** 20).toFixed(0)} MiB of CSV, written in ${(setupMs / 1000).toFixed(1)} s); ingesting…`,
    );
    const t0 = performance.now();
    const scans = await ingestExposures(
      ctx,
      'venue',
      fs.createReadStream(p.files.venueCsv, { highWaterMark: 1 << 20 }),
      {
        handle,
        fileName: 'bench-venue.csv',
      },
    );
    const t1 = performance.now();
    const pings = await ingestExposures(
      ctx,
      'ping',
      fs.createReadStream(p.files.pingCsv, { highWaterMark: 1 << 20 }),
      {
        handle,
        fileName: 'bench-ping.csv',
      },
    );
    const t2 = performance.now();
    const loaded = scans.loadedRows + pings.loadedRows;
    const onlyRepeats = [...scans.problems, ...pings.problems].every((x) => x.code === 'already_loaded');
    if (
      scans.duplicateFile ||
      pings.duplicateFile ||
      loaded + (onlyRepeats ? scans.skippedRows + pings.skippedRows : 0) !== p.scans + p.pings
    )
      throw new Error(
        `ingest loaded ${loaded} of ${p.scans + p.pings}: ${JSON.stringify([...scans.problems, ...pings.problems].slice(0, 5))}`,
      );
    say(`  ${kind}: ingested in ${((t2 - t0) / 1000).toFixed(1)} s; raw COPY of the same rows…`);
    const rawMs = await rawCopy(handle, p);
    await sql`analyze venue_scans, location_pings`.execute(db);
    const cases = await insertCases(db, p, run);
    say(`  ${kind}: candidates of ${cases.length} cases…`);
    const candidates = await measure(ctx, cases);
    let candidatesSettled: ExposureLookup | null = null;
    if (kind === 'postgres') {
      await sql`vacuum (analyze) venue_scans, location_pings`.execute(db);
      candidatesSettled = await measure(ctx, cases);
    }
    const total = p.scans + p.pings;
    const ingestMs = t2 - t0;
    return {
      backend: kind,
      people: p.people,
      active: p.active.length,
      venues: p.venues,
      scans: p.scans,
      pings: p.pings,
      events: total,
      csvBytes: p.csvBytes,
      setupMs,
      ingest: {
        ms: ingestMs,
        rowsPerSec: Math.round((total / ingestMs) * 1000),
        scansMs: t1 - t0,
        pingsMs: t2 - t1,
        loaded,
        skipped: scans.skippedRows + pings.skippedRows,
      },
      raw: { ms: rawMs, rowsPerSec: Math.round((total / rawMs) * 1000) },
      ratio: rawMs / ingestMs,
      candidates,
      candidatesSettled,
    };
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
}

export function printExposureBench(r: ExposureBenchResult): void {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const n = (x: number) => x.toLocaleString('en-US');
  const look = (l: ExposureLookup) =>
    `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)} (${l.runs} cases, ${l.candidates.toFixed(0)} candidates each on average; ` +
    `target p95 < 200 ms: ${l.p95 < 200 ? 'met' : 'NOT MET'})`;
  say(
    `  ${r.backend.padEnd(9)} ${n(r.events)} events (${n(r.scans)} venue scans, ${n(r.pings)} pings) of ${n(r.active)} of ` +
      `${n(r.people)} people at ${n(r.venues)} venues, ${(r.csvBytes / 2 ** 20).toFixed(0)} MiB CSV\n` +
      `            ingest (ingestExposures, both files) ${s(r.ingest.ms)}: ${n(r.ingest.rowsPerSec)} rows/s ` +
      `(scans ${s(r.ingest.scansMs)}, pings ${s(r.ingest.pingsMs)}); ${n(r.ingest.loaded)} loaded, ${n(r.ingest.skipped)} skipped\n` +
      `            raw COPY of the same final rows ${s(r.raw.ms)}: ${n(r.raw.rowsPerSec)} rows/s; ratio ${r.ratio.toFixed(2)}\n` +
      `            candidates, right after the load: ${look(r.candidates)}` +
      (r.candidatesSettled ? `\n            candidates, after VACUUM: ${look(r.candidatesSettled)}` : ''),
  );
}
