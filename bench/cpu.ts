/**
 * CPU time per request, from /proc on Linux: on a machine shared with other work, latencies say how
 * busy the machine was; CPU per request says what the request costs — in the server process, in
 * the PostgreSQL backends serving it (when the database runs on this machine) and in the load
 * generator (this process).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { BenchDatabase } from './lib.js';
import type { LoadFigures } from './load.js';

const USER_HZ = 100; // clock ticks per second of /proc/<pid>/stat times on Linux

/** CPU time (ms) a process has used, from /proc/<pid>/stat; null if unreadable (not Linux, not ours). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ; // utime + stime
  } catch {
    return null;
  }
}

/** Microseconds of CPU per completed request; null where it could not be read. */
export interface CpuPerRequest {
  server: number | null;
  /** PostgreSQL backends serving the server (PGlite runs inside the server: counted there). */
  database: number | null;
  generator: number;
}

/** Runs a load and measures the CPU it cost the server, its database backends and this process. */
export async function withCpu(
  target: BenchDatabase,
  server: ChildProcess,
  run: () => Promise<LoadFigures>,
): Promise<LoadFigures & { cpu: CpuPerRequest }> {
  /** CPU so far of each backend connected to the benchmark's database, but this one. */
  const backends = async (): Promise<Map<number, number | null>> => {
    if (target.kind !== 'postgres') return new Map();
    const others = sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    const { rows } = await others.execute(target.handle.db);
    return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
  };
  const dbBefore = await backends();
  const serverBefore = processCpuMs(server.pid!);
  const generatorBefore = process.cpuUsage();
  const figures = await run();
  const generator = process.cpuUsage(generatorBefore);
  const serverAfter = processCpuMs(server.pid!);
  const dbAfter = await backends();
  // Backends that ended during the run are missed (the server's pool keeps busy connections open).
  const dbTimes = [...dbAfter].map(([pid, after]) =>
    after === null ? null : after - (dbBefore.get(pid) ?? 0),
  );
  const database =
    target.kind !== 'postgres' || dbTimes.includes(null)
      ? null
      : dbTimes.reduce<number>((sum, t) => sum + t!, 0);
  const perRequest = (totalMs: number | null) =>
    totalMs === null ? null : (totalMs * 1000) / Math.max(figures.requests, 1);
  return {
    ...figures,
    cpu: {
      server: perRequest(serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore),
      database: perRequest(database),
      generator: perRequest((generator.user + generator.system) / 1000)!,
    },
  };
}

/** "    label     CPU per request: server 420 µs, PostgreSQL 310 µs, load generator 95 µs" */
export function cpuLine(label: string, backend: string, c: CpuPerRequest): string {
  const us = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} µs`);
  return (
    `    ${label.padEnd(9)} CPU per request: server ${us(c.server)}, ` +
    `${backend === 'postgres' ? `PostgreSQL ${us(c.database)}` : 'database in the server'}, ` +
    `load generator ${us(c.generator)}`
  );
}
