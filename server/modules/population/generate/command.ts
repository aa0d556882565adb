/**
 * The body of `cordon generate-population` (server/cli.ts parses the flags): open the database,
 * make sure the schema, the city's divisions and the personal-data key are in place, generate with
 * a progress bar on stderr, and say what was made on stdout.
 */
import type { Config } from '../../../config.js';
import { openDatabase } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { PiiCipher, checkKeyFingerprint, loadPiiKey } from '../../../platform/pii.js';
import { ensureDivisions } from '../../system/bootstrap.js';
import { type GenerateOptions, type GenerateSummary, generatePopulation } from './generate.js';
import { progressBar } from './progress.js';

const number = (n: number): string => n.toLocaleString('en-US');

export function describeSummary(s: GenerateSummary): string[] {
  const r = s.rows;
  const seconds = s.ms.total / 1000;
  const lines = [
    `generated ${number(r.people)} people in ${number(r.households)} households, ` +
      `${number(r.jurisdictions)} grids and buildings, ${number(r.grid_staff)} grid workers and building heads, ` +
      `${number(r.special_populations)} special-population entries`,
    `in ${seconds.toFixed(1)} s (${number(Math.round(r.people / Math.max(seconds, 0.001)))} people/s; ` +
      `loading ${(s.ms.load / 1000).toFixed(1)} s, ${s.rebuiltIndexes ? 'indexes' : 'merge'} ${(s.ms.indexes / 1000).toFixed(1)} s)`,
  ];
  if (s.removed) {
    lines.unshift(
      `removed the previous synthetic population: ${number(s.removed.people)} people, ${number(s.removed.households)} households, ` +
        `${number(s.removed.units)} grids and buildings` +
        (s.removed.keptUnits
          ? ` (${number(s.removed.keptUnits)} kept: accounts or real people use them)`
          : ''),
    );
  }
  if (s.skipped)
    lines.push(`${number(s.skipped)} generated people skipped: their ID number is already in the ledger`);
  if (s.estimate)
    lines.push('no census figures for this city: county populations are an estimate (docs/POPULATION.md)');
  return lines;
}

export async function generateCommand(
  config: Config,
  options: Omit<GenerateOptions, 'onProgress' | 'tee'>,
  say: (line: string) => void,
): Promise<number> {
  const handle = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    poolSize: 2,
  });
  try {
    await migrateToLatest(handle.db);
    await ensureDivisions(handle.db, options.city);
    const key = loadPiiKey(config.dataDir, config.piiKey).key;
    await checkKeyFingerprint(handle.db, new PiiCipher(key));
    const summary = await generatePopulation(handle, key, { ...options, onProgress: progressBar() });
    for (const line of describeSummary(summary)) say(line);
    return 0;
  } finally {
    await handle.close();
  }
}
