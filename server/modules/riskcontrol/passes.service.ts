/**
 * Passes (通行证): applications, approval by type and jurisdiction, the signed token of an approved
 * pass, revocation and withdrawal. The rules that need no database live in domain/passes.ts;
 * reading (list, page, who may read) in passes.read.ts; attachments in passes.attachments.ts; the
 * public keys and revocation list in passes.public.ts.
 *
 * Holders' ID numbers are stored like the ledger's (cipher, hash, masked) and matched to the
 * population base by hash across the city; only masked values leave.
 */
import { type Updateable, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  ID_PROBLEM_MESSAGES,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
} from '../../../domain/idcard.js';
import { countyCodeOf } from '../../../domain/jurisdiction.js';
import { passClaims, passSigningText, passToken } from '../../../domain/pass-token.js';
import { PASS_RULES, applicationProblems, canApproveType, parsePlate } from '../../../domain/passes.js';
import { cstDate } from '../../../domain/tracing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { type SigningKeys, sign } from '../../platform/signing.js';
import { type AuditAction, recordAudit } from '../audit/audit.service.js';
import type { PassesTable } from '../../db/schema.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { type Detail, type PassRow, actorLevel, detailOf, passInScope } from './passes.read.js';
import type { DecisionBody, PassApplicationBody, RevokeBody } from './passes.schema.js';
import { PASS_CHANGED } from './riskcontrol.topics.js';

export { getPass, listPasses } from './passes.read.js';
// ---------------------------------------------------------------------------------------------
// Apply

/** `<county short name>-通-<CST year>-<6 digits>`, numbered inside the insert under the county's lock. */
function numberSql(countyCode: string, at: Date) {
  const year = cstDate(at).slice(0, 4);
  return sql<string>`(
    coalesce((select short_name from jurisdictions where code = ${countyCode.padEnd(12, '0')}::text), ${countyCode}::text)
    || '-通-' || ${year}::text || '-' || lpad((coalesce((
      select max(split_part(number, '-', 4)::int) from passes
      where county_code = ${countyCode}::text and split_part(number, '-', 3) = ${year}::text), 0) + 1)::text, 6, '0'))`;
}

