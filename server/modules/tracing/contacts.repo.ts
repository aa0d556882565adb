/**
 * Contacts' rows as the naming rules need them (contacts.core.ts): who a named person is (matched
 * to the population base across the city, or kept with encrypted identifiers), the one contact of
 * that person (created, or merged with what the new naming says), the links that say why, and the
 * links as pages show them. Always inside the caller's transaction where it writes.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import {
  ID_PROBLEM_MESSAGES,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
} from '../../../domain/idcard.js';
import { editionById } from '../../../domain/protocol.js';
import { type ContactDegree, type QuarantinePlan, cstDate, quarantinePlan } from '../../../domain/tracing.js';
import type { ContactsTable, Database } from '../../db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { PiiCipher } from '../../platform/pii.js';
import type { CaseRow } from './cases.access.js';

export type ContactRow = Selectable<ContactsTable>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The quarantine plan of a contact of this degree under its edition, counted from the last exposure. */
export function planFor(editionId: string, degree: ContactDegree, lastExposure: Date): QuarantinePlan {
  const rules = editionById(editionId).tracing;
  return quarantinePlan(degree === 'close' ? rules.close : rules.secondary, lastExposure);
}

// ---------------------------------------------------------------------------------------------
// Who the named person is

/** A person of the population base, or someone known only by what the investigator was told. */
export interface Identity {
  personId: string | null;
  /** Where they live, when in the base. */
  home: { countyCode: string; jpath: string } | null;
  name: string;
  idHash: Uint8Array | null;
  /** Only for people outside the base: the ledger keeps the base's own ciphertext. */
  idCipher: Uint8Array | null;
  idMasked: string | null;
  phoneHash: Uint8Array | null;
  phoneCipher: Uint8Array | null;
  phoneMasked: string | null;
  matched: 'id' | 'phone' | 'person' | 'created';
}

const PERSON_COLUMNS = [
  'id',
  'county_code',
  'jpath',
  'name',
  'id_hash',
  'id_masked',
  'phone_hash',
  'phone_masked',
] as const;

type PersonMatch = Pick<Selectable<Database['people']>, (typeof PERSON_COLUMNS)[number]>;

function fromPerson(row: PersonMatch, matched: Identity['matched']): Identity {
  return {
    personId: row.id,
    home: { countyCode: row.county_code, jpath: row.jpath },
    name: row.name,
    idHash: row.id_hash,
    idCipher: null,
    idMasked: row.id_masked,
    phoneHash: row.phone_hash,
    phoneCipher: null,
    phoneMasked: row.phone_masked,
    matched,
  };
}

export interface GivenPerson {
  personId?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  name: string;
}

/**
 * Matches a named person to the population base across the whole city — matching knows no scope;
 * only masked fields ever leave it. `prefix` names the fields in errors (`person.` for notices).
 */
