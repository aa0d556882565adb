/**
 * A person's health-code facts (domain/healthcode.ts `HealthCodeFacts`) read from the tables of the
 * modules that know them — for a set of people (an event's people, a lookup) or for everyone with a
 * fact in an area (the full recompute, a zone's residents). Pure mapping (`toFacts`) is separate
 * from the queries so both paths decide the same way.
 *
 * Where each fact comes from (README.md "Health codes"):
 *  - case: tracing `cases` of the person (person_id). An open case not yet taken into care
 *    (`isolated_at` null) → `positive_screen` (a reported positive, still at large); open with
 *    `isolated_at` → `in_care` (hospital or shelter); no open case but a closed one → `discharged`
 *    on the CST day the case was last written (`updated_at`: tracing keeps no closing date; an edit
 *    after closing moves it — an assumption, a `closed_at` column would be exact).
 *  - contacts: tracing `contacts` of the person (degree, status, plan, released_at).
 *  - companion: the latest of a tracing candidate decision 'companion' (decided_at) and an active
 *    `health_marks` companion mark (on_date).
 *  - areas: the most specific active zone whose jpath is a prefix of the person's (the zone that
 *    governs a place, as the testing module's most specific round area does): sealed/high → high,
 *    controlled/medium → medium, prevention/low → low, as resident, named by the zone.
 *  - arrival / external: active `health_marks` (the latest arrival from a high or medium area; the
 *    strongest, then latest, colour set by another province).
 *  - tests: the person's samples with a tube result, only for people with a companion mark (the only
 *    stored reason they can clear). A negative pool counts negative for each member; a positive pool
 *    is not the person's result (dropped, as contacts.release.ts treats it); a single positive tube is.
 *    The test-recency policy is not a stored fact: codes.service.ts applies it at read time.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { AreaRisk, HealthCodeFacts } from '../../../domain/healthcode.js';
import {
  type ContactDegree,
  type ContactStatus,
  type QuarantinePlan,
  cstDate,
  cstMidnight,
} from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

/** A raw SQL runner: Kysely (a transaction or the pool) or a bulk session (codes.recompute.ts). */
export type Query = <R>(text: string, params?: unknown[]) => Promise<R[]>;

