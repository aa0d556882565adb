/**
 * Online verification at a checkpoint (issue: risk control, speed): POST /api/risk/checkpoints/:id/verify
 * at a constant 1,000 requests/s on loopback (bench/load.ts, open loop), each request a different
 * pass token of 10,000 approved supply-vehicle passes, with the driver named and the residence
 * certificate seen — so each one verifies the signature, reads the pass and its holder, the
 * driver's stored code and latest negative test, and writes the check log row and its audit entry
 * in one transaction. Target: p99 < 20 ms on PostgreSQL; PGlite's figure reported.
 *
 * Baseline in the same run, same rate: GET /api/risk/checkpoints/mine — an authenticated, scoped
 * GET of the same user (session, permission, one small query), so the ratio is the price of the
 * verification itself.
 *
 * The server runs in its own process as deployed: the built `dist/server/main.js serve` (npm run bench
 * builds first), on 127.0.0.1, JSON logs at info to a file (read afterwards for the server's own
 * time per request). CPU per request of the server, its PostgreSQL backends and the load generator
 * is reported too (bench/cpu.ts): at 1,000 requests/s on two cores, what a request costs decides how
 * long the queue in front of it grows.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beijingEntryPolicy } from '../domain/checkpoint-policy.js';
import { makeIdNumber, maskIdNumber } from '../domain/idcard.js';
import { passClaims, passSigningText, passToken } from '../domain/pass-token.js';
import { EDITIONS } from '../domain/protocol.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import { personRow } from '../server/modules/population/person.codec.js';
import {
  householdKeyString,
  resolveHouseholds,
  upsertPeople,
} from '../server/modules/population/people.repo.js';
import { createUserUnchecked } from '../server/modules/users/users.service.js';
import { PiiCipher } from '../server/platform/pii.js';
import { deriveKey, sign } from '../server/platform/signing.js';
import { projectRoot } from '../server/paths.js';
import { type CpuPerRequest, cpuLine, withCpu } from './cpu.js';
import { type BenchDatabase, freePort, ms, say, waitReady } from './lib.js';
import { type LoadFigures, constantRate } from './load.js';

const PASSES = Number(process.env.BENCH_VERIFY_PASSES ?? 10_000);
const PASSWORD = 'Bench-pass-2022';
const COUNTY = '131002';
const VILLAGE = '131002100202';
const CODES = ['BV-BJ-01', 'BV-BJ-02', 'BV-BJ-03', 'BV-BJ-04', 'BV-BJ-05'];
const HOUR = 3600_000;

export interface VerifyBenchResult {
  backend: string;
  seconds: number;
  rate: number;
  passes: number;
  baseline: LoadFigures & { cpu: CpuPerRequest };
  verify: LoadFigures & { cpu: CpuPerRequest };
  /** The server's own time per request (its request log), in the measured phases. */
  server: { verify: { p50: number; p99: number }; baseline: { p50: number; p99: number } };
  /**
   * The database's committed transactions per verification (PostgreSQL's statistics): one read and
   * one write would be 2; the check log's group commit (verify.log.ts) brings the writes' share down
   * when checks come in together.
   */
  commitsPerCheck: number | null;
  /** The verdicts the server logged during the run (from its statistics). */
  logged: { checked: number; passed: number; turnedBack: number; reasons: Record<string, number> };
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** Officer, checkpoints, 10,000 drivers in the base (2% red, all tested 3 h ago), their passes. */
async function seed(target: BenchDatabase, pii: PiiCipher): Promise<string[]> {
  const db = target.handle.db;
  await migrateToLatest(db);
  await importDivisions(db, '1310');
  await createUserUnchecked(db, {
    username: 'bench.officer',
    displayName: '压测卡口',
    role: 'checkpoint_officer',
    jurisdictionCode: `${COUNTY}000000`,
    password: PASSWORD,
  });
  await db
    .insertInto('checkpoints')
    .values(
      CODES.map((code) => ({
        county_code: COUNTY,
        jpath: COUNTY,
        code,
        name: `进京检查站${code}`,
        kind: 'beijing_entry' as const,
        policy: JSON.stringify(beijingEntryPolicy()),
      })),
    )
    .execute();
  const village = await db
    .selectFrom('jurisdictions')
    .select(['jpath'])
    .where('code', '=', VILLAGE)
    .executeTakeFirstOrThrow();
  const place = {
    countyCode: COUNTY,
    villageCode: VILLAGE,
    gridCode: null,
    buildingCode: null,
    jpath: village.jpath,
  };
  const keys = Array.from({ length: Math.ceil(PASSES / 10) }, (_, i) => ({
    ...place,
    unit: null,
    room: String(i + 1),
    address: `压测村 ${i + 1}号`,
  }));
  const households = await resolveHouseholds(db, keys, 'bench');
  const idOf = (i: number) => {
    const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 1000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return makeIdNumber(COUNTY, birth, i % 1000);
  };
  const personIds: string[] = [];
  for (let from = 0; from < PASSES; from += 2000) {
    const rows = [];
    for (let i = from; i < Math.min(PASSES, from + 2000); i++) {
      const birth = idOf(i).slice(6, 14);
      rows.push(
        personRow(
          pii,
          {
            idNumber: idOf(i),
            name: `司机${i}`,
            sex: i % 2 === 0 ? 'M' : 'F',
            birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
            phone: null,
            phone2: null,
            residenceType: 'registered',
            registeredAddress: null,
            workUnit: null,
            emergencyName: null,
            emergencyPhone: null,
            notes: null,
            relation: i % 10 === 0 ? 'head' : 'other',
            unit: null,
            room: String(Math.floor(i / 10) + 1),
          },
          { ...place, householdId: households.get(householdKeyString(keys[Math.floor(i / 10)]!))! },
          'bench',
        ),
      );
    }
    const result = await upsertPeople(db, pii, rows, { actorId: null, source: 'bench' });
    personIds.push(...result.ids);
  }
  // 2% red codes; everyone in a negative pool of 20 sampled 3 h ago.
  await db
    .insertInto('health_codes')
    .values(
      personIds
        .filter((_, i) => i % 50 === 7)
        .map((id) => ({
          county_code: COUNTY,
          person_id: id,
          jpath: village.jpath,
          colour: 'red' as const,
          reasons: JSON.stringify([{ code: 'close_contact', colour: 'red', until: '2099-01-01' }]),
        })),
    )
    .execute();
  const round = await db
    .insertInto('testing_rounds')
    .values({
      county_code: COUNTY,
      jpath: COUNTY,
      name: '压测轮次',
      edition_id: EDITIONS[0]!.id,
      rules: JSON.stringify(EDITIONS[0]!.testing),
      starts_at: new Date(Date.now() - 24 * HOUR),
      ends_at: new Date(Date.now() + 24 * HOUR),
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let from = 0; from < personIds.length; from += 2000) {
    const chunk = personIds.slice(from, from + 2000);
    const tubes = await db
      .insertInto('tubes')
      .values(
        Array.from({ length: Math.ceil(chunk.length / 20) }, (_, i) => ({
          county_code: COUNTY,
          jpath: village.jpath,
          round_id: round.id,
          barcode: `BV${from + i * 20}`,
          pool_group: 'prevention',
          capacity: 20,
          members: 20,
          status: 'resulted' as const,
          result: 'negative' as const,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('samples')
      .values(
        chunk.map((id, i) => ({
          county_code: COUNTY,
          round_id: round.id,
          person_id: id,
          jpath: village.jpath,
          tube_id: tubes[Math.floor(i / 20)]!.id,
          tube_county: COUNTY,
          sampled_at: new Date(Date.now() - 3 * HOUR),
        })),
      )
      .execute();
  }
  // The passes, signed with the key the server will derive from the same master key.
  const key = deriveKey(pii, 'pass', 1);
  await db
    .insertInto('signing_keys')
    .values({ id: key.id, purpose: 'pass', public_key: key.publicRaw })
    .execute();
  const tokens: string[] = [];
  for (let from = 0; from < PASSES; from += 1000) {
    const passes = [];
    const holders = [];
    for (let i = from; i < Math.min(PASSES, from + 1000); i++) {
      const id = crypto.randomUUID();
      const plate = `冀R${String(i).padStart(5, '0')}`;
      const validFrom = new Date(Date.now() - HOUR);
      const validUntil = new Date(Date.now() + 7 * 24 * HOUR);
      const text = passSigningText(
        passClaims({
          id,
          keyId: key.id,
          type: 'supply_vehicle',
          plate,
          drivers: [{ name: `司机${i}`, idNumber: idOf(i) }],
          route: CODES,
          validFrom,
          validUntil,
        }),
      );
      const token = passToken(text, sign(key, text));
      tokens.push(token);
      passes.push({
        id,
        county_code: COUNTY,
        jpath: village.jpath,
        number: `安次区-通-2022-${String(i + 1).padStart(6, '0')}`,
        type: 'supply_vehicle' as const,
        status: 'approved' as const,
        plate,
        route: CODES,
        valid_from: validFrom,
        valid_until: validUntil,
        key_id: key.id,
        token,
        decided_at: new Date(),
      });
      holders.push({
        county_code: COUNTY,
        pass_id: id,
        seq: 1,
        role: 'driver' as const,
        person_id: personIds[i]!,
        person_county: COUNTY,
        name: `司机${i}`,
        id_hash: pii.hash(idOf(i)),
        id_cipher: pii.encrypt(idOf(i)),
        id_masked: maskIdNumber(idOf(i)),
      });
    }
    await db.insertInto('passes').values(passes).execute();
    await db.insertInto('pass_holders').values(holders).execute();
  }
  // Settle what the seeding left behind (autovacuum of ten thousand fresh rows in a dozen tables, a
  // checkpoint's writes) before measuring: a checkpoint's gate is not bulk-loaded while it checks.
  await sql`vacuum analyze`.execute(db);
  if (target.kind === 'postgres') await sql`checkpoint`.execute(db).catch(() => undefined);
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// The run

export async function verifyBench(
  target: BenchDatabase,
  seconds = 20,
  rate = 1000,
): Promise<VerifyBenchResult> {
  const masterKey = crypto.randomBytes(32);
  const pii = new PiiCipher(masterKey);
  say(`  ${target.kind}: seeding ${PASSES} approved passes with drivers, codes and tests…`);
  const tokens = await seed(target, pii);
  // The embedded database belongs to one process at a time: hand it to the server.
  if (target.kind === 'pglite') await target.handle.close();

  const port = await freePort();
  // BENCH_VERIFY_LOG=<file>: keep the server's log there (its request log, and e.g. --trace-gc lines
  // with NODE_OPTIONS=--trace-gc) to see when the slow requests came.
  const keptLog = process.env.BENCH_VERIFY_LOG;
  const logPath = keptLog ?? path.join(os.tmpdir(), `cordon-verify-bench-${port}.log`);
  const logFd = fs.openSync(logPath, 'w');
  // BENCH_VERIFY_PROFILE=<dir>: the server writes a CPU profile there (node --cpu-prof) on exit;
  // BENCH_VERIFY_NODE_ARGS: more flags for its node (e.g. --trace-gc, with BENCH_VERIFY_LOG).
  const profile = process.env.BENCH_VERIFY_PROFILE;
  const args = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ...(process.env.BENCH_VERIFY_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...args, path.join(projectRoot, 'dist/server/main.js'), 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...target.env,
      CORDON_PII_KEY: masterKey.toString('hex'),
      CORDON_DEMO: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CORDON_PRETTY_LOGS: 'false',
    },
    // The server's request log goes to a file: afterwards, its own time per request (ms, from the
    // request's arrival to the response's end) tells the server's share of the latency from the
    // machine's (scheduling, the load generator, the network stack).
    stdio: ['ignore', logFd, 'inherit'],
  });
  try {
    await waitReady(port, child);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.officer', password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const mine = (await (
      await fetch(`${base}/api/risk/checkpoints/mine`, { headers: { cookie } })
    ).json()) as Array<{
      id: string;
      code: string;
    }>;
    const checkpoint = mine.find((c) => c.code === CODES[2])!;
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const body = (i: number) =>
      JSON.stringify({
        scan: tokens[i % tokens.length],
        driver: { name: `司机${i % tokens.length}` },
        certificates: ['residence'],
        clientId: crypto.randomUUID(),
      });
    const verifyUrl = `${base}/api/risk/checkpoints/${checkpoint.id}/verify`;
    const first = (await (await fetch(verifyUrl, { method: 'POST', headers, body: body(0) })).json()) as {
      verdict: string;
      problems: unknown[];
    };
    if (first.verdict !== 'pass')
      throw new Error(`unexpected answer: ${JSON.stringify(first).slice(0, 300)}`);

    const load = (url: string, s: number, post: boolean) =>
      constantRate({
        url,
        rate,
        seconds: s,
        ...(post ? { method: 'POST', headers, body } : { headers: { cookie } }),
      });
    await load(verifyUrl, 3, true); // warm-up
    const measuredFrom = fs.fstatSync(logFd).size; // the server's log of the measured phases only
    const before = await stats(base, cookie);
    const baseline = await withCpu(target, child, () =>
      load(`${base}/api/risk/checkpoints/mine`, seconds, false),
    );
    const commitsBefore = await commits(target);
    const verify = await withCpu(target, child, () => load(verifyUrl, seconds, true));
    const commitsAfter = await commits(target);
    const after = await stats(base, cookie);
    const server = serverTimes(logPath, measuredFrom);
    const reasons: Record<string, number> = {};
    for (const [k, v] of Object.entries(after.reasons)) reasons[k] = v - (before.reasons[k] ?? 0);
    return {
      backend: target.kind,
      seconds,
      rate,
      passes: tokens.length,
      baseline,
      verify,
      server,
      commitsPerCheck:
        commitsBefore === null || commitsAfter === null
          ? null
          : (commitsAfter - commitsBefore) / Math.max(verify.requests, 1),
      logged: {
        checked: after.checked - before.checked,
        passed: after.passed - before.passed,
        turnedBack: after.turnedBack - before.turnedBack,
        reasons,
      },
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.closeSync(logFd);
    if (!keptLog) fs.rmSync(logPath, { force: true });
  }
}

/** The server's own time per request (its request log), p50 / p99, for the verify POSTs and the GETs. */
function serverTimes(logPath: string, from: number): VerifyBenchResult['server'] {
  const times = { verify: [] as number[], baseline: [] as number[] };
  for (const line of fs.readFileSync(logPath).subarray(from).toString('utf8').split('\n')) {
    if (!line.startsWith('{') || !line.includes('"msg":"request"')) continue;
    const entry = JSON.parse(line) as { method: string; url: string; ms: number };
    if (entry.url.endsWith('/verify')) times.verify.push(entry.ms);
    else if (entry.url.endsWith('/checkpoints/mine')) times.baseline.push(entry.ms);
  }
  const pick = (list: number[]) => {
    const sorted = list.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };
  return { verify: pick(times.verify), baseline: pick(times.baseline) };
}

/** Transactions committed in the bench's database so far (PostgreSQL; statistics flushed first). */
async function commits(target: BenchDatabase): Promise<number | null> {
  if (target.kind !== 'postgres') return null;
  // Backends report their counts at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await sql`select pg_stat_clear_snapshot()`.execute(target.handle.db);
  const { rows } = await sql<{ n: string }>`select xact_commit::text as n from pg_stat_database
    where datname = current_database()`.execute(target.handle.db);
  return Number(rows[0]?.n ?? 0);
}

async function stats(base: string, cookie: string) {
  const res = await fetch(`${base}/api/risk/checkpoint-stats`, { headers: { cookie } });
  const body = (await res.json()) as { totals: VerifyBenchResult['logged'] };
  return body.totals;
}

export function printVerifyBench(r: VerifyBenchResult): void {
  const line = (label: string, f: LoadFigures) =>
    `    ${label.padEnd(9)} ${f.requests} req, ${f.rps.toFixed(0)}/s, p50 ${ms(f.p50)}, p90 ${ms(f.p90)}, p99 ${ms(f.p99)}, ` +
    `max ${ms(f.max)}, errors ${f.errors}, non-2xx ${f.non2xx}`;
  say(`  ${r.backend} (${r.rate}/s for ${r.seconds} s, ${r.passes} passes):`);
  say(line('baseline', r.baseline));
  say(line('verify', r.verify));
  say(cpuLine('baseline', r.backend, r.baseline.cpu));
  say(cpuLine('verify', r.backend, r.verify.cpu));
  say(
    `    the server's own time: verify p50 ${ms(r.server.verify.p50)}, p99 ${ms(r.server.verify.p99)}; ` +
      `baseline p50 ${ms(r.server.baseline.p50)}, p99 ${ms(r.server.baseline.p99)}`,
  );
  if (r.commitsPerCheck !== null)
    say(
      `    database transactions per verification: ${r.commitsPerCheck.toFixed(2)} (a read and a write: 2)`,
    );
  say(
    `    logged: ${r.logged.checked} checks, ${r.logged.passed} passed, ${r.logged.turnedBack} turned back ` +
      `${JSON.stringify(r.logged.reasons)}`,
  );
  const met = r.verify.p99 < 20 && r.verify.errors === 0 && r.verify.non2xx === 0;
  say(
    `    p99 ratio verify/baseline ${(r.verify.p99 / Math.max(r.baseline.p99, 0.001)).toFixed(1)}; ` +
      `target p99 < 20 ms${r.backend === 'postgres' ? '' : ' (set for PostgreSQL)'}: ${met ? 'met' : 'NOT MET'}`,
  );
}