export async function identify(
  pii: PiiCipher,
  tx: Transaction<Database>,
  given: GivenPerson,
  prefix = '',
): Promise<Identity> {
  const problems: FieldProblem[] = [];
  let idNumber: string | null = null;
  let phone: string | null = null;
  if (given.personId !== undefined && !UUID.test(given.personId)) {
    problems.push({ field: `${prefix}personId`, message: 'is not a person id' });
  }
  if (given.idNumber?.trim()) {
    const parsed = parseIdNumber(given.idNumber);
    if (parsed.ok) idNumber = parsed.value;
    else problems.push({ field: `${prefix}idNumber`, message: ID_PROBLEM_MESSAGES[parsed.problem].en });
  }
  if (given.phone?.trim()) {
    const parsed = parsePhone(given.phone);
    if (parsed.ok) phone = parsed.value;
    else problems.push({ field: `${prefix}phone`, message: 'not a phone number' });
  }
  if (!given.name.trim()) problems.push({ field: `${prefix}name`, message: 'is required' });
  if (problems.length > 0) throw Errors.validation(problems);

  if (given.personId) {
    const row = await tx
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where('id', '=', given.personId)
      .executeTakeFirst();
    if (!row) {
      throw Errors.validation([
        { field: `${prefix}personId`, message: 'no such person in the population base' },
      ]);
    }
    return fromPerson(row, 'person');
  }
  const idHash = idNumber ? pii.hash(idNumber) : null;
  const phoneHash = phone ? pii.hash(phone) : null;
  if (idHash) {
    // Writers keep an ID number unique city-wide; people_id_hash is one probe per county shard.
    const row = await tx
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where('id_hash', '=', idHash)
      .limit(1)
      .executeTakeFirst();
    if (row) return fromPerson(row, 'id');
    // An ID number not in the base is someone else than whoever owns the phone given beside it
    // (a relative's number, often): the phone does not match them to a resident.
  } else if (phoneHash) {
    const rows = await tx
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where((eb) => eb.or([eb('phone_hash', '=', phoneHash), eb('phone2_hash', '=', phoneHash)]))
      .limit(20)
      .execute();
    // A household shares a number: it names a person only when it is theirs alone, or when the
    // name given says whose it is.
    const byName = rows.filter((r) => r.name === given.name.trim());
    const pick = rows.length === 1 ? rows[0] : byName.length === 1 ? byName[0] : undefined;
    if (pick) return fromPerson(pick, 'phone');
  }
  return {
    personId: null,
    home: null,
    name: given.name.trim(),
    idHash,
    idCipher: idNumber ? pii.encrypt(idNumber) : null,
    idMasked: idNumber ? maskIdNumber(idNumber) : null,
    phoneHash,
    phoneCipher: phone ? pii.encrypt(phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    matched: 'created',
  };
}

// ---------------------------------------------------------------------------------------------
// One contact per person

/** The contact this identity already is, locked for the change that follows. */
async function findContact(
  tx: Transaction<Database>,
  who: Identity,
  countyCode: string,
): Promise<ContactRow | undefined> {
  const qb = tx.selectFrom('contacts').selectAll().forUpdate();
  if (who.personId) {
    return qb
      .where('county_code', '=', who.home!.countyCode)
      .where('person_id', '=', who.personId)
      .executeTakeFirst();
  }
  if (who.idHash) {
    return qb
      .where('county_code', '=', countyCode)
      .where('person_id', 'is', null)
      .where('id_hash', '=', who.idHash)
      .executeTakeFirst();
  }
  // No ID number: the same phone and name in the same county is taken as the same person (no
  // unique index can hold that, so two namings at the same instant may still make two).
  if (who.phoneHash) {
    return qb
      .where('county_code', '=', countyCode)
      .where('person_id', 'is', null)
      .where('id_hash', 'is', null)
      .where('phone_hash', '=', who.phoneHash)
      .where('name', '=', who.name)
      .executeTakeFirst();
  }
  return undefined;
}

export interface ContactFacts {
  degree: ContactDegree;
  lastExposureAt: Date;
  address?: string | undefined;
  outsideRegion?: string | undefined;
}

/**
 * A contact named once more: the latest exposure and the stronger degree win, and the plan is
 * recomputed when either moved. A released contact whose new plan runs past their release day is
 * back under quarantine (re-exposed, or a secondary contact whose close contact turned positive).
 * A converted contact is a case now: the new link records the exposure, nothing else changes.
 */
export async function mergeInto(
  tx: Transaction<Database>,
  c: ContactRow,
  facts: ContactFacts,
): Promise<ContactRow> {
  if (c.status === 'converted') return c;
  const last = facts.lastExposureAt > c.last_exposure_at ? facts.lastExposureAt : c.last_exposure_at;
  const degree: ContactDegree = c.degree === 'close' || facts.degree === 'close' ? 'close' : 'secondary';
  const replan = degree !== c.degree || last.getTime() !== c.last_exposure_at.getTime();
  const plan = replan ? planFor(c.edition_id, degree, last) : (c.plan as unknown as QuarantinePlan);
  const reopen =
    replan && c.status === 'released' && c.released_at !== null && plan.until > cstDate(c.released_at);
  return tx
    .updateTable('contacts')
    .set({
      degree,
      last_exposure_at: last,
      plan: JSON.stringify(plan),
      outside_area: c.outside_area || Boolean(facts.outsideRegion),
      address: c.address ?? facts.address ?? null,
      ...(reopen ? { status: 'identified' as const, released_at: null, controlled_at: null } : {}),
      updated_at: new Date(),
      version: c.version + 1,
    })
    .where('county_code', '=', c.county_code)
    .where('id', '=', c.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The contact of this identity, created or updated with these facts. `place` is where a person
 * outside the base is kept (the naming case's or close contact's place); people of the base are
 * kept where they live.
 */
export async function upsertContact(
  tx: Transaction<Database>,
  who: Identity,
  place: { countyCode: string; jpath: string; editionId: string },
  facts: ContactFacts,
  userId: string | null,
): Promise<{ contact: ContactRow; created: boolean }> {
  const existing = await findContact(tx, who, place.countyCode);
  if (existing) return { contact: await mergeInto(tx, existing, facts), created: false };
  const home = who.home ?? place;
  const inserted = await tx
    .insertInto('contacts')
    .values({
      county_code: home.countyCode,
      jpath: home.jpath,
      person_id: who.personId,
      name: who.name,
      id_hash: who.idHash,
      id_cipher: who.idCipher,
      id_masked: who.idMasked,
      phone_hash: who.phoneHash,
      phone_cipher: who.phoneCipher,
      phone_masked: who.phoneMasked,
      degree: facts.degree,
      edition_id: place.editionId,
      last_exposure_at: facts.lastExposureAt,
      plan: JSON.stringify(planFor(place.editionId, facts.degree, facts.lastExposureAt)),
      outside_area: Boolean(facts.outsideRegion),
      address: facts.address ?? null,
      created_by: userId,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { contact: inserted, created: true };
  // Named by someone else at the same moment: theirs is the contact, this is one more naming.
  const raced = await findContact(tx, who, place.countyCode);
  if (!raced) throw new Error('contact insert conflicted but no contact was found');
  return { contact: await mergeInto(tx, raced, facts), created: false };
}

export interface LinkFacts {
  relationship: string | null;
  exposureType: string;
  lastExposureAt: Date;
  source: 'named' | 'candidate' | 'cascade' | 'assist';
}

/**
 * Why they are a contact: a link to the naming case, or (secondary) to the close contact. The same
 * case or close contact naming them again keeps one link with the later exposure. True if new.
 */
export async function insertLink(
  tx: Transaction<Database>,
  contact: ContactRow,
  by: { caseRow: Pick<CaseRow, 'id' | 'county_code'> } | { via: ContactRow },
  facts: LinkFacts,
  userId: string | null,
): Promise<boolean> {
  const values = {
    county_code: contact.county_code,
    contact_id: contact.id,
    relationship: facts.relationship,
    exposure_type: facts.exposureType,
    last_exposure_at: facts.lastExposureAt,
    source: facts.source,
    created_by: userId,
  };
  const update = {
    last_exposure_at: sql<Date>`greatest(contact_links.last_exposure_at, excluded.last_exposure_at)`,
    relationship: sql<string | null>`coalesce(excluded.relationship, contact_links.relationship)`,
  };
  const row =
    'caseRow' in by
      ? await tx
          .insertInto('contact_links')
          .values({ ...values, case_id: by.caseRow.id, case_county_code: by.caseRow.county_code })
          .onConflict((oc) =>
            oc
              .columns(['county_code', 'contact_id', 'case_id'])
              .where('case_id', 'is not', null)
              .doUpdateSet(update),
          )
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('contact_links')
          .values({ ...values, via_contact_id: by.via.id })
          .onConflict((oc) =>
            oc
              .columns(['county_code', 'contact_id', 'via_contact_id'])
              .where('via_contact_id', 'is not', null)
              .doUpdateSet(update),
          )
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .executeTakeFirstOrThrow();
  return row.inserted;
}

// ---------------------------------------------------------------------------------------------
// Links as pages show them

export interface LinkView {
  id: string;
  contactId: string;
  caseId: string | null;
  caseNumber: string | null;
  caseName: string | null;
  viaContactId: string | null;
  viaName: string | null;
  relationship: string | null;
  exposureType: string;
  lastExposureAt: Date;
  source: 'named' | 'candidate' | 'cascade' | 'assist';
}

/**
 * The links of some contacts, latest exposure first. Two statements, one per kind of link, so
 * each is served by its partial unique index on (county_code, contact_id, …).
 */
export async function linksOf(
  db: Kysely<Database> | Transaction<Database>,
  contacts: ReadonlyArray<Pick<ContactRow, 'id' | 'county_code'>>,
): Promise<LinkView[]> {
  if (contacts.length === 0) return [];
  const ids = contacts.map((c) => c.id);
  const counties = [...new Set(contacts.map((c) => c.county_code))];
  const base = db
    .selectFrom('contact_links as l')
    .leftJoin('cases as k', 'k.id', 'l.case_id')
    .leftJoin('contacts as v', 'v.id', 'l.via_contact_id')
    .select([
      'l.id',
      'l.contact_id as contactId',
      'l.case_id as caseId',
      'k.number as caseNumber',
      'k.name as caseName',
      'l.via_contact_id as viaContactId',
      'v.name as viaName',
      'l.relationship',
      'l.exposure_type as exposureType',
      'l.last_exposure_at as lastExposureAt',
      'l.source',
    ])
    .where('l.county_code', 'in', counties)
    .where('l.contact_id', 'in', ids);
  const byCase = await base.where('l.case_id', 'is not', null).execute();
  const byVia = await base.where('l.via_contact_id', 'is not', null).execute();
  return [...byCase, ...byVia].sort((a, b) => b.lastExposureAt.getTime() - a.lastExposureAt.getTime());
}
