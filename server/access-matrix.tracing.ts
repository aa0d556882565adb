/**
 * The tracing lines of the access matrix (server/access-matrix.test.ts), kept apart so the matrix
 * file stays readable. Each target place has its own case (of the person living there), a contact
 * named by it with a secondary contact, an itinerary entry, a venue, a team, a cluster and an
 * outgoing assist notice — written directly, so no role's scope stands in the way of seeding.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_EDITION_ID, editionById } from '../domain/protocol.js';
import { quarantinePlan } from '../domain/tracing.js';
import type { MatrixSpec, PersonAt } from './access-matrix.types.js';
import type { Database } from './db/schema.js';

export interface TracingSeed {
  caseId: string;
  contactId: string;
  secondaryId: string;
  entryId: string;
  venueId: string;
  teamId: string;
  clusterId: string;
  noticeId: string;
  personId: string;
}

interface Ctx {
  tracing: Map<string, TracingSeed>;
  /** The matrix's assist peer (city level), whose bearer token is MATRIX_PEER_TOKEN. */
  peerId: string;
  personAt: PersonAt;
  seq: () => number;
}

type Spec = MatrixSpec<Ctx>;

const HOUR = 3600_000;

export async function seedTracing(
  db: Kysely<Database>,
  personAt: Ctx['personAt'],
  seq: () => number,
): Promise<Map<string, TracingSeed>> {
  const out = new Map<string, TracingSeed>();
  const rules = editionById(DEFAULT_EDITION_ID).tracing;
  for (const [target, person] of personAt) {
    const where = { county_code: person.jpath.slice(0, 6), jpath: person.jpath };
    const n = seq();
    const reportedAt = new Date(Date.now() - HOUR);
    const kase = await db
      .insertInto('cases')
      .values({
        ...where,
        number: `矩阵-${n}`,
        person_id: person.id,
        name: `矩阵病例${n}`,
        classification: 'asymptomatic',
        found_in: 'community',
        source: 'manual',
        edition_id: DEFAULT_EDITION_ID,
        sampled_date: '2022-03-15',
        reported_at: reportedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const exposure = new Date(Date.now() - 2 * HOUR);
    const contact = async (degree: 'close' | 'secondary', name: string) =>
      await db
        .insertInto('contacts')
        .values({
          ...where,
          name,
          id_hash: crypto.randomBytes(32),
          id_masked: '1310**********001X',
          degree,
          edition_id: DEFAULT_EDITION_ID,
          last_exposure_at: exposure,
          plan: JSON.stringify(quarantinePlan(rules[degree], exposure)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const close = await contact('close', `矩阵密接${n}`);
    const secondary = await contact('secondary', `矩阵次密接${n}`);
    await db
      .insertInto('contact_links')
      .values([
        {
          county_code: where.county_code,
          contact_id: close.id,
          case_id: kase.id,
          case_county_code: where.county_code,
          exposure_type: 'household',
          last_exposure_at: exposure,
        },
        {
          county_code: where.county_code,
          contact_id: secondary.id,
          via_contact_id: close.id,
          exposure_type: 'household',
          last_exposure_at: exposure,
        },
      ])
      .execute();
    const venue = await db
      .insertInto('venues')
      .values({ ...where, code: `MXV${n}`, name: `矩阵场所${n}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = await db
      .insertInto('itinerary_entries')
      .values({
        county_code: where.county_code,
        case_id: kase.id,
        place_kind: 'venue',
        venue_id: venue.id,
        place: `矩阵场所${n}`,
        from_at: new Date(Date.now() - 30 * HOUR),
        to_at: new Date(Date.now() - 29 * HOUR),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = await db
      .insertInto('tracing_teams')
      .values({ ...where, name: `矩阵流调队${n}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cluster = await db
      .insertInto('clusters')
      .values({ ...where, name: `矩阵聚集${n}`, first_case_id: kase.id, size: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A cluster has two cases at least: the second is a case of the same place, reported later.
    await db
      .insertInto('cases')
      .values({
        ...where,
        number: `矩阵-${n}-2`,
        name: `矩阵病例${n}之二`,
        classification: 'confirmed',
        found_in: 'isolation',
        source: 'manual',
        edition_id: DEFAULT_EDITION_ID,
        sampled_date: '2022-03-16',
        reported_at: new Date(),
        cluster_id: cluster.id,
      })
      .execute();
    await db.updateTable('cases').set({ cluster_id: cluster.id }).where('id', '=', kase.id).execute();
    const notice = await db
      .insertInto('assist_notices')
      .values({
        ...where,
        direction: 'outgoing',
        number: `矩阵协-${n}`,
        subject: 'close',
        peer: '北京市朝阳区',
        name: `矩阵外地${n}`,
        status: 'draft',
        contact_id: close.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(target, {
      caseId: kase.id,
      contactId: close.id,
      secondaryId: secondary.id,
      entryId: entry.id,
      venueId: venue.id,
      teamId: team.id,
      clusterId: cluster.id,
      noticeId: notice.id,
      personId: person.id,
    });
  }
  return out;
}

const at = (c: Ctx, p: string): TracingSeed => c.tracing.get(p)!;
const iso = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

/** The bearer token of the matrix's assist peer (seeded by the matrix with this token's hash). */
export const MATRIX_PEER_TOKEN = 'cordon_ap_matrix-peer-token-000000000000000000000';
export function peerTokenHash(): Buffer {
  return crypto.createHash('sha256').update(MATRIX_PEER_TOKEN).digest();
}

export function tracingEndpoints(): Record<string, Spec> {
  const list = (url: string): Spec => ({ scoped: false, call: () => ({ method: 'GET', url }) });
  return {
    // Lists answer with what the caller may see: unscoped in the matrix's sense.
    'GET /api/tracing/cases': list('/api/tracing/cases'),
    'GET /api/tracing/contacts': list('/api/tracing/contacts'),
    'GET /api/tracing/investigators': list('/api/tracing/investigators'),
    'GET /api/tracing/teams': list('/api/tracing/teams'),
    'GET /api/tracing/board': list('/api/tracing/board'),
    'GET /api/tracing/dashboard': list('/api/tracing/dashboard'),
    'GET /api/tracing/venues': list('/api/tracing/venues'),
    'GET /api/tracing/exposures': list('/api/tracing/exposures'),
    'GET /api/tracing/clusters': list('/api/tracing/clusters'),
    'GET /api/tracing/chains': list('/api/tracing/chains'),
    'GET /api/tracing/assist': list('/api/tracing/assist'),
    'GET /api/tracing/assist-peers': list('/api/tracing/assist-peers'),
    'POST /api/tracing/cases': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/tracing/cases',
        body: {
          person: { name: `矩阵新病例${c.seq()}` },
          place: p.includes('B') || p.includes('G') ? p.slice(0, 12) : p,
          classification: 'asymptomatic',
          foundIn: 'community',
          sampledDate: '2022-03-15',
        },
      }),
    },
    'GET /api/tracing/cases/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/cases/${at(c, p).caseId}` }),
    },
    'PATCH /api/tracing/cases/:id': {
      scoped: true,
      // A stale version: authorised, then refused by the service (409).
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/tracing/cases/${at(c, p).caseId}`,
        body: { version: 999, lineage: 'BA.2' },
      }),
    },
    'POST /api/tracing/cases/:id/clocks': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/cases/${at(c, p).caseId}/clocks`,
        body: { clock: 'onScene' },
      }),
    },
    'POST /api/tracing/cases/:id/assign': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/cases/${at(c, p).caseId}/assign`,
        body: { teamId: at(c, p).teamId },
      }),
    },
    'GET /api/tracing/cases/:id/calls': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/cases/${at(c, p).caseId}/calls` }),
    },
    'POST /api/tracing/cases/:id/calls': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/cases/${at(c, p).caseId}/calls`,
        body: { number: '13800001234', outcome: 'busy' },
      }),
    },
    'POST /api/tracing/cases/:id/itinerary': {
      scoped: true,
      call: (c, p) => {
        const n = c.seq();
        return {
          method: 'POST',
          url: `/api/tracing/cases/${at(c, p).caseId}/itinerary`,
          body: {
            placeKind: 'address',
            place: '矩阵路1号',
            fromAt: iso(1000 + 2 * n),
            toAt: iso(999 + 2 * n),
          },
        };
      },
    },
    'PATCH /api/tracing/cases/:id/itinerary/:entryId': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/tracing/cases/${at(c, p).caseId}/itinerary/${at(c, p).entryId}`,
        body: { activity: '购物' },
      }),
    },
    'DELETE /api/tracing/cases/:id/itinerary/:entryId': {
      scoped: true,
      // The entry goes with the first allowed caller; later ones get 404 — still past authorisation.
      call: (c, p) => ({
        method: 'DELETE',
        url: `/api/tracing/cases/${at(c, p).caseId}/itinerary/${at(c, p).entryId}`,
      }),
    },
    'GET /api/tracing/cases/:id/candidates': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/cases/${at(c, p).caseId}/candidates` }),
    },
    'POST /api/tracing/cases/:id/candidates/:personId': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/cases/${at(c, p).caseId}/candidates/${c.personAt.get(p === [...c.personAt.keys()][0] ? [...c.personAt.keys()][1]! : [...c.personAt.keys()][0]!)!.id}`,
        body: { decision: 'dismissed' },
      }),
    },
    'POST /api/tracing/cases/:id/contacts': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/cases/${at(c, p).caseId}/contacts`,
        body: { name: `矩阵新密接${c.seq()}`, exposureType: 'meal', lastExposureAt: iso(3) },
      }),
    },
    'GET /api/tracing/contacts/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/contacts/${at(c, p).contactId}` }),
    },
    'POST /api/tracing/contacts/:id/contacts': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/contacts/${at(c, p).contactId}/contacts`,
        body: { name: `矩阵新次密接${c.seq()}`, exposureType: 'household', lastExposureAt: iso(1) },
      }),
    },
    'POST /api/tracing/contacts/:id/status': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/contacts/${at(c, p).secondaryId}/status`,
        body: { status: 'notified' },
      }),
    },
    'POST /api/tracing/teams': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/tracing/teams',
        body: { name: `矩阵队${c.seq()}`, area: p, memberIds: [] },
      }),
    },
    'PATCH /api/tracing/teams/:id': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/tracing/teams/${at(c, p).teamId}`,
        body: { name: '矩阵改名队' },
      }),
    },
    'DELETE /api/tracing/teams/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'DELETE', url: `/api/tracing/teams/${at(c, p).teamId}` }),
    },
    'POST /api/tracing/venues': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/tracing/venues',
        body: { code: `MXNEW${c.seq()}`, name: '矩阵新场所', place: p },
      }),
    },
    'POST /api/tracing/exposures': {
      scoped: false,
      call: (c) => ({
        method: 'POST',
        url: '/api/tracing/exposures?kind=venue',
        contentType: 'text/csv',
        body: `身份证号,场所码,时间\n110101199003070000,MXV1,2022-03-14T10:0${c.seq() % 10}:00+08:00\n`,
      }),
    },
    'PATCH /api/tracing/clusters/:id': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/tracing/clusters/${at(c, p).clusterId}`,
        body: { name: `矩阵聚集改名${c.seq()}` },
      }),
    },
    'GET /api/tracing/chains/export': {
      scoped: true,
      call: (c, p) => ({
        method: 'GET',
        url: `/api/tracing/chains/export?clusterId=${at(c, p).clusterId}&format=json`,
      }),
    },
    'POST /api/tracing/assist': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/tracing/assist',
        body: { contactId: at(c, p).contactId, targetRegion: '北京市' },
      }),
    },
    'GET /api/tracing/assist/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/assist/${at(c, p).noticeId}` }),
    },
    'GET /api/tracing/assist/:id/print': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/tracing/assist/${at(c, p).noticeId}/print` }),
    },
    'POST /api/tracing/assist/:id/status': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/tracing/assist/${at(c, p).noticeId}/status`,
        body: { status: 'closed' },
      }),
    },
    'POST /api/tracing/assist-peers': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/tracing/assist-peers',
        body: {
          name: `矩阵对端${c.seq()}`,
          region: '北京市',
          deliverTo: p.includes('B') ? p.slice(0, 12) : p,
        },
      }),
    },
    'PATCH /api/tracing/assist-peers/:id': {
      scoped: false,
      call: (c) => ({
        method: 'PATCH',
        url: `/api/tracing/assist-peers/${c.peerId}`,
        body: { active: true },
      }),
    },
    'POST /api/assist/inbox': {
      scoped: false,
      call: (c) => ({
        method: 'POST',
        url: '/api/assist/inbox',
        headers: { authorization: `Bearer ${MATRIX_PEER_TOKEN}` },
        body: {
          externalRef: `MX-${c.seq()}`,
          subject: 'close',
          person: { name: '矩阵来函' },
          lastExposureAt: iso(5),
        },
      }),
    },
  };
}
