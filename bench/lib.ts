/**
 * Shared bits of the benchmarks: databases to run on, timing, percentiles, printing.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type DatabaseHandle, pgliteHandle, pgliteParsers, postgresHandle } from '../server/db/connect.js';

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  handle: DatabaseHandle;
  /** For a server process: DATABASE_URL, or CORDON_DATA_DIR of an embedded one. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** Server PostgreSQL for benchmarks: BENCH_DATABASE_URL, else the local server (as this OS user) if it answers. */
export async function postgresAdminUrl(): Promise<string | null> {
  const url = process.env.BENCH_DATABASE_URL ?? `postgres://${os.userInfo().username}@127.0.0.1:5432/test`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch (error) {
    say(`PostgreSQL at ${url} not reachable: ${(error as Error).message}`);
    return null;
  }
}

export async function benchDatabase(
  kind: 'pglite' | 'postgres',
  adminUrl: string | null,
): Promise<BenchDatabase> {
  if (kind === 'postgres') {
    if (!adminUrl) throw new Error('no PostgreSQL for benchmarks (set BENCH_DATABASE_URL)');
    const name = `cordon_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = postgresHandle(url.toString(), 10);
    return {
      kind,
      handle,
      env: { DATABASE_URL: url.toString() },
      drop: async () => {
        await handle.close();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-bench-'));
  fs.writeFileSync(
    path.join(dir, 'cordon.json'),
    JSON.stringify({ format: 1, createdAt: new Date().toISOString(), createdBy: 'bench' }),
  );
  const client = await PGlite.create({ dataDir: path.join(dir, 'pgdata'), parsers: pgliteParsers });
  const handle = pgliteHandle(client, dir);
  return {
    kind,
    handle,
    env: { CORDON_DATA_DIR: dir, DATABASE_URL: '' },
    drop: async () => {
      if (!client.closed) await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export interface Timing {
  median: number;
  p95: number;
  mean: number;
  runs: number;
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    runs: sorted.length,
  };
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A free TCP port on loopback, for a benchmark's own server process. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until a benchmark's server process answers /readyz (or fails when it exits). */
export async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}
