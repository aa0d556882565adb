/**
 * The statistic cards of the overview, computed from the descendant counts by level and kind.
 * Only levels below the selected one are relevant.
 */
import { levelRank, type Level } from '../../../../domain/jurisdiction.js';
import type { LevelKindCount } from '../../app/api-types';
import type { overviewMessages } from './overview.messages';

type Key = keyof typeof overviewMessages.zh;

export interface StatCard {
  key: string;
  label: Key;
  level: Level;
  total: number;
  /** Count per kind, for the line under the number. */
  kinds: Array<{ kind: string; count: number }>;
  /** Village-level units that are neither villages nor communities (虚拟社区 …), on the villages card. */
  others?: number;
}

const CARDS: ReadonlyArray<{ key: string; label: Key; level: Level; kinds?: readonly string[] }> = [
  { key: 'counties', label: 'stat.counties', level: 'county' },
  { key: 'towns', label: 'stat.towns', level: 'town' },
  { key: 'villages', label: 'stat.villages', level: 'village', kinds: ['village'] },
  { key: 'communities', label: 'stat.communities', level: 'village', kinds: ['community'] },
  { key: 'grids', label: 'stat.grids', level: 'grid' },
  { key: 'buildings', label: 'stat.buildings', level: 'building' },
];

const sum = (rows: readonly LevelKindCount[]) => rows.reduce((total, row) => total + row.count, 0);

/** Cards for the levels below `level`. */
export function statCards(level: Level, counts: readonly LevelKindCount[]): StatCard[] {
  const others = sum(counts.filter((c) => c.level === 'village' && c.kind === 'other'));
  return CARDS.filter((card) => levelRank(card.level) > levelRank(level)).map((card) => {
    const rows = counts.filter((c) => c.level === card.level && (!card.kinds || card.kinds.includes(c.kind)));
    return {
      key: card.key,
      label: card.label,
      level: card.level,
      total: sum(rows),
      kinds: rows.map((row) => ({ kind: row.kind, count: row.count })),
      ...(card.key === 'villages' && others > 0 ? { others } : {}),
    };
  });
}
