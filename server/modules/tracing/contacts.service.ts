/**
 * Contacts for the investigators' and isolation managers' pages: lists and the contact page
 * (audited, masked), naming contacts of a case or of a close contact, and the lifecycle (notified →
 * transfer → isolation or home quarantine → released). The rules of naming live in contacts.core.ts.
 *
 * Visibility: a contact is seen by users whose jurisdiction contains where the contact is kept
 * (`jpath`), and through any case they may open that names them — directly, or through one of its
 * close contacts (a secondary contact). cases.access.ts stays the one rule for cases.
 */
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
  ID_PROBLEM_MESSAGES,
} from '../../../domain/idcard.js';
import {
  CONTROLLED_STATUSES,
  type ContactStatus,
  type ExposureType,
  type QuarantinePlan,
  canMoveContact,
} from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type Actor, type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { classifySearchText, narrowedScope } from '../population/people.service.js';
import { unitNames } from '../population/places.js';
import { caseVisible, loadCase } from './cases.access.js';
import {
  CONTACT_CHANGED,
  type ContactRow,
  type NewContact,
  addContactToCase,
  addSecondaryContact,
  tracingAudit,
} from './contacts.core.js';
import { releaseCheck } from './contacts.release.js';
import { linksOf } from './contacts.repo.js';
import { callsOf } from './investigation.service.js';
import type {
  ContactAdded,
  ContactDetail,
  ContactInput,
  ContactListQuery,
  ContactStatusInput,
  ContactSummary,
} from './contacts.schema.js';

type Summary = Static<typeof ContactSummary>;
type Detail = Static<typeof ContactDetail>;
type Added = Static<typeof ContactAdded>;

// ---------------------------------------------------------------------------------------------
// Who sees a contact

/**
 * Contacts reached from the cases the actor may open: named by one, or named by one of its close
 * contacts. Uncorrelated subqueries: computed once per statement, whatever the size of the list.
 */
function reachedFromVisibleCases(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { c: Database['contacts'] }, 'c'>) =>
    eb.or([
      eb(
        'c.id',
        'in',
        eb
          .selectFrom('contact_links as vl')
          .innerJoin('cases as vk', 'vk.id', 'vl.case_id')
          .select('vl.contact_id')
          .where('vl.case_id', 'is not', null)
          .where(caseVisible(actor, 'vk') as never),
      ),
      eb(
        'c.id',
        'in',
        eb
          .selectFrom('contact_links as sl')
          .innerJoin('contact_links as cl', 'cl.contact_id', 'sl.via_contact_id')
          .innerJoin('cases as sk', 'sk.id', 'cl.case_id')
          .select('sl.contact_id')
          .where('sl.via_contact_id', 'is not', null)
          .where('cl.case_id', 'is not', null)
          .where(caseVisible(actor, 'sk') as never),
      ),
    ]);
}

function contactVisible(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { c: Database['contacts'] }, 'c'>) =>
    eb.or([inScope(scopeOf(actor), 'c'), reachedFromVisibleCases(actor)(eb)]);
}

