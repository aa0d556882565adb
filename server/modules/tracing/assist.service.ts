/**
 * Assist notices (协查函) between jurisdictions: outgoing ones about our contacts and cases (what we
 * know, what we ask), incoming ones as delivered through the inbox (assist.inbox.ts), their
 * statuses and accepting them. Reads are audited and show identifiers masked; the printable
 * document is assist.print.ts.
 *
 * Visibility: a notice is kept where its contact or case is kept (outgoing) or where its peer
 * delivers (incoming); it is seen in that subtree and, for a case's notice, by whoever may open
 * the case.
 */
import { type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { codeOfPath } from '../../../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID } from '../../../domain/protocol.js';
import type { CaseClassification } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type Actor, type RequestContext, requirePermission } from '../../platform/context.js';
import { AppError, Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import type { PiiCipher } from '../../platform/pii.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  DEFAULT_CONTACT_REQUEST,
  type Direction,
  type NoticeRow,
  contactIdentifiers,
  contactKnowledge,
  insertNotice,
} from './assist.repo.js';
import { renderNotice } from './assist.print.js';
import type {
  AssistInput,
  AssistListQuery,
  AssistNotice,
  AssistStatusInput,
  AssistStatusResult,
} from './assist.schema.js';
import { type CaseRow, caseVisible, loadCase, mayOpenCase } from './cases.access.js';
import { CONTACT_CHANGED, tracingAudit } from './contacts.core.js';
import { identify, linksOf, upsertContact } from './contacts.repo.js';
import { loadContact } from './contacts.service.js';

type Notice = Static<typeof AssistNotice>;
type Status = NoticeRow['status'];

/** Each direction's own lifecycle: we send and they reply; they send and we accept and reply. */
const TRANSITIONS: Record<Direction, Partial<Record<Status, readonly Status[]>>> = {
  outgoing: { draft: ['sent', 'closed'], sent: ['replied', 'closed'], replied: ['closed'] },
  incoming: { received: ['accepted', 'closed'], accepted: ['replied', 'closed'], replied: ['closed'] },
};

const DEFAULT_CASE_REQUEST =
  '该病例的活动轨迹涉及贵辖区，请协助排查相关场所与人员，落实密切接触者、次密切接触者管控措施，结果请及时回复。';

// ---------------------------------------------------------------------------------------------
// Presenting and visibility

async function present(db: Kysely<Database>, rows: readonly NoticeRow[]): Promise<Notice[]> {
  const caseIds = rows.map((r) => r.case_id).filter((id): id is string => id !== null);
  const contactIds = rows.map((r) => r.contact_id).filter((id): id is string => id !== null);
  const cases = caseIds.length
    ? await db.selectFrom('cases').select(['id', 'number']).where('id', 'in', caseIds).execute()
    : [];
  const contacts = contactIds.length
    ? await db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', contactIds).execute()
    : [];
  const caseNumber = new Map(cases.map((c) => [c.id, c.number]));
  const contactName = new Map(contacts.map((c) => [c.id, c.name]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    direction: r.direction,
    subject: r.subject,
    peer: r.peer,
    targetRegion: r.target_region,
    name: r.name,
    idMasked: r.id_masked,
    phoneMasked: r.phone_masked,
    content: r.content,
    status: r.status,
    case: r.case_id ? { id: r.case_id, number: caseNumber.get(r.case_id) ?? '' } : null,
    contact: r.contact_id ? { id: r.contact_id, name: contactName.get(r.contact_id) ?? '' } : null,
    reply: r.reply,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

function noticeVisible(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { n: Database['assist_notices'] }, 'n'>) =>
    eb.or([
      inScope(scopeOf(actor), 'n'),
      eb(
        'n.case_id',
        'in',
        eb
          .selectFrom('cases as k')
          .select('k.id')
          .where(caseVisible(actor, 'k') as never),
      ),
    ]);
}

/** The notice, if the actor may see it: in scope, or through its case or its contact. */
async function loadNotice(
  ctx: RequestContext,
  id: string,
  options: { tx?: Transaction<Database>; forUpdate?: boolean } = {},
): Promise<NoticeRow> {
  const db = options.tx ?? ctx.db;
  let qb = db.selectFrom('assist_notices').selectAll().where('id', '=', id);
  if (options.forUpdate) qb = qb.forUpdate();
  const row = await qb.executeTakeFirst();
  if (!row) throw Errors.notFound('Assist notice', id);
  if (isInScope(scopeOf(ctx.actor), row.jpath)) return row;
  if (row.case_id) {
    const kase = await db.selectFrom('cases').selectAll().where('id', '=', row.case_id).executeTakeFirst();
    if (kase && (await mayOpenCase(db, ctx.actor, kase))) return row;
  }
  if (row.contact_id) {
    const seen = await loadContact(ctx, row.contact_id, options.tx ? { tx: options.tx } : {}).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && (error.code === 'OUT_OF_SCOPE' || error.code === 'NOT_FOUND'))
          return false;
        throw error;
      },
    );
    if (seen) return row;
  }
  throw Errors.outOfScope(`Assist notice ${row.number}`);
}

