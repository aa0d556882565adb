/**
 * The one access-scope mechanism (docs/STYLE.md, rule 7). Every scoped row carries `jpath` (and
 * `county_code`); a user sees exactly the rows whose path starts with their home jurisdiction's path.
 * Lists use `inScope`, single records `assertInScope`. No module writes its own access joins.
 */
import { type RawBuilder, sql } from 'kysely';
import { pathWithin } from '../../domain/jurisdiction.js';
import type { Actor } from './context.js';
import { Errors } from './errors.js';

export interface Scope {
  jpath: string;
  /** Set when the scope lies inside one county: lets a distributed database route to one shard. */
  countyCode: string | null;
}

export function scopeOf(actor: Pick<Actor, 'jpath'>): Scope {
  // City paths have 4 digits; anything longer lies in one county (its first 6 characters).
  return { jpath: actor.jpath, countyCode: actor.jpath.length >= 6 ? actor.jpath.slice(0, 6) : null };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A WHERE condition limiting `table` to the scope. `table` is the name or alias whose `jpath` and
 * `county_code` columns hold the row's place. The `LIKE 'prefix%'` is served by the btree index on
 * jpath (COLLATE "C"); bench/scoped-listing.ts measures its cost.
 */
export function inScope(scope: Scope, table: string): RawBuilder<boolean> {
  const path = sql.ref(`${table}.jpath`);
  const condition = sql<boolean>`${path} like ${escapeLike(scope.jpath) + '%'}`;
  if (!scope.countyCode) return condition;
  return sql<boolean>`(${condition} and ${sql.ref(`${table}.county_code`)} = ${scope.countyCode})`;
}

export function isInScope(scope: Scope, jpath: string): boolean {
  return pathWithin(jpath, scope.jpath);
}

/** Throws OUT_OF_SCOPE unless the record's path lies within the scope. */
export function assertInScope(scope: Scope, jpath: string, what: string): void {
  if (!isInScope(scope, jpath)) throw Errors.outOfScope(what);
}
