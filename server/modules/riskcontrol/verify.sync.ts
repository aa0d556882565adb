/**
 * Checks a phone decided while offline, sent when the network is back. The phone's decision stands
 * (it was made then, at the gate, with what it knew); the server only re-reads the token's claims to
 * link the check to its pass or person — and only from a token whose signature verifies, so a
 * forged token cannot write into a real pass's usage log. Idempotent by clientId (a re-sent batch
 * counts its entries as duplicates); an entry of a bad shape is refused by its clientId while the
 * good ones of the batch are kept. One audit entry per batch.
 */
import { Permission } from '../../../domain/access.js';
import { shiftOf } from '../../../domain/checkpoint-policy.js';
import { decodeCode } from '../../../domain/code-token.js';
import { decodePass } from '../../../domain/pass-token.js';
import type { CheckpointChecksTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import type { SigningKeys } from '../../platform/signing.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkpointForCheck } from './verify.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far back an offline check may be (a phone kept offline for longer has stale data anyway). */
const MAX_AGE_MS = 7 * 86_400_000;
/** A phone's clock may run a little ahead. */
const FUTURE_GRACE_MS = 5 * 60_000;

export interface SyncOutcome {
  accepted: number;
  duplicates: number;
  rejected: Array<{ clientId: string; reason: string }>;
}

interface Valid {
  clientId: string;
  at: Date;
  subject: 'pass' | 'person_code';
  scan: string;
  verdict: 'pass' | 'turn_back';
  problems: Array<{ code: string }>;
}

/** The entry's shape, or why it is refused. */
function validate(entry: Record<string, unknown>, now: number): Valid | string {
  const { clientId, at, subject, scan, verdict, problems } = entry;
  if (typeof clientId !== 'string' || !UUID.test(clientId)) return 'clientId: not a UUID';
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return 'at: not a date-time';
  const when = Date.parse(at);
  if (when > now + FUTURE_GRACE_MS) return 'at: in the future';
  if (when < now - MAX_AGE_MS) return 'at: older than 7 days';
  if (subject !== 'pass' && subject !== 'person_code') return 'subject: pass or person_code';
  if (typeof scan !== 'string' || scan.length === 0 || scan.length > 4000) return 'scan: the scanned text';
  if (verdict !== 'pass' && verdict !== 'turn_back') return 'verdict: pass or turn_back';
  if (
    !Array.isArray(problems) ||
    problems.length > 50 ||
    !problems.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as { code?: unknown }).code === 'string' &&
        /^[a-z_]{1,40}$/.test((p as { code: string }).code),
    )
  )
    return 'problems: a list of { code }';
  if (verdict === 'pass' && problems.length > 0) return 'verdict: pass with problems';
  return {
    clientId: clientId.toLowerCase(),
    at: new Date(when),
    subject,
    scan,
    verdict,
    problems: (problems as Array<{ code: string }>).map((p) => ({ code: p.code })),
  };
}

export async function syncChecks(
  ctx: RequestContext,
  signing: SigningKeys,
  checkpointId: string,
  entries: ReadonlyArray<Record<string, unknown>>,
): Promise<SyncOutcome> {
  requirePermission(ctx.actor, Permission.RiskVerify);
  const cp = await checkpointForCheck(ctx, checkpointId);
  const now = Date.now();
  const rejected: SyncOutcome['rejected'] = [];
  const rows: Array<Insertable<CheckpointChecksTable>> = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of entries) {
    const v = validate(entry, now);
    if (typeof v === 'string') {
      rejected.push({
        clientId: typeof entry.clientId === 'string' ? entry.clientId.slice(0, 64) : '',
        reason: v,
      });
      continue;
    }
    if (seen.has(v.clientId)) {
      duplicates++;
      continue;
    }
    seen.add(v.clientId);
    let passId: string | null = null;
    let personId: string | null = null;
    let plate: string | null = null;
    if (v.subject === 'pass') {
      const d = decodePass(v.scan);
      if (d.ok && d.claims.k.startsWith('p') && (await signing.verify(d.claims.k, d.signed, d.signature))) {
        passId = d.claims.id;
        plate = d.claims.p;
      }
    } else {
      const d = decodeCode(v.scan);
      if (d.ok && d.claims.k.startsWith('c') && (await signing.verify(d.claims.k, d.signed, d.signature))) {
        personId = d.claims.p;
      }
    }
    const { day, shift } = shiftOf(v.at);
    rows.push({
      id: v.clientId,
      county_code: cp.county_code,
      jpath: cp.jpath,
      checkpoint_id: cp.id,
      at: v.at,
      day,
      shift,
      by_user: ctx.actor.userId,
      subject: v.subject,
      vehicle: plate !== null,
      pass_id: passId,
      person_id: personId,
      plate,
      verdict: v.verdict,
      problems: JSON.stringify(v.problems),
      reason_codes: [...new Set(v.problems.map((p) => p.code))],
      offline: true,
    });
  }
  const accepted = await ctx.db.transaction().execute(async (tx) => {
    const inserted =
      rows.length === 0
        ? []
        : await tx
            .insertInto('checkpoint_checks')
            .values(rows)
            .onConflict((oc) => oc.columns(['county_code', 'id']).doNothing())
            .returning('id')
            .execute();
    await recordAudit(
      ctx,
      {
        action: 'risk.checks_synced',
        resourceType: 'checkpoint',
        resourceId: cp.id,
        jpath: cp.jpath,
        detail: {
          checkpoint: cp.code,
          accepted: inserted.length,
          duplicates: duplicates + rows.length - inserted.length,
          rejected: rejected.length,
        },
      },
      tx,
    );
    return inserted.length;
  });
  return { accepted, duplicates: duplicates + rows.length - accepted, rejected };
}
