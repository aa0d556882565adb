/**
 * What other tracing services ask of contacts, always inside the caller's transaction:
 * - `addContactToCase` — a case (or, with viaContactId, one of its close contacts) names someone. The
 *   person is matched to the population base (person id, then ID number city-wide, then phone) or
 *   kept with their own encrypted identifiers; someone who already is a contact gets one more link,
 *   never a second contact. Cases' contact forms and accepted big-data candidates come through here.
 * - `onCaseCreated` — the cases service calls it in the transaction creating a case: a contact who
 *   turned positive is converted, and their secondary contacts become close contacts of the new case.
 * - `contactCounts` — close / secondary / controlled per case, for case lists.
 *
 * Rules (DOMAIN.md "Contacts and quarantine"): one contact per person (per county and person; per
 * county and ID hash outside the base), placed where they live when in the base, else where the
 * naming case (or close contact) belongs; last exposure = the latest of their links; the quarantine
 * plan comes from the contact's edition and degree, counted from that last exposure, and is recomputed
 * whenever either changes; close wins over secondary, never the other way round.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { CONTROLLED_STATUSES, type ContactDegree, type ExposureType } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { type AuditAction, recordAudit } from '../audit/audit.service.js';
import { draftForContact } from './assist.repo.js';
import type { CaseRow } from './cases.access.js';
import {
  type ContactRow,
  type Identity,
  UUID,
  identify,
  insertLink,
  linksOf,
  mergeInto,
  upsertContact,
} from './contacts.repo.js';

export type { ContactRow } from './contacts.repo.js';

export const CONTACT_CHANGED = 'tracing.contact_changed';
export const CONTACT_CONVERTED = 'tracing.contact_converted';

/**
 * The tracing audit actions are not yet in audit.service.ts AUDIT_ACTIONS (the lead's list); the
 * audit_log column is plain text, so the entries are written and found all the same.
 */
export function tracingAudit(action: `tracing.${string}`): AuditAction {
  return action as string as AuditAction;
}

export interface NewContact {
  personId?: string;
  idNumber?: string;
  phone?: string;
  name: string;
  relationship?: string;
  exposureType: ExposureType;
  lastExposureAt: Date;
  degree: ContactDegree;
  /** For a secondary contact: the close contact they were exposed to. */
  viaContactId?: string;
  address?: string;
  outsideRegion?: string;
  source: 'named' | 'candidate' | 'cascade' | 'assist';
}

export interface AddedContact {
  contactId: string;
  matched: 'id' | 'phone' | 'person' | 'existing' | 'created';
}

/** Clocks of phones and servers differ a little; an exposure "in the future" beyond this is a typo. */
const FUTURE_SLACK_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// Naming a contact

interface Naming {
  countyCode: string;
  jpath: string;
  editionId: string;
  caseRow: CaseRow | null;
  via: ContactRow | null;
}

function identityField(who: Identity): string {
  return who.matched === 'person' ? 'personId' : who.matched === 'phone' ? 'phone' : 'idNumber';
}

function samePerson(who: Identity, other: { person_id: string | null; id_hash: Uint8Array | null }): boolean {
  if (who.personId && other.person_id) return who.personId === other.person_id;
  return (
    who.idHash !== null &&
    other.id_hash !== null &&
    Buffer.from(who.idHash).equals(Buffer.from(other.id_hash))
  );
}

async function addContact(
  ctx: RequestContext,
  tx: Transaction<Database>,
  naming: Naming,
  input: NewContact,
): Promise<AddedContact> {
  const at = input.lastExposureAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw Errors.validation([{ field: 'lastExposureAt', message: 'is not a time' }]);
  }
  if (at.getTime() > Date.now() + FUTURE_SLACK_MS) {
    throw Errors.validation([{ field: 'lastExposureAt', message: 'is in the future' }]);
  }
  const who = await identify(ctx.pii, tx, input);
  if (naming.caseRow && samePerson(who, naming.caseRow)) {
    throw Errors.validation([{ field: identityField(who), message: 'is the case itself' }]);
  }
  if (naming.via && samePerson(who, naming.via)) {
    throw Errors.validation([{ field: identityField(who), message: 'is the close contact itself' }]);
  }
  const { contact, created } = await upsertContact(
    tx,
    who,
    naming,
    {
      degree: input.degree,
      lastExposureAt: at,
      address: input.address,
      outsideRegion: input.outsideRegion,
    },
    ctx.actor.userId,
  );
  await insertLink(
    tx,
    contact,
    naming.via ? { via: naming.via } : { caseRow: naming.caseRow! },
    {
      relationship: input.relationship ?? null,
      exposureType: input.exposureType,
      lastExposureAt: at,
      source: input.source,
    },
    ctx.actor.userId,
  );
  const notice = input.outsideRegion
    ? await draftForContact(tx, contact, await linksOf(tx, [contact]), input.outsideRegion, ctx.actor.userId)
    : null;
  const matched = created ? who.matched : 'existing';
  await recordAudit(
    ctx,
    {
      action: tracingAudit('tracing.contact_added'),
      resourceType: 'contact',
      resourceId: contact.id,
      jpath: contact.jpath,
      detail: {
        caseId: naming.caseRow?.id ?? null,
        viaContactId: naming.via?.id ?? null,
        degree: contact.degree,
        matched,
        source: input.source,
        ...(notice ? { assistNoticeId: notice.id } : {}),
      },
    },
    tx,
  );
  await emitEvent(
    tx,
    CONTACT_CHANGED,
    { contactId: contact.id, countyCode: contact.county_code },
    contact.jpath,
  );
  return { contactId: contact.id, matched };
}

