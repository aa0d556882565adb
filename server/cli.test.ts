import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { openDatabase } from './db/connect.js';
import { emptyServerDatabase } from './test/database.js';

let dataDir: string;
let server: Awaited<ReturnType<typeof emptyServerDatabase>>;
const saved = { ...process.env };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-cli-'));
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

describe('the cordon command', () => {
  it('explains itself and each command', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'import-divisions', 'create-user']) {
      expect(top.out).toContain(command);
      const help = await run(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.out).toContain(`Usage: cordon ${command}`);
    }
    expect((await run('create-user', '--help')).out).toContain('county_admin');
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('lists the cities it can load', async () => {
    const list = await run('import-divisions', '--list', '--province', '13');
    expect(list.code).toBe(0);
    expect(list.out).toContain('1310  河北省 廊坊市');
    expect(list.out).not.toContain('北京市');
  });

  it('migrates, reports status, imports a city and creates a user', async () => {
    expect((await run('migrate')).out).toContain('applied: 0001_platform');
    expect((await run('migrate')).out).toContain('schema is up to date');
    expect((await run('migrate', '--status')).out).toContain('pending: (none)');
    const imported = await run('import-divisions', '--city', '1310');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(
      '廊坊市 (131000000000): 11 county-level units, 123 towns/streets, 3619 villages/communities',
    );
    const again = await run('import-divisions', '--city', '1310');
    expect(again.out).toContain('0 new, 0 updated');
    const created = await run(
      'create-user',
      '--username',
      'zhang.san',
      '--role',
      'county_admin',
      '--jurisdiction',
      '131002',
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/temporary password .*: \w{4}-\w{4}-\w{4}-\w{4}/);
    const wrongLevel = await run(
      'create-user',
      '--username',
      'li.si',
      '--role',
      'county_admin',
      '--jurisdiction',
      '131002100',
    );
    expect(wrongLevel.code).toBe(1);
    expect(wrongLevel.err).toContain('cannot be given at town level');
    const missing = await run('create-user', '--username', 'wang.wu');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--role, --jurisdiction');
  });

  it('refuses a malformed or unknown city with a hint', async () => {
    const bad = await run('import-divisions', '--city', '13');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cordon import-divisions --list');
    const unknown = await run('import-divisions', '--city', '9999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No city with code 9999');
  });

  it('refuses a database whose schema is newer than the code', async () => {
    const handle = await openDatabase({
      dataDir: process.env.CORDON_DATA_DIR!,
      databaseUrl: process.env.DATABASE_URL,
    });
    await handle.db
      .insertInto('kysely_migration' as never)
      .values({ name: '9999_future', timestamp: new Date().toISOString() })
      .execute();
    await handle.close();
    const res = await run('migrate');
    expect(res.code).toBe(1);
    expect(res.err).toContain('newer than this Cordon');
    const create = await run(
      'create-user',
      '--username',
      'x.y',
      '--role',
      'sampler',
      '--jurisdiction',
      '131002',
    );
    expect(create.code).toBe(1);
  });

  it('refuses an unknown city in the environment with a hint', async () => {
    process.env.CORDON_CITY = '13';
    try {
      const res = await run('migrate');
      expect(res.code).toBe(1);
      expect(res.err).toContain('cordon import-divisions --list');
    } finally {
      delete process.env.CORDON_CITY;
    }
  });
});
