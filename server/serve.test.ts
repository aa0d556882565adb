/**
 * `cordon serve` as a real process: first start, graceful shutdown with work in flight, restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './paths.js';
import { emptyServerDatabase } from './test/database.js';

let dataDir: string;
let server: Awaited<ReturnType<typeof emptyServerDatabase>>;
const ADMIN_PASSWORD = 'Serve-test-77';

beforeAll(async () => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-serve-')), 'data');
  server = await emptyServerDatabase();
});
afterAll(async () => {
  await server?.drop();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CORDON_DATA_DIR: dataDir,
      CORDON_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CORDON_PRETTY_LOGS: 'false',
      LOG_LEVEL: 'warn',
      ...(server ? { DATABASE_URL: server.url } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Cordon is ready at')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, output: () => output, exited };
}

function request(
  port: number,
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  return fetch(`http://127.0.0.1:${port}${url}`, { method, body, headers });
}

describe('cordon serve', () => {
  // Two starts (each may wait up to 90 s, above) and two graceful stops: more than the default 30 s
  // when the machine is busy.
  it('starts, finishes in-flight work on SIGTERM, closes the database, and keeps data across restarts', async () => {
    const first = await start();
    expect(first.output()).toContain(
      'divisions: loaded 廊坊市 — 11 county-level units, 123 towns/streets, 3619 villages/communities',
    );
    expect((await request(first.port, 'GET', '/readyz')).status).toBe(200);

    const login = await request(
      first.port,
      'POST',
      '/api/auth/login',
      JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      {
        'content-type': 'application/json',
      },
    );
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    // An open event stream must not hold the shutdown up.
    const stream = new AbortController();
    const live = await fetch(`http://127.0.0.1:${first.port}/api/live`, {
      headers: { cookie },
      signal: stream.signal,
    });
    expect(live.status).toBe(200);

    // A request still uploading its body when SIGTERM arrives: it must be served, not cut off.
    const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: first.port,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        first.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    expect(await inFlight).toBe(200);
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('closed cleanly');
    stream.abort();

    const second = await start();
    expect(second.output()).not.toContain('divisions: loaded');
    expect(second.output()).not.toContain(ADMIN_PASSWORD);
    const again = await request(second.port, 'POST', '/api/auth/login', body, {
      'content-type': 'application/json',
    });
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
