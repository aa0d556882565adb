/**
 * Cases from other modules' events: a positive recheck (testing's `testing.person_positive`, one
 * row of positive_findings) becomes a case, with no one at the keyboard.
 *
 * - Once per finding: the case's `source_ref` is the finding id (a unique index), so a re-delivered
 *   or re-emitted event finds the case it made; a person who already has an open case gets no
 *   second one. Either way the finding is marked `taken`.
 * - Asymptomatic until an investigator says otherwise; reported when the finding was made; sampled
 *   on the day the recheck tube was taken; under the round's protocol edition.
 * - How it was found (community vs under control, the split every briefing reports): already a
 *   contact in isolation or home quarantine, or sampled in an isolation / close-contact pool →
 *   isolation; else the round's zone at the person's home → sealed or controlled zone; else community.
 */
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { CONTROLLED_STATUSES, type FoundIn, cstDate } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import type { EventHandler, OutboxEvent } from '../../platform/outbox.js';
import { PERSON_POSITIVE } from '../testing/recall.service.js';
import { loadRound, zoneAt } from '../testing/rounds.service.js';
import { insertCase, personColumns } from './cases.create.js';

export const CASE_FROM_FINDING = 'tracing.case_from_finding';

interface Finding {
  id: string;
  county_code: string;
  person_id: string;
  round_id: string;
  tube_id: string;
  task_id: string | null;
  found_at: Date;
}

/** How the person was found: see the file header. */
async function foundIn(tx: Transaction<Database>, f: Finding, personJpath: string): Promise<FoundIn> {
  const contact = await tx
    .selectFrom('contacts')
    .select('id')
    // A person of the base is a contact of the county they live in (the finding's).
    .where('county_code', '=', f.county_code)
    .where('person_id', '=', f.person_id)
    .where('status', 'in', CONTROLLED_STATUSES)
    .limit(1)
    .executeTakeFirst();
  if (contact) return 'isolation';
  // The pool that sent the person to a recheck was chosen for isolation or close contacts.
  const pool = await sql<{ pool_group: string }>`
    select t.pool_group from sampling_tasks k join tubes t on t.id = k.source_tube_id
    where k.id = ${f.task_id}::uuid and k.county_code = ${f.county_code}`.execute(tx);
  const group = pool.rows[0]?.pool_group;
  if (group === 'isolation' || group === 'close_contact') return 'isolation';
  const round = await loadRound(tx, f.round_id);
  switch (zoneAt(round.areas, personJpath)) {
    case 'sealed':
      return 'sealed_zone';
    case 'controlled':
      return 'controlled_zone';
    case 'prevention':
    case null:
      return 'community';
  }
}

/** When the positive sample was taken: the recheck task's time, else the tube's, else the finding's. */
async function sampledAt(tx: Transaction<Database>, f: Finding): Promise<Date> {
  const { rows } = await sql<{ at: Date | null }>`
    select coalesce(
      (select sampled_at from sampling_tasks where id = ${f.task_id}::uuid and county_code = ${f.county_code}),
      (select coalesce(closed_at, opened_at) from tubes where id = ${f.tube_id}::uuid)) as at`.execute(tx);
  return rows[0]?.at ?? f.found_at;
}

/** The person's latest negative test before this sample (the 9th edition's look-back anchor). */
async function lastNegative(tx: Transaction<Database>, f: Finding, before: Date): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`
    select max(s.sampled_at) as at from samples s join tubes t on t.id = s.tube_id
    where s.county_code = ${f.county_code} and s.person_id = ${f.person_id}::uuid
      and t.result = 'negative' and s.sampled_at < ${before}::timestamptz`.execute(tx);
  return rows[0]?.at ?? null;
}

/**
 * The case of a positive finding, created if there is none: returns its id, or null when the
 * finding (or its person) no longer exists.
 */
export async function caseFromFinding(
  tx: Transaction<Database>,
  findingId: string,
  countyCode?: string,
): Promise<{ caseId: string; created: boolean } | null> {
  let qb = tx
    .selectFrom('positive_findings')
    .select(['id', 'county_code', 'person_id', 'round_id', 'tube_id', 'task_id', 'found_at'])
    .where('id', '=', findingId);
  if (countyCode) qb = qb.where('county_code', '=', countyCode);
  const finding = await qb.executeTakeFirst();
  if (!finding) return null;
  const person = await personColumns(tx, finding.person_id);
  if (!person) return null;
  const round = await tx
    .selectFrom('testing_rounds')
    .select('edition_id')
    .where('id', '=', finding.round_id)
    .executeTakeFirstOrThrow();
  const sampled = await sampledAt(tx, finding);
  const { row, created } = await insertCase(
    tx,
    {
      ...person,
      classification: 'asymptomatic',
      found_in: await foundIn(tx, finding, person.jpath),
      source: 'testing',
      source_ref: finding.id,
      edition_id: round.edition_id,
      sampled_date: cstDate(sampled),
      last_negative_at: await lastNegative(tx, finding, sampled),
      reported_at: finding.found_at,
      interview: '{}',
      created_by: null,
    },
    { db: tx, actor: null },
  );
  await tx
    .updateTable('positive_findings')
    .set({ status: 'taken' })
    .where('county_code', '=', finding.county_code)
    .where('id', '=', finding.id)
    .execute();
  return { caseId: row.id, created };
}

export const caseFromFindingHandler: EventHandler = {
  name: CASE_FROM_FINDING,
  topics: [PERSON_POSITIVE],
  async handle(tx: Transaction<Database>, event: OutboxEvent): Promise<void> {
    const findingId = (event.payload as { findingId?: unknown }).findingId;
    if (typeof findingId !== 'string') return;
    // The event's place is the finding's (the person's home): its first six digits are the county.
    await caseFromFinding(
      tx,
      findingId,
      event.jpath && /^\d{6}/.test(event.jpath) ? event.jpath.slice(0, 6) : undefined,
    );
  },
};

export const caseHandlers: readonly EventHandler[] = [caseFromFindingHandler];