/** The contact, if the actor may see it: NOT_FOUND when there is none, OUT_OF_SCOPE otherwise. */
export async function loadContact(
  ctx: Pick<RequestContext, 'db' | 'actor'>,
  id: string,
  options: { tx?: Transaction<Database>; forUpdate?: boolean } = {},
): Promise<ContactRow> {
  const db = options.tx ?? ctx.db;
  let qb = db.selectFrom('contacts').selectAll().where('id', '=', id);
  if (options.forUpdate) qb = qb.forUpdate();
  const row = await qb.executeTakeFirst();
  if (!row) throw Errors.notFound('Contact', id);
  if (isInScope(scopeOf(ctx.actor), row.jpath)) return row;
  const reached = await db
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.county_code', '=', row.county_code)
    .where('c.id', '=', row.id)
    .where(reachedFromVisibleCases(ctx.actor))
    .executeTakeFirst();
  if (!reached) throw Errors.outOfScope(`Contact ${row.name}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Presenting

/** The village a contact of the base lives in; people outside the base have no place of ours. */
function villageOf(row: ContactRow): string | null {
  if (!row.person_id) return null;
  const digits = row.jpath.split('/')[0]!;
  return digits.length >= 12 ? digits.slice(0, 12) : digits.padEnd(12, '0');
}

export async function presentContacts(db: Kysely<Database>, rows: readonly ContactRow[]): Promise<Summary[]> {
  if (rows.length === 0) return [];
  const links = await linksOf(db, rows);
  const names = await unitNames(db, rows.map(villageOf));
  const convertedIds = rows.map((r) => r.converted_case_id).filter((id): id is string => id !== null);
  const converted = convertedIds.length
    ? await db.selectFrom('cases').select(['id', 'number']).where('id', 'in', convertedIds).execute()
    : [];
  const caseNumber = new Map(converted.map((c) => [c.id, c.number]));
  return rows.map((r) => {
    const village = villageOf(r);
    return {
      id: r.id,
      personId: r.person_id,
      name: r.name,
      idMasked: r.id_masked,
      phoneMasked: r.phone_masked,
      degree: r.degree,
      status: r.status,
      lastExposureAt: r.last_exposure_at.toISOString(),
      plan: r.plan as unknown as QuarantinePlan,
      place: village ? { code: village, name: names.get(village) ?? village } : null,
      outsideArea: r.outside_area,
      isolationPlace: r.isolation_place,
      links: links
        .filter((l) => l.contactId === r.id)
        .map((l) => ({
          id: l.id,
          case: l.caseId ? { id: l.caseId, number: l.caseNumber ?? '', name: l.caseName ?? '' } : null,
          via: l.viaContactId ? { id: l.viaContactId, name: l.viaName ?? '' } : null,
          relationship: l.relationship,
          exposureType: l.exposureType as ExposureType,
          lastExposureAt: l.lastExposureAt.toISOString(),
          source: l.source,
        })),
      convertedCase: r.converted_case_id
        ? { id: r.converted_case_id, number: caseNumber.get(r.converted_case_id) ?? '' }
        : null,
    };
  });
}

async function presentDetail(db: Kysely<Database>, row: ContactRow): Promise<Detail> {
  const [summary] = await presentContacts(db, [row]);
  const secondaryRows = await db
    .selectFrom('contact_links as l')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.county_code', '=', 'l.county_code').onRef('c.id', '=', 'l.contact_id'),
    )
    .selectAll('c')
    .where('l.via_contact_id', '=', row.id)
    .orderBy('c.last_exposure_at', 'desc')
    .execute();
  const caseIds = [...new Set(summary!.links.map((l) => l.case?.id).filter((id): id is string => !!id))];
  const calls = caseIds.length ? await callsOf(db, { ids: caseIds }, row.id) : [];
  const notices = await db
    .selectFrom('assist_notices')
    .select(['id', 'number', 'status'])
    .where('contact_id', '=', row.id)
    .orderBy('created_at', 'desc')
    .execute();
  return {
    ...summary!,
    editionId: row.edition_id,
    address: row.address,
    secondaries: await presentContacts(db, secondaryRows),
    calls,
    assistNotices: notices,
    release: CONTROLLED_STATUSES.includes(row.status)
      ? {
          until: (row.plan as unknown as QuarantinePlan).until,
          blockers: await releaseCheck(db, row, new Date()),
        }
      : null,
    version: row.version,
  };
}

// ---------------------------------------------------------------------------------------------
// Lists and the contact page

/** The search box: an exact ID number or phone (by hash), else the start of a name. */
function searchCondition(ctx: RequestContext, q: string) {
  const text = q.trim();
  const kind = classifySearchText(text);
  return (eb: ExpressionBuilder<Database & { c: Database['contacts'] }, 'c'>) => {
    if (kind === 'id') {
      const parsed = parseIdNumber(text);
      if (!parsed.ok)
        throw Errors.validation([{ field: 'q', message: ID_PROBLEM_MESSAGES[parsed.problem].en }]);
      return eb('c.id_hash', '=', ctx.pii.hash(parsed.value));
    }
    if (kind === 'phone') {
      const parsed = parsePhone(text);
      if (!parsed.ok) throw Errors.validation([{ field: 'q', message: 'not a phone number' }]);
      return eb('c.phone_hash', '=', ctx.pii.hash(parsed.value));
    }
    return eb('c.name', 'like', `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  };
}

