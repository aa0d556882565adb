/**
 * Health codes (issue 6 item 3): the full recompute of every person of the city (target 5.5 M
 * people on server PostgreSQL < 60 s) and the incremental update after a new case with 50 contacts
 * (target < 200 ms).
 *
 * On a database holding the synthetic city, seeded (not measured) with non-green facts written as
 * the other modules leave them: BENCH_HEALTHCODES_CASES cases (default 3,000 × the city's share of
 * 5.46 M people, at least 20), 50 contacts each living near their case (close 80 %, secondary 20 %;
 * in isolation, at home or released into monitoring), a third of the cases in care and a third
 * discharged days ago; two sealed villages and a controlled county (the smallest); 1,000 arrival,
 * 500 external and 1,000 companion marks.
 *
 * Measured:
 *  - the full recompute (`recomputeCodes`, two counties at a time, COPY + merge): from empty
 *    health_codes, and again with nothing changed; people/s;
 *  - baseline in the same run: streaming every person's id and path out (the same keyset pages,
 *    two counties at a time) and COPYing as many rows as the recompute wrote into a copy of
 *    health_codes with its indexes — the bare I/O of the job → the ratio;
 *  - the incremental update: a new case (a person of the base) naming 50 contacts near them, then
 *    the outbox handler for its `tracing.case_created` event (the one that runs in production) in
 *    its transaction — p50 / p95 over BENCH_HEALTHCODES_REPS (default 20).
 * Seeded rows are tagged (cases 'BHC-…', zones and marks 'bench') and removed at the end
 * (BENCH_HEALTHCODES_KEEP=1 keeps them); on BENCH_HEALTHCODES_DATABASE_URL the codes are then
 * recomputed once more from the database's own facts (not measured).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { editionById } from '../domain/protocol.js';
import { addDays, cstDate, quarantinePlan } from '../domain/tracing.js';
import type { DatabaseHandle } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { inBulkTransaction } from '../server/modules/population/generate/copy.js';
import { codeHandlers } from '../server/modules/riskcontrol/codes.events.js';
import {
  copyText,
  countyPaths,
  recomputeCodes,
  type StagedRow,
} from '../server/modules/riskcontrol/codes.recompute.js';
import type { OutboxEvent } from '../server/platform/outbox.js';
import { benchDatabase, ms, percentile, say } from './lib.js';
import { generatedCity } from './testing.js';
import { postgresHandle } from '../server/db/connect.js';

const CITY = '1310';
const CONTACTS = 50;
const FULL_TARGET_MS = 60_000;
const INCREMENTAL_TARGET_MS = 200;
const DAY = 86_400_000;

export interface HealthCodesBenchResult {
  backend: string;
  people: number;
  seeded: { cases: number; contacts: number; marks: number; zones: number };
  full: {
    ms: number;
    peoplePerSecond: number;
    evaluated: number;
    red: number;
    yellow: number;
    counties: number;
  };
  again: { ms: number; changed: number };
  baselineMs: number;
  ratio: number;
  incremental: { p50: number; p95: number; max: number; reps: number };
  targets: { full: boolean; incremental: boolean };
}

interface Picked {
  id: string;
  county_code: string;
  jpath: string;
  name: string;
}

async function pick(handle: DatabaseHandle, n: number, total: number): Promise<Picked[]> {
  const pct = Math.min(100, ((n * 1.3) / Math.max(total, 1)) * 100);
  const { rows } = await sql<Picked>`
    select id, county_code, jpath, name from people tablesample bernoulli (${sql.lit(pct)}) repeatable (42)
     where not exists (select 1 from cases c where c.person_id = people.id)
       and not exists (select 1 from contacts c where c.county_code = people.county_code and c.person_id = people.id)
     order by jpath, id limit ${n}`.execute(handle.db);
  return rows;
}

/** A case row and its contacts with links, as tracing writes them; ids returned. */
async function insertCluster(
  handle: DatabaseHandle,
  groups: Array<{ index: Picked; contacts: Picked[]; state: number }>,
  tag: string,
): Promise<void> {
  const rules = editionById('hebei-2022-03').tracing;
  const now = Date.now();
  const today = cstDate(new Date());
  for (let g = 0; g < groups.length; g += 500) {
    const batch = groups.slice(g, g + 500);
    const cases = await sql<{ id: string; person_id: string }>`
      insert into cases (county_code, jpath, number, person_id, name, classification, found_in, source,
                         edition_id, sampled_date, reported_at, isolated_at, status, updated_at)
      select * from unnest(${batch.map((b) => b.index.county_code)}::text[], ${batch.map((b) => b.index.jpath)}::text[],
                           ${batch.map((_, i) => `BHC-${tag}-${g + i}`)}::text[], ${batch.map((b) => b.index.id)}::uuid[],
                           ${batch.map((b) => b.index.name)}::text[], ${batch.map(() => 'confirmed')}::text[],
                           ${batch.map(() => 'community')}::text[], ${batch.map(() => 'manual')}::text[],
                           ${batch.map(() => 'hebei-2022-03')}::text[], ${batch.map(() => today)}::date[],
                           ${batch.map(() => new Date(now - DAY))}::timestamptz[],
                           ${batch.map((b) => (b.state === 0 ? null : new Date(now - DAY / 2)))}::timestamptz[],
                           ${batch.map((b) => (b.state === 2 ? 'closed' : 'open'))}::text[],
                           ${batch.map((b, i) => new Date(b.state === 2 ? now - (1 + (i % 6)) * DAY : now))}::timestamptz[])
      returning id, person_id`.execute(handle.db);
    const caseOf = new Map(cases.rows.map((r) => [r.person_id, r.id]));
    const contacts = batch.flatMap((b) =>
      b.contacts.map((p, i) => {
        const degree = i % 5 === 4 ? ('secondary' as const) : ('close' as const);
        const exposure = new Date(now - (1 + (i % 12)) * DAY);
        const plan = quarantinePlan(rules[degree], exposure);
        const released = i % 7 === 6;
        return {
          p,
          caseId: caseOf.get(b.index.id)!,
          degree,
          status: released ? 'released' : i % 2 ? 'central_isolation' : 'home_quarantine',
          exposure,
          plan: JSON.stringify(released ? { ...plan, until: addDays(today, -1) } : plan),
          releasedAt: released ? new Date(now - DAY) : null,
        };
      }),
    );
    const made = await sql<{ id: string; person_id: string; county_code: string }>`
      insert into contacts (county_code, jpath, person_id, name, degree, status, edition_id, last_exposure_at, plan, released_at)
      select * from unnest(${contacts.map((c) => c.p.county_code)}::text[], ${contacts.map((c) => c.p.jpath)}::text[],
                           ${contacts.map((c) => c.p.id)}::uuid[], ${contacts.map((c) => c.p.name)}::text[],
                           ${contacts.map((c) => c.degree)}::text[], ${contacts.map((c) => c.status)}::text[],
                           ${contacts.map(() => 'hebei-2022-03')}::text[], ${contacts.map((c) => c.exposure)}::timestamptz[],
                           ${contacts.map((c) => c.plan)}::jsonb[], ${contacts.map((c) => c.releasedAt)}::timestamptz[])
      returning id, person_id, county_code`.execute(handle.db);
    const byPerson = new Map(made.rows.map((r) => [r.person_id, r]));
    const links = contacts.map((c) => ({ contact: byPerson.get(c.p.id)!, c }));
    await sql`
      insert into contact_links (county_code, contact_id, case_id, case_county_code, exposure_type, last_exposure_at)
      select * from unnest(${links.map((l) => l.contact.county_code)}::text[], ${links.map((l) => l.contact.id)}::uuid[],
                           ${links.map((l) => l.c.caseId)}::uuid[], ${links.map((l) => l.c.p.county_code)}::text[],
                           ${links.map(() => 'household')}::text[], ${links.map((l) => l.c.exposure)}::timestamptz[])`.execute(
      handle.db,
    );
  }
}