export function kyselyQuery(db: Executor): Query {
  return async <R>(text: string, params: unknown[] = []) =>
    (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
}

/**
 * Runs the queries one after the other: they share one connection (a transaction, a bulk session),
 * where node-postgres would only queue them anyway (and warns that concurrent use will end).
 */
export async function inOrder<T extends readonly unknown[]>(thunks: {
  [K in keyof T]: () => Promise<T[K]>;
}): Promise<T> {
  const out: unknown[] = [];
  for (const thunk of thunks as ReadonlyArray<() => Promise<unknown>>) out.push(await thunk());
  return out as unknown as T;
}

export interface PersonRef {
  countyCode: string;
  personId: string;
  jpath: string;
}

export interface RawFacts {
  cases: Array<{ status: 'open' | 'closed'; isolatedAt: Date | null; updatedAt: Date }>;
  contacts: HealthCodeFacts['contacts'];
  companionOn: string | null;
  arrival: HealthCodeFacts['arrival'];
  external: HealthCodeFacts['external'];
  tests: HealthCodeFacts['tests'];
}

export interface ZoneFact {
  jpath: string;
  name: string;
  kind: string;
}

const ZONE_RISK: Record<string, AreaRisk> = {
  sealed: 'high',
  high: 'high',
  controlled: 'medium',
  medium: 'medium',
  prevention: 'low',
  low: 'low',
};

export const emptyFacts = (): RawFacts => ({
  cases: [],
  contacts: [],
  companionOn: null,
  arrival: null,
  external: null,
  tests: [],
});

/** Every path a zone governing `jpath` could have: the division prefixes and each `/` segment. */
export function pathPrefixes(jpath: string): string[] {
  const out = new Set<string>();
  for (const n of [4, 6, 9, 12])
    if (jpath.length >= n && /^\d+$/.test(jpath.slice(0, n))) out.add(jpath.slice(0, n));
  for (let i = jpath.indexOf('/'); i >= 0; i = jpath.indexOf('/', i + 1)) out.add(jpath.slice(0, i + 1));
  out.add(jpath);
  return [...out];
}

/** The most specific active zone over `jpath`, from a map of zones by path. */
export function zoneOver(zones: ReadonlyMap<string, ZoneFact>, jpath: string): ZoneFact | null {
  let best: ZoneFact | null = null;
  for (const p of pathPrefixes(jpath)) {
    const z = zones.get(p);
    if (z && (!best || z.jpath.length > best.jpath.length)) best = z;
  }
  return best;
}

/** The case state of a person from their tracing cases (see the mapping above). */
export function caseState(cases: RawFacts['cases']): HealthCodeFacts['case'] {
  const open = cases.filter((c) => c.status === 'open');
  if (open.some((c) => c.isolatedAt !== null)) return { state: 'in_care' };
  if (open.length > 0) return { state: 'positive_screen' };
  if (cases.length === 0) return null;
  const last = cases.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
  return { state: 'discharged', dischargedOn: cstDate(last.updatedAt) };
}

/** Everything healthCode() needs, without the test-recency policy (stored codes never hold it). */
export function toFacts(raw: RawFacts, zone: ZoneFact | null, now: Date): HealthCodeFacts {
  const risk = zone ? ZONE_RISK[zone.kind] : undefined;
  return {
    now,
    case: caseState(raw.cases),
    contacts: raw.contacts,
    companionOn: raw.companionOn,
    areas: zone && risk ? [{ risk, as: 'resident', name: zone.name }] : [],
    arrival: raw.arrival,
    tests: raw.tests,
    external: raw.external,
    testWithinHours: null,
  };
}

/** Whether anything at all is known about the person (no fact: green without computing). */
export function hasFacts(raw: RawFacts): boolean {
  return (
    raw.cases.length > 0 ||
    raw.contacts.length > 0 ||
    raw.companionOn !== null ||
    raw.arrival !== null ||
    raw.external !== null
  );
}

// ---------------------------------------------------------------------------------------------
// Rows → facts (shared by both loaders)

interface CaseRow {
  person_id: string;
  status: 'open' | 'closed';
  isolated_at: Date | null;
  updated_at: Date;
}
interface ContactRow {
  person_id: string;
  degree: ContactDegree;
  status: ContactStatus;
  plan: QuarantinePlan;
  released_at: Date | null;
}
interface CompanionRow {
  person_id: string;
  at: string;
}
interface MarkRow {
  person_id: string;
  kind: 'companion' | 'arrival' | 'external';
  on_date: string;
  risk: AreaRisk | null;
  colour: 'red' | 'yellow' | null;
  source: string;
}
interface TestRow {
  person_id: string;
  sampled_at: Date;
  result: 'negative' | 'positive' | 'invalid';
  members: number;
}

function into(map: Map<string, RawFacts>, personId: string): RawFacts {
  let f = map.get(personId);
  if (!f) {
    f = emptyFacts();
    map.set(personId, f);
  }
  return f;
}

function addCase(map: Map<string, RawFacts>, r: CaseRow): void {
  into(map, r.person_id).cases.push({
    status: r.status,
    isolatedAt: r.isolated_at ? new Date(r.isolated_at) : null,
    updatedAt: new Date(r.updated_at),
  });
}

function addContact(map: Map<string, RawFacts>, r: ContactRow): void {
  into(map, r.person_id).contacts.push({
    degree: r.degree,
    status: r.status,
    plan: r.plan,
    releasedOn: r.released_at ? cstDate(new Date(r.released_at)) : null,
  });
}

function addCompanion(map: Map<string, RawFacts>, personId: string, on: string): void {
  const f = into(map, personId);
  if (!f.companionOn || on > f.companionOn) f.companionOn = on;
}

function addMark(map: Map<string, RawFacts>, r: MarkRow): void {
  const f = into(map, r.person_id);
  if (r.kind === 'companion') addCompanion(map, r.person_id, r.on_date);
  else if (r.kind === 'arrival') {
    const risk = r.risk ?? 'low';
    if (risk === 'low') return;
    if (!f.arrival || r.on_date > f.arrival.on) f.arrival = { risk, on: r.on_date, from: r.source };
  } else if (r.colour) {
    const stronger =
      !f.external ||
      (r.colour === 'red' && f.external.colour === 'yellow') ||
      (r.colour === f.external.colour && r.on_date >= (externalOn.get(f) ?? ''));
    if (stronger) {
      f.external = { colour: r.colour, by: r.source };
      externalOn.set(f, r.on_date);
    }
  }
}
const externalOn = new WeakMap<RawFacts, string>();

function addTest(map: Map<string, RawFacts>, r: TestRow): void {
  // A positive pool of several people says nothing about this one until their own recheck.
  if (r.result === 'positive' && r.members > 1) return;
  into(map, r.person_id).tests.push({ at: new Date(r.sampled_at), result: r.result });
}

const TEST_SQL = `
  select s.person_id, s.sampled_at, t.result, t.members
    from unnest($1::text[], $2::uuid[], $3::timestamptz[]) as w(county_code, person_id, since)
    join samples s on s.county_code = w.county_code and s.person_id = w.person_id and s.sampled_at >= w.since
    join tubes t on t.county_code = s.tube_county and t.id = s.tube_id
   where t.result is not null
   order by s.person_id, s.sampled_at`;

/** Tests of the people with a companion mark, from the mark's day. */
async function loadTests(
  q: Query,
  map: Map<string, RawFacts>,
  countyOf: (id: string) => string,
): Promise<void> {
  const wanted = [...map].filter(([, f]) => f.companionOn !== null);
  if (wanted.length === 0) return;
  const rows = await q<TestRow>(TEST_SQL, [
    wanted.map(([id]) => countyOf(id)),
    wanted.map(([id]) => id),
    wanted.map(([, f]) => cstMidnight(f.companionOn!)),
  ]);
  for (const r of rows) addTest(map, r);
}

// ---------------------------------------------------------------------------------------------
// A set of people

/** The people rows (county, jpath) of the given ids; unknown ids are left out. */
export async function peopleOf(q: Query, ids: readonly string[]): Promise<PersonRef[]> {
  if (ids.length === 0) return [];
  const rows = await q<{ county_code: string; id: string; jpath: string }>(
    `select county_code, id, jpath from people where id = any($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return rows.map((r) => ({ countyCode: r.county_code, personId: r.id, jpath: r.jpath }));
}

/** Facts of the given people (each keyed by person id; people with no fact get empty facts). */
export async function factsOfPeople(q: Query, people: readonly PersonRef[]): Promise<Map<string, RawFacts>> {
  const map = new Map<string, RawFacts>(people.map((p) => [p.personId, emptyFacts()]));
  if (people.length === 0) return map;
  const ids = people.map((p) => p.personId);
  const counties = people.map((p) => p.countyCode);
  const [cases, contacts, decisions, marks] = await inOrder([
    () =>
      q<CaseRow>(
        `select person_id, status, isolated_at, updated_at from cases where person_id = any($1::uuid[])`,
        [ids],
      ),
    () =>
      q<ContactRow>(
        `select c.person_id, c.degree, c.status, c.plan, c.released_at
         from unnest($1::text[], $2::uuid[]) as w(county_code, person_id)
         join contacts c on c.county_code = w.county_code and c.person_id = w.person_id`,
        [counties, ids],
      ),
    // candidate_decisions is keyed by the case's county and small (decisions made by hand): no index on person.
    () =>
      q<CompanionRow>(
        `select person_id, max(decided_at) as at from candidate_decisions
        where decision = 'companion' and person_id = any($1::uuid[]) group by person_id`,
        [ids],
      ),
    () =>
      q<MarkRow>(
        `select m.person_id, m.kind, m.on_date, m.risk, m.colour, m.source
         from unnest($1::text[], $2::uuid[]) as w(county_code, person_id)
         join health_marks m on m.county_code = w.county_code and m.person_id = w.person_id
        where m.ended_at is null`,
        [counties, ids],
      ),
  ]);
  for (const r of cases) addCase(map, r);
  for (const r of contacts) addContact(map, r);
  for (const r of decisions) addCompanion(map, r.person_id, cstDate(new Date(r.at)));
  for (const r of marks) addMark(map, r);
  const county = new Map(people.map((p) => [p.personId, p.countyCode]));
  await loadTests(q, map, (id) => county.get(id)!);
  return map;
}

/** The active zones that may govern any of these paths, by path. */
export async function zonesOver(q: Query, jpaths: readonly string[]): Promise<Map<string, ZoneFact>> {
  const prefixes = [...new Set(jpaths.flatMap(pathPrefixes))];
  if (prefixes.length === 0) return new Map();
  const rows = await q<ZoneFact>(
    `select jpath, name, kind from zones where status = 'active' and jpath = any($1::text[])`,
    [prefixes],
  );
  return new Map(rows.map((z) => [z.jpath, z]));
}

// ---------------------------------------------------------------------------------------------
// An area (a county, or a path inside one): everyone with a fact there

function like(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Facts of everyone in the county whose jpath starts with `prefix` and who has any fact, with
 * their path. Cases and contacts of a person of the base are kept by their home county (tracing
 * README), so each query stays inside the county; companion decisions (keyed by the case's county)
 * are few and looked up by person.
 */
export async function factsOfArea(
  q: Query,
  countyCode: string,
  prefix: string,
): Promise<{ facts: Map<string, RawFacts>; paths: Map<string, string> }> {
  const map = new Map<string, RawFacts>();
  const paths = new Map<string, string>();
  const p = like(prefix);
  const [cases, contacts, decisions, marks] = await inOrder([
    () =>
      q<CaseRow & { jpath: string }>(
        `select c.person_id, c.status, c.isolated_at, c.updated_at, p.jpath
         from cases c join people p on p.county_code = c.county_code and p.id = c.person_id
        where c.county_code = $1 and c.person_id is not null and p.jpath like $2`,
        [countyCode, p],
      ),
    () =>
      q<ContactRow & { jpath: string }>(
        `select c.person_id, c.degree, c.status, c.plan, c.released_at, p.jpath
         from contacts c join people p on p.county_code = c.county_code and p.id = c.person_id
        where c.county_code = $1 and c.person_id is not null and p.jpath like $2`,
        [countyCode, p],
      ),
    () =>
      q<CompanionRow & { jpath: string }>(
        `select d.person_id, max(d.decided_at) as at, p.jpath
         from candidate_decisions d join people p on p.id = d.person_id
        where d.decision = 'companion' and p.county_code = $1 and p.jpath like $2
        group by d.person_id, p.jpath`,
        [countyCode, p],
      ),
    () =>
      q<MarkRow & { jpath: string }>(
        `select m.person_id, m.kind, m.on_date, m.risk, m.colour, m.source, p.jpath
         from health_marks m join people p on p.county_code = m.county_code and p.id = m.person_id
        where m.county_code = $1 and m.ended_at is null and p.jpath like $2`,
        [countyCode, p],
      ),
  ]);
  for (const r of cases) {
    addCase(map, r);
    paths.set(r.person_id, r.jpath);
  }
  for (const r of contacts) {
    addContact(map, r);
    paths.set(r.person_id, r.jpath);
  }
  for (const r of decisions) {
    addCompanion(map, r.person_id, cstDate(new Date(r.at)));
    paths.set(r.person_id, r.jpath);
  }
  for (const r of marks) {
    addMark(map, r);
    paths.set(r.person_id, r.jpath);
  }
  await loadTests(q, map, () => countyCode);
  return { facts: map, paths };
}

/** Active zones of a county (and any city-level ones), by path. */
export async function zonesOfCounty(q: Query, countyCode: string): Promise<Map<string, ZoneFact>> {
  const rows = await q<ZoneFact>(
    `select jpath, name, kind from zones where status = 'active' and county_code = $1
      union all
     select jpath, name, kind from zones where status = 'active' and length(jpath) < 6 and $1 like jpath || '%'`,
    [countyCode],
  );
  return new Map(rows.map((z) => [z.jpath, z]));
}