/** Why a contact cannot name secondary contacts, or null when it can. */
export function secondaryRefusal(close: ContactRow): string | null {
  if (close.degree !== 'close')
    return 'is a secondary contact: only a close contact names secondary contacts';
  if (close.status === 'converted') return 'has become a case: name their contacts on that case';
  return null;
}

/** Name a contact of a case (or, with viaContactId, a secondary contact), inside the caller's transaction. */
export async function addContactToCase(
  ctx: RequestContext,
  tx: Transaction<Database>,
  kase: CaseRow,
  input: NewContact,
): Promise<AddedContact> {
  if (!input.viaContactId) {
    return addContact(
      ctx,
      tx,
      {
        countyCode: kase.county_code,
        jpath: kase.jpath,
        editionId: kase.edition_id,
        caseRow: kase,
        via: null,
      },
      input,
    );
  }
  const via = UUID.test(input.viaContactId)
    ? await tx
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', input.viaContactId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!via) throw Errors.validation([{ field: 'viaContactId', message: 'no such contact' }]);
  return addSecondaryContact(ctx, tx, via, input, 'viaContactId');
}

/**
 * A secondary contact named through a close contact. Kept where the close contact is kept (when
 * outside the base), under the close contact's edition.
 */
export async function addSecondaryContact(
  ctx: RequestContext,
  tx: Transaction<Database>,
  close: ContactRow,
  input: NewContact,
  closeField = 'id',
): Promise<AddedContact> {
  const refusal = secondaryRefusal(close);
  if (refusal) throw Errors.validation([{ field: closeField, message: refusal }]);
  if (input.degree !== 'secondary') {
    throw Errors.validation([
      { field: 'degree', message: 'a contact named by a close contact is a secondary contact' },
    ]);
  }
  return addContact(
    ctx,
    tx,
    {
      countyCode: close.county_code,
      jpath: close.jpath,
      editionId: close.edition_id,
      caseRow: null,
      via: close,
    },
    input,
  );
}

// ---------------------------------------------------------------------------------------------
// A contact turns positive

/** The contacts this new case was: by person (kept where they live), else by ID hash. */
async function contactsOfCase(tx: Transaction<Database>, kase: CaseRow): Promise<ContactRow[]> {
  if (kase.person_id) {
    const here = await tx
      .selectFrom('contacts')
      .selectAll()
      .where('county_code', '=', kase.county_code)
      .where('person_id', '=', kase.person_id)
      .forUpdate()
      .execute();
    if (here.length > 0) return here;
    // A case kept where it was found rather than where the person lives: their contact is at home.
    const person = await tx
      .selectFrom('people')
      .select('county_code')
      .where('id', '=', kase.person_id)
      .executeTakeFirst();
    if (!person || person.county_code === kase.county_code) return [];
    return tx
      .selectFrom('contacts')
      .selectAll()
      .where('county_code', '=', person.county_code)
      .where('person_id', '=', kase.person_id)
      .forUpdate()
      .execute();
  }
  if (!kase.id_hash) return [];
  // Outside the base a person may be a contact in each county that named them: all turn positive.
  return tx
    .selectFrom('contacts')
    .selectAll()
    .where('person_id', 'is', null)
    .where('id_hash', '=', kase.id_hash)
    .forUpdate()
    .execute();
}

/**
 * A case was just created: if its person is a contact, the contact is converted (status converted,
 * converted_case_id set), its secondary contacts become close contacts of the new case with new
 * quarantine plans, and the id of the converted contact is returned (the caller stores it as
 * cases.from_contact_id). Inside the case's transaction. Idempotent: delivered twice, the second
 * time finds everything done and emits nothing.
 */