async function seed(handle: DatabaseHandle, total: number, tag: string, reps: number) {
  const want = Math.max(20, Math.round((3000 * total) / 5_464_100));
  const reserve = 2500 + reps * (CONTACTS + 1);
  const picked = await pick(handle, want * (CONTACTS + 1) + reserve, total);
  const groups: Array<{ index: Picked; contacts: Picked[]; state: number }> = [];
  let i = 0;
  for (; groups.length < want && i + CONTACTS < picked.length - reserve; i += CONTACTS + 1) {
    groups.push({
      index: picked[i]!,
      contacts: picked.slice(i + 1, i + 1 + CONTACTS),
      state: groups.length % 3,
    });
  }
  await insertCluster(handle, groups, tag);
  const rest = picked.slice(i);
  const today = cstDate(new Date());
  const marks = rest.slice(0, 2500).map((p, k) => ({
    p,
    kind: k < 1000 ? 'arrival' : k < 1500 ? 'external' : 'companion',
    on: addDays(today, -(k % 9)),
    risk: k < 1000 ? (k % 2 ? 'high' : 'medium') : null,
    colour: k >= 1000 && k < 1500 ? (k % 2 ? 'red' : 'yellow') : null,
  }));
  await sql`
    insert into health_marks (county_code, person_id, jpath, kind, on_date, risk, colour, source)
    select *, 'bench' from unnest(${marks.map((m) => m.p.county_code)}::text[], ${marks.map((m) => m.p.id)}::uuid[],
                         ${marks.map((m) => m.p.jpath)}::text[], ${marks.map((m) => m.kind)}::text[],
                         ${marks.map((m) => m.on)}::date[], ${marks.map((m) => m.risk)}::text[],
                         ${marks.map((m) => m.colour)}::text[])`.execute(handle.db);
  // Two sealed villages (the first two that have people) and a controlled county (the smallest).
  const villages = await sql<{ code: string; jpath: string; county_code: string; short_name: string }>`
    select j.code, j.jpath, j.county_code, j.short_name from jurisdictions j
     where j.level = 'village' and j.code like ${CITY + '%'}
       and exists (select 1 from people p where p.county_code = j.county_code and p.jpath like j.jpath || '%')
     order by j.code limit 2`.execute(handle.db);
  const county = await sql<{ code: string; jpath: string; county_code: string; short_name: string }>`
    select j.code, j.jpath, j.county_code, j.short_name from jurisdictions j
     where j.level = 'county' and j.code like ${CITY + '%'}
     order by (select count(*) from people p where p.county_code = j.county_code) limit 1`.execute(handle.db);
  // BENCH_HEALTHCODES_SEAL=city: every county sealed as well (Langfang, 15 March 2022) — everyone
  // is then evaluated and coded, the recompute's worst case.
  const sealed =
    process.env.BENCH_HEALTHCODES_SEAL === 'city'
      ? await sql<{ code: string; jpath: string; county_code: string; short_name: string }>`
          select code, jpath, county_code, short_name from jurisdictions
           where level = 'county' and code like ${CITY + '%'} order by code`.execute(handle.db)
      : { rows: [] };
  const zones = [
    ...villages.rows.map((v) => ({ ...v, kind: 'sealed' })),
    ...county.rows.map((c) => ({ ...c, kind: 'controlled' })),
    ...sealed.rows.map((c) => ({ ...c, kind: 'sealed' })),
  ];
  for (const z of zones) {
    await sql`
      insert into zones (county_code, jpath, jurisdiction_code, name, kind, edition_id, reason, started_on)
      values (${z.county_code}, ${z.jpath}, ${z.code}, ${z.short_name}, ${z.kind}, 'hebei-2022-03', 'bench', ${today})
      on conflict do nothing`.execute(handle.db);
  }
  await sql`analyze cases`.execute(handle.db);
  await sql`analyze contacts`.execute(handle.db);
  await sql`analyze contact_links`.execute(handle.db);
  await sql`analyze health_marks`.execute(handle.db);
  return {
    cases: groups.length,
    contacts: groups.length * CONTACTS,
    marks: marks.length,
    zones: zones.length,
    spare: picked.slice(i + 2500),
  };
}

