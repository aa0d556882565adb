/**
 * npm run bench — every benchmark, on the embedded database and on server PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://127.0.0.1:5432/test; skipped if unreachable).
 * BENCH_ONLY=scoped|http|population|testing|tracing|passes|healthcodes picks one; BENCH_SECONDS shortens the HTTP runs. The synthetic
 * city runs at BENCH_POPULATION_SCALE on PostgreSQL (default 1.0, 5.46 M people) and
 * BENCH_POPULATION_PGLITE_SCALE on PGlite (default 0.2), with BENCH_POPULATION_THREADS workers.
 * The full-city round (testing) runs on BENCH_TESTING_DATABASE_URL's people when set (PostgreSQL
 * only; the bench round is removed afterwards unless BENCH_TESTING_KEEP=1), else on a city generated
 * at BENCH_TESTING_SCALE (PostgreSQL, default 1.0) / BENCH_TESTING_PGLITE_SCALE (default 0.05), in
 * chunks of BENCH_TESTING_CHUNK scans (default 50,000). Tracing generates a city at BENCH_TRACING_SCALE
 * (PostgreSQL, default 1.0) / BENCH_TRACING_PGLITE_SCALE (default 0.05) and loads BENCH_TRACING_EVENTS
 * exposure events (default 20 M on PostgreSQL, 200 k on PGlite); its chain graph has its own database.
 * Results are printed and written to .bench/results-<timestamp>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrateToLatest } from '../server/db/migrate.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import { projectRoot } from '../server/paths.js';
import { printHttp, httpLoad } from './http.js';
import { population, printPopulation } from './population.js';
import { benchDatabase, postgresAdminUrl, say } from './lib.js';
import { passesBench, printPassesBench } from './passes.js';
import { printVerifyBench, verifyBench } from './verify.js';
import { printScopedListing, scopedListing } from './scoped-listing.js';
import { generatedCity, printTesting, testingRound } from './testing.js';
import { postgresHandle } from '../server/db/connect.js';
import { runHealthCodesBench } from './healthcodes.js';
import { casesBench, printCasesBench } from './tracing-cases.js';
import { chainsBench, printChainsBench } from './tracing-chains.js';
import { benchTracingEvents, exposureBench, printExposureBench } from './tracing-exposure.js';

const only = process.env.BENCH_ONLY;
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const adminUrl = await postgresAdminUrl();
const backends: Array<'pglite' | 'postgres'> = adminUrl ? ['postgres', 'pglite'] : ['pglite'];
if (!adminUrl) say('PostgreSQL not reachable (BENCH_DATABASE_URL): benchmarking the embedded database only.');
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };

if (!only || only === 'scoped') {
  say('Scoped listing — 1,000,000 scoped rows, one village, with vs without the scope filter');
  const out = [];
  for (const kind of backends) {
    const target = await benchDatabase(kind, adminUrl);
    try {
      await migrateToLatest(target.handle.db);
      await importDivisions(target.handle.db, '1310');
      const r = await scopedListing(target);
      printScopedListing(r);
      out.push(r);
    } finally {
      await target.drop();
    }
  }
  say('  plan (PostgreSQL when present):');
  for (const line of (out[0]?.plan ?? '').split('\n')) say(`    ${line}`);
  results.scopedListing = out;
}

if (!only || only === 'http') {
  say(`HTTP — authenticated scoped GET at 1,000 req/s for ${seconds} s on loopback`);
  const out = [];
  for (const kind of backends) {
    const target = await benchDatabase(kind, adminUrl);
    try {
      const r = await httpLoad(target, seconds);
      printHttp(r);
      out.push(r);
    } finally {
      await target.drop();
    }
  }
  results.http = out;
}

if (!only || only === 'population') {
  const scales = {
    postgres: Number(process.env.BENCH_POPULATION_SCALE ?? 1),
    pglite: Number(process.env.BENCH_POPULATION_PGLITE_SCALE ?? 0.2),
  };
  const threads = process.env.BENCH_POPULATION_THREADS
    ? Number(process.env.BENCH_POPULATION_THREADS)
    : undefined;
  say('Synthetic city — generate and load vs raw COPY of the same rows; ID lookup and village page');
  const out = [];
  for (const kind of backends) {
    const target = await benchDatabase(kind, adminUrl);
    try {
      const r = await population(target, () => benchDatabase(kind, adminUrl), scales[kind], threads);
      printPopulation(r);
      out.push(r);
    } finally {
      await target.drop();
    }
  }
  results.population = out;
}

if (!only || only === 'testing') {
  const chunk = Number(process.env.BENCH_TESTING_CHUNK ?? 50_000);
  const existing = process.env.BENCH_TESTING_DATABASE_URL;
  say('A full-city round — scans vs raw COPY of the same samples; boxes, lab results, recall, coverage');
  const out = [];
  if (existing) {
    const handle = postgresHandle(existing, 10);
    try {
      await migrateToLatest(handle.db);
      const r = await testingRound({ kind: 'postgres', handle, pii: null, source: handle.location }, chunk);
      printTesting(r);
      out.push(r);
    } finally {
      await handle.close();
    }
  } else {
    const scales = {
      postgres: Number(process.env.BENCH_TESTING_SCALE ?? 1),
      pglite: Number(process.env.BENCH_TESTING_PGLITE_SCALE ?? 0.05),
    };
    for (const kind of backends) {
      const target = await benchDatabase(kind, adminUrl);
      try {
        say(`  ${kind}: generating the city at scale ${scales[kind]}…`);
        const pii = await generatedCity(target.handle, scales[kind]);
        const r = await testingRound({ kind, handle: target.handle, pii, source: 'generated' }, chunk);
        printTesting(r);
        out.push(r);
      } finally {
        await target.drop();
      }
    }
  }
  results.testing = out;
}

if (!only || only === 'tracing') {
  say('Tracing — exposure events vs raw COPY, candidates per case, 100 new cases, chain graph of 10k cases');
  const scales = {
    postgres: Number(process.env.BENCH_TRACING_SCALE ?? 1),
    pglite: Number(process.env.BENCH_TRACING_PGLITE_SCALE ?? 0.05),
  };
  const out: Record<string, unknown>[] = [];
  for (const kind of backends) {
    const result: Record<string, unknown> = { kind };
    const target = await benchDatabase(kind, adminUrl);
    try {
      say(`  ${kind}: generating the city at scale ${scales[kind]}…`);
      const pii = await generatedCity(target.handle, scales[kind]);
      const exposure = await exposureBench({ kind, handle: target.handle, pii }, benchTracingEvents(kind));
      printExposureBench(exposure);
      const cases = await casesBench(target.handle, pii);
      printCasesBench(cases);
      Object.assign(result, { exposure, cases });
    } finally {
      await target.drop();
    }
    const graph = await benchDatabase(kind, adminUrl);
    try {
      const chains = await chainsBench(graph.handle);
      printChainsBench(chains);
      result.chains = chains;
    } finally {
      await graph.drop();
    }
    out.push(result);
  }
  results.tracing = out;
}

if (!only || only === 'passes') {
  say('Passes — offline verification of signed pass tokens per second on one core, vs bare Ed25519');
  const passes = passesBench();
  printPassesBench(passes);
  results.passes = passes;
}

if (!only || only === 'healthcodes') results.healthcodes = await runHealthCodesBench(backends, adminUrl);

if (!only || only === 'verify') {
  say(
    `Checkpoint verification — POST verify of 10,000 passes at 1,000 req/s for ${Math.min(seconds, 30)} s vs a scoped GET`,
  );
  const out = [];
  for (const kind of backends) {
    const target = await benchDatabase(kind, adminUrl);
    try {
      const r = await verifyBench(target, Math.min(seconds, 30));
      printVerifyBench(r);
      out.push(r);
    } finally {
      await target.drop();
    }
  }
  results.verify = out;
}

const dir = path.join(projectRoot, '.bench');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(results, null, 2));
say(`results: ${path.relative(projectRoot, file)}`);
