/**
 * HTTP: an authenticated, scoped GET at a constant 1,000 requests/s for 30 s on loopback, against the
 * real server in its own process (built dist/, JSON logs at info to /dev/null), the load from this
 * process (bench/load.ts, open loop). Baseline in the same run: /healthz (no session, no database)
 * at the same rate. Target: p99 < 20 ms on PostgreSQL; PGlite's figure reported.
 *
 * Also CPU time per request of the server process, of its PostgreSQL backends (when the database
 * runs on this machine) and of the load generator, from /proc on Linux: on a machine shared with
 * other work, latencies say how busy the machine was, CPU per request says what the request costs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { migrateToLatest } from '../server/db/migrate.js';
import { importDivisions } from '../server/modules/jurisdictions/divisions.import.js';
import { createUserUnchecked } from '../server/modules/users/users.service.js';
import { projectRoot } from '../server/paths.js';
import { type CpuPerRequest, cpuLine, withCpu } from './cpu.js';
import { type BenchDatabase, freePort, ms, say, waitReady } from './lib.js';
import { type LoadFigures, constantRate } from './load.js';

const URL_UNDER_TEST = '/api/jurisdictions?parent=131002100000&limit=100'; // 落垡镇's 30 villages, with child counts
const PASSWORD = 'Bench-pass-2022';

export interface HttpResult {
  backend: string;
  seconds: number;
  rate: number;
  baseline: LoadFigures & { cpu: CpuPerRequest };
  scoped: LoadFigures & { cpu: CpuPerRequest };
}

function load(
  port: number,
  url: string,
  cookie: string | null,
  seconds: number,
  rate: number,
): Promise<LoadFigures> {
  return constantRate({
    url: `http://127.0.0.1:${port}${url}`,
    headers: cookie ? { cookie } : {},
    rate,
    seconds,
  });
}

export async function httpLoad(target: BenchDatabase, seconds = 30, rate = 1000): Promise<HttpResult> {
  const db = target.handle.db;
  await migrateToLatest(db);
  await importDivisions(db, '1310');
  await createUserUnchecked(db, {
    username: 'bench.county',
    displayName: '压测',
    role: 'county_admin',
    jurisdictionCode: '131002000000',
    password: PASSWORD,
  });
  // The embedded database belongs to one process at a time: hand it to the server.
  if (target.kind === 'pglite') await target.handle.close();

  const port = await freePort();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/server/main.js'), 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...target.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CORDON_PRETTY_LOGS: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(port, child);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.county', password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const check = await fetch(`http://127.0.0.1:${port}${URL_UNDER_TEST}`, { headers: { cookie } });
    const body = (await check.json()) as { total: number };
    if (body.total !== 30) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 200)}`);

    await load(port, URL_UNDER_TEST, cookie, 5, rate); // warm-up
    const baseline = await withCpu(target, child, () => load(port, '/healthz', null, seconds, rate));
    const scoped = await withCpu(target, child, () => load(port, URL_UNDER_TEST, cookie, seconds, rate));
    return { backend: target.kind, seconds, rate, baseline, scoped };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export function printHttp(r: HttpResult): void {
  const line = (label: string, f: LoadFigures) =>
    `    ${label.padEnd(9)} ${f.requests} req, ${f.rps.toFixed(0)}/s, p50 ${ms(f.p50)}, p90 ${ms(f.p90)}, p99 ${ms(f.p99)}, ` +
    `max ${ms(f.max)}, errors ${f.errors}, non-2xx ${f.non2xx}`;
  say(`  ${r.backend} (${r.rate}/s for ${r.seconds} s):`);
  say(line('baseline', r.baseline));
  say(line('scoped', r.scoped));
  say(cpuLine('baseline', r.backend, r.baseline.cpu));
  say(cpuLine('scoped', r.backend, r.scoped.cpu));
  const met = r.scoped.p99 < 20 && r.scoped.errors === 0 && r.scoped.non2xx === 0;
  say(
    `    p99 ratio scoped/baseline ${(r.scoped.p99 / Math.max(r.baseline.p99, 0.001)).toFixed(1)}; ` +
      `target p99 < 20 ms${r.backend === 'postgres' ? '' : ' (set for PostgreSQL)'}: ${met ? 'met' : 'NOT MET'}`,
  );
}
