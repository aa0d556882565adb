import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.js';
import { DATA_DIR_FORMAT, DataDirError, prepareDataDir } from './datadir.js';

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-datadir-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function snapshot(dir: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else files.push(`${full}:${fs.readFileSync(full).toString('base64')}`);
    }
  };
  walk(dir);
  return files.sort().join('\n');
}

describe('the data directory', () => {
  it('is created with a marker on first use, private to its owner', () => {
    const dir = path.join(tempDir(), 'data');
    prepareDataDir(dir, true, 18);
    const marker = JSON.parse(fs.readFileSync(path.join(dir, 'cordon.json'), 'utf8')) as { format: number };
    expect(marker.format).toBe(DATA_DIR_FORMAT);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => prepareDataDir(dir, true, 18)).not.toThrow();
  });

  it('refuses a directory written by a newer Cordon, untouched', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'cordon.json'),
      JSON.stringify({ format: DATA_DIR_FORMAT + 1, createdBy: '9.0.0' }),
    );
    const before = snapshot(dir);
    expect(() => prepareDataDir(dir, true, 18)).toThrow(/newer Cordon \(9\.0\.0.*Nothing was changed/);
    expect(snapshot(dir)).toBe(before);
  });

  it('refuses a non-empty directory that is not ours', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'thesis.docx'), 'precious');
    expect(() => prepareDataDir(dir, true, 18)).toThrow(/not a Cordon data directory/);
    expect(fs.readdirSync(dir)).toEqual(['thesis.docx']);
  });

  it('refuses a damaged marker, an incomplete database and a database of another version', () => {
    const damaged = tempDir();
    fs.writeFileSync(path.join(damaged, 'cordon.json'), '{"form');
    expect(() => prepareDataDir(damaged, true, 18)).toThrow(DataDirError);

    const incomplete = tempDir();
    prepareDataDir(incomplete, true, 18);
    fs.mkdirSync(path.join(incomplete, 'pgdata'));
    fs.writeFileSync(path.join(incomplete, 'pgdata', 'postgresql.conf'), '');
    expect(() => prepareDataDir(incomplete, true, 18)).toThrow(/incomplete or damaged/);

    const other = tempDir();
    prepareDataDir(other, true, 18);
    fs.mkdirSync(path.join(other, 'pgdata'));
    fs.writeFileSync(path.join(other, 'pgdata', 'PG_VERSION'), '16\n');
    expect(() => prepareDataDir(other, true, 18)).toThrow(/PostgreSQL 16.*embeds PostgreSQL 18/);
  });

  it('refuses to open a corrupt embedded database and leaves its files as they were', async () => {
    const dir = tempDir();
    prepareDataDir(dir, true, 18);
    const pgdata = path.join(dir, 'pgdata');
    fs.mkdirSync(path.join(pgdata, 'global'), { recursive: true });
    fs.writeFileSync(path.join(pgdata, 'PG_VERSION'), '18\n');
    fs.writeFileSync(path.join(pgdata, 'global', 'pg_control'), Buffer.alloc(8192, 7));
    const before = snapshot(dir);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/could not be opened.*has not modified it/s);
    expect(snapshot(dir)).toBe(before);
  });

  it('opens, keeps data across restarts, and closes cleanly', async () => {
    const dir = path.join(tempDir(), 'data');
    const first = await openDatabase({ dataDir: dir });
    await first.db.schema.createTable('kept').addColumn('v', 'text').execute();
    await first.db
      .insertInto('kept' as never)
      .values({ v: 'still here' })
      .execute();
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const rows = await second.db
      .selectFrom('kept' as never)
      .selectAll()
      .execute();
    expect(rows).toEqual([{ v: 'still here' }]);
    await second.close();
  });
});
