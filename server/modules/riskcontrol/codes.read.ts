/**
 * What other parts of risk control read about one person's code: the stored code (no row = green)
 * and their latest negative test. The checkpoint's verification uses these; codes.recompute.ts
 * owns how codes are computed and kept.
 *
 * A stored row that may have changed by itself is recomputed when read (and stored again): its
 * colour's day has come (changes_on ≤ today), one of its reasons ended (until ≤ today), or it holds a
 * companion mark and a negative result came in since it was computed. The test-recency policy is
 * not stored: codes.service.ts `withPolicy` applies it on top, live.
 */
import type { Kysely, Transaction } from 'kysely';
import type { HealthCodeReason } from '../../../domain/healthcode.js';
import { cstDate } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { recomputePeople } from './codes.recompute.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredCode {
  colour: 'green' | 'yellow' | 'red';
  reasons: HealthCodeReason[];
  changesOn: string | null;
  computedAt: Date | null;
}

/** A person's code as stored (green when there is no row). */
export async function storedCode(db: Db, countyCode: string, personId: string): Promise<StoredCode> {
  const row = await db
    .selectFrom('health_codes')
    .select(['colour', 'reasons', 'changes_on', 'computed_at'])
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return { colour: 'green', reasons: [], changesOn: null, computedAt: null };
  if (await isStale(db, countyCode, personId, row)) {
    const code = (await recomputePeople(db, [personId])).get(personId);
    if (code) {
      return {
        colour: code.colour,
        reasons: code.reasons,
        changesOn: code.changesOn,
        computedAt: code.colour === 'green' ? null : new Date(),
      };
    }
  }
  return {
    colour: row.colour,
    reasons: row.reasons as HealthCodeReason[],
    changesOn: row.changes_on,
    computedAt: row.computed_at,
  };
}

async function isStale(
  db: Db,
  countyCode: string,
  personId: string,
  row: { reasons: unknown; changes_on: string | null; computed_at: Date },
): Promise<boolean> {
  const today = cstDate(new Date());
  const reasons = row.reasons as HealthCodeReason[];
  if (row.changes_on !== null && row.changes_on <= today) return true;
  if (reasons.some((r) => r.until !== null && r.until <= today)) return true;
  if (!reasons.some((r) => r.code === 'companion')) return false;
  const fresh = await db
    .selectFrom('samples as s')
    .innerJoin('tubes as t', (j) =>
      j.onRef('t.county_code', '=', 's.tube_county').onRef('t.id', '=', 's.tube_id'),
    )
    .select('s.person_id')
    .where('s.county_code', '=', countyCode)
    .where('s.person_id', '=', personId)
    .where('t.result', '=', 'negative')
    .where('t.resulted_at', '>', row.computed_at)
    .limit(1)
    .executeTakeFirst();
  return fresh !== undefined;
}

/** When the person's latest negative sample was taken (a negative pool counts for everyone in it). */
export async function lastNegativeAt(db: Db, countyCode: string, personId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('samples as s')
    .innerJoin('tubes as t', (j) =>
      j.onRef('t.county_code', '=', 's.tube_county').onRef('t.id', '=', 's.tube_id'),
    )
    .select((eb) => eb.fn.max('s.sampled_at').as('at'))
    .where('s.county_code', '=', countyCode)
    .where('s.person_id', '=', personId)
    .where('t.result', '=', 'negative')
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}
