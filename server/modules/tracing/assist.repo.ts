/**
 * The assist_notices table (协查函) as the rest of the module writes it: notice numbers, inserts,
 * and the outgoing draft that naming a contact outside our area leaves behind. Kept apart from
 * assist.service.ts so that contacts.core.ts can draft a notice without importing the service that
 * imports it (accepting an incoming notice creates a contact).
 */
import { type Insertable, type Selectable, sql, type Transaction } from 'kysely';
import { type AssistNoticesTable, type Database } from '../../db/schema.js';
import { cstDate } from '../../../domain/tracing.js';
import type { LinkView } from './contacts.repo.js';

export type NoticeRow = Selectable<AssistNoticesTable>;
export type Direction = NoticeRow['direction'];

export const ASSIST_RECEIVED = 'tracing.assist_received';

/** 协查 (we ask) / 来函 (we were asked): the letters of a notice number. */
const PREFIX: Record<Direction, string> = { outgoing: 'XC', incoming: 'LH' };

/**
 * Serialises the writers of one county's notices until the transaction ends (re-entrant): numbers
 * count up without gaps or collisions, and a notice delivered twice at once is stored once.
 */
export async function lockCountyNotices(tx: Transaction<Database>, countyCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`assist_notices:${countyCode}`}))`.execute(tx);
}

/**
 * The next number of a county's notices of one day, e.g. XC131002-20220315-003. Numbers are what
 * people quote on the phone, so they count up; the county's lock makes two concurrent notices take
 * turns instead of colliding on the unique index.
 */
export async function nextNoticeNumber(
  tx: Transaction<Database>,
  countyCode: string,
  direction: Direction,
  at: Date,
): Promise<string> {
  const prefix = `${PREFIX[direction]}${countyCode}-${cstDate(at).replace(/-/g, '')}-`;
  await lockCountyNotices(tx, countyCode);
  const row = await tx
    .selectFrom('assist_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('county_code', '=', countyCode)
    .where('number', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return `${prefix}${String(Number(row.n) + 1).padStart(3, '0')}`;
}

export type NewNotice = Omit<Insertable<AssistNoticesTable>, 'number' | 'content'> & {
  content: Record<string, unknown>;
};

/** A new notice with its number. */
export async function insertNotice(tx: Transaction<Database>, values: NewNotice): Promise<NoticeRow> {
  const now = new Date();
  const number = await nextNoticeNumber(tx, values.county_code, values.direction, now);
  return tx
    .insertInto('assist_notices')
    .values({ ...values, number, content: JSON.stringify(values.content) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The identifiers a notice carries: the contact's own (outside the base) or its person's. */
async function identifiersOf(
  tx: Transaction<Database>,
  contact: Selectable<Database['contacts']>,
): Promise<
  Pick<NoticeRow, 'id_hash' | 'id_cipher' | 'id_masked' | 'phone_hash' | 'phone_cipher' | 'phone_masked'>
> {
  if (contact.person_id) {
    const person = await tx
      .selectFrom('people')
      .select(['id_hash', 'id_cipher', 'id_masked', 'phone_hash', 'phone_cipher', 'phone_masked'])
      .where('id', '=', contact.person_id)
      .executeTakeFirst();
    if (person) return person;
  }
  return {
    id_hash: contact.id_hash,
    id_cipher: contact.id_cipher,
    id_masked: contact.id_masked,
    phone_hash: contact.phone_hash,
    phone_cipher: contact.phone_cipher,
    phone_masked: contact.phone_masked,
  };
}

/**
 * What we know of a contact, for the other side: every exposure (which case or close contact, how,
 * when), the quarantine plan we would apply, the address given. Our case numbers are quoted; no
 * identifier of anyone else.
 */
export function contactKnowledge(
  contact: Selectable<Database['contacts']>,
  links: readonly LinkView[],
): Record<string, unknown> {
  return {
    degree: contact.degree,
    lastExposureAt: contact.last_exposure_at.toISOString(),
    address: contact.address,
    exposures: links.map((l) => ({
      caseNumber: l.caseNumber,
      via: l.viaName,
      exposureType: l.exposureType,
      relationship: l.relationship,
      lastExposureAt: l.lastExposureAt.toISOString(),
    })),
    plan: contact.plan,
  };
}

export const DEFAULT_CONTACT_REQUEST =
  '请协助核实该人员身份与现住址，按密接/次密接管理要求落实管控措施并开展核酸检测，结果请及时回复。';

/**
 * A contact outside our area needs another jurisdiction to act: leave an outgoing draft for the
 * investigator to check and send. One per contact — while it is still a draft it is refreshed with
 * what we now know (a second case naming them); once sent, it is left as sent.
 */
export async function draftForContact(
  tx: Transaction<Database>,
  contact: Selectable<Database['contacts']>,
  links: readonly LinkView[],
  region: string,
  userId: string | null,
): Promise<NoticeRow> {
  const existing = await tx
    .selectFrom('assist_notices')
    .selectAll()
    .where('county_code', '=', contact.county_code)
    .where('contact_id', '=', contact.id)
    .where('direction', '=', 'outgoing')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const knowledge = contactKnowledge(contact, links);
  if (existing) {
    if (existing.status !== 'draft') return existing;
    const content = { ...existing.content, ...knowledge };
    return tx
      .updateTable('assist_notices')
      .set({
        content: JSON.stringify(content),
        subject: contact.degree,
        target_region: existing.target_region ?? region,
        updated_at: new Date(),
      })
      .where('county_code', '=', existing.county_code)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return insertNotice(tx, {
    county_code: contact.county_code,
    jpath: contact.jpath,
    direction: 'outgoing',
    subject: contact.degree,
    peer: region,
    target_region: region,
    name: contact.name,
    ...(await identifiersOf(tx, contact)),
    content: { request: DEFAULT_CONTACT_REQUEST, ...knowledge },
    status: 'draft',
    contact_id: contact.id,
    created_by: userId,
  });
}

/** The identifiers of a contact for an outgoing notice written by hand (assist.service.ts). */
export { identifiersOf as contactIdentifiers };