/** Every person's id and path streamed out per county (two at a time), and `rows` rows COPYed in. */
async function baseline(handle: DatabaseHandle, areas: string[], rows: number): Promise<number> {
  const t0 = performance.now();
  const queue = [...areas];
  let streamed = 0;
  const worker = async () => {
    for (let area = queue.shift(); area !== undefined; area = queue.shift()) {
      let after: [string, string] = ['', '00000000-0000-0000-0000-000000000000'];
      for (;;) {
        const { rows: page } = await sql<{ id: string; jpath: string }>`
          select id, jpath from people where county_code = ${area} and jpath like ${area + '%'}
             and (jpath, id) > (${after[0]}::text, ${after[1]}::uuid)
           order by jpath, id limit 20000`.execute(handle.db);
        streamed += page.length;
        if (page.length < 20000) break;
        after = [page.at(-1)!.jpath, page.at(-1)!.id];
      }
    }
  };
  await Promise.all([worker(), worker()]);
  const reasons = JSON.stringify([
    { code: 'area', colour: 'yellow', until: null, risk: 'medium', as: 'resident', name: '某区' },
  ]);
  await inBulkTransaction(handle, async (s) => {
    await s.query(
      `create temp table bench_hc (like health_codes including defaults including indexes) on commit drop`,
    );
    for (let i = 0; i < rows; i += 20_000) {
      const batch: StagedRow[] = [];
      for (let k = i; k < Math.min(rows, i + 20_000); k++) {
        batch.push({
          countyCode: '131002',
          personId: crypto.randomUUID(),
          jpath: '131002100202',
          colour: 'yellow',
          reasons,
          changesOn: null,
        });
      }
      await s.copyIn(
        'bench_hc',
        ['county_code', 'person_id', 'jpath', 'colour', 'reasons', 'changes_on'],
        copyText(batch),
      );
    }
  });
  if (streamed === 0) throw new Error('baseline streamed nobody');
  return performance.now() - t0;
}