/** What the audit log keeps of a search: identifiers masked like everywhere else. */
function maskedQuery(q: string): string {
  const text = q.trim();
  const kind = classifySearchText(text);
  if (kind === 'id') return maskIdNumber(text.replace(/[\s-]/g, ''));
  if (kind === 'phone') return maskPhone(text.replace(/[\s-]/g, ''));
  return text;
}

export async function listContacts(
  ctx: RequestContext,
  query: Static<typeof ContactListQuery>,
): Promise<{ items: Summary[]; total: number }> {
  requirePermission(ctx.actor, Permission.TracingRead);
  let qb = ctx.db.selectFrom('contacts as c');
  if (query.caseId) {
    // Everyone a case reached is visible with the case (loadCase decides that).
    const kase = await loadCase(ctx, query.caseId);
    qb = qb.where((eb) =>
      eb.or([
        eb(
          'c.id',
          'in',
          eb.selectFrom('contact_links as l').select('l.contact_id').where('l.case_id', '=', kase.id),
        ),
        eb(
          'c.id',
          'in',
          eb
            .selectFrom('contact_links as s')
            .innerJoin('contact_links as l', 'l.contact_id', 's.via_contact_id')
            .select('s.contact_id')
            .where('s.via_contact_id', 'is not', null)
            .where('l.case_id', '=', kase.id),
        ),
      ]),
    );
  } else {
    qb = qb.where(contactVisible(ctx.actor));
  }
  if (query.at) qb = qb.where(inScope(await narrowedScope(ctx, query.at), 'c'));
  if (query.degree) qb = qb.where('c.degree', '=', query.degree);
  if (query.status) qb = qb.where('c.status', '=', query.status);
  if (query.q?.trim()) qb = qb.where(searchCondition(ctx, query.q));
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const { total } = await qb.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await qb
    .selectAll('c')
    .orderBy('c.last_exposure_at', 'desc')
    .orderBy('c.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  await recordAudit(ctx, {
    action: tracingAudit('tracing.contacts_searched'),
    resourceType: 'contact',
    jpath: ctx.actor.jpath,
    detail: {
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(query.degree ? { degree: query.degree } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.at ? { at: query.at } : {}),
      ...(query.q?.trim() ? { q: maskedQuery(query.q) } : {}),
      total: Number(total),
      shown: rows.length,
    },
  });
  return { items: await presentContacts(ctx.db, rows), total: Number(total) };
}

export async function getContact(ctx: RequestContext, id: string): Promise<Detail> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadContact(ctx, id);
  await recordAudit(ctx, {
    action: tracingAudit('tracing.contact_viewed'),
    resourceType: 'contact',
    resourceId: row.id,
    jpath: row.jpath,
  });
  return presentDetail(ctx.db, row);
}

// ---------------------------------------------------------------------------------------------
// Naming contacts

function newContact(body: Static<typeof ContactInput>, degree: NewContact['degree']): NewContact {
  return {
    ...(body.personId ? { personId: body.personId } : {}),
    ...(body.idNumber ? { idNumber: body.idNumber } : {}),
    ...(body.phone ? { phone: body.phone } : {}),
    name: body.name,
    ...(body.relationship ? { relationship: body.relationship } : {}),
    exposureType: body.exposureType,
    lastExposureAt: new Date(body.lastExposureAt),
    degree,
    ...(body.address ? { address: body.address } : {}),
    ...(body.outsideRegion ? { outsideRegion: body.outsideRegion } : {}),
    source: 'named',
  };
}