export async function applyPass(
  ctx: RequestContext,
  body: Static<typeof PassApplicationBody>,
): Promise<Detail> {
  requirePermission(ctx.actor, Permission.PassApply);
  const place = await jurisdictionInScope(
    ctx,
    normaliseCode(body.jurisdictionCode ?? ctx.actor.jurisdictionCode, 'jurisdictionCode'),
  );
  const now = new Date();
  const validFrom = new Date(body.validFrom);
  const validUntil = new Date(body.validUntil);
  const route = body.route.map((c) => c.trim());
  const problems: FieldProblem[] = applicationProblems(
    { type: body.type, plate: body.plate, holders: body.holders, route, validFrom, validUntil },
    now,
  ).map((p) => ({ field: p.field, message: p.message }));
  const plate = body.plate?.trim() ? parsePlate(body.plate) : null;

  const holders = body.holders.map((h, i) => {
    const id = parseIdNumber(h.idNumber, now);
    if (!id.ok)
      problems.push({ field: `holders/${i}/idNumber`, message: ID_PROBLEM_MESSAGES[id.problem].en });
    const phone = h.phone?.trim() ? parsePhone(h.phone) : null;
    if (phone && !phone.ok) problems.push({ field: `holders/${i}/phone`, message: 'not a phone number' });
    if (!h.name.trim()) problems.push({ field: `holders/${i}/name`, message: 'is required' });
    return {
      role: h.role,
      name: h.name.trim(),
      idNumber: id.ok ? id.value : null,
      phoneMasked: phone?.ok ? maskPhone(phone.value) : null,
    };
  });
  const seen = new Set<string>();
  holders.forEach((h, i) => {
    if (!h.idNumber) return;
    if (seen.has(h.idNumber)) problems.push({ field: `holders/${i}/idNumber`, message: 'appears twice' });
    seen.add(h.idNumber);
  });
  if (route.length > 0) {
    // Codes are unique city-wide (the writers keep them so): the route names codes, not counties.
    const found = await ctx.db
      .selectFrom('checkpoints')
      .select('code')
      .where('code', 'in', route)
      .where('active', '=', true)
      .execute();
    const known = new Set(found.map((r) => r.code));
    route.forEach((code, i) => {
      if (!known.has(code))
        problems.push({ field: `route/${i}`, message: `no open checkpoint has the code ${code}` });
    });
  }
  if (problems.length > 0) throw Errors.validation(problems);

  const countyCode = countyCodeOf(place.code);
  const ready = holders.map((h) => ({ ...h, idNumber: h.idNumber!, idHash: ctx.pii.hash(h.idNumber!) }));
  const row = await ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`risk.pass.${countyCode}`}::text))`.execute(tx);
    if (plate) {
      const other = await tx
        .selectFrom('passes')
        .select(['number'])
        .where('plate', '=', plate)
        .where('type', '=', body.type)
        .where('status', 'in', ['submitted', 'approved'])
        .where('valid_from', '<', validUntil)
        .where('valid_until', '>', validFrom)
        .executeTakeFirst();
      if (other) throw Errors.passDuplicate(other.number, plate);
    }
    const people = await tx
      .selectFrom('people')
      .select(['id', 'county_code', 'id_hash'])
      .where(
        'id_hash',
        'in',
        ready.map((h) => h.idHash),
      )
      .execute();
    const personOf = new Map(people.map((p) => [Buffer.from(p.id_hash).toString('hex'), p]));
    const pass = await tx
      .insertInto('passes')
      .values({
        county_code: countyCode,
        jpath: place.jpath,
        number: numberSql(countyCode, now),
        type: body.type,
        organisation: body.organisation?.trim() || null,
        plate,
        vehicle: body.vehicle?.trim() || null,
        route,
        origin: body.origin?.trim() || null,
        destination: body.destination?.trim() || null,
        purpose: body.purpose?.trim() || null,
        valid_from: validFrom,
        valid_until: validUntil,
        applied_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('pass_holders')
      .values(
        ready.map((h, i) => ({
          county_code: countyCode,
          pass_id: pass.id,
          seq: i + 1,
          role: h.role,
          person_id: personOf.get(h.idHash.toString('hex'))?.id ?? null,
          person_county: personOf.get(h.idHash.toString('hex'))?.county_code ?? null,
          name: h.name,
          id_hash: h.idHash,
          id_cipher: ctx.pii.encrypt(h.idNumber),
          id_masked: maskIdNumber(h.idNumber),
          phone_masked: h.phoneMasked,
        })),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'risk.pass_applied',
        resourceType: 'pass',
        resourceId: pass.id,
        jpath: pass.jpath,
        detail: { number: pass.number, type: pass.type, holders: ready.length },
      },
      tx,
    );
    await emitEvent(tx, PASS_CHANGED, { passId: pass.id, countyCode, status: pass.status }, pass.jpath);
    return pass;
  });
  return detailOf(ctx, row);
}

// ---------------------------------------------------------------------------------------------
// Decide, revoke, withdraw

/**
 * A pass's status change, in one transaction: the row moves only from the status it was read in
 * (another officer's change in between → PASS_WRONG_STATE), with its audit entry and PASS_CHANGED.
 */
async function transition(
  ctx: RequestContext,
  row: PassRow,
  from: 'submitted' | 'approved',
  set: Omit<Updateable<PassesTable>, 'version'>,
  verb: string,
  audit: { action: AuditAction; detail: Record<string, unknown> },
): Promise<PassRow> {
  return ctx.db.transaction().execute(async (tx) => {
    const next = await tx
      .updateTable('passes')
      .set({ ...set, version: sql`version + 1` })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst();
    if (!next) throw Errors.passWrongState(row.number, `no longer ${from}`, verb);
    await recordAudit(
      ctx,
      {
        action: audit.action,
        resourceType: 'pass',
        resourceId: row.id,
        jpath: row.jpath,
        detail: audit.detail,
      },
      tx,
    );
    await emitEvent(
      tx,
      PASS_CHANGED,
      { passId: row.id, countyCode: row.county_code, status: next.status },
      row.jpath,
    );
    return next;
  });
}

export async function decidePass(
  ctx: RequestContext,
  signing: SigningKeys,
  id: string,
  body: Static<typeof DecisionBody>,
): Promise<Detail> {
  requirePermission(ctx.actor, Permission.PassApprove);
  const row = await passInScope(ctx, id);
  const action = body.decision === 'approve' ? 'approve' : 'reject';
  if (row.status !== 'submitted') throw Errors.passWrongState(row.number, row.status, action);
  if (row.applied_by === ctx.actor.userId) throw Errors.passOwnApplication();
  if (!canApproveType(row.type, actorLevel(ctx.actor)))
    throw Errors.passApprovalLevel(row.type, PASS_RULES[row.type].approver);
  const note = body.note?.trim() || null;
  if (action === 'reject' && !note)
    throw Errors.validation([{ field: 'note', message: 'say why it is rejected' }]);
  if (action === 'approve' && row.valid_until.getTime() <= Date.now())
    throw Errors.validation([{ field: 'decision', message: 'the pass would already be over; reject it' }]);

  let token: string | null = null;
  let keyId: string | null = null;
  if (action === 'approve') {
    const holders = await ctx.db
      .selectFrom('pass_holders')
      .select(['role', 'name', 'id_masked'])
      .where('county_code', '=', row.county_code)
      .where('pass_id', '=', row.id)
      .orderBy('seq')
      .execute();
    // A vehicle pass names its drivers; a people pass, everyone on it. The masked ID keeps its last
    // four characters, which is all the token carries.
    const named = PASS_RULES[row.type].vehicle ? holders.filter((h) => h.role === 'driver') : holders;
    const key = await signing.current('pass');
    const claims = passClaims({
      id: row.id,
      keyId: key.id,
      type: row.type,
      plate: row.plate,
      drivers: named.map((h) => ({ name: h.name, idNumber: h.id_masked })),
      route: row.route,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
    });
    const text = passSigningText(claims);
    token = passToken(text, sign(key, text));
    keyId = key.id;
  }
  const updated = await transition(
    ctx,
    row,
    'submitted',
    {
      status: action === 'approve' ? 'approved' : 'rejected',
      decided_by: ctx.actor.userId,
      decided_at: new Date(),
      decision_note: note,
      key_id: keyId,
      token,
    },
    action,
    { action: 'risk.pass_decided', detail: { number: row.number, decision: action, keyId } },
  );
  return detailOf(ctx, updated);
}

export async function revokePass(
  ctx: RequestContext,
  id: string,
  body: Static<typeof RevokeBody>,
): Promise<Detail> {
  requirePermission(ctx.actor, Permission.PassApprove);
  const row = await passInScope(ctx, id);
  if (row.status !== 'approved') throw Errors.passWrongState(row.number, row.status, 'revoke');
  // Whoever may grant a type may take it back; nobody less.
  if (!canApproveType(row.type, actorLevel(ctx.actor)))
    throw Errors.passApprovalLevel(row.type, PASS_RULES[row.type].approver);
  const reason = body.reason.trim();
  if (!reason) throw Errors.validation([{ field: 'reason', message: 'is required' }]);
  const updated = await transition(
    ctx,
    row,
    'approved',
    { status: 'revoked', revoked_at: new Date(), revoked_by: ctx.actor.userId, revoke_reason: reason },
    'revoke',
    { action: 'risk.pass_revoked', detail: { number: row.number, reason } },
  );
  return detailOf(ctx, updated);
}

export async function withdrawPass(ctx: RequestContext, id: string): Promise<Detail> {
  requirePermission(ctx.actor, Permission.PassApply);
  const row = await passInScope(ctx, id);
  if (row.status !== 'submitted') throw Errors.passWrongState(row.number, row.status, 'withdraw');
  if (row.applied_by !== ctx.actor.userId) throw Errors.passNotApplicant(row.number);
  const updated = await transition(ctx, row, 'submitted', { status: 'withdrawn' }, 'withdraw', {
    action: 'risk.pass_withdrawn',
    detail: { number: row.number },
  });
  return detailOf(ctx, updated);
}