async function incremental(
  handle: DatabaseHandle,
  spare: Picked[],
  reps: number,
  tag: string,
): Promise<number[]> {
  const handler = codeHandlers.find((h) => h.name === 'riskcontrol.codes.case')!;
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const group = spare.slice(r * (CONTACTS + 1), (r + 1) * (CONTACTS + 1));
    if (group.length < CONTACTS + 1) break;
    await insertCluster(handle, [{ index: group[0]!, contacts: group.slice(1), state: 1 }], `${tag}i${r}`);
    const kase = await handle.db
      .selectFrom('cases')
      .select(['id', 'county_code'])
      .where('number', '=', `BHC-${tag}i${r}-0`)
      .executeTakeFirstOrThrow();
    const event: OutboxEvent = {
      id: 0,
      topic: 'tracing.case_created',
      payload: { caseId: kase.id, countyCode: kase.county_code },
      jpath: null,
      attempts: 1,
      createdAt: new Date(),
    };
    const t0 = performance.now();
    await handle.db.transaction().execute((tx) => handler.handle(tx, event));
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function cleanup(handle: DatabaseHandle, tag: string): Promise<void> {
  const cases = `BHC-${tag}%`;
  await sql`delete from contacts c using contact_links l, cases k
             where l.county_code = c.county_code and l.contact_id = c.id and l.case_id = k.id
               and k.number like ${cases}`.execute(handle.db);
  await sql`delete from contact_links l using cases k where l.case_id = k.id and k.number like ${cases}`.execute(
    handle.db,
  );
  await sql`delete from cases where number like ${cases}`.execute(handle.db);
  await sql`delete from health_marks where source = 'bench'`.execute(handle.db);
  await sql`delete from zones where reason = 'bench'`.execute(handle.db);
}

export async function healthCodesBench(
  handle: DatabaseHandle,
  restore = false,
): Promise<HealthCodesBenchResult> {
  await migrateToLatest(handle.db);
  const tag = Date.now().toString(36);
  const total = Number(
    (await sql<{ n: number }>`select count(*)::int as n from people`.execute(handle.db)).rows[0]!.n,
  );
  say(`  ${handle.kind}: seeding facts among ${total.toLocaleString('en-US')} people…`);
  const reps = Number(process.env.BENCH_HEALTHCODES_REPS ?? 20);
  const seeded = await seed(handle, total, tag, reps);
  try {
    await sql`delete from health_codes`.execute(handle.db);
    const areas = await countyPaths(handle.db, CITY);
    say(`  ${handle.kind}: full recompute of ${areas.length} counties…`);
    const full = await recomputeCodes(handle, areas, (p) =>
      say(
        `    [${p.done}/${p.of}] ${p.countyCode}: ${p.summary.red + p.summary.yellow} non-green of ${p.summary.people}`,
      ),
    );
    const again = await recomputeCodes(handle, areas);
    say(`  ${handle.kind}: baseline (stream ids out, COPY ${full.red + full.yellow} rows in)…`);
    const baselineMs = await baseline(handle, areas, full.red + full.yellow);
    const samples = await incremental(handle, seeded.spare, reps, tag);
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      backend: handle.kind,
      people: total,
      seeded: { cases: seeded.cases, contacts: seeded.contacts, marks: seeded.marks, zones: seeded.zones },
      full: {
        ms: full.ms,
        peoplePerSecond: Math.round(full.people / (full.ms / 1000)),
        evaluated: full.evaluated,
        red: full.red,
        yellow: full.yellow,
        counties: full.counties,
      },
      again: { ms: again.ms, changed: again.changed },
      baselineMs,
      ratio: full.ms / baselineMs,
      incremental: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.at(-1) ?? NaN,
        reps: sorted.length,
      },
      targets: {
        full: total < 5_000_000 ? full.ms < (FULL_TARGET_MS * total) / 5_464_100 : full.ms < FULL_TARGET_MS,
        incremental: percentile(sorted, 95) < INCREMENTAL_TARGET_MS,
      },
    };
  } finally {
    if (process.env.BENCH_HEALTHCODES_KEEP !== '1') {
      await cleanup(handle, tag);
      // A database that outlives the bench gets codes from its own facts again (not measured).
      if (restore) await recomputeCodes(handle, await countyPaths(handle.db, CITY));
    }
  }
}