// ---------------------------------------------------------------------------------------------
// Lists, one notice, the printable document

export async function listNotices(
  ctx: RequestContext,
  query: Static<typeof AssistListQuery>,
): Promise<{ items: Notice[]; total: number }> {
  requirePermission(ctx.actor, Permission.TracingRead);
  let qb = ctx.db.selectFrom('assist_notices as n').where(noticeVisible(ctx.actor));
  if (query.direction) qb = qb.where('n.direction', '=', query.direction);
  if (query.status) qb = qb.where('n.status', '=', query.status);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const { total } = await qb.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await qb
    .selectAll('n')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  await recordAudit(ctx, {
    action: tracingAudit('tracing.assist_searched'),
    resourceType: 'assist_notice',
    jpath: ctx.actor.jpath,
    detail: { direction: query.direction ?? null, status: query.status ?? null, shown: rows.length },
  });
  return { items: await present(ctx.db, rows), total: Number(total) };
}

export async function getNotice(ctx: RequestContext, id: string): Promise<Notice> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadNotice(ctx, id);
  await recordAudit(ctx, {
    action: tracingAudit('tracing.assist_viewed'),
    resourceType: 'assist_notice',
    resourceId: row.id,
    jpath: row.jpath,
  });
  return (await present(ctx.db, [row]))[0]!;
}

/** The notice as a printable zh-CN document (HTML). Identifiers stay masked on paper too. */
export async function printNotice(ctx: RequestContext, id: string): Promise<string> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadNotice(ctx, id);
  const office = await ctx.db
    .selectFrom('jurisdictions')
    .select('name')
    .where('code', '=', codeOfPath(row.jpath))
    .executeTakeFirst();
  const [notice] = await present(ctx.db, [row]);
  await recordAudit(ctx, {
    action: tracingAudit('tracing.assist_printed'),
    resourceType: 'assist_notice',
    resourceId: row.id,
    jpath: row.jpath,
  });
  return renderNotice(notice!, office?.name ?? row.county_code);
}

// ---------------------------------------------------------------------------------------------
// Outgoing notices

async function caseIdentifiers(tx: Transaction<Database>, kase: CaseRow) {
  if (kase.person_id) {
    const person = await tx
      .selectFrom('people')
      .select(['id_hash', 'id_cipher', 'id_masked', 'phone_hash', 'phone_cipher', 'phone_masked'])
      .where('id', '=', kase.person_id)
      .executeTakeFirst();
    if (person) return person;
  }
  const { id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked } = kase;
  return { id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked };
}

