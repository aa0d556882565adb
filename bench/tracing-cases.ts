/**
 * 100 new cases (issue: case investigation, "100 new cases < 5 s"). On a database that already holds
 * people (the synthetic city, migrated to latest), an investigator of the city reports 100 cases of
 * people of the base one after the other through `createCase` (cases.service.ts) — what each report
 * costs end to end inside the server: the person looked up and copied, the per-county number under
 * its advisory lock, the duplicate checks, the team of the area (分片包干), the contacts side
 * (`onCaseCreated`), the audit entry and the outbox event, and the case page returned.
 *
 * Baseline in the same run: the very rows those reports wrote, INSERTed again one statement each
 * (autocommit) into a copy of `cases` with the same indexes → the ratio says how much the rules cost
 * on top of merely storing a case.
 *
 * Setup not measured: the investigator account, one team per county, choosing 100 people who have
 * no open case. The 100 cases stay in the database (created_by = the bench account).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { parseJurisdictionCode } from '../domain/jurisdiction.js';
import { cstDate } from '../domain/tracing.js';
import type { DatabaseHandle } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createCase } from '../server/modules/tracing/cases.service.js';
import { actorFromUser, createUserUnchecked } from '../server/modules/users/users.service.js';
import type { RequestContext } from '../server/platform/context.js';
import type { PiiCipher } from '../server/platform/pii.js';
import { ms, percentile, say } from './lib.js';

const CASES = 100;
const TARGET_MS = 5000;

export interface CasesBenchResult {
  backend: string;
  people: number;
  cases: number;
  /** All reports through createCase, one after the other. */
  serviceMs: number;
  perCase: { p50: number; p95: number; max: number };
  /** The same rows as plain INSERTs, one statement each. */
  baselineMs: number;
  /** serviceMs / baselineMs. */
  ratio: number;
  targetMet: boolean;
}

async function investigatorContext(
  handle: DatabaseHandle,
  pii: PiiCipher,
  run: string,
): Promise<RequestContext> {
  const user = await createUserUnchecked(handle.db, {
    username: `bench.tracing.investigator.${run}`,
    displayName: 'bench',
    role: 'investigator',
    jurisdictionCode: parseJurisdictionCode('1310')!.code,
    password: crypto.randomBytes(12).toString('hex') + 'a1',
  });
  return {
    db: handle.db,
    actor: actorFromUser(user),
    requestId: 'bench',
    ip: '127.0.0.1',
    userAgent: null,
    log: pino({ level: 'silent' }),
    pii,
  };
}

/** One team per county, so that every report also finds the team of its area. */
async function ensureTeams(handle: DatabaseHandle, run: string): Promise<void> {
  await sql`
    insert into tracing_teams (county_code, jpath, name)
    select j.county_code, j.jpath, j.short_name || '流调队 ' || ${run}::text from jurisdictions j
    where j.level = 'county' and j.code like '1310%'
      and not exists (select 1 from tracing_teams t where t.jpath = j.jpath)`.execute(handle.db);
}

async function pickPeople(handle: DatabaseHandle): Promise<{ ids: string[]; total: number }> {
  const total = Number(
    (await sql<{ n: number }>`select count(*)::int as n from people`.execute(handle.db)).rows[0]!.n,
  );
  if (total < CASES)
    throw new Error(`tracing cases bench: the database holds ${total} people; needs ${CASES}`);
  // Spread over the city (every 97th person in id order, from a random start) and without a case yet.
  const { rows } = await sql<{ id: string }>`
    select id from (
      select id, row_number() over (order by id) as n
      from (select id from people where id > ${crypto.randomUUID()}::uuid order by id limit ${CASES * 97}) s
    ) p
    where n % 97 = 0 and not exists (select 1 from cases c where c.person_id = p.id and c.status = 'open')
    limit ${CASES}`.execute(handle.db);
  if (rows.length < CASES) {
    const more = await sql<{ id: string }>`
      select p.id from people p
      where not exists (select 1 from cases c where c.person_id = p.id and c.status = 'open')
        and p.id <> all(${rows.map((r) => r.id)}::uuid[])
      limit ${CASES - rows.length}`.execute(handle.db);
    rows.push(...more.rows);
  }
  return { ids: rows.map((r) => r.id), total };
}

async function baseline(handle: DatabaseHandle, caseIds: string[]): Promise<number> {
  const db = handle.db;
  const table = `bench_cases_${crypto.randomBytes(4).toString('hex')}`;
  await sql`create table ${sql.table(table)} (like cases including defaults including indexes)`.execute(db);
  try {
    const rows = await db.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute();
    const columns = Object.keys(rows[0]!);
    const t0 = performance.now();
    for (const row of rows) {
      const values = columns.map((c) => {
        const v = (row as Record<string, unknown>)[c];
        return c === 'interview' ? JSON.stringify(v) : v;
      });
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
        values (${sql.join(values)})`.execute(db);
    }
    return performance.now() - t0;
  } finally {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}

export async function casesBench(handle: DatabaseHandle, pii: PiiCipher): Promise<CasesBenchResult> {
  await migrateToLatest(handle.db);
  const run = Date.now().toString(36);
  const ctx = await investigatorContext(handle, pii, run);
  await ensureTeams(handle, run);
  const people = await pickPeople(handle);
  const today = cstDate(new Date());

  const samples: number[] = [];
  const created: string[] = [];
  const t0 = performance.now();
  for (const personId of people.ids) {
    const s = performance.now();
    const c = await createCase(ctx, {
      personId,
      classification: 'asymptomatic',
      foundIn: 'community',
      sampledDate: today,
    });
    samples.push(performance.now() - s);
    created.push(c.id);
  }
  const serviceMs = performance.now() - t0;
  const baselineMs = await baseline(handle, created);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    backend: handle.kind,
    people: people.total,
    cases: created.length,
    serviceMs,
    perCase: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN },
    baselineMs,
    ratio: serviceMs / baselineMs,
    targetMet: serviceMs < TARGET_MS,
  };
}

export function printCasesBench(r: CasesBenchResult): void {
  const n = (x: number) => x.toLocaleString('en-US');
  say(
    `  ${r.backend.padEnd(9)} ${n(r.cases)} new cases among ${n(r.people)} people, one after the other through createCase\n` +
      `            total ${ms(r.serviceMs)} (target < 5 s: ${r.targetMet ? 'met' : 'NOT MET'}); per case p50 ` +
      `${ms(r.perCase.p50)}, p95 ${ms(r.perCase.p95)}, max ${ms(r.perCase.max)}\n` +
      `            baseline: the same ${n(r.cases)} rows as plain INSERTs ${ms(r.baselineMs)}; ` +
      `createCase / INSERT ratio ${r.ratio.toFixed(1)}×`,
  );
}
