/**
 * The assist inbox: the peers (other Cordon instances, provincial systems) allowed to deliver
 * notices to us, each with a bearer token kept only as its hash, and POST /api/assist/inbox, where
 * a peer delivers one. A delivered notice is kept where the peer delivers (`deliver_to`), once per
 * (peer, externalRef) however often it is sent, and announced as tracing.assist_received.
 */
import crypto from 'node:crypto';
import { type Kysely, type Selectable } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  ID_PROBLEM_MESSAGES,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
} from '../../../domain/idcard.js';
import type { AssistPeersTable, Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import type { PiiCipher } from '../../platform/pii.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { ASSIST_RECEIVED, lockCountyNotices, nextNoticeNumber } from './assist.repo.js';
import type { AssistInboxInput, AssistInboxResult, AssistPeer, AssistPeerInput } from './assist.schema.js';
import { tracingAudit } from './contacts.core.js';

type PeerRow = Selectable<AssistPeersTable>;

// ---------------------------------------------------------------------------------------------
// Peers: the other instances allowed to deliver to our inbox

function tokenHash(token: string): Buffer {
  // Tokens are 256 random bits: a plain SHA-256 is enough, and it survives a change of the PII key.
  return crypto.createHash('sha256').update(token).digest();
}

type Peer = Static<typeof AssistPeer>;

async function presentPeers(db: Kysely<Database>, rows: readonly PeerRow[]): Promise<Peer[]> {
  const codes = [...new Set(rows.map((r) => r.deliver_to))];
  const places = codes.length
    ? await db.selectFrom('jurisdictions').select(['code', 'name']).where('code', 'in', codes).execute()
    : [];
  const name = new Map(places.map((p) => [p.code, p.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    region: r.region,
    deliverTo: { code: r.deliver_to, name: name.get(r.deliver_to) ?? r.deliver_to },
    active: r.active,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Peers delivering into my subtree. */
export async function listPeers(ctx: RequestContext): Promise<Peer[]> {
  requirePermission(ctx.actor, Permission.TracingIngest);
  const rows = await ctx.db
    .selectFrom('assist_peers as p')
    .innerJoin('jurisdictions as j', 'j.code', 'p.deliver_to')
    .selectAll('p')
    .where(inScope(scopeOf(ctx.actor), 'j'))
    .orderBy('p.name')
    .execute();
  return presentPeers(ctx.db, rows);
}

/** A new peer and its bearer token, shown this once. */
export async function createPeer(
  ctx: RequestContext,
  body: Static<typeof AssistPeerInput>,
): Promise<{ peer: Peer; token: string }> {
  requirePermission(ctx.actor, Permission.TracingIngest);
  const place = await jurisdictionInScope(ctx, normaliseCode(body.deliverTo, 'deliverTo'));
  const token = `cordon_ap_${crypto.randomBytes(32).toString('base64url')}`;
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('assist_peers')
      .values({
        name: body.name.trim(),
        region: body.region.trim(),
        token_hash: tokenHash(token),
        deliver_to: place.code,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw Errors.codeTaken('Assist peer', body.name.trim());
    await recordAudit(
      ctx,
      {
        action: tracingAudit('tracing.assist_peer_created'),
        resourceType: 'assist_peer',
        resourceId: inserted.id,
        jpath: place.jpath,
        detail: { name: inserted.name, region: inserted.region, deliverTo: place.code },
      },
      tx,
    );
    return inserted;
  });
  return { peer: (await presentPeers(ctx.db, [row]))[0]!, token };
}

/** PATCH /assist-peers/:id — switch a peer off (its token stops working at once) or on again. */
export async function setPeerActive(ctx: RequestContext, id: string, active: boolean): Promise<Peer> {
  requirePermission(ctx.actor, Permission.TracingIngest);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const peer = await tx
      .selectFrom('assist_peers as p')
      .innerJoin('jurisdictions as j', 'j.code', 'p.deliver_to')
      .selectAll('p')
      .select('j.jpath')
      .where('p.id', '=', id)
      .forUpdate('p')
      .executeTakeFirst();
    if (!peer) throw Errors.notFound('Assist peer', id);
    if (!isInScope(scopeOf(ctx.actor), peer.jpath)) throw Errors.outOfScope(`Assist peer ${peer.name}`);
    const next = await tx
      .updateTable('assist_peers')
      .set({ active })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: tracingAudit('tracing.assist_peer_changed'),
        resourceType: 'assist_peer',
        resourceId: id,
        jpath: peer.jpath,
        detail: { active },
      },
      tx,
    );
    return next;
  });
  return (await presentPeers(ctx.db, [row]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// The inbox (public route, authenticated by a peer's bearer token)

export interface InboxSource {
  db: Kysely<Database>;
  pii: PiiCipher;
  requestId: string;
  ip: string;
  userAgent: string | null;
}

/** The active peer whose token this Authorization header carries, else INVALID_PEER_TOKEN (401). */
export async function peerOfRequest(
  db: Kysely<Database>,
  authorization: string | undefined,
): Promise<PeerRow> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw Errors.invalidPeerToken();
  const peer = await db
    .selectFrom('assist_peers')
    .selectAll()
    .where('token_hash', '=', tokenHash(match[1]!))
    .executeTakeFirst();
  if (!peer || !peer.active) throw Errors.invalidPeerToken();
  return peer;
}

/**
 * A notice delivered by a peer, kept where the peer delivers (its `deliver_to`). The same peer
 * delivering the same externalRef again gets the stored notice back (`duplicate`): the sender may
 * retry freely.
 */
export async function receive(
  src: InboxSource,
  peer: PeerRow,
  body: Static<typeof AssistInboxInput>,
): Promise<{ result: Static<typeof AssistInboxResult>; created: boolean }> {
  const problems: FieldProblem[] = [];
  let idNumber: string | null = null;
  let phone: string | null = null;
  if (body.person.idNumber) {
    const parsed = parseIdNumber(body.person.idNumber);
    if (parsed.ok) idNumber = parsed.value;
    else problems.push({ field: 'person.idNumber', message: ID_PROBLEM_MESSAGES[parsed.problem].en });
  }
  if (body.person.phone) {
    const parsed = parsePhone(body.person.phone);
    if (parsed.ok) phone = parsed.value;
    else problems.push({ field: 'person.phone', message: 'not a phone number' });
  }
  if (body.subject !== 'case' && !body.lastExposureAt) {
    problems.push({ field: 'lastExposureAt', message: 'is required for a contact or companion' });
  }
  if (!body.person.name.trim()) problems.push({ field: 'person.name', message: 'is required' });
  if (problems.length > 0) throw Errors.validation(problems);
  const place = await src.db
    .selectFrom('jurisdictions')
    .select(['code', 'jpath', 'county_code'])
    .where('code', '=', peer.deliver_to)
    .executeTakeFirst();
  if (!place) throw Errors.notFound('Jurisdiction', peer.deliver_to);

  return src.db.transaction().execute(async (tx) => {
    const existing = async () =>
      tx
        .selectFrom('assist_notices')
        .selectAll()
        .where('county_code', '=', place.county_code)
        .where('peer', '=', peer.name)
        .where('external_ref', '=', body.externalRef)
        .executeTakeFirst();
    // Under the county's lock a concurrent delivery of the same notice waits, then finds it stored.
    await lockCountyNotices(tx, place.county_code);
    const before = await existing();
    if (before) {
      return {
        result: { id: before.id, number: before.number, status: before.status, duplicate: true },
        created: false,
      };
    }
    const now = new Date();
    const row = await tx
      .insertInto('assist_notices')
      .values({
        county_code: place.county_code,
        jpath: place.jpath,
        direction: 'incoming',
        number: await nextNoticeNumber(tx, place.county_code, 'incoming', now),
        subject: body.subject,
        peer: peer.name,
        target_region: peer.region,
        name: body.person.name.trim(),
        id_hash: idNumber ? src.pii.hash(idNumber) : null,
        id_cipher: idNumber ? src.pii.encrypt(idNumber) : null,
        id_masked: idNumber ? maskIdNumber(idNumber) : null,
        phone_hash: phone ? src.pii.hash(phone) : null,
        phone_cipher: phone ? src.pii.encrypt(phone) : null,
        phone_masked: phone ? maskPhone(phone) : null,
        content: JSON.stringify({
          ...(body.content ?? {}),
          ...(body.request ? { request: body.request } : {}),
          ...(body.lastExposureAt ? { lastExposureAt: new Date(body.lastExposureAt).toISOString() } : {}),
          ...(body.person.address ? { address: body.person.address } : {}),
          ...(body.case ? { case: body.case } : {}),
          ...(body.number ? { senderNumber: body.number } : {}),
        }),
        status: 'received',
        external_ref: body.externalRef,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      { db: src.db, requestId: src.requestId, ip: src.ip, userAgent: src.userAgent },
      {
        action: tracingAudit('tracing.assist_received'),
        resourceType: 'assist_notice',
        resourceId: row.id,
        jpath: row.jpath,
        username: `assist-peer:${peer.name}`,
        detail: { number: row.number, peerId: peer.id, externalRef: body.externalRef, subject: body.subject },
      },
      tx,
    );
    await emitEvent(tx, ASSIST_RECEIVED, { noticeId: row.id, countyCode: row.county_code }, row.jpath);
    return {
      result: { id: row.id, number: row.number, status: row.status, duplicate: false },
      created: true,
    };
  });
}