async function added(ctx: RequestContext, result: { contactId: string; matched: Added['matched'] }) {
  const row = await ctx.db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', result.contactId)
    .executeTakeFirstOrThrow();
  const [contact] = await presentContacts(ctx.db, [row]);
  return { contact: contact!, matched: result.matched };
}

/** POST /cases/:id/contacts — a contact named by the case (close unless said otherwise). */
export async function addCaseContact(
  ctx: RequestContext,
  caseId: string,
  body: Static<typeof ContactInput>,
): Promise<Added> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const kase = await loadCase(ctx, caseId, { tx });
    return addContactToCase(ctx, tx, kase, newContact(body, body.degree ?? 'close'));
  });
  return added(ctx, result);
}

/** POST /contacts/:id/contacts — a secondary contact named by (or through) a close contact. */
export async function addContactOfContact(
  ctx: RequestContext,
  contactId: string,
  body: Static<typeof ContactInput>,
): Promise<Added> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const close = await loadContact(ctx, contactId, { tx, forUpdate: true });
    return addSecondaryContact(ctx, tx, close, newContact(body, body.degree ?? 'secondary'));
  });
  return added(ctx, result);
}

// ---------------------------------------------------------------------------------------------
// The lifecycle

/**
 * POST /contacts/:id/status — one step of the lifecycle (CONTACT_TRANSITIONS); anything else is
 * refused with both ends named. The first step under control stamps controlled_at; release
 * stamps released_at.
 */
export async function changeStatus(
  ctx: RequestContext,
  id: string,
  body: Static<typeof ContactStatusInput>,
): Promise<Detail> {
  requirePermission(ctx.actor, Permission.TracingControl);
  const at = body.at ? new Date(body.at) : new Date();
  if (at.getTime() > Date.now() + 10 * 60_000) {
    throw Errors.validation([{ field: 'at', message: 'is in the future' }]);
  }
  const to: ContactStatus = body.status;
  const row = await ctx.db.transaction().execute(async (tx) => {
    const c = await loadContact(ctx, id, { tx, forUpdate: true });
    if (!canMoveContact(c.status, to)) throw Errors.contactWrongState(c.id, c.status, to);
    // Release follows the edition's rule (the day, the release test, a 9th-edition secondary's close
    // contact); whoever may move contacts (tracing.control) may release anyway with a reason, which
    // the audit log keeps.
    const blockers = to === 'released' ? await releaseCheck(tx, c, at) : [];
    const override = body.override?.trim();
    if (blockers.length > 0 && !override) throw Errors.releaseBlocked(c.id, blockers);
    const controlled = CONTROLLED_STATUSES.includes(to);
    const next = await tx
      .updateTable('contacts')
      .set({
        status: to,
        ...(body.isolationPlace ? { isolation_place: body.isolationPlace } : {}),
        ...(controlled && c.controlled_at === null ? { controlled_at: at } : {}),
        ...(to === 'released' ? { released_at: at } : {}),
        updated_at: new Date(),
        version: sql<number>`version + 1`,
      })
      .where('county_code', '=', c.county_code)
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: tracingAudit('tracing.contact_status_changed'),
        resourceType: 'contact',
        resourceId: c.id,
        jpath: c.jpath,
        detail: {
          from: c.status,
          to,
          at: at.toISOString(),
          ...(blockers.length > 0 ? { overridden: blockers, reason: override } : {}),
        },
      },
      tx,
    );
    await emitEvent(tx, CONTACT_CHANGED, { contactId: c.id, countyCode: c.county_code }, c.jpath);
    return next;
  });
  return presentDetail(ctx.db, row);
}
