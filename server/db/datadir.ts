/**
 * The data directory (CORDON_DATA_DIR): the embedded database and, later, keys. We refuse — and never
 * overwrite — a directory that is not ours, that a newer Cordon wrote, or whose database is damaged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { version } from '../paths.js';

/** Layout version of the data directory itself (not the schema, which migrations track). */
export const DATA_DIR_FORMAT = 1;
const MARKER = 'cordon.json';

export class DataDirError extends Error {}

interface Marker {
  format: number;
  createdAt: string;
  createdBy: string;
}

export interface DataDirLayout {
  root: string;
  pgdata: string;
  keys: string;
}

export function layoutOf(dataDir: string): DataDirLayout {
  return { root: dataDir, pgdata: path.join(dataDir, 'pgdata'), keys: path.join(dataDir, 'keys') };
}

/**
 * Checks the directory and creates it on first use. `embedded` says whether the embedded database
 * will live here (with DATABASE_URL set only keys do).
 */
export function prepareDataDir(dataDir: string, embedded: boolean, expectedPgMajor: number): DataDirLayout {
  const layout = layoutOf(dataDir);
  const markerPath = path.join(dataDir, MARKER);
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
    throw new DataDirError(`CORDON_DATA_DIR ${dataDir} is a file, not a directory.`);
  }
  if (fs.existsSync(markerPath)) {
    const marker = readMarker(markerPath);
    if (marker.format > DATA_DIR_FORMAT) {
      throw new DataDirError(
        `The data directory ${dataDir} was written by a newer Cordon (${marker.createdBy}, data format ` +
          `${marker.format}); this is Cordon ${version}, which reads format ${DATA_DIR_FORMAT}. ` +
          'Upgrade Cordon, or set CORDON_DATA_DIR to another directory. Nothing was changed.',
      );
    }
  } else if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new DataDirError(
      `The directory ${dataDir} is not empty and is not a Cordon data directory (no ${MARKER}). ` +
        'Point CORDON_DATA_DIR at an empty or new directory. Nothing was changed.',
    );
  } else {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const marker: Marker = {
      format: DATA_DIR_FORMAT,
      createdAt: new Date().toISOString(),
      createdBy: version,
    };
    fs.writeFileSync(markerPath, JSON.stringify(marker, null, 2) + '\n', { mode: 0o600 });
  }
  if (embedded) checkPgdata(layout.pgdata, expectedPgMajor);
  return layout;
}

function readMarker(markerPath: string): Marker {
  try {
    const parsed = JSON.parse(fs.readFileSync(markerPath, 'utf8')) as Partial<Marker>;
    if (typeof parsed.format !== 'number') throw new Error('no format number');
    return {
      format: parsed.format,
      createdAt: String(parsed.createdAt),
      createdBy: String(parsed.createdBy),
    };
  } catch (error) {
    throw new DataDirError(
      `${markerPath} is damaged (${(error as Error).message}); Cordon will not touch this data directory. ` +
        'Restore it from a backup, or move it aside and start with an empty one.',
    );
  }
}

function checkPgdata(pgdata: string, expectedMajor: number): void {
  if (!fs.existsSync(pgdata)) return;
  const entries = fs.readdirSync(pgdata);
  if (entries.length === 0) return;
  const versionFile = path.join(pgdata, 'PG_VERSION');
  if (!fs.existsSync(versionFile)) {
    throw new DataDirError(
      `The embedded database in ${pgdata} is incomplete or damaged (no PG_VERSION). Cordon will not ` +
        'overwrite it. Restore it from a backup, or move it aside and start again.',
    );
  }
  const major = Number(fs.readFileSync(versionFile, 'utf8').trim());
  if (major !== expectedMajor) {
    throw new DataDirError(
      `The embedded database in ${pgdata} is PostgreSQL ${major}; this Cordon embeds PostgreSQL ${expectedMajor}. ` +
        'Export it with the Cordon that wrote it, or use that version. Nothing was changed.',
    );
  }
}
