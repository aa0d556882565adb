/**
 * The risk-control (passes and verification) lines of the access matrix (server/access-matrix.test.ts).
 * Each target place has a Beijing-entry checkpoint there, a submitted medical pass (approved at
 * town level, so every administrator role may decide on it) with one holder and one attachment,
 * and an approved one to revoke — written directly so that no role's scope stands in the way.
 */
import type { Kysely } from 'kysely';
import { type Role, Permission, roleHas } from '../domain/access.js';
import { beijingEntryPolicy } from '../domain/checkpoint-policy.js';
import type { MatrixSpec, PersonAt } from './access-matrix.types.js';
import type { Database } from './db/schema.js';

export type PassesSeed = Record<string, string>;

interface Ctx {
  passes: Map<string, PassesSeed>;
  personAt: PersonAt;
  seq: () => number;
}

type Spec = MatrixSpec<Ctx>;

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const HOUR = 3600_000;

export async function seedPasses(
  db: Kysely<Database>,
  personAt: Ctx['personAt'],
  seq: () => number,
): Promise<Map<string, PassesSeed>> {
  const out = new Map<string, PassesSeed>();
  for (const target of personAt.keys()) {
    const place = await db
      .selectFrom('jurisdictions')
      .select(['jpath', 'county_code'])
      .where('code', '=', target)
      .executeTakeFirstOrThrow();
    const where = { county_code: place.county_code, jpath: place.jpath };
    const n = seq();
    const checkpoint = await db
      .insertInto('checkpoints')
      .values({
        ...where,
        code: `MXP-${n}`,
        name: `矩阵检查站${n}`,
        kind: 'beijing_entry',
        policy: JSON.stringify(beijingEntryPolicy()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pass = async (status: 'submitted' | 'approved') =>
      await db
        .insertInto('passes')
        .values({
          ...where,
          number: `矩阵-通-${n}-${status}`,
          type: 'medical',
          status,
          valid_from: new Date(Date.now() - HOUR),
          valid_until: new Date(Date.now() + 48 * HOUR),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const submitted = await pass('submitted');
    const approved = await pass('approved');
    await db
      .insertInto('pass_holders')
      .values({
        county_code: place.county_code,
        pass_id: submitted.id,
        seq: 1,
        role: 'holder',
        name: `矩阵持证人${n}`,
        id_hash: Buffer.alloc(32, n),
        id_cipher: Buffer.alloc(40, n),
        id_masked: '131002********001X',
      })
      .execute();
    const attachment = await db
      .insertInto('pass_attachments')
      .values({
        county_code: place.county_code,
        pass_id: submitted.id,
        kind: 'other',
        filename: 'matrix.pdf',
        mime: 'application/pdf',
        size: PDF.length,
        content: PDF,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(target, {
      checkpointId: checkpoint.id,
      passId: submitted.id,
      approvedId: approved.id,
      attachmentId: attachment.id,
    });
  }
  return out;
}

const at = (c: Ctx, p: string): PassesSeed => c.passes.get(p)!;
/** The pass list, page and files: risk.read or pass.apply (the route admits any session). */
const reader = (role: Role) => roleHas(role, Permission.RiskRead) || roleHas(role, Permission.PassApply);

export function passesEndpoints(): Record<string, Spec> {
  return {
    'GET /api/public/keys': { scoped: false, call: () => ({ method: 'GET', url: '/api/public/keys' }) },
    'GET /api/public/revocations': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/public/revocations' }),
    },
    'GET /api/risk/passes': {
      scoped: true,
      permits: reader,
      call: (_c, p) => ({ method: 'GET', url: `/api/risk/passes?at=${p}&pageSize=1` }),
    },
    'GET /api/risk/passes/:id': {
      scoped: true,
      permits: reader,
      call: (c, p) => ({ method: 'GET', url: `/api/risk/passes/${at(c, p).passId}` }),
    },
    'GET /api/risk/passes/:id/attachments/:attachmentId': {
      scoped: true,
      permits: reader,
      call: (c, p) => ({
        method: 'GET',
        url: `/api/risk/passes/${at(c, p).passId}/attachments/${at(c, p).attachmentId}`,
      }),
    },
    'POST /api/risk/passes': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/risk/passes',
        body: {
          type: 'medical',
          jurisdictionCode: p,
          holders: [{ role: 'holder', name: '矩阵', idNumber: '110105198001010016' }],
          route: [],
          validFrom: new Date(Date.now() + c.seq() * 1000).toISOString(),
          validUntil: new Date(Date.now() + 24 * HOUR).toISOString(),
        },
      }),
    },
    // After the first allowed call the pass is no longer submitted: 409, still authorised.
    'POST /api/risk/passes/:id/decision': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/passes/${at(c, p).passId}/decision`,
        body: { decision: 'approve' },
      }),
    },
    'POST /api/risk/passes/:id/revoke': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/passes/${at(c, p).approvedId}/revoke`,
        body: { reason: '矩阵' },
      }),
    },
    // Nobody in the matrix applied for the seeded pass: 409 PASS_NOT_APPLICANT when authorised.
    'POST /api/risk/passes/:id/withdraw': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `/api/risk/passes/${at(c, p).passId}/withdraw` }),
    },
    'POST /api/risk/passes/:id/attachments': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/passes/${at(c, p).passId}/attachments`,
        body: PDF,
        contentType: 'application/pdf',
        headers: { 'x-filename': 'matrix.pdf', 'x-attachment-kind': 'other' },
      }),
    },
    'GET /api/risk/checkpoints/mine': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/risk/checkpoints/mine' }),
    },
    'POST /api/risk/checkpoints/:id/verify': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/checkpoints/${at(c, p).checkpointId}/verify`,
        body: { scan: 'https://example.com/not-ours' },
      }),
    },
    'POST /api/risk/checkpoints/:id/checks': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/risk/checkpoints/${at(c, p).checkpointId}/checks`,
        body: { checks: [{ clientId: 'bad' }] },
      }),
    },
    'GET /api/risk/checkpoint-stats': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/risk/checkpoint-stats?at=${p}` }),
    },
  };
}
