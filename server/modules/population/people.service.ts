/**
 * People of the ledger: search, view, reveal, add and edit — always inside the actor's subtree,
 * identifiers masked, and every read of personal data written to the audit log.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  ID_PROBLEM_MESSAGES,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
} from '../../../domain/idcard.js';
import { type SpecialKind, specialDetailProblems } from '../../../domain/population.js';
import type { Database, PersonRow } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { type Scope, assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { type PersonInput, personRow } from './person.codec.js';
import { type SummaryRow, SUMMARY_COLUMNS, presentDetail, presentSummary } from './people.presenter.js';
import { resolveHouseholds, upsertPeople, upsertSpecials } from './people.repo.js';
import type { PersonBody, PersonDetail, REVEAL_FIELDS, SearchQuery, SpecialEntry } from './people.schema.js';
import { householdAddress, resolvePlace, unitNames } from './places.js';

type Query = Static<typeof SearchQuery>;
type Db = Kysely<Database>;
type PeopleQuery = SelectQueryBuilder<Database, 'people', object>;

/** Totals are counted up to this many; beyond it the page says "more than". */
export const TOTAL_CAP = 10_000;

/** The actor's scope narrowed to a jurisdiction of their subtree, when one is asked for. */
export async function narrowedScope(ctx: RequestContext, jurisdiction: string | undefined): Promise<Scope> {
  const scope = scopeOf(ctx.actor);
  if (!jurisdiction) return scope;
  const unit = await jurisdictionInScope(ctx, jurisdiction);
  return scopeOf({ jpath: unit.jpath });
}

function exactId(ctx: RequestContext, input: string, field: string): Buffer {
  const parsed = parseIdNumber(input);
  if (!parsed.ok) throw Errors.validation([{ field, message: ID_PROBLEM_MESSAGES[parsed.problem].en }]);
  return ctx.pii.hash(parsed.value);
}

function exactPhone(ctx: RequestContext, input: string, field: string): Buffer {
  const parsed = parsePhone(input);
  if (!parsed.ok) throw Errors.validation([{ field, message: 'not a phone number' }]);
  return ctx.pii.hash(parsed.value);
}

/** What the free-text box holds: an ID number, a phone, or a name/address. */
export function classifySearchText(q: string): 'id' | 'phone' | 'text' {
  const compact = q.replace(/[\s-]/g, '');
  if (/^\d{15}$|^\d{17}[\dXx]$/.test(compact)) return 'id';
  if (/^\+?\d{7,14}$/.test(compact)) return 'phone';
  return 'text';
}

function applyFilters(ctx: RequestContext, base: PeopleQuery, query: Query): PeopleQuery {
  let qb = base;
  if (query.idNumber) qb = qb.where('people.id_hash', '=', exactId(ctx, query.idNumber, 'idNumber'));
  if (query.phone) {
    const h = exactPhone(ctx, query.phone, 'phone');
    qb = qb.where((eb) => eb.or([eb('people.phone_hash', '=', h), eb('people.phone2_hash', '=', h)]));
  }
  if (query.q) {
    const q = query.q.trim();
    const kind = classifySearchText(q);
    if (kind === 'id') qb = qb.where('people.id_hash', '=', exactId(ctx, q, 'q'));
    else if (kind === 'phone') {
      const h = exactPhone(ctx, q, 'q');
      qb = qb.where((eb) => eb.or([eb('people.phone_hash', '=', h), eb('people.phone2_hash', '=', h)]));
    } else {
      const like = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      qb = qb.where((eb) =>
        eb.or([
          sql<boolean>`people.name collate "C" like ${like + '%'}`,
          eb.exists(
            eb
              .selectFrom('households as h')
              .select(sql`1`.as('one'))
              .whereRef('h.county_code', '=', 'people.county_code')
              .whereRef('h.id', '=', 'people.household_id')
              .where('h.address', 'like', `%${like}%`),
          ),
        ]),
      );
    }
  }
  if (query.residenceType) qb = qb.where('people.residence_type', '=', query.residenceType);
  if (query.householdId) qb = qb.where('people.household_id', '=', query.householdId);
  if (query.special) {
    const kind = query.special;
    qb = qb.where((eb) =>
      eb.exists(
        eb
          .selectFrom('special_populations as s')
          .select(sql`1`.as('one'))
          .whereRef('s.county_code', '=', 'people.county_code')
          .whereRef('s.person_id', '=', 'people.id')
          .where('s.kind', '=', kind),
      ),
    );
  }
  return qb;
}

