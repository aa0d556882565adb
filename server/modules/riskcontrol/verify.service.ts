/**
 * The checkpoint's verification (卡口核验): one request decides, with every reason, and logs the
 * check. What can be scanned or typed:
 * - a pass token (CDP1…): domain `checkPass` (signature by the published key, revocation read live
 *   from the database, validity, route, plate and driver as seen), then the online checks of the
 *   people it names: their code colour, a negative test within the crossing's hours, and the
 *   certificates the crossing asks for — the pass itself stands for some (domain/passes.ts);
 * - a person's code token (CDH1…): domain `checkCode`, then the person's code *now*, their latest
 *   negative test and the crossing's rule;
 * - a plate: the approved, valid pass of that plate, checked as above (none: no_pass_for_plate);
 * - an ID number: the person, anywhere in the city (travellers come from every county), as above.
 *
 * Decisions: a holder the population base does not know turns the check back (`person_unknown`):
 * the city cannot vouch for a code or a test it cannot see, and a supply vehicle's 三定 driver is
 * registered with their ID number precisely so that they can be checked; such a traveller is checked
 * on their own province's code by the officer, outside this decision. Anything unreadable, forged,
 * revoked, expired or off route turns back with its reason — never an error. Typed input that is
 * not a plate or an ID number is a 400 naming the field (a typo, not a traveller).
 *
 * Every check is one row of `checkpoint_checks` (id = the phone's clientId: a retried request is
 * logged once) and one audit entry (`risk.checked`: it reads a person's code), written together by
 * verify.log.ts — with the other checks that came in meanwhile, in one statement and one commit.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  CROSSINGS,
  type CheckpointPolicy,
  type Crossing,
  type CrossingProblem,
  crossingDecision,
  shiftOf,
} from '../../../domain/checkpoint-policy.js';
import { checkCode, decodeCode } from '../../../domain/code-token.js';
import { ID_PROBLEM_MESSAGES, maskName, parseIdNumber } from '../../../domain/idcard.js';
import { checkPass, decodePass } from '../../../domain/pass-token.js';
import { cstDate } from '../../../domain/tracing.js';
import { PASS_RULES, certificatesOf, parsePlate } from '../../../domain/passes.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { preparedStatement } from '../../db/connect.js';
import type { SigningKeys } from '../../platform/signing.js';
import { placesOfPaths } from '../population/places.js';
import { liveCode, testPolicy } from './codes.service.js';
import { logCheck } from './verify.log.js';
import type { VerifyBody, VerifyResult } from './verify.schema.js';

type Body = Static<typeof VerifyBody>;
type Result = Static<typeof VerifyResult>;
type Problem = { code: string } & Record<string, unknown>;
type Subject = Result['subject'];

export interface CheckpointRow {
  id: string;
  county_code: string;
  jpath: string;
  code: string;
  name: string;
  kind: string;
  policy: CheckpointPolicy;
  active: boolean;
}

/** The hot path's read (bench/verify.ts), parsed and planned once per connection; the write: verify.log.ts. */
const PREPARED_PASS = preparedStatement('verify_pass');

interface PassHolderRow {
  id: string;
  county_code: string;
  number: string;
  status: string;
  seq: number | null;
  role: 'driver' | 'holder' | null;
  name: string | null;
  id_masked: string | null;
  person_id: string | null;
  person_county: string | null;
  colour: 'yellow' | 'red' | null;
  changes_on: string | null;
  last_negative: Date | null;
}

const POLICY_CACHE_MS = 5000;
let policyCache: { at: number; hours: number | null } | null = null;

/** Forgets the cached policy (tests change it between two checks). */
export function forgetPolicy(): void {
  policyCache = null;
}

/** The city's test-recency policy (codes.service.ts), kept 5 s per server: checks come by the hundred. */
async function policyHours(ctx: RequestContext): Promise<number | null> {
  if (policyCache && Date.now() - policyCache.at < POLICY_CACHE_MS) return policyCache.hours;
  const { hours } = await testPolicy(ctx.db);
  policyCache = { at: Date.now(), hours };
  return hours;
}

/**
 * A holder's colour now, from the row the pass query read: a stored code due to change today is
 * recomputed (liveCode), and the test-recency policy, when on, turns a green without a recent
 * negative yellow — as every other reader of codes sees it (codes.service.ts withPolicy).
 */