/** What we know of a case for another jurisdiction: the case, and where it went. */
async function caseKnowledge(tx: Transaction<Database>, kase: CaseRow): Promise<Record<string, unknown>> {
  const itinerary = await tx
    .selectFrom('itinerary_entries')
    .select(['place', 'from_at', 'to_at', 'activity'])
    .where('county_code', '=', kase.county_code)
    .where('case_id', '=', kase.id)
    .orderBy('from_at')
    .execute();
  return {
    case: {
      number: kase.number,
      classification: kase.classification,
      foundIn: kase.found_in,
      onsetDate: kase.onset_date,
      sampledDate: kase.sampled_date,
      reportedAt: kase.reported_at.toISOString(),
      lineage: kase.lineage,
    },
    address: kase.address,
    itinerary: itinerary.map((e) => ({
      place: e.place,
      fromAt: e.from_at.toISOString(),
      toAt: e.to_at.toISOString(),
      activity: e.activity,
    })),
  };
}

/** POST /assist — an outgoing draft about one of our contacts or cases. */
export async function createOutgoing(ctx: RequestContext, body: Static<typeof AssistInput>): Promise<Notice> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  if (Boolean(body.contactId) === Boolean(body.caseId)) {
    const field = body.contactId ? 'caseId' : 'contactId';
    throw Errors.validation([{ field, message: 'give exactly one of contactId and caseId' }]);
  }
  if (body.caseId && body.subject && body.subject !== 'case') {
    throw Errors.validation([{ field: 'subject', message: 'a notice about a case has the subject case' }]);
  }
  if (body.contactId && body.subject === 'case') {
    throw Errors.validation([{ field: 'subject', message: 'a contact is not a case' }]);
  }
  const peer = body.peer ?? body.targetRegion;
  const row = await ctx.db.transaction().execute(async (tx) => {
    let notice: NoticeRow;
    if (body.contactId) {
      const contact = await loadContact(ctx, body.contactId, { tx });
      notice = await insertNotice(tx, {
        county_code: contact.county_code,
        jpath: contact.jpath,
        direction: 'outgoing',
        subject: body.subject ?? contact.degree,
        peer,
        target_region: body.targetRegion,
        name: contact.name,
        ...(await contactIdentifiers(tx, contact)),
        content: {
          request: body.request ?? DEFAULT_CONTACT_REQUEST,
          ...contactKnowledge(contact, await linksOf(tx, [contact])),
        },
        status: 'draft',
        contact_id: contact.id,
        created_by: ctx.actor.userId,
      });
    } else {
      const kase = await loadCase(ctx, body.caseId!, { tx });
      notice = await insertNotice(tx, {
        county_code: kase.county_code,
        jpath: kase.jpath,
        direction: 'outgoing',
        subject: 'case',
        peer,
        target_region: body.targetRegion,
        name: kase.name,
        ...(await caseIdentifiers(tx, kase)),
        content: { request: body.request ?? DEFAULT_CASE_REQUEST, ...(await caseKnowledge(tx, kase)) },
        status: 'draft',
        case_id: kase.id,
        created_by: ctx.actor.userId,
      });
    }
    await recordAudit(
      ctx,
      {
        action: tracingAudit('tracing.assist_created'),
        resourceType: 'assist_notice',
        resourceId: notice.id,
        jpath: notice.jpath,
        detail: { number: notice.number, subject: notice.subject, targetRegion: body.targetRegion },
      },
      tx,
    );
    return notice;
  });
  return (await present(ctx.db, [row]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Status, and accepting an incoming notice

function decrypt(pii: PiiCipher, cipher: Uint8Array | null): string | undefined {
  return cipher ? pii.decrypt(cipher) : undefined;
}

type StatusResult = Static<typeof AssistStatusResult>;

/**
 * Accepting an incoming notice: a close or secondary contact becomes (or is found as) our contact,
 * kept where they live when in our base, else where the notice was delivered. No link: the notice
 * itself says why they are a contact (links name one of our cases or contacts). A space-time
 * companion is not a contact — accepted, for testing, and nothing is created. A case is not created
 * here: the result carries what POST /cases needs, and POST /cases with `assistNoticeId` opens it
 * (source assist, the person from the notice, the notice linked to the case).
 */
async function accept(
  ctx: RequestContext,
  tx: Transaction<Database>,
  notice: NoticeRow,
): Promise<Pick<StatusResult, 'contact' | 'caseDraft'>> {
  const given = {
    idNumber: decrypt(ctx.pii, notice.id_cipher),
    phone: decrypt(ctx.pii, notice.phone_cipher),
    name: notice.name,
  };
  const content = notice.content;
  const address = typeof content.address === 'string' ? content.address : undefined;
  if (notice.subject === 'case') {
    const who = await identify(ctx.pii, tx, given, 'person.');
    const facts = (content.case ?? {}) as {
      classification?: string;
      onsetDate?: string;
      sampledDate?: string;
    };
    return {
      contact: null,
      caseDraft: {
        assistNoticeId: notice.id,
        personId: who.personId,
        name: who.name,
        idMasked: who.idMasked,
        phoneMasked: who.phoneMasked,
        address: address ?? null,
        classification: (facts.classification as CaseClassification | undefined) ?? null,
        onsetDate: facts.onsetDate ?? null,
        sampledDate: facts.sampledDate ?? null,
        source: 'assist',
      },
    };
  }
  if (notice.subject === 'companion') return { contact: null, caseDraft: null };
  const who = await identify(ctx.pii, tx, given, 'person.');
  const { contact, created } = await upsertContact(
    tx,
    who,
    { countyCode: notice.county_code, jpath: notice.jpath, editionId: DEFAULT_EDITION_ID },
    { degree: notice.subject, lastExposureAt: new Date(String(content.lastExposureAt)), address },
    ctx.actor.userId,
  );
  const matched = created ? who.matched : 'existing';
  await tx
    .updateTable('assist_notices')
    .set({ contact_id: contact.id })
    .where('county_code', '=', notice.county_code)
    .where('id', '=', notice.id)
    .execute();
  await recordAudit(
    ctx,
    {
      action: tracingAudit('tracing.contact_added'),
      resourceType: 'contact',
      resourceId: contact.id,
      jpath: contact.jpath,
      detail: { assistNoticeId: notice.id, degree: contact.degree, matched, source: 'assist' },
    },
    tx,
  );
  await emitEvent(
    tx,
    CONTACT_CHANGED,
    { contactId: contact.id, countyCode: contact.county_code },
    contact.jpath,
  );
  return { contact: { id: contact.id, matched }, caseDraft: null };
}

/** POST /assist/:id/status — one step of the notice's lifecycle (TRANSITIONS). */
export async function changeNoticeStatus(
  ctx: RequestContext,
  id: string,
  body: Static<typeof AssistStatusInput>,
): Promise<StatusResult> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  if (body.status === 'replied' && !body.reply) {
    throw Errors.validation([{ field: 'reply', message: 'is required to mark a notice replied' }]);
  }
  const { row, extra } = await ctx.db.transaction().execute(async (tx) => {
    const notice = await loadNotice(ctx, id, { tx, forUpdate: true });
    if (!(TRANSITIONS[notice.direction][notice.status] ?? []).includes(body.status)) {
      throw Errors.assistWrongState(notice.number, notice.status, body.status);
    }
    const extra =
      body.status === 'accepted' ? await accept(ctx, tx, notice) : { contact: null, caseDraft: null };
    const row = await tx
      .updateTable('assist_notices')
      .set({ status: body.status, ...(body.reply ? { reply: body.reply } : {}), updated_at: new Date() })
      .where('county_code', '=', notice.county_code)
      .where('id', '=', notice.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: tracingAudit('tracing.assist_status_changed'),
        resourceType: 'assist_notice',
        resourceId: notice.id,
        jpath: notice.jpath,
        detail: { number: notice.number, from: notice.status, to: body.status },
      },
      tx,
    );
    return { row, extra };
  });
  return { notice: (await present(ctx.db, [row]))[0]!, ...extra };
}
