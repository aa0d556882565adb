/**
 * A process that runs one import job and prints "batch N" after each committed batch — for the
 * test that kills it (import.kill.test.ts). Not part of the server.
 *
 * Environment: DB_KIND (pglite | postgres), DB_LOCATION (data directory or URL), IMPORT_ID,
 * IMPORT_DIR, IMPORT_USER, PII_KEY (hex), BATCH_SIZE.
 */
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { type DatabaseHandle, pgliteHandle, pgliteParsers, postgresHandle } from '../../../db/connect.js';
import { PiiCipher } from '../../../platform/pii.js';
import { actorFromUser, findUserByUsername } from '../../users/users.service.js';
import { runImport } from './import.runner.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const location = env('DB_LOCATION');
  const handle: DatabaseHandle =
    env('DB_KIND') === 'pglite'
      ? pgliteHandle(await PGlite.create({ dataDir: location, parsers: pgliteParsers }), location)
      : postgresHandle(location, 2);
  const user = await findUserByUsername(handle.db, env('IMPORT_USER'));
  if (!user) throw new Error('no such user');
  await runImport(
    {
      db: handle.db,
      pii: new PiiCipher(Buffer.from(env('PII_KEY'), 'hex')),
      dir: env('IMPORT_DIR'),
      log: pino({ level: 'silent' }),
    },
    env('IMPORT_ID'),
    actorFromUser(user),
    {
      batchSize: Number(env('BATCH_SIZE')),
      afterBatch: async (n) => {
        process.stdout.write(`batch ${n}\n`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      },
    },
  );
  process.stdout.write('done\n');
  await handle.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
