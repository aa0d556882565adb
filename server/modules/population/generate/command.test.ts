/**
 * `cordon generate-population` through the command table: help, flag checks, a run on an empty
 * database (divisions loaded on the way), the refusal to run twice, and --replace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli.js';
import { emptyServerDatabase } from '../../../test/database.js';
import { progressLine } from './progress.js';

let dataDir: string;
let server: Awaited<ReturnType<typeof emptyServerDatabase>>;
const saved = { ...process.env };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-generate-'));
  server = await emptyServerDatabase();
  process.env.CORDON_DATA_DIR = path.join(dataDir, 'data');
  if (server) process.env.DATABASE_URL = server.url;
  else delete process.env.DATABASE_URL;
});
afterAll(async () => {
  process.env = saved;
  await server?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('cordon generate-population', () => {
  it('explains itself and checks its flags', async () => {
    expect((await run('--help')).out).toContain('generate-population');
    const help = await run('generate-population', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: cordon generate-population');
    expect((await run('generate-population', '--scale', '3')).code).toBe(2);
    expect((await run('generate-population', '--scale', 'lots')).code).toBe(2);
    expect((await run('generate-population', '--as-of', '2022-13-45x')).code).toBe(2);
    expect((await run('generate-population', '--threads=-1')).code).toBe(2);
  });

  it('generates once, refuses to again, and replaces on request', async () => {
    const first = await run('generate-population', '--scale', '0.0005', '--threads', '0');
    expect(first.err).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/generated [\d,]+ people in [\d,]+ households/);
    const again = await run('generate-population', '--scale', '0.0005', '--threads', '0');
    expect(again.code).toBe(1);
    expect(again.err).toContain('--replace');
    const replaced = await run('generate-population', '--scale', '0.0005', '--threads', '0', '--replace');
    expect(replaced.code).toBe(0);
    expect(replaced.out).toContain('removed the previous synthetic population');
  });

  it('draws a progress bar with rate and time left', () => {
    const line = progressLine({
      phase: 'loading',
      people: 1_000_000,
      total: 4_000_000,
      elapsedMs: 20_000,
    });
    expect(line).toContain('25%');
    expect(line).toContain('1,000,000/4,000,000 people');
    expect(line).toContain('50,000/s');
    expect(line).toContain('ETA 1 min 00 s');
  });
});
