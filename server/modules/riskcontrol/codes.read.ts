/**
 * What other parts of risk control read about one person's code: the stored code (no row = green)
 * and their latest negative test. The checkpoint's verification uses these; the health-code service
 * owns how codes are computed and kept (codes.service.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { HealthCodeReason } from '../../../domain/healthcode.js';
import type { Database } from '../../db/schema.js';

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
  return {
    colour: row.colour,
    reasons: row.reasons as HealthCodeReason[],
    changesOn: row.changes_on,
    computedAt: row.computed_at,
  };
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
