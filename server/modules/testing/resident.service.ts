/**
 * The resident's side of mass testing: a sampling code (采样码) to show at the table, and a personal
 * link to their own recent results that works without an account. The link carries the person id
 * and a keyed MAC of it, so nobody can make one for somebody else without the server's key.
 */
import { maskName } from '../../../domain/idcard.js';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { samplingCodeOf } from '../../../domain/testing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { PiiCipher } from '../../platform/pii.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ResidentHealthCode } from '../riskcontrol/codes.schema.js';
import type { HouseholdCodes, ResidentCode, ResidentPage } from './coverage.schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC_CHARS = 16; // 96 bits

/**
 * The lookup-hash key with a purpose prefix: 'resident-link:' cannot be the start of a normalised
 * ID number or phone, so these MACs never equal a stored lookup hash.
 */
function macOf(pii: PiiCipher, personId: string): string {
  return pii.hash(`resident-link:${personId}`).toString('base64url').slice(0, MAC_CHARS);
}

export function residentToken(pii: PiiCipher, personId: string): string {
  return `${personId}.${macOf(pii, personId)}`;
}

/** The person id of a genuine token; null for anything else. */
export function verifyResidentToken(pii: PiiCipher, token: string): string | null {
  const dot = token.indexOf('.');
  const id = token.slice(0, dot).toLowerCase();
  const mac = token.slice(dot + 1);
  if (dot < 0 || !UUID.test(id) || mac.length !== MAC_CHARS) return null;
  const expected = Buffer.from(macOf(pii, id));
  const given = Buffer.from(mac);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : null;
}

export const residentLink = (pii: PiiCipher, personId: string) => `/r/${residentToken(pii, personId)}`;

export async function personCode(
  ctx: RequestContext,
  personId: string,
): Promise<Static<typeof ResidentCode>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const person = await ctx.db
    .selectFrom('people')
    .select(['id', 'jpath'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw Errors.notFound('Person', personId);
  assertInScope(scopeOf(ctx.actor), person.jpath, `Person ${personId}`);
  return { code: samplingCodeOf(person.id), residentLink: residentLink(ctx.pii, person.id) };
}

/** Codes and links of a household's members, for a printed sheet (people without smartphones). */
export async function householdCodes(
  ctx: RequestContext,
  householdId: string,
): Promise<Static<typeof HouseholdCodes>> {
  requirePermission(ctx.actor, Permission.PopulationRead);
  const h = await ctx.db
    .selectFrom('households')
    .select(['id', 'county_code', 'jpath', 'address'])
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!h) throw Errors.notFound('Household', householdId);
  assertInScope(scopeOf(ctx.actor), h.jpath, `Household ${householdId}`);
  const members = await ctx.db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('county_code', '=', h.county_code)
    .where('household_id', '=', h.id)
    .where(inScope(scopeOf(ctx.actor), 'people'))
    .orderBy('birth_date')
    .execute();
  await recordAudit(ctx, {
    action: 'population.household_viewed',
    resourceType: 'household',
    resourceId: h.id,
    jpath: h.jpath,
    detail: { purpose: 'sampling_codes', members: members.length },
  });
  return {
    householdId: h.id,
    address: h.address,
    members: members.map((m) => ({
      personId: m.id,
      name: maskName(m.name),
      code: samplingCodeOf(m.id),
      residentLink: residentLink(ctx.pii, m.id),
    })),
  };
}

/** Who is asking, without an account: enough for the audit entry. */
export interface PublicSource {
  db: Kysely<Database>;
  pii: PiiCipher;
  requestId: string;
  ip: string;
  userAgent: string | null;
  /** The person's health code with its signed token (risk control's codes.service.ts), when wired. */
  healthCode?: (person: PagePerson) => Promise<Static<typeof ResidentHealthCode>>;
}

export interface PagePerson {
  id: string;
  county_code: string;
  jpath: string;
  name: string;
  id_masked: string;
}

/** The same answer for a forged, malformed or stale token: nothing to learn from it. */
const noSuchPage = () => new AppError('NOT_FOUND', 404, 'Not found');

const RESULTS_SHOWN = 10;

export async function residentPage(
  source: PublicSource,
  token: string,
): Promise<Static<typeof ResidentPage> & { healthCode?: Static<typeof ResidentHealthCode> }> {
  const personId = verifyResidentToken(source.pii, token);
  if (!personId) throw noSuchPage();
  const person = await source.db
    .selectFrom('people')
    .select(['id', 'county_code', 'jpath', 'name', 'id_masked'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw noSuchPage();
  // The person's own samples only; of each tube just its result — never who else was in it.
  const samples = await source.db
    .selectFrom('samples as s')
    .innerJoin('testing_rounds as r', 'r.id', 's.round_id')
    .leftJoin('tubes as t', (j) =>
      j.onRef('t.county_code', '=', 's.tube_county').onRef('t.id', '=', 's.tube_id'),
    )
    .select(['s.round_id', 'r.name as round', 's.sampled_at', 't.result', 't.resulted_at'])
    .where('s.county_code', '=', person.county_code)
    .where('s.person_id', '=', person.id)
    .orderBy('s.sampled_at', 'desc')
    .limit(RESULTS_SHOWN)
    .execute();
  const roundIds = samples.map((s) => s.round_id);
  const tasks =
    roundIds.length === 0
      ? []
      : await source.db
          .selectFrom('sampling_tasks')
          .select(['round_id', 'status', 'created_at'])
          .where('county_code', '=', person.county_code)
          .where('person_id', '=', person.id)
          .where('kind', '=', 'recheck')
          .where('round_id', 'in', roundIds)
          .orderBy('created_at')
          .execute();
  const recheck = new Map(tasks.map((t) => [t.round_id, t.status])); // the latest task wins
  await recordAudit(source, {
    action: 'testing.resident_page_viewed',
    resourceType: 'person',
    resourceId: person.id,
    jpath: person.jpath,
  });
  const healthCode = source.healthCode ? await source.healthCode(person) : undefined;
  return {
    ...(healthCode ? { healthCode } : {}),
    name: maskName(person.name),
    code: samplingCodeOf(person.id),
    results: samples.map((s) => ({
      round: s.round,
      sampledAt: s.sampled_at.toISOString(),
      result: s.result ?? 'pending',
      resultedAt: s.resulted_at ? s.resulted_at.toISOString() : null,
      recheck: recheck.get(s.round_id) ?? null,
    })),
  };
}
