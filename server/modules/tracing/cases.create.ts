/**
 * How a case comes into being, whoever reports it (cases.service.ts `createCase` by hand or from a
 * hospital, cases.events.ts from a positive recheck): who the person is, and `insertCase`, which
 * every creation goes through in the caller's transaction. It numbers the case (readable, unique
 * per county: a per-county advisory lock serialises creators), refuses a second case for the same
 * source record or for a person who already has an open case, hands the case to the team
 * responsible for its area when nobody was named (分片包干), tells the contacts side
 * (`onCaseCreated`: a contact who turned positive is converted) and writes the audit entry and the
 * `tracing.case_created` event.
 */
import { type Insertable, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import { isRealDate, maskIdNumber, maskPhone, parseIdNumber, parsePhone } from '../../../domain/idcard.js';
import { cstDate } from '../../../domain/tracing.js';
import type { CasesTable, Database } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { type Scope, inScope, scopeOf } from '../../platform/scope.js';
import { type AuditSource, recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { householdAddress } from '../population/places.js';
import type { CaseRow, Executor } from './cases.access.js';
import type { CaseInput } from './cases.schema.js';
import { onCaseCreated } from './contacts.core.js';

export const CASE_CREATED = 'tracing.case_created';

export type NewCase = Omit<Insertable<CasesTable>, 'number' | 'id' | 'reported_at'> & { reported_at: Date };

/**
 * The case number, `<county name>-<year>-<sequence>` (e.g. 安次区-2022-0007), as a subquery of the
 * insert: the caller holds the county's lock, so the sequence cannot be taken twice.
 */
function numberSql(countyCode: string, reportedAt: Date): RawBuilder<string> {
  const year = cstDate(reportedAt).slice(0, 4);
  return sql<string>`(
    coalesce((select short_name from jurisdictions where code = ${countyCode.padEnd(12, '0')}::text), ${countyCode}::text)
    || '-' || ${year}::text || '-' || lpad((coalesce((
      select max(split_part(number, '-', 3)::int) from cases
      where county_code = ${countyCode}::text and split_part(number, '-', 2) = ${year}::text), 0) + 1)::text, 4, '0'))`;
}

/**
 * The team responsible for the case's place (分片包干), as a subquery of the insert: the team whose
 * area most specifically contains it; between teams of the same area, the one with fewer open
 * cases, then the oldest.
 */
function teamSql(jpath: string): RawBuilder<string | null> {
  return sql<string | null>`(
    select t.id from tracing_teams t
    where ${jpath}::text like t.jpath || '%'
    order by length(t.jpath) desc,
             (select count(*) from cases c where c.team_id = t.id and c.status = 'open'),
             t.created_at, t.id
    limit 1)`;
}

export interface Inserted {
  row: CaseRow;
  /** False when the source record or the person already had a case: `row` is that case. */
  created: boolean;
}

/**
 * Creates a case in the caller's transaction — or returns the existing one when the same source
 * record (a re-delivered event) or an open case of the same person exists.
 */
export async function insertCase(
  tx: Transaction<Database>,
  values: NewCase,
  source: AuditSource,
): Promise<Inserted> {
  // One creator at a time per county: the number sequence and the duplicate checks below hold.
  await sql`select pg_advisory_xact_lock(hashtext(${`tracing.case.${values.county_code}`}::text))`.execute(
    tx,
  );
  if (values.source_ref) {
    const same = await tx
      .selectFrom('cases')
      .selectAll()
      .where('county_code', '=', values.county_code)
      .where('source', '=', values.source)
      .where('source_ref', '=', values.source_ref)
      .executeTakeFirst();
    if (same) return { row: same, created: false };
  }
  const open = await openCaseOf(tx, values.person_id ?? null, values.id_hash ?? null);
  if (open) return { row: open, created: false };

  // Numbered and handed to the team of its area in the insert itself: one round trip.
  let row = await tx
    .insertInto('cases')
    .values({
      ...values,
      number: numberSql(values.county_code, values.reported_at),
      team_id: values.team_id ?? (values.assignee_id ? null : teamSql(values.jpath)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const { convertedContactId } = await onCaseCreated(tx, row);
  if (convertedContactId) {
    row = await tx
      .updateTable('cases')
      .set({ from_contact_id: convertedContactId })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await recordAudit(
    source,
    {
      action: 'tracing.case_created',
      resourceType: 'case',
      resourceId: row.id,
      jpath: row.jpath,
      detail: {
        number: row.number,
        source: row.source,
        foundIn: row.found_in,
        teamId: row.team_id,
        fromContact: convertedContactId,
      },
    },
    tx,
  );
  await emitEvent(tx, CASE_CREATED, { caseId: row.id, countyCode: row.county_code }, row.jpath);
  return { row, created: true };
}

async function openCaseOf(db: Executor, personId: string | null, idHash: Uint8Array | null) {
  if (!personId && !idHash) return undefined;
  // The same person may have been reported once from outside the base (by ID number) and now
  // from it: either identity finds the open case.
  return db
    .selectFrom('cases')
    .selectAll()
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        ...(personId ? [eb('person_id', '=', personId)] : []),
        ...(idHash ? [eb('id_hash', '=', idHash)] : []),
      ]),
    )
    .executeTakeFirst();
}

export function checkDate(value: string | undefined, field: string, today: string): string | null {
  if (!value) return null;
  const [y, m, d] = value.split('-').map(Number);
  if (!isRealDate(y!, m!, d!)) throw Errors.validation([{ field, message: 'is not a real date' }]);
  if (value > today) throw Errors.validation([{ field, message: 'is in the future' }]);
  return value;
}

export function checkInstant(value: string | undefined | null, field: string, now: Date): Date | null {
  if (!value) return null;
  const at = new Date(value);
  // A minute's grace for clocks that run a little ahead of the server's.
  if (at.getTime() > now.getTime() + 60_000)
    throw Errors.validation([{ field, message: 'is in the future' }]);
  return at;
}

export type PersonColumns = Pick<
  NewCase,
  | 'county_code'
  | 'jpath'
  | 'person_id'
  | 'name'
  | 'id_hash'
  | 'id_cipher'
  | 'id_masked'
  | 'phone_hash'
  | 'phone_cipher'
  | 'phone_masked'
  | 'sex'
  | 'birth_date'
  | 'address'
>;

/** The person of a base row: place and masked identifiers copied, hashes kept for search and dedupe. */
export async function personColumns(
  db: Executor,
  personId: string,
  scope?: Scope,
): Promise<PersonColumns | null> {
  const p = await db
    .selectFrom('people')
    .leftJoin('jurisdictions as v', 'v.code', 'people.village_code')
    .leftJoin('jurisdictions as b', 'b.code', 'people.building_code')
    .select([
      'people.id',
      'people.county_code',
      'people.jpath',
      'people.name',
      'people.id_hash',
      'people.id_masked',
      'people.phone_hash',
      'people.phone_masked',
      'people.sex',
      'people.birth_date',
      'people.unit',
      'people.room',
      'v.short_name as village_name',
      'b.short_name as building_name',
    ])
    .where('people.id', '=', personId)
    .where((eb) => (scope ? inScope(scope, 'people') : eb.lit(true)))
    .executeTakeFirst();
  if (!p) return null;
  return {
    county_code: p.county_code,
    jpath: p.jpath,
    person_id: p.id,
    name: p.name,
    id_hash: p.id_hash,
    id_cipher: null,
    id_masked: p.id_masked,
    phone_hash: p.phone_hash,
    phone_cipher: null,
    phone_masked: p.phone_masked,
    sex: p.sex,
    birth_date: p.birth_date,
    address: householdAddress(p.village_name ?? '', p.building_name, p.unit, p.room),
  };
}

/**
 * Who the case is: a person of the base (by id in my scope, or by ID number — then phone — across
 * the city), else someone outside the base, stored with encrypted identifiers at the given place.
 */
export async function resolvePerson(
  ctx: RequestContext,
  input: Static<typeof CaseInput>,
): Promise<PersonColumns> {
  if (input.personId) {
    const found = await personColumns(ctx.db, input.personId, scopeOf(ctx.actor));
    if (!found) throw Errors.notFound('Person', input.personId);
    return found;
  }
  const parsedId = input.idNumber ? parseIdNumber(input.idNumber) : null;
  if (parsedId && !parsedId.ok)
    throw Errors.validation([{ field: 'idNumber', message: 'not a valid ID number' }]);
  const phone = input.person?.phone ? parsePhone(input.person.phone) : null;
  if (phone && !phone.ok) throw Errors.validation([{ field: 'person.phone', message: 'not a phone number' }]);
  const idHash = parsedId?.ok ? ctx.pii.hash(parsedId.value) : null;
  const phoneHash = phone?.ok ? ctx.pii.hash(phone.value) : null;
  // Matching reads the base across the city (the reporter holds the identifier; the answer is masked).
  if (idHash) {
    const hit = await ctx.db
      .selectFrom('people')
      .select('id')
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (hit) return (await personColumns(ctx.db, hit.id))!;
  } else if (phoneHash) {
    // A phone names a person only when exactly one has it (families share phones).
    const hits = await ctx.db
      .selectFrom('people')
      .select('id')
      .where((eb) => eb.or([eb('phone_hash', '=', phoneHash), eb('phone2_hash', '=', phoneHash)]))
      .limit(2)
      .execute();
    if (hits.length === 1) return (await personColumns(ctx.db, hits[0]!.id))!;
  }
  if (!input.person?.name) {
    throw Errors.validation([
      { field: 'person.name', message: 'not in the population base: give the name (and the place)' },
    ]);
  }
  const place = await jurisdictionInScope(
    ctx,
    input.place ? normaliseCode(input.place, 'place') : ctx.actor.jurisdictionCode,
  );
  return {
    county_code: place.county_code,
    jpath: place.jpath,
    person_id: null,
    name: input.person.name.trim(),
    id_hash: idHash,
    id_cipher: parsedId?.ok ? ctx.pii.encrypt(parsedId.value) : null,
    id_masked: parsedId?.ok ? maskIdNumber(parsedId.value) : null,
    phone_hash: phoneHash,
    phone_cipher: phone?.ok ? ctx.pii.encrypt(phone.value) : null,
    phone_masked: phone?.ok ? maskPhone(phone.value) : null,
    sex: input.person.sex ?? (parsedId?.ok ? parsedId.sex : null),
    birth_date: input.person.birthDate ?? (parsedId?.ok ? parsedId.birthDate : null),
    address: input.person.address?.trim() || null,
  };
}
