/**
 * Jurisdictions: the national statistical division codes (统计用区划代码) above the village, and our
 * own grids and buildings below it. Pure functions only — used by the server and the web app.
 *
 * Codes
 *   real divisions: the 12-digit national code (city 131000000000, county 131002000000,
 *                   town 131002100000, village 131002100201). Short forms (1310, 131002, 131002100)
 *                   are accepted on input and normalised.
 *   grid:           <village 12 digits>G<number, ≥3 digits>        131002100201G001
 *   building:       <village 12 digits>B<number, ≥5 digits>        131002100201B00001
 *
 * Materialized path (jpath), used for scoping with one indexed `LIKE 'prefix%'`:
 *   real divisions: the significant digits of the code (1310, 131002, 131002100, 131002100201).
 *                   Each level has a fixed width, so a digit prefix never matches a sibling.
 *   grid:           <village path>/G001/
 *   building:       <grid path>B00001/
 *   A descendant's path always starts with its ancestor's path and nothing else's.
 */

export const LEVELS = ['city', 'county', 'town', 'village', 'grid', 'building'] as const;
export type Level = (typeof LEVELS)[number];

export const DIVISION_LEVELS = ['city', 'county', 'town', 'village'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

/** Levels that users create below villages. */
export const USER_LEVELS = ['grid', 'building'] as const;
export type UserLevel = (typeof USER_LEVELS)[number];

export const KINDS = {
  city: ['city'],
  county: ['district', 'county', 'county_city', 'zone', 'other'],
  town: ['street', 'town', 'township', 'zone', 'other'],
  village: ['village', 'community', 'other'],
  grid: ['grid'],
  building: ['apartment', 'bungalow', 'other'],
} as const satisfies Record<Level, readonly string[]>;

export type Kind = (typeof KINDS)[Level][number];

/** Width of the significant digits of a division code at each level. */
const SIGNIFICANT: Record<DivisionLevel, number> = { city: 4, county: 6, town: 9, village: 12 };

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isUserLevel(level: Level): level is UserLevel {
  return level === 'grid' || level === 'building';
}

export interface ParsedCode {
  code: string;
  level: Level;
}

/**
 * Normalises a jurisdiction code typed or sent by a user: 4/6/9-digit short forms become 12 digits,
 * grid and building codes are upper-cased. Returns null when the text is not a code at all.
 */
export function parseJurisdictionCode(input: string): ParsedCode | null {
  const text = input.trim().toUpperCase();
  const user = /^(\d{12})([GB])(\d{3,6})$/.exec(text);
  if (user) {
    const [, , letter] = user;
    return { code: text, level: letter === 'G' ? 'grid' : 'building' };
  }
  if (!/^\d+$/.test(text)) return null;
  if (text.length === 4 || text.length === 6 || text.length === 9) {
    return parseJurisdictionCode(text.padEnd(12, '0'));
  }
  if (text.length !== 12) return null;
  return { code: text, level: divisionLevelOf(text) };
}

/** The level of a 12-digit division code, read from which of its parts are zero. */
export function divisionLevelOf(code12: string): DivisionLevel {
  if (code12.slice(9) !== '000') return 'village';
  if (code12.slice(6, 9) !== '000') return 'town';
  if (code12.slice(4, 6) !== '00') return 'county';
  return 'city';
}

/** The significant digits of a division code: 131002100000 → 131002100. */
export function shortDivisionCode(code12: string, level: DivisionLevel): string {
  return code12.slice(0, SIGNIFICANT[level]);
}

export function divisionPath(code12: string, level: DivisionLevel): string {
  return shortDivisionCode(code12, level);
}

export function gridCode(villageCode: string, seq: number): string {
  return `${villageCode}G${String(seq).padStart(3, '0')}`;
}

export function buildingCode(villageCode: string, seq: number): string {
  return `${villageCode}B${String(seq).padStart(5, '0')}`;
}

/** The path of a user-created node under its parent's path. */
export function childPath(parentPath: string, childCode: string, level: UserLevel): string {
  const suffix = childCode.slice(12); // G001 or B00001
  return level === 'grid' ? `${parentPath}/${suffix}/` : `${parentPath}${suffix}/`;
}

/**
 * County code used to distribute large tables (Citus) and to route scoped queries: the first six
 * digits of the 12-digit code. A city-level row gets the city's own "county" 131000.
 */
export function countyCodeOf(code: string): string {
  return code.slice(0, 6);
}

/** The 12-digit code of the city a jurisdiction belongs to. */
export function cityCodeOf(code: string): string {
  return `${code.slice(0, 4)}00000000`;
}

/** True when `path` is `scopePath` itself or lies below it. */
export function pathWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/**
 * Kind of a real division from its level and official name. The national list has no kind column,
 * so the suffix of the name decides; the order of the checks matters (虚拟社区 is not a community).
 */
export function divisionKind(level: DivisionLevel, name: string): Kind {
  switch (level) {
    case 'city':
      return 'city';
    case 'county':
      if (/开发区|园区|新区$/.test(name)) return 'zone';
      if (name.endsWith('区')) return 'district';
      if (name.endsWith('县')) return 'county';
      if (name.endsWith('市')) return 'county_city';
      return 'other';
    case 'town':
      if (name.endsWith('街道') || name.endsWith('街道办事处')) return 'street';
      if (name.endsWith('镇')) return 'town';
      if (name.endsWith('乡')) return 'township';
      if (/开发区|园区|产业区|示范区|新区|管理区/.test(name)) return 'zone';
      return 'other';
    case 'village':
      if (name.includes('虚拟')) return 'other';
      if (name.endsWith('村民委员会') || name.endsWith('村委会')) return 'village';
      if (name.endsWith('居民委员会') || name.endsWith('居委会') || name.endsWith('社区')) return 'community';
      return 'other';
  }
}

/**
 * Shortens official village names for display: 张营村村民委员会 → 张营村, 北小营村民委员会 → 北小营村,
 * 吉祥社区居民委员会 → 吉祥社区. The official name stays the stored name.
 */
export function displayName(level: Level, name: string): string {
  if (level !== 'village') return name;
  for (const [suffix, noun] of VILLAGE_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      const stem = name.slice(0, -suffix.length);
      return stem.includes(noun) ? stem : `${stem}${noun}`;
    }
  }
  return name;
}

const VILLAGE_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['村民委员会', '村'],
  ['村委会', '村'],
  ['居民委员会', '社区'],
  ['居委会', '社区'],
];

/**
 * Paths of every ancestor of the node at `jpath`, root first (the node itself excluded):
 * 131002100201/G001/B00001/ → 1310, 131002, 131002100, 131002100201, 131002100201/G001/.
 */
export function ancestorPaths(jpath: string): string[] {
  const match = /^(\d+)(\/G\d+\/)?(B\d+\/)?$/.exec(jpath);
  if (!match) return [];
  const [, digits = '', grid, building] = match;
  const out = [4, 6, 9, 12].filter((width) => width < digits.length).map((width) => digits.slice(0, width));
  if (grid) out.push(digits);
  if (grid && building) out.push(`${digits}${grid}`);
  return out;
}

/** The code of the unit a path names: a division's 12 digits, or a grid's / building's own code. */
export function codeOfPath(jpath: string): string {
  const parts = jpath.split('/').filter(Boolean);
  if (parts.length === 1) return parts[0]!.padEnd(12, '0');
  // Grid and building codes are the village code followed by their own segment (gridCode, buildingCode).
  return parts[0]! + parts.at(-1)!;
}