export async function onCaseCreated(
  tx: Transaction<Database>,
  kase: CaseRow,
): Promise<{ convertedContactId: string | null }> {
  const found = (await contactsOfCase(tx, kase)).filter(
    (c) => c.converted_case_id === null || c.converted_case_id === kase.id,
  );
  for (const c of found) {
    if (c.status !== 'converted') {
      await tx
        .updateTable('contacts')
        .set({
          status: 'converted',
          converted_case_id: kase.id,
          updated_at: new Date(),
          version: c.version + 1,
        })
        .where('county_code', '=', c.county_code)
        .where('id', '=', c.id)
        .execute();
      await emitEvent(tx, CONTACT_CONVERTED, { contactId: c.id, caseId: kase.id }, c.jpath);
      await emitEvent(tx, CONTACT_CHANGED, { contactId: c.id, countyCode: c.county_code }, c.jpath);
    }
    await promoteSecondaries(tx, c, kase);
  }
  return { convertedContactId: found[0]?.id ?? null };
}

/** The secondary contacts of a contact who became a case: close contacts of that case now. */
async function promoteSecondaries(
  tx: Transaction<Database>,
  converted: ContactRow,
  kase: CaseRow,
): Promise<void> {
  const rows = await tx
    .selectFrom('contact_links as l')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.contact_id'),
    )
    .selectAll('c')
    .select([
      'l.relationship as link_relationship',
      'l.exposure_type as link_exposure_type',
      'l.last_exposure_at as link_exposure_at',
    ])
    .where('l.via_contact_id', '=', converted.id)
    .where('c.status', '<>', 'converted')
    .orderBy('c.id')
    .forUpdate('c')
    .execute();
  for (const row of rows) {
    const { link_relationship, link_exposure_type, link_exposure_at, ...contact } = row;
    const linked = await insertLink(
      tx,
      contact,
      { caseRow: kase },
      {
        relationship: link_relationship,
        exposureType: link_exposure_type,
        lastExposureAt: link_exposure_at,
        source: 'cascade',
      },
      null,
    );
    if (contact.degree === 'secondary') {
      await mergeInto(tx, contact, { degree: 'close', lastExposureAt: link_exposure_at });
    } else if (!linked) {
      continue;
    }
    await emitEvent(
      tx,
      CONTACT_CHANGED,
      { contactId: contact.id, countyCode: contact.county_code },
      contact.jpath,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Counts for case lists

/**
 * Close / secondary / controlled contacts per case id. Close: named by the case and close.
 * Secondary: secondary contacts named by the case, or through one of its close contacts.
 * Controlled: those of both in central isolation or home quarantine.
 */
export async function contactCounts(
  db: Kysely<Database> | Transaction<Database>,
  caseIds: readonly string[],
): Promise<Map<string, { close: number; secondary: number; controlled: number }>> {
  const out = new Map(caseIds.map((id) => [id, { close: 0, secondary: 0, controlled: 0 }]));
  if (caseIds.length === 0) return out;
  const { rows } = await sql<{ case_id: string; close: number; secondary: number; controlled: number }>`
    with direct as (
      select l.case_id, l.contact_id, l.county_code, true as named
      from contact_links l
      where l.case_id = any(${[...caseIds]}::uuid[])
    ), reached as (
      select d.case_id, d.contact_id, d.county_code, d.named from direct d
      union all
      select d.case_id, v.contact_id, v.county_code, false
      from direct d
      join contacts cc on cc.county_code = d.county_code and cc.id = d.contact_id and cc.degree = 'close'
      join contact_links v on v.via_contact_id = d.contact_id
    ), counted as (
      select r.case_id, c.id, c.status,
             (c.degree = 'close' and r.named) as is_close, c.degree = 'secondary' as is_secondary
      from reached r
      join contacts c on c.county_code = r.county_code and c.id = r.contact_id
    )
    select case_id::text as case_id,
           count(distinct id) filter (where is_close) as close,
           count(distinct id) filter (where is_secondary) as secondary,
           count(distinct id) filter (where (is_close or is_secondary)
                                      and status = any(${[...CONTROLLED_STATUSES]}::text[])) as controlled
    from counted
    group by case_id`.execute(db);
  for (const r of rows) {
    out.set(r.case_id, {
      close: Number(r.close),
      secondary: Number(r.secondary),
      controlled: Number(r.controlled),
    });
  }
  return out;
}
