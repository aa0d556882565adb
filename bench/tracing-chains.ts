/**
 * Transmission chains (issue: case investigation, item 6): 10,000 cases and 100,000 contacts, the
 * chain graph from the API in < 1 s.
 *
 * Setup (COPY, not measured): over Langfang's real villages, 10,000 cases reported over 30 days —
 * 1,500 index cases and 15% more found in the community, the rest a close (or, one in ten, a
 * secondary) contact of a case of the last ~2,000 turning positive; 7 close and 3 secondary
 * contacts per case (100,000 contacts, 3% of them named by a second case of the same chain, so
 * ~103,000 links), two address entries per case and, for one case in ten, a visit to one of 1,000
 * venues of its county — which joins chains into market clusters. That gives ≈1,000 clusters of two
 * or more cases, the largest a few hundred.
 *
 * Measured:
 *  - recomputeClusters over the whole graph (first run: every cluster created; second: idempotent),
 *    and the incremental reconciliation an event triggers, around single cases;
 *  - GET /api/tracing/chains?limit=200000 for a city commander through the real app over loopback
 *    HTTP (app.listen: routing, session, scope, the statement, audit, the response on the wire; the
 *    client keeps the bytes, as a browser does before parsing): all ≈110,000 nodes, uncompressed
 *    and gzip; and the chain of the largest cluster; with the CPU time each took here and in
 *    PostgreSQL, since wall times on a shared machine say as much about its load as about the code;
 *  - baseline in the same run: the raw SQL selects of the same rows (no scope condition, no
 *    presenter, no serialization). Ratio = baseline / API.
 *
 * Writes into the database it is given (use a fresh one: bench/run.ts makes one per backend).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { sql } from 'kysely';
import { type ChainGraphWire, expandChainGraph } from '../domain/chain-graph.js';
import { DEFAULT_EDITION_ID } from '../domain/protocol.js';
import { build } from '../server/app.js';
import type { DatabaseHandle } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { SESSION_COOKIE } from '../server/modules/auth/access.plugin.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import { inBulkTransaction } from '../server/modules/population/generate/copy.js';
import { recomputeClusters, reconcileAround } from '../server/modules/tracing/chains.events.js';
import { graphJson } from '../server/modules/tracing/chains.service.js';
import { actorFromUser, createUserUnchecked } from '../server/modules/users/users.service.js';
import { PiiCipher } from '../server/platform/pii.js';
import { processCpuMs } from './cpu.js';
import { type Timing, ms, say, summarise } from './lib.js';

const CASES = 10_000;
const INDEX_CASES = 1_500;
const CLOSE_PER_CASE = 7;
const SECONDARY_PER_CASE = 3;
const VENUES = 1_000;
const PASSWORD = 'Bench-pass-2022';
const RUNS = 5;

export interface ChainsBenchResult {
  backend: string;
  cases: number;
  contacts: number;
  links: number;
  clusters: number;
  largestCluster: number;
  /** The machine's 1-minute load average when the run ended: wall times are only as good as it is low. */
  loadAverage: number;
  recompute: { firstMs: number; againMs: number; created: number; casesMoved: number };
  /** reconcileAround one case (what an event costs), over sampled cases and the largest cluster. */
  incremental: Timing & { largestMs: number };
  graph: {
    nodes: number;
    edges: number;
    bytes: number;
    gzipBytes: number;
    api: Measured;
    apiGzip: Measured;
    /** The one statement that writes the graph (graphJson), without the HTTP stack. */
    statement: Measured;
    baseline: Measured;
    /** baseline / api (median). */
    ratio: number;
    /** JSON.parse + expandChainGraph of the body, as the page does after the response. */
    decode: Timing;
  };
  cluster: { nodes: number; api: Measured };
}

/** A small seeded generator, so every run builds the same outbreak. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕鹏飞';

interface Place {
  county: string;
  jpath: string;
}

interface Plan {
  cases: string[];
  contacts: string[];
  links: string[];
  venues: string[];
  itinerary: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The outbreak as COPY text rows (tab-separated, \N for null). */