/** Special-population kinds of the given people, one query. */
export async function specialsOf(db: Db, ids: string[]): Promise<Map<string, SpecialKind[]>> {
  const map = new Map<string, SpecialKind[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('special_populations')
    .select(['person_id', 'kind'])
    .where('person_id', 'in', ids)
    .orderBy('kind')
    .execute();
  for (const r of rows) map.set(r.person_id, [...(map.get(r.person_id) ?? []), r.kind as SpecialKind]);
  return map;
}

/** Summaries of rows, with the names of their places and their special kinds (two queries). */
export async function summarise(
  db: Db,
  rows: SummaryRow[],
): Promise<Array<ReturnType<typeof presentSummary>>> {
  const [names, specials] = await Promise.all([
    unitNames(
      db,
      rows.flatMap((r) => [r.village_code, r.grid_code, r.building_code]),
    ),
    specialsOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => presentSummary(r, names, specials));
}

/** The people the query matches inside the actor's scope (narrowed to its jurisdiction, if any). */
async function peopleMatching(
  ctx: RequestContext,
  query: Query,
): Promise<{ base: PeopleQuery; within: Scope }> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const within = await narrowedScope(ctx, query.jurisdiction);
  const base = applyFilters(
    ctx,
    ctx.db
      .selectFrom('people')
      .where(inScope(scopeOf(ctx.actor), 'people'))
      .where(inScope(within, 'people')),
    query,
  );
  return { base, within };
}

/**
 * One keyset page of the search, for exports: no count, no audit entry of its own (the export
 * records one for the whole list), and no OFFSET, so the millionth row costs what the first does.
 */
export async function pagePeopleAfter(
  ctx: RequestContext,
  query: Query,
  after: { jpath: string; id: string } | null,
  limit: number,
): Promise<{ items: Array<ReturnType<typeof presentSummary>>; last: { jpath: string; id: string } | null }> {
  let { base: qb } = await peopleMatching(ctx, query);
  if (after) qb = qb.where(sql<boolean>`(people.jpath, people.id) > (${after.jpath}, ${after.id}::uuid)`);
  const rows = await qb
    .select([...SUMMARY_COLUMNS, 'people.jpath'])
    .orderBy('people.jpath')
    .orderBy('people.id')
    .limit(limit)
    .execute();
  const tail = rows.at(-1);
  return { items: await summarise(ctx.db, rows), last: tail ? { jpath: tail.jpath, id: tail.id } : null };
}

export interface SearchResult {
  items: Array<ReturnType<typeof presentSummary>>;
  total: number;
  totalIsLowerBound: boolean;
}

/**
 * People matching the query inside the scope, ordered by place (so a village's list reads building
 * by building). The scope filter is the jpath prefix (people_jpath index), as for every module.
 */
export async function searchPeople(ctx: RequestContext, query: Query): Promise<SearchResult> {
  const { base, within } = await peopleMatching(ctx, query);
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const rows = base
    .select([...SUMMARY_COLUMNS])
    .orderBy('people.jpath')
    .orderBy('people.id')
    .limit(limit)
    .offset(offset)
    .execute();
  // Counting every match of a city-wide list would read millions of rows for a number nobody
  // needs exactly: count up to the cap.
  const countAll = () =>
    ctx.db
      .selectFrom(
        base
          .select(sql`1`.as('one'))
          .limit(TOTAL_CAP + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
  // An exact identifier finds a person or a household: a page that is not full is the total, so
  // the count is asked for only when the page is full. Other searches count beside the page.
  const exact = Boolean(query.idNumber || query.phone || (query.q && classifySearchText(query.q) !== 'text'));
  const counting = exact
    ? rows.then((page) =>
        page.length < limit && (page.length > 0 || offset === 0) ? { n: offset + page.length } : countAll(),
      )
    : countAll();
  const audit = (results?: number) =>
    recordAudit(ctx, {
      action: 'population.searched',
      resourceType: 'people',
      jpath: within.jpath,
      detail: {
        filters: Object.keys(query).filter((k) => !['limit', 'offset'].includes(k)),
        ...(query.idNumber ? { idNumber: maskIdNumber(query.idNumber.trim()) } : {}),
        ...(query.phone ? { phone: maskPhone(query.phone.replace(/\D/g, '')) } : {}),
        ...(results === undefined ? {} : { results }),
      },
    });
  // The audit entry is a commit (a disk flush), the slowest step of an exact lookup: there it is
  // written beside the lookup itself and says what was looked for; a list's entry, written beside
  // the names and special kinds of its page, also says how many it found. Nothing is answered
  // unless the audit entry was written.
  const [counted, , items] = await Promise.all([
    counting,
    exact ? audit() : rows.then((page) => audit(page.length)),
    rows.then((page) => summarise(ctx.db, page)),
  ]);
  const n = Number(counted.n);
  return { items, total: Math.min(n, TOTAL_CAP), totalIsLowerBound: n > TOTAL_CAP };
}

async function loadPerson(ctx: RequestContext, id: string): Promise<PersonRow> {
  const row = await ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound('Person', id);
  assertInScope(scopeOf(ctx.actor), row.jpath, `Person ${id}`);
  return row;
}

async function detailOf(ctx: RequestContext, row: PersonRow): Promise<Static<typeof PersonDetail>> {
  const [entries, household, changes] = await Promise.all([
    ctx.db
      .selectFrom('special_populations')
      .select(['kind', 'details', 'since', 'notes'])
      .where('county_code', '=', row.county_code)
      .where('person_id', '=', row.id)
      .orderBy('kind')
      .execute(),
    row.household_id
      ? ctx.db
          .selectFrom('people')
          .select([...SUMMARY_COLUMNS])
          .where('county_code', '=', row.county_code)
          .where('household_id', '=', row.household_id)
          .where(inScope(scopeOf(ctx.actor), 'people'))
          .orderBy('birth_date')
          .limit(50)
          .execute()
      : Promise.resolve([row]),
    ctx.db
      .selectFrom('person_changes as c')
      .leftJoin('users as u', 'u.id', 'c.actor_id')
      .select(['c.at', 'c.field', 'c.old_value', 'c.new_value', 'c.source', 'u.username'])
      .where('c.county_code', '=', row.county_code)
      .where('c.person_id', '=', row.id)
      .orderBy('c.at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(50)
      .execute(),
  ]);
  const members = await summarise(ctx.db, household);
  const names = await unitNames(ctx.db, [row.village_code, row.grid_code, row.building_code]);
  const kinds = new Map([[row.id, entries.map((e) => e.kind as SpecialKind)]]);
  return presentDetail(row, names, kinds, {
    specialEntries: entries.map((e) => ({
      kind: e.kind as SpecialKind,
      details: e.details,
      since: e.since,
      notes: e.notes,
    })),
    household: members,
    changes: changes.map((c) => ({
      at: c.at.toISOString(),
      field: c.field,
      oldValue: c.old_value,
      newValue: c.new_value,
      source: c.source,
      actor: c.username,
    })),
  });
}

export async function getPerson(ctx: RequestContext, id: string): Promise<Static<typeof PersonDetail>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const row = await loadPerson(ctx, id);
  await recordAudit(ctx, {
    action: 'population.person_viewed',
    resourceType: 'person',
    resourceId: id,
    jpath: row.jpath,
  });
  return detailOf(ctx, row);
}

export type RevealField = (typeof REVEAL_FIELDS)[number];

/**
 * The clear values of a person's identifiers, for a stated reason. The audit entry is written
 * first: if it cannot be written, nothing is revealed.
 */
export async function revealPerson(
  ctx: RequestContext,
  id: string,
  reason: string,
  fields: readonly RevealField[] = ['idNumber', 'phone', 'phone2', 'emergencyPhone'],
): Promise<Partial<Record<RevealField, string | null>>> {
  requirePermission(ctx.actor, Permission.PopulationReveal);
  const row = await loadPerson(ctx, id);
  await recordAudit(ctx, {
    action: 'population.person_revealed',
    resourceType: 'person',
    resourceId: id,
    jpath: row.jpath,
    detail: { reason: reason.trim(), fields },
  });
  const pii = ctx.pii;
  const open = (cipher: Uint8Array | null) => (cipher ? pii.decrypt(cipher) : null);
  const out: Partial<Record<RevealField, string | null>> = {};
  for (const field of fields) {
    if (field === 'idNumber') out.idNumber = pii.decrypt(row.id_cipher);
    else if (field === 'phone') out.phone = open(row.phone_cipher);
    else if (field === 'phone2') out.phone2 = open(row.phone2_cipher);
    else out.emergencyPhone = open(row.emergency_phone_cipher);
  }
  return out;
}

type Body = Static<typeof PersonBody>;

/** Validates a person's fields as a form would, naming each bad field. */
function validateBody(
  body: Partial<Body>,
  problems: FieldProblem[],
): { id?: ReturnType<typeof parseIdNumber> } {
  const out: { id?: ReturnType<typeof parseIdNumber> } = {};
  if (body.idNumber !== undefined) {
    const id = parseIdNumber(body.idNumber);
    if (!id.ok) problems.push({ field: 'idNumber', message: ID_PROBLEM_MESSAGES[id.problem].en });
    out.id = id;
  }
  for (const field of ['phone', 'phone2', 'emergencyPhone'] as const) {
    const value = body[field];
    if (value && !parsePhone(value).ok) {
      problems.push({
        field,
        message: 'must be a mobile (11 digits starting with 1) or a landline with area code',
      });
    }
  }
  if (body.name !== undefined && body.name.trim() === '')
    problems.push({ field: 'name', message: 'must not be empty' });
  for (const [i, entry] of (body.specials ?? []).entries()) {
    for (const [key, message] of Object.entries(specialDetailProblems(entry.kind, entry.details))) {
      problems.push({ field: `specials/${i}/details/${key}`, message });
    }
  }
  return out;
}

const phoneOf = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const p = parsePhone(value);
  return p.ok ? p.value : null;
};
const text = (value: string | null | undefined): string | null => value?.trim() || null;

/** Writes one person (new or changed) with household and special entries, in one transaction. */
async function writePerson(
  ctx: RequestContext,
  input: PersonInput,
  placeCode: string,
  specials: Array<Static<typeof SpecialEntry>> | undefined,
): Promise<string> {
  const place = await resolvePlace(ctx, placeCode);
  const address = householdAddress(
    place.village.short_name,
    place.building?.short_name ?? null,
    input.unit,
    input.room,
  );
  return ctx.db.transaction().execute(async (tx) => {
    // Without a building or a room number there is no way to tell households apart: leave it unset
    // rather than put a whole village into one household.
    const households =
      place.building || input.room
        ? await resolveHouseholds(tx, [{ ...place, unit: input.unit, room: input.room, address }], 'manual')
        : new Map<string, string>();
    const householdId = [...households.values()][0] ?? null;
    const row = personRow(ctx.pii, input, { ...place, householdId }, 'manual');
    const result = await upsertPeople(tx, ctx.pii, [row], { actorId: ctx.actor.userId, source: 'edit' });
    const personId = result.ids[0]!;
    if (specials) {
      await tx
        .deleteFrom('special_populations')
        .where('person_id', '=', personId)
        .where('kind', 'not in', specials.length > 0 ? specials.map((s) => s.kind) : ['-'])
        .execute();
      await upsertSpecials(
        tx,
        specials.map((s) => ({
          countyCode: place.countyCode,
          personId,
          kind: s.kind,
          jpath: place.jpath,
          villageCode: place.villageCode,
          details: s.details,
          // Ajv's type coercion turns a JSON null into '' for string-or-null fields.
          since: s.since || null,
        })),
      );
    }
    await recordAudit(
      ctx,
      {
        action: result.inserted ? 'population.person_created' : 'population.person_updated',
        resourceType: 'person',
        resourceId: personId,
        jpath: place.jpath,
        detail: { outcome: result.outcomes[0] },
      },
      tx,
    );
    return personId;
  });
}

export async function createPerson(ctx: RequestContext, body: Body): Promise<Static<typeof PersonDetail>> {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const problems: FieldProblem[] = [];
  const { id } = validateBody(body, problems);
  if (problems.length > 0 || !id?.ok) throw Errors.validation(problems);
  const existing = await ctx.db
    .selectFrom('people')
    .select(['id', 'jpath'])
    .where('id_hash', '=', ctx.pii.hash(id.value))
    .executeTakeFirst();
  if (existing) throw Errors.personExists(maskIdNumber(id.value), existing.id);
  const personId = await writePerson(
    ctx,
    {
      idNumber: id.value,
      name: body.name.trim(),
      sex: id.sex,
      birthDate: id.birthDate,
      phone: phoneOf(body.phone),
      phone2: phoneOf(body.phone2),
      residenceType: body.residenceType,
      registeredAddress: text(body.registeredAddress),
      workUnit: text(body.workUnit),
      emergencyName: text(body.emergencyName),
      emergencyPhone: phoneOf(body.emergencyPhone),
      notes: text(body.notes),
      relation: body.relation ?? null,
      unit: text(body.unit),
      room: text(body.room),
    },
    body.place,
    body.specials,
  );
  return detailOf(ctx, await loadPerson(ctx, personId));
}

export async function updatePerson(
  ctx: RequestContext,
  id: string,
  patch: Partial<Body>,
): Promise<Static<typeof PersonDetail>> {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const row = await loadPerson(ctx, id);
  const pii = ctx.pii;
  const problems: FieldProblem[] = [];
  const { id: newId } = validateBody(patch, problems);
  const idNumber = pii.decrypt(row.id_cipher);
  if (newId?.ok && newId.value !== idNumber) {
    problems.push({
      field: 'idNumber',
      message: 'cannot be changed: the ID number is who the person is; add the right person instead',
    });
  }
  if (problems.length > 0) throw Errors.validation(problems);
  const keep = <K extends keyof Body>(key: K, current: string | null): string | null =>
    patch[key] === undefined ? current : text(patch[key] as string | null);
  const keepPhone = (key: 'phone' | 'phone2' | 'emergencyPhone', cipher: Uint8Array | null): string | null =>
    patch[key] === undefined ? (cipher ? pii.decrypt(cipher) : null) : phoneOf(patch[key]);
  await writePerson(
    ctx,
    {
      idNumber,
      name: patch.name?.trim() ?? row.name,
      sex: row.sex,
      birthDate: row.birth_date,
      phone: keepPhone('phone', row.phone_cipher),
      phone2: keepPhone('phone2', row.phone2_cipher),
      residenceType: patch.residenceType ?? row.residence_type,
      registeredAddress: keep('registeredAddress', row.registered_address),
      workUnit: keep('workUnit', row.work_unit),
      emergencyName: keep('emergencyName', row.emergency_name),
      emergencyPhone: keepPhone('emergencyPhone', row.emergency_phone_cipher),
      notes: keep('notes', row.notes),
      relation: patch.relation === undefined ? (row.relation as PersonInput['relation']) : patch.relation,
      unit: keep('unit', row.unit),
      room: keep('room', row.room),
    },
    patch.place ?? row.building_code ?? row.grid_code ?? row.village_code,
    patch.specials,
  );
  return detailOf(ctx, await loadPerson(ctx, id));
}

/** What other modules need of a person they work on (testing, tracing…): place, household, masked names. */
export interface PersonRef {
  id: string;
  countyCode: string;
  jpath: string;
  villageCode: string;
  gridCode: string | null;
  householdId: string | null;
  name: string;
  idMasked: string;
  phoneMasked: string | null;
}

function refOf(
  row: Pick<
    PersonRow,
    | 'id'
    | 'county_code'
    | 'jpath'
    | 'village_code'
    | 'grid_code'
    | 'household_id'
    | 'name'
    | 'id_masked'
    | 'phone_masked'
  >,
): PersonRef {
  return {
    id: row.id,
    countyCode: row.county_code,
    jpath: row.jpath,
    villageCode: row.village_code,
    gridCode: row.grid_code,
    householdId: row.household_id,
    name: row.name,
    idMasked: row.id_masked,
    phoneMasked: row.phone_masked,
  };
}

const REF_COLUMNS = [
  'id',
  'county_code',
  'jpath',
  'village_code',
  'grid_code',
  'household_id',
  'name',
  'id_masked',
  'phone_masked',
] as const;

/**
 * A person by id or by ID number, inside the actor's scope — for other modules' writes (a sample,
 * an exemption). Not audited here: the caller's own record (the sample row, its audit entry) says
 * who did what to whom. Null when there is no such person in scope.
 */
export async function findPersonRef(
  ctx: RequestContext,
  by: { id: string } | { idNumber: string },
): Promise<PersonRef | null> {
  let qb = ctx.db
    .selectFrom('people')
    .select([...REF_COLUMNS])
    .where(inScope(scopeOf(ctx.actor), 'people'));
  qb =
    'id' in by ? qb.where('id', '=', by.id) : qb.where('id_hash', '=', exactId(ctx, by.idNumber, 'idNumber'));
  const row = await qb.executeTakeFirst();
  return row ? refOf(row) : null;
}
