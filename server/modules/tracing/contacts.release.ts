/**
 * Release from isolation (解除隔离): the facts the edition's rule needs (domain/tracing.ts
 * releaseBlockers) read from the testing module's results — the contact's own tests since their
 * isolation began and, for a secondary contact, those of the close contacts they were named
 * through. A result is the person's tube's; a positive pooled tube (more than one person in it)
 * proves nothing about this person until their single recheck (`pooled_positive`: release waits
 * for the recheck's result).
 */
import { type Kysely, sql } from 'kysely';
import { editionById } from '../../../domain/protocol.js';
import {
  type QuarantinePlan,
  type ReleaseBlocker,
  type ReleaseFacts,
  type TestOutcome,
  cstDate,
  cstMidnight,
  releaseBlockers,
} from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import type { ContactRow } from './contacts.repo.js';

/** Each person's results sampled from `from` (a CST day) on, in the order sampled. */
async function testsOf(
  db: Kysely<Database>,
  people: Array<{ personId: string; from: string }>,
): Promise<Map<string, TestOutcome[]>> {
  const out = new Map<string, TestOutcome[]>(people.map((p) => [p.personId, []]));
  if (people.length === 0) return out;
  const { rows } = await sql<{ person_id: string; sampled_at: Date; result: TestOutcome['result'] }>`
    select s.person_id, s.sampled_at,
           case when t.result = 'positive' and t.members > 1 then 'pooled_positive' else t.result end as result
      from unnest(${people.map((p) => p.personId)}::uuid[], ${people.map((p) => cstMidnight(p.from))}::timestamptz[])
           as w(person_id, since)
      join people p on p.id = w.person_id
      join samples s on s.county_code = p.county_code and s.person_id = p.id and s.sampled_at >= w.since
      join tubes t on t.county_code = s.tube_county and t.id = s.tube_id
     where t.result is not null
     order by s.person_id, s.sampled_at`.execute(db);
  for (const r of rows)
    out.get(r.person_id)?.push({ date: cstDate(new Date(r.sampled_at)), result: r.result });
  return out;
}

/** What the release rule needs to know about a contact, on the CST day of `at`. */
export async function releaseFacts(db: Kysely<Database>, c: ContactRow, at: Date): Promise<ReleaseFacts> {
  const plan = c.plan as unknown as QuarantinePlan;
  const through =
    c.degree === 'secondary'
      ? await db
          .selectFrom('contact_links as l')
          .innerJoin('contacts as k', 'k.id', 'l.via_contact_id')
          .select(['k.id', 'k.name', 'k.person_id', 'k.plan'])
          .where('l.county_code', '=', c.county_code)
          .where('l.contact_id', '=', c.id)
          .where('l.via_contact_id', 'is not', null)
          .orderBy('k.name')
          .execute()
      : [];
  const wanted = [
    ...(c.person_id ? [{ personId: c.person_id, from: plan.from }] : []),
    ...through.flatMap((k) =>
      k.person_id ? [{ personId: k.person_id, from: (k.plan as unknown as QuarantinePlan).from }] : [],
    ),
  ];
  const tests = await testsOf(db, wanted);
  return {
    degree: c.degree,
    plan,
    day: cstDate(at),
    ownTests: c.person_id ? (tests.get(c.person_id) ?? []) : null,
    through: through.map((k) => ({
      name: k.name,
      tests: k.person_id ? (tests.get(k.person_id) ?? []) : null,
    })),
  };
}

/** What stands between the contact and release on the day of `at` (empty: nothing). */
export async function releaseCheck(db: Kysely<Database>, c: ContactRow, at: Date): Promise<ReleaseBlocker[]> {
  return releaseBlockers(editionById(c.edition_id).tracing, await releaseFacts(db, c, at));
}