function plan(villages: Place[]): Plan {
  const rnd = random(20220314);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const name = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rnd() < 0.6 ? pick([...GIVEN]) : '');
  const counties = [...new Set(villages.map((v) => v.county))].sort();
  const villagesOf = new Map(counties.map((c) => [c, villages.filter((v) => v.county === c)]));
  const out: Plan = { cases: [], contacts: [], links: [], venues: [], itinerary: [] };
  const N = '\\N';

  const venueIds: string[][] = counties.map(() => []);
  for (let v = 0; v < VENUES; v++) {
    const ci = v % counties.length;
    const place = pick(villagesOf.get(counties[ci]!)!);
    const id = crypto.randomUUID();
    venueIds[ci]!.push(id);
    const kind = pick(['market', 'supermarket', 'restaurant', 'clinic', 'bathhouse']);
    out.venues.push(
      [id, place.county, place.jpath, `BV${String(v).padStart(5, '0')}`, `场所${v}`, kind].join('\t'),
    );
  }

  const start = Date.parse('2022-03-01T00:00:00Z');
  const span = 30 * 86_400_000;
  const caseIds: string[] = [];
  const caseCounty: number[] = [];
  const caseAt: number[] = [];
  const closeOf: string[][] = [];
  const secondaryOf: string[][] = [];
  const contactCounty = new Map<string, string>();
  const converted = new Set<string>();
  const convertedCaseOf = new Map<string, string>();
  const recentOf: number[][] = counties.map(() => []);
  const statuses = [
    'central_isolation',
    'central_isolation',
    'central_isolation',
    'home_quarantine',
    'released',
    'identified',
  ];
  const planJson = JSON.stringify({
    setting: 'central',
    from: '2022-03-02',
    until: '2022-03-15',
    monitorUntil: '2022-03-22',
    tests: [],
  });

  const contactRow = (
    id: string,
    place: Place,
    degree: 'close' | 'secondary',
    at: number,
    convertedCase: string | null,
  ) =>
    [
      id,
      place.county,
      place.jpath,
      name(),
      `131002********${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`,
      `138****${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`,
      degree,
      convertedCase ? 'converted' : pick(statuses),
      DEFAULT_EDITION_ID,
      iso(at),
      planJson,
      convertedCase ?? N,
    ].join('\t');
  const linkRow = (
    contact: string,
    caseId: string | null,
    caseCountyCode: string | null,
    via: string | null,
    at: number,
  ) =>
    [
      crypto.randomUUID(),
      contactCounty.get(contact)!,
      contact,
      caseId ?? N,
      caseCountyCode ?? N,
      via ?? N,
      pick(['household', 'work', 'meal', 'vehicle', 'venue', 'other']),
      iso(at),
      caseId ? 'named' : 'cascade',
    ].join('\t');
  /** Contacts are written last: a converted one carries the case it became. */
  const pendingContacts: Array<{ id: string; place: Place; degree: 'close' | 'secondary'; at: number }> = [];

  for (let i = 0; i < CASES; i++) {
    const id = crypto.randomUUID();
    const at = start + Math.floor((i * span) / CASES) + Math.floor(rnd() * 3_600_000);
    let ci: number;
    let from: string | null = null;
    if (i >= INDEX_CASES && rnd() >= 0.15) {
      // A contact of a recent case turns positive.
      const parent = Math.max(0, i - 2000) + Math.floor(rnd() * Math.min(i, 2000));
      ci = caseCounty[parent]!;
      const pool = rnd() < 0.1 ? secondaryOf[parent]! : closeOf[parent]!;
      from = pool.find((k) => !converted.has(k)) ?? null;
      if (from) converted.add(from);
    } else {
      ci = Math.floor(rnd() * counties.length);
    }
    const place = pick(villagesOf.get(counties[ci]!)!);
    caseIds.push(id);
    caseCounty.push(ci);
    caseAt.push(at);
    out.cases.push(
      [
        id,
        place.county,
        place.jpath,
        `LF${String(i + 1).padStart(5, '0')}`,
        name(),
        '131002********0011',
        rnd() < 0.7 ? 'confirmed' : 'asymptomatic',
        from ? 'isolation' : 'community',
        from ? 'manual' : 'testing',
        DEFAULT_EDITION_ID,
        iso(at).slice(0, 10),
        iso(at),
        from ?? N,
      ].join('\t'),
    );
    if (from) convertedCaseOf.set(from, id);

    const exposure = at - 86_400_000;
    const close: string[] = [];
    for (let k = 0; k < CLOSE_PER_CASE; k++) {
      const cid = crypto.randomUUID();
      contactCounty.set(cid, place.county);
      pendingContacts.push({ id: cid, place, degree: 'close', at: exposure });
      out.links.push(linkRow(cid, id, place.county, null, exposure));
      close.push(cid);
    }
    const secondary: string[] = [];
    for (let k = 0; k < SECONDARY_PER_CASE; k++) {
      const sid = crypto.randomUUID();
      contactCounty.set(sid, place.county);
      pendingContacts.push({ id: sid, place, degree: 'secondary', at: exposure });
      out.links.push(linkRow(sid, null, null, close[k % close.length]!, exposure));
      secondary.push(sid);
    }
    closeOf.push(close);
    secondaryOf.push(secondary);
    // A person named by several cases is one contact with several links: 3% of close contacts are
    // named again by one of the last 50 cases of the same county (a household, a workplace).
    const recent = recentOf[ci]!;
    if (recent.length > 0) {
      for (const k of close) {
        if (rnd() < 0.03) out.links.push(linkRow(k, caseIds[pick(recent)]!, place.county, null, exposure));
      }
    }
    recent.push(i);
    if (recent.length > 50) recent.shift();

    out.itinerary.push(
      [
        crypto.randomUUID(),
        place.county,
        id,
        'address',
        N,
        `${place.jpath}号院`,
        iso(at - 3 * 86_400_000),
        iso(at - 3 * 86_400_000 + 7_200_000),
      ].join('\t'),
      [
        crypto.randomUUID(),
        place.county,
        id,
        'address',
        N,
        '单位',
        iso(at - 2 * 86_400_000),
        iso(at - 2 * 86_400_000 + 28_800_000),
      ].join('\t'),
    );
    if (rnd() < 0.1) {
      const venue = pick(venueIds[ci]!);
      out.itinerary.push(
        [
          crypto.randomUUID(),
          place.county,
          id,
          'venue',
          venue,
          '场所',
          iso(at - 86_400_000),
          iso(at - 86_400_000 + 3_600_000),
        ].join('\t'),
      );
    }
  }
  for (const c of pendingContacts) {
    out.contacts.push(contactRow(c.id, c.place, c.degree, c.at, convertedCaseOf.get(c.id) ?? null));
  }
  return out;
}