export function printHealthCodesBench(r: HealthCodesBenchResult): void {
  const n = (x: number) => x.toLocaleString('en-US');
  say(
    `  ${r.backend.padEnd(9)} ${n(r.people)} people; seeded ${n(r.seeded.cases)} cases × 50 contacts, ${n(r.seeded.marks)} marks, ${r.seeded.zones} zones\n` +
      `            full recompute ${ms(r.full.ms)} (${n(r.full.peoplePerSecond)} people/s; ${n(r.full.evaluated)} evaluated, ` +
      `${n(r.full.red)} red, ${n(r.full.yellow)} yellow; target < 60 s at 5.46 M, pro rata here: ${r.targets.full ? 'met' : 'NOT MET'})\n` +
      `            again with nothing changed ${ms(r.again.ms)} (${n(r.again.changed)} changed)\n` +
      `            baseline: stream every id/path out + COPY ${n(r.full.red + r.full.yellow)} rows in ${ms(r.baselineMs)}; ratio ${r.ratio.toFixed(2)}×\n` +
      `            incremental after a new case with 50 contacts (the outbox handler), ${r.incremental.reps} reps: ` +
      `p50 ${ms(r.incremental.p50)}, p95 ${ms(r.incremental.p95)}, max ${ms(r.incremental.max)} ` +
      `(target < 200 ms: ${r.targets.incremental ? 'met' : 'NOT MET'})`,
  );
}

/**
 * BENCH_ONLY=healthcodes. BENCH_HEALTHCODES_DATABASE_URL: a PostgreSQL database already holding the
 * full city (as BENCH_TESTING_DATABASE_URL); else a city generated at BENCH_HEALTHCODES_SCALE
 * (PostgreSQL, default 1.0) / BENCH_HEALTHCODES_PGLITE_SCALE (default 0.05) on each backend.
 */
export async function runHealthCodesBench(
  backends: Array<'pglite' | 'postgres'>,
  adminUrl: string | null,
): Promise<HealthCodesBenchResult[]> {
  say(
    'Health codes — full recompute vs streaming ids out + COPY in; incremental after a new case with 50 contacts',
  );
  const out: HealthCodesBenchResult[] = [];
  const existing = process.env.BENCH_HEALTHCODES_DATABASE_URL;
  if (existing) {
    const handle = postgresHandle(existing, 10);
    try {
      const r = await healthCodesBench(handle, true);
      printHealthCodesBench(r);
      out.push(r);
    } finally {
      await handle.close();
    }
    return out;
  }
  const scales = {
    postgres: Number(process.env.BENCH_HEALTHCODES_SCALE ?? 1),
    pglite: Number(process.env.BENCH_HEALTHCODES_PGLITE_SCALE ?? 0.05),
  };
  for (const kind of backends) {
    const target = await benchDatabase(kind, adminUrl);
    try {
      say(`  ${kind}: generating the city at scale ${scales[kind]}…`);
      await generatedCity(target.handle, scales[kind]);
      const r = await healthCodesBench(target.handle);
      printHealthCodesBench(r);
      out.push(r);
    } finally {
      await target.drop();
    }
  }
  return out;
}