async function holderColour(
  ctx: RequestContext,
  h: PassHolderRow,
  negative: Date | null,
  now: Date,
): Promise<'green' | 'yellow' | 'red'> {
  if (h.changes_on !== null && h.changes_on <= cstDate(now))
    return (await liveCode(ctx.db, h.person_county!, h.person_id!, now)).colour;
  const stored = h.colour ?? 'green';
  const hours = await policyHours(ctx);
  if (hours === null || stored !== 'green') return stored;
  const recent =
    negative !== null && negative.getTime() >= now.getTime() - hours * 3600_000 && negative <= now;
  return recent ? stored : 'yellow';
}

const CHECKPOINT_CACHE_MS = 5000;
const checkpointCache = new Map<string, { at: number; row: CheckpointRow }>();

/**
 * A checkpoint the actor may check at: in their subtree and open. Each server keeps a checkpoint
 * for 5 s (a gate checks hundreds of people a minute): a checkpoint closed or re-zoned elsewhere is
 * refused here within 5 s — as sessions are (docs/ARCHITECTURE.md).
 */
export async function checkpointForCheck(ctx: RequestContext, id: string): Promise<CheckpointRow> {
  const cached = checkpointCache.get(id);
  let row = cached && Date.now() - cached.at < CHECKPOINT_CACHE_MS ? cached.row : undefined;
  if (!row) {
    const found = await ctx.db
      .selectFrom('checkpoints')
      .select(['id', 'county_code', 'jpath', 'code', 'name', 'kind', 'policy', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) throw Errors.notFound('Checkpoint', id);
    row = { ...found, policy: found.policy };
    if (checkpointCache.size > 10_000) checkpointCache.clear();
    checkpointCache.set(id, { at: Date.now(), row });
  }
  assertInScope(scopeOf(ctx.actor), row.jpath, `Checkpoint ${row.code}`);
  if (!row.active) throw Errors.checkpointInactive(row.code);
  return row;
}

/** The crossing asked for, else the medical one for a medical pass, else the policy's first. */
function crossingOf(policy: CheckpointPolicy, asked: Crossing | undefined, passType?: string): Crossing {
  if (asked) return asked;
  if (passType === 'medical' && policy.medical) return 'medical';
  return CROSSINGS.find((c) => policy[c] !== undefined) ?? CROSSINGS[0];
}

/** Whether a signature verifies by a published key of the right purpose (null: no such key). */
async function signatureOf(
  signing: SigningKeys,
  purpose: 'p' | 'c',
  keyId: string,
  signed: string,
  signature: Uint8Array,
): Promise<boolean | null> {
  // Key ids start with their purpose's letter (platform/signing.ts): a code key signs no pass.
  if (!keyId.startsWith(purpose)) return null;
  return signing.verify(keyId, signed, signature);
}

const sameProblem = (a: Problem, b: Problem) => JSON.stringify(a) === JSON.stringify(b);
function push(list: Problem[], problem: Problem): void {
  if (!list.some((p) => sameProblem(p, problem))) list.push(problem);
}

interface Decided {
  verdict: 'pass' | 'turn_back';
  problems: Problem[];
  pass: Result['pass'];
  person: Result['person'];
  passId: string | null;
  personId: string | null;
  plate: string | null;
  vehicle: boolean;
  crossing: Crossing;
}

const decided = (d: Omit<Decided, 'verdict'>): Decided => ({
  ...d,
  verdict: d.problems.length === 0 ? 'pass' : 'turn_back',
});

/** A decision about no known pass or person: only the problems, the plate seen, the crossing. */
const unidentified = (
  problems: Problem[],
  crossing: Crossing,
  vehicle: { plate: string | null; vehicle: boolean } = { plate: null, vehicle: false },
): Decided =>
  decided({ problems, pass: null, person: null, passId: null, personId: null, ...vehicle, crossing });

/** What the crossing itself asks (allowed here? certificates?), apart from any one person. */
function ruleProblems(
  policy: CheckpointPolicy,
  crossing: Crossing,
  certificates: Body['certificates'] & object,
  now: Date,
): CrossingProblem[] {
  return crossingDecision(policy, { crossing, colour: 'green', lastNegativeAt: now, certificates }, now)
    .problems;
}

/** One person's colour and test against the crossing's rule. */
function personProblems(
  policy: CheckpointPolicy,
  crossing: Crossing,
  colour: 'green' | 'yellow' | 'red',
  lastNegative: Date | null,
  now: Date,
): CrossingProblem[] {
  const rule = policy[crossing];
  if (!rule) return [];
  return crossingDecision(
    policy,
    { crossing, colour, lastNegativeAt: lastNegative, certificates: rule.certificates },
    now,
  ).problems.filter((p) => p.code === 'code_colour' || p.code === 'no_recent_negative');
}

// ---------------------------------------------------------------------------------------------
// A pass

async function decidePass(
  ctx: RequestContext,
  signing: SigningKeys,
  cp: CheckpointRow,
  token: string,
  body: Body,
  now: Date,
): Promise<Decided> {
  const decoded = decodePass(token);
  const signatureValid = decoded.ok
    ? await signatureOf(signing, 'p', decoded.claims.k, decoded.signed, decoded.signature)
    : false;
  // The pass, its holders and each holder's stored code and latest negative test, in one round
  // trip (the hot path: bench/verify.ts). The colour and the test are read as codes.read.ts reads
  // them (`storedCode`: no row = green; `lastNegativeAt`: the latest sample of a negative tube).
  const rows =
    decoded.ok && signatureValid
      ? (
          await sql<PassHolderRow>`${PREPARED_PASS}select s.id, s.county_code, s.number, s.status,
            h.seq, h.role, h.name, h.id_masked, p.id as person_id, p.county_code as person_county,
            c.colour, c.changes_on,
            (select max(x.sampled_at) from samples x
              join tubes t on t.county_code = x.tube_county and t.id = x.tube_id
              where x.county_code = p.county_code and x.person_id = p.id and t.result = 'negative') as last_negative
            from passes s
            left join pass_holders h on h.county_code = s.county_code and h.pass_id = s.id
            left join people p on p.county_code = h.person_county and p.id = h.person_id
            left join health_codes c on c.county_code = h.person_county and c.person_id = h.person_id
            where s.id = ${decoded.claims.id}::uuid
            order by h.seq`.execute(ctx.db)
        ).rows
      : [];
  const row = rows[0];
  const driver = body.driver;
  // Live: revoked a second ago is revoked now (phones offline use their cached list). A signed
  // pass with no row any more is treated as revoked.
  const revoked = new Set<string>();
  if (decoded.ok && signatureValid && (!row || row.status === 'revoked')) revoked.add(decoded.claims.id);
  const decision = checkPass(decoded, {
    now,
    checkpoint: cp.code,
    signatureValid,
    revoked,
    seen: {
      ...(body.plate?.trim() ? { plate: body.plate } : {}),
      ...(driver?.name?.trim() ? { driverName: driver.name } : {}),
      ...(driver?.idNumber?.trim() ? { driverIdNumber: driver.idNumber } : {}),
    },
  });
  const problems: Problem[] = decision.problems.map((p) => ({ ...p }));
  const claims = decision.claims;
  const asked = crossingOf(cp.policy, body.crossing, claims?.t);
  if (!claims || !row) {
    return unidentified(problems, asked, {
      plate: body.plate ? (parsePlate(body.plate) ?? null) : null,
      vehicle: Boolean(body.plate),
    });
  }
  const certificates = [...new Set([...(body.certificates ?? []), ...certificatesOf(claims.t)])];
  for (const p of ruleProblems(cp.policy, asked, certificates, now)) push(problems, p);

  // The people this crossing is about: the driver at the wheel when named, else every driver of a
  // vehicle pass, else everyone on the pass.
  if (!problems.some((p) => p.code === 'driver_not_named')) {
    const holders = rows.flatMap((h) =>
      h.seq !== null && h.name !== null && h.id_masked !== null && h.role !== null
        ? [{ ...h, name: h.name, id_masked: h.id_masked, role: h.role }]
        : [],
    );
    const name = driver?.name?.trim();
    const last4 = driver?.idNumber?.trim().toUpperCase().slice(-4);
    const atWheel =
      name || last4
        ? holders.filter(
            (h) => (!name || h.name === name) && (!last4 || h.id_masked.toUpperCase().endsWith(last4)),
          )
        : [];
    // The token is what was signed: the people it names (name and last four), as registered.
    const named = holders.filter((h) =>
      claims.d.some((d) => d.n === h.name && h.id_masked.toUpperCase().endsWith(d.i.toUpperCase())),
    );
    const checked =
      atWheel.length > 0
        ? atWheel.slice(0, 1)
        : PASS_RULES[claims.t].vehicle
          ? named.filter((h) => h.role === 'driver')
          : named;
    const facts = await Promise.all(
      checked.map(async (h) => {
        const negative = h.last_negative ? new Date(h.last_negative) : null;
        const code = h.person_id ? { colour: await holderColour(ctx, h, negative, now) } : null;
        return { h, code, negative };
      }),
    );
    for (const f of facts) {
      if (!f.code) {
        push(problems, { code: 'person_unknown', name: f.h.name });
        continue;
      }
      for (const p of personProblems(cp.policy, asked, f.code.colour, f.negative, now)) {
        if (p.code === 'code_colour')
          push(problems, { code: 'driver_code_colour', colour: p.colour, name: f.h.name });
        else if (p.code === 'no_recent_negative')
          push(problems, {
            code: 'driver_no_recent_negative',
            hours: p.hours,
            name: f.h.name,
            lastNegativeAt: p.lastNegativeAt,
          });
      }
    }
  }
  return decided({
    problems,
    pass: {
      id: claims.id,
      number: row.number,
      type: claims.t,
      plate: claims.p,
      holders: claims.d.map((d) => ({ name: d.n, idLast4: d.i })),
      route: claims.r,
      validUntil: new Date(claims.u * 1000).toISOString(),
    },
    person: null,
    passId: claims.id,
    personId: null,
    plate: claims.p,
    vehicle: claims.p !== null,
    crossing: asked,
  });
}

/** The approved pass of a plate valid now (a revoked one too: it turns back as revoked). */
async function passOfPlate(ctx: RequestContext, plate: string, checkpointCode: string, now: Date) {
  const rows = await ctx.db
    .selectFrom('passes')
    .select(['token', 'status', 'route'])
    .where('plate', '=', plate)
    .where('status', 'in', ['approved', 'revoked'])
    .where('token', 'is not', null)
    .where('valid_from', '<=', now)
    .where('valid_until', '>=', now)
    .limit(20)
    .execute();
  const rank = (r: (typeof rows)[number]) =>
    (r.status === 'approved' ? 2 : 0) + (r.route.length === 0 || r.route.includes(checkpointCode) ? 1 : 0);
  return rows.sort((a, b) => rank(b) - rank(a))[0]?.token ?? null;
}

// ---------------------------------------------------------------------------------------------
// A person (code token or ID number)

async function decidePerson(
  ctx: RequestContext,
  cp: CheckpointRow,
  who: { countyCode: string; personId: string } | { idHash: Buffer },
  body: Body,
  now: Date,
  problems: Problem[],
): Promise<Decided> {
  let qb = ctx.db.selectFrom('people').select(['id', 'county_code', 'name', 'id_masked']);
  qb =
    'idHash' in who
      ? qb.where('id_hash', '=', who.idHash)
      : qb.where('county_code', '=', who.countyCode).where('id', '=', who.personId);
  const crossing = crossingOf(cp.policy, body.crossing);
  const person = await qb.limit(1).executeTakeFirst();
  for (const p of ruleProblems(cp.policy, crossing, body.certificates ?? [], now)) push(problems, p);
  if (!person) {
    push(problems, { code: 'person_unknown' });
    return unidentified(problems, crossing);
  }
  // The code now: stored (recomputed when due) with the city's test-recency policy on top.
  const code = await liveCode(ctx.db, person.county_code, person.id, now);
  const negative = code.lastNegativeAt;
  for (const p of personProblems(cp.policy, crossing, code.colour, negative, now)) push(problems, p);
  return decided({
    problems,
    pass: null,
    person: {
      name: maskName(person.name),
      idMasked: person.id_masked,
      colour: code.colour,
      reasons: code.reasons as unknown as Array<{ code: string }>,
      lastNegativeAt: negative?.toISOString() ?? null,
    },
    passId: null,
    personId: person.id,
    plate: null,
    vehicle: false,
    crossing,
  });
}

// ---------------------------------------------------------------------------------------------
// The request

export async function verifyAtCheckpoint(
  ctx: RequestContext,
  signing: SigningKeys,
  checkpointId: string,
  body: Body,
): Promise<Result> {
  requirePermission(ctx.actor, Permission.RiskVerify);
  const cp = await checkpointForCheck(ctx, checkpointId);
  const now = new Date();
  const scan = body.scan?.trim();
  let subject: Subject;
  let d: Decided;
  if (scan) {
    if (scan.startsWith('CDH1.')) {
      subject = 'person_code';
      const decoded = decodeCode(scan);
      const signatureValid = decoded.ok
        ? await signatureOf(signing, 'c', decoded.claims.k, decoded.signed, decoded.signature)
        : false;
      const checked = checkCode(decoded, { now, signatureValid });
      const problems: Problem[] = checked.problems.map((p) => ({ ...p }));
      d = checked.claims
        ? await decidePerson(
            ctx,
            cp,
            { countyCode: checked.claims.c, personId: checked.claims.p },
            body,
            now,
            problems,
          )
        : unidentified(problems, crossingOf(cp.policy, body.crossing));
    } else {
      subject = 'pass';
      d = await decidePass(ctx, signing, cp, scan, body, now);
    }
  } else if (body.plate?.trim()) {
    subject = 'plate';
    const plate = parsePlate(body.plate);
    if (!plate)
      throw Errors.validation([{ field: 'plate', message: 'not a Chinese plate (e.g. 冀R·12345)' }]);
    const token = await passOfPlate(ctx, plate, cp.code, now);
    d = token
      ? await decidePass(ctx, signing, cp, token, body, now)
      : unidentified([{ code: 'no_pass_for_plate', plate }], crossingOf(cp.policy, body.crossing), {
          plate,
          vehicle: true,
        });
  } else if (body.idNumber?.trim()) {
    subject = 'id_number';
    const id = parseIdNumber(body.idNumber, now);
    if (!id.ok) throw Errors.validation([{ field: 'idNumber', message: ID_PROBLEM_MESSAGES[id.problem].en }]);
    d = await decidePerson(ctx, cp, { idHash: ctx.pii.hash(id.value) }, body, now, []);
  } else {
    throw Errors.validation([{ field: 'scan', message: 'scan a QR code, or type a plate or an ID number' }]);
  }

  const checkId = body.clientId ?? crypto.randomUUID();
  const { day, shift } = shiftOf(now);
  // The check and its audit entry, committed before the answer (verify.log.ts: with the checks
  // that came in meanwhile, in one statement); a retried request (same clientId) logs neither twice.
  await logCheck(ctx.db, {
    id: checkId,
    county_code: cp.county_code,
    jpath: cp.jpath,
    checkpoint_id: cp.id,
    at: now.toISOString(),
    day,
    shift,
    by_user: ctx.actor.userId,
    subject,
    crossing: d.crossing,
    vehicle: d.vehicle,
    pass_id: d.passId,
    person_id: d.personId,
    plate: d.plate,
    verdict: d.verdict,
    problems: d.problems,
    reason_codes: [...new Set(d.problems.map((p) => p.code))],
    username: ctx.actor.username,
    role: ctx.actor.role,
    ip: ctx.ip,
    user_agent: ctx.userAgent,
    request_id: ctx.requestId,
    detail: { checkpoint: cp.code, subject, verdict: d.verdict, passId: d.passId, personId: d.personId },
  });
  return {
    checkId,
    verdict: d.verdict,
    problems: d.problems,
    subject,
    pass: d.pass,
    person: d.person,
    checkpoint: { id: cp.id, code: cp.code, name: cp.name },
    at: now.toISOString(),
  };
}

/** The open checkpoints of my subtree I may check at, with their policy (the phone's picker). */
export async function myCheckpoints(ctx: RequestContext) {
  requirePermission(ctx.actor, Permission.RiskVerify);
  const rows = await ctx.db
    .selectFrom('checkpoints as c')
    .select(['c.id', 'c.code', 'c.name', 'c.kind', 'c.jpath', 'c.policy'])
    .where(inScope(scopeOf(ctx.actor), 'c'))
    .where('c.active', '=', true)
    .orderBy('c.kind')
    .orderBy('c.code')
    .limit(500)
    .execute();
  const placeOf = await placesOfPaths(
    ctx.db,
    rows.map((r) => r.jpath),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    place: placeOf(r.jpath),
    policy: r.policy,
  }));
}