const COLUMNS = {
  cases: [
    'id',
    'county_code',
    'jpath',
    'number',
    'name',
    'id_masked',
    'classification',
    'found_in',
    'source',
    'edition_id',
    'sampled_date',
    'reported_at',
    'from_contact_id',
  ],
  contacts: [
    'id',
    'county_code',
    'jpath',
    'name',
    'id_masked',
    'phone_masked',
    'degree',
    'status',
    'edition_id',
    'last_exposure_at',
    'plan',
    'converted_case_id',
  ],
  contact_links: [
    'id',
    'county_code',
    'contact_id',
    'case_id',
    'case_county_code',
    'via_contact_id',
    'exposure_type',
    'last_exposure_at',
    'source',
  ],
  venues: ['id', 'county_code', 'jpath', 'code', 'name', 'kind'],
  itinerary_entries: ['id', 'county_code', 'case_id', 'place_kind', 'venue_id', 'place', 'from_at', 'to_at'],
} as const;

async function load(handle: DatabaseHandle, p: Plan): Promise<void> {
  const tables: Array<[keyof typeof COLUMNS, string[]]> = [
    ['venues', p.venues],
    ['cases', p.cases],
    ['contacts', p.contacts],
    ['contact_links', p.links],
    ['itinerary_entries', p.itinerary],
  ];
  for (const [table, rows] of tables) {
    for (let i = 0; i < rows.length; i += 50_000) {
      const data = Buffer.from(rows.slice(i, i + 50_000).join('\n') + '\n');
      await inBulkTransaction(handle, (s) => s.copyIn(table, COLUMNS[table], data));
    }
  }
  // As autovacuum would have by the time anyone looks at the chains.
  await sql`analyze cases, contacts, contact_links, venues, itinerary_entries`.execute(handle.db);
}

/** Wall time, and the CPU time it took of this process and of the database's backends. */
export interface Measured extends Timing {
  /** CPU ms per run of this process (the app, and PGlite inside it). */
  cpu: number;
  /** CPU ms per run of the PostgreSQL backends (null on PGlite, or where /proc cannot be read). */
  dbCpu: number | null;
}

/**
 * On a machine shared with other work the wall time says how busy it was; the CPU time what the
 * request costs (on an idle machine, one request's wall time is about its CPU time here plus in
 * the database, which run one after the other).
 */
async function timed(handle: DatabaseHandle, runs: number, run: () => Promise<unknown>): Promise<Measured> {
  await run(); // warm-up: plans, caches, JIT of the serializer
  const backends = async () => {
    if (handle.kind !== 'postgres') return null;
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database()`.execute(handle.db);
    let total = 0;
    for (const { pid } of rows) {
      const cpu = processCpuMs(pid);
      if (cpu === null) return null;
      total += cpu;
    }
    return total;
  };
  const samples: number[] = [];
  const db0 = await backends();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const db1 = await backends();
  return {
    ...summarise(samples),
    cpu: (cpu.user + cpu.system) / 1000 / runs,
    dbCpu: db0 === null || db1 === null ? null : (db1 - db0) / runs,
  };
}

/** The same rows as the city commander's graph, by plain SQL: the floor for any API over them. */
async function baselineSelects(handle: DatabaseHandle): Promise<number> {
  const db = handle.db;
  const a =
    await sql`select id, number, name, classification, status, reported_at, cluster_id, from_contact_id
                        from cases order by reported_at, number`.execute(db);
  const b =
    await sql`select l.id, l.case_id, l.exposure_type, l.last_exposure_at, c.cluster_id, k.id as contact_id,
                             k.name, k.degree, k.status, k.last_exposure_at as k_at, k.converted_case_id
                        from cases c join contact_links l on l.case_id = c.id
                        join contacts k on k.county_code = l.county_code and k.id = l.contact_id`.execute(db);
  const c = await sql`select s.id, s.via_contact_id, s.exposure_type, s.last_exposure_at, k.id as contact_id,
                             k.name, k.degree, k.status, k.last_exposure_at as k_at, k.converted_case_id
                        from (select distinct l.contact_id from contact_links l where l.case_id is not null) close
                        join contact_links s on s.via_contact_id = close.contact_id
                        join contacts k on k.county_code = s.county_code and k.id = s.contact_id`.execute(db);
  const d = await sql`select distinct i.case_id, v.id, v.name, v.kind
                        from itinerary_entries i join venues v on v.id = i.venue_id
                       where exists (select 1 from itinerary_entries o
                                      where o.venue_id = i.venue_id and o.case_id <> i.case_id)`.execute(db);
  return a.rows.length + b.rows.length + c.rows.length + d.rows.length;
}

export async function chainsBench(handle: DatabaseHandle): Promise<ChainsBenchResult> {
  const db = handle.db;
  await migrateToLatest(db);
  await importDivisions(db, '1310');
  const villages = (
    await sql<Place>`select county_code as county, jpath from jurisdictions
                      where level = 'village' and code like '1310%' order by code`.execute(db)
  ).rows;
  say(`  ${handle.kind}: building ${CASES.toLocaleString('en-US')} cases and their contacts (COPY)…`);
  const p = plan(villages);
  await load(handle, p);

  const t0 = performance.now();
  const first = await recomputeClusters(db);
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await recomputeClusters(db);
  const againMs = performance.now() - t1;
  if (again.created + again.updated + again.merged + again.cases !== 0)
    throw new Error(`recompute is not idempotent: ${JSON.stringify(again)}`);
  const sizes = (
    await sql<{ size: number; first_case_id: string }>`
      select size, first_case_id from clusters where merged_into is null and size >= 2 order by size desc`.execute(
      db,
    )
  ).rows;
  say(
    `  ${handle.kind}: ${sizes.length} clusters (largest ${sizes[0]?.size ?? 0}) in ${ms(firstMs)}; ` +
      'incremental reconciliation and the API…',
  );

  // What one event costs: the walk around one case and a reconciliation that finds nothing to do.
  const sample = (
    await sql<{ id: string }>`select id from cases order by md5(id::text) limit 50`.execute(db)
  ).rows.map((r) => r.id);
  const incrementalSamples: number[] = [];
  for (const id of sample) {
    const s0 = performance.now();
    await db.transaction().execute((tx) => reconcileAround(tx, [id]));
    incrementalSamples.push(performance.now() - s0);
  }
  const l0 = performance.now();
  await db.transaction().execute((tx) => reconcileAround(tx, [sizes[0]!.first_case_id]));
  const largestMs = performance.now() - l0;

  const commander = await createUserUnchecked(db, {
    username: 'bench.chains.commander',
    displayName: '指挥部',
    role: 'city_commander',
    jurisdictionCode: '131000000000',
    password: PASSWORD,
  });
  const app = await build({
    db,
    pii: new PiiCipher(crypto.randomBytes(32)),
    settings: {
      demo: false,
      city: '1310',
      sessionIdleMinutes: 60,
      sessionMaxHours: 24,
      secureCookies: false,
    },
    logger: false,
    webDir: null,
    background: false,
  });
  await app.ready();
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bench.chains.commander', password: PASSWORD },
    });
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    if (login.statusCode !== 200 || !session)
      throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    /** A GET over loopback HTTP; the body kept as the bytes that came (a browser parses it afterwards). */
    const get = (url: string, gzip = false) =>
      new Promise<Buffer>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port,
              path: url,
              headers: {
                cookie: `${SESSION_COOKIE}=${session}`,
                'accept-encoding': gzip ? 'gzip' : 'identity',
              },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('error', reject);
              res.on('end', () => {
                const body = Buffer.concat(chunks);
                if (res.statusCode !== 200)
                  reject(new Error(`${url}: ${res.statusCode} ${body.toString().slice(0, 300)}`));
                else resolve(body);
              });
            },
          )
          .on('error', reject);
      });
    type Graph = { nodes: unknown[]; edges: unknown[]; truncated: boolean };

    const whole = '/api/tracing/chains?limit=200000';
    const check = await get(whole);
    const body = JSON.parse(check.toString()) as Graph;
    if (body.truncated) throw new Error('the whole graph was cut');
    // What the page does next with the bytes (not part of the API's time): parse, and expand the
    // wire's tuples into the objects the views draw.
    const decodeSamples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const d0 = performance.now();
      expandChainGraph(JSON.parse(check.toString()) as ChainGraphWire);
      decodeSamples.push(performance.now() - d0);
    }
    const gzipBytes = (await get(whole, true)).length;
    const api = await timed(handle, RUNS, () => get(whole));
    const apiGzip = await timed(handle, RUNS, () => get(whole, true));
    const everything = { cluster: null, caseId: null, jpath: '1310' };
    const statement = await timed(handle, RUNS, () =>
      graphJson(db, actorFromUser(commander), everything, 200_000),
    );
    let baselineRows = 0;
    const baseline = await timed(handle, RUNS, async () => {
      baselineRows = await baselineSelects(handle);
    });
    if (baselineRows === 0) throw new Error('baseline selected nothing');

    const largest = (
      await sql<{
        id: string;
      }>`select id from clusters where merged_into is null order by size desc limit 1`.execute(db)
    ).rows[0]!.id;
    const clusterUrl = `/api/tracing/chains?clusterId=${largest}&limit=200000`;
    const clusterNodes = (JSON.parse((await get(clusterUrl)).toString()) as Graph).nodes.length;
    const clusterApi = await timed(handle, RUNS, () => get(clusterUrl));

    const count = async (table: 'contacts' | 'contact_links') =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
      );
    return {
      backend: handle.kind,
      cases: CASES,
      contacts: await count('contacts'),
      links: await count('contact_links'),
      clusters: sizes.length,
      largestCluster: sizes[0]?.size ?? 0,
      loadAverage: os.loadavg()[0]!,
      recompute: { firstMs, againMs, created: first.created, casesMoved: first.cases },
      incremental: { ...summarise(incrementalSamples), largestMs },
      graph: {
        nodes: body.nodes.length,
        edges: body.edges.length,
        bytes: check.length,
        gzipBytes,
        api,
        apiGzip,
        statement,
        baseline,
        ratio: baseline.median / api.median,
        decode: summarise(decodeSamples),
      },
      cluster: { nodes: clusterNodes, api: clusterApi },
    };
  } finally {
    await app.close();
  }
}

export function printChainsBench(r: ChainsBenchResult): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const mb = (x: number) => `${(x / 1_048_576).toFixed(1)} MB`;
  const cpu = (m: Measured) =>
    `CPU ${ms(m.cpu)} here${m.dbCpu === null ? '' : ` + ${ms(m.dbCpu)} PostgreSQL`}`;
  const g = r.graph;
  const met = g.api.median < 1000 ? 'met' : 'NOT MET';
  say(
    `  ${r.backend.padEnd(9)} ${n(r.cases)} cases, ${n(r.contacts)} contacts, ${n(r.links)} links → ` +
      `${n(r.clusters)} clusters (largest ${n(r.largestCluster)}); load average ${r.loadAverage.toFixed(1)}\n` +
      `            recomputeClusters (whole graph) ${ms(r.recompute.firstMs)} first (${n(r.recompute.created)} created, ` +
      `${n(r.recompute.casesMoved)} cases assigned), ${ms(r.recompute.againMs)} again (nothing to write)\n` +
      `            per event (reconcileAround one case) median ${ms(r.incremental.median)}, p95 ${ms(r.incremental.p95)}; ` +
      `around the largest cluster ${ms(r.incremental.largestMs)}\n` +
      `            GET /api/tracing/chains, city commander, whole graph: ${n(g.nodes)} nodes, ${n(g.edges)} edges, ` +
      `${mb(g.bytes)} (${mb(g.gzipBytes)} gzip)\n` +
      `              API median ${ms(g.api.median)}, p95 ${ms(g.api.p95)}, ${cpu(g.api)} (target < 1 s: ${met})\n` +
      `              with gzip median ${ms(g.apiGzip.median)}, ${cpu(g.apiGzip)}\n` +
      `              the statement alone (graphJson) median ${ms(g.statement.median)}, ${cpu(g.statement)}\n` +
      `              raw SQL selects of the same rows median ${ms(g.baseline.median)}, ${cpu(g.baseline)}; ` +
      `ratio baseline/API ${g.ratio.toFixed(2)}\n` +
      `              then in the page: JSON.parse + expandChainGraph median ${ms(g.decode.median)}\n` +
      `            the largest cluster's graph: ${n(r.cluster.nodes)} nodes, median ${ms(r.cluster.api.median)}, ` +
      `p95 ${ms(r.cluster.api.p95)}, ${cpu(r.cluster.api)}`,
  );
}
