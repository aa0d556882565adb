/**
 * Computing and storing health codes (no row = green; README.md "Health codes").
 *
 * - `recomputePeople`: a few people (an event's, a mark's, a stale row read): their facts, the
 *   domain rule, upsert the non-green, delete the green, one CODE_CHANGED per colour change — in
 *   the caller's transaction.
 * - `recomputeArea`: everyone of a county, or of a path inside one (a zone's residents): everyone
 *   with a fact there plus everyone living under an active zone (streamed in keyset pages), the
 *   non-green staged (COPY on a bulk session, arrays in a transaction) and merged set-based:
 *   changed rows written, unchanged ones left alone, rows of people now green deleted. People with
 *   no fact at all are green by the rule (healthCode of empty facts) and are not computed one by one.
 *   Events: one CODE_CHANGED per changed person when at most CODE_EVENT_LIMIT changed, else a single
 *   CODES_RECOMPUTED summary for the area — a full recompute never floods the outbox.
 * - `recomputeCodes`: the full recompute of the city or some counties, two counties at a time.
 * - `sweepDue`: rows whose colour or one of whose reasons ends by today (changes_on, a reason's
 *   until), and companion rows (a negative test may have cleared them), recomputed in batches.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { type HealthCode, healthCode, healthCodeRules } from '../../../domain/healthcode.js';
import { cstDate } from '../../../domain/tracing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { emitEvent } from '../../platform/outbox.js';
import { inBulkTransaction } from '../population/generate/copy.js';
import {
  type PersonRef,
  type Query,
  type RawFacts,
  type ZoneFact,
  emptyFacts,
  factsOfArea,
  factsOfPeople,
  hasFacts,
  inOrder,
  kyselyQuery,
  peopleOf,
  toFacts,
  zoneOver,
  zonesOfCounty,
  zonesOver,
} from './codes.facts.js';
import { CODE_CHANGED } from './riskcontrol.topics.js';

/** The summary event of an area recompute that changed more colours than CODE_EVENT_LIMIT. */
export const CODES_RECOMPUTED = 'risk.codes_recomputed';
export const CODE_EVENT_LIMIT = 500;

const RULES = healthCodeRules();

export function computeCode(raw: RawFacts, zone: ZoneFact | null, now: Date): HealthCode {
  return healthCode(RULES, toFacts(raw, zone, now));
}

// ---------------------------------------------------------------------------------------------
// A few people

async function inTransaction<T>(
  db: Kysely<Database> | Transaction<Database>,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/**
 * Recomputes and stores the codes of these people; returns each one's code (green included).
 * Unknown ids are skipped. CODE_CHANGED per person whose colour changed.
 */
export async function recomputePeople(
  db: Kysely<Database> | Transaction<Database>,
  personIds: readonly string[],
  now = new Date(),
): Promise<Map<string, HealthCode & { person: PersonRef }>> {
  const out = new Map<string, HealthCode & { person: PersonRef }>();
  if (personIds.length === 0) return out;
  return inTransaction(db, async (tx) => {
    const q = kyselyQuery(tx);
    const people = await peopleOf(q, personIds);
    if (people.length === 0) return out;
    const [facts, zones, before] = await inOrder([
      () => factsOfPeople(q, people),
      () =>
        zonesOver(
          q,
          people.map((p) => p.jpath),
        ),
      () =>
        q<{ person_id: string; colour: 'red' | 'yellow' }>(
          `select h.person_id, h.colour from unnest($1::text[], $2::uuid[]) as w(county_code, person_id)
           join health_codes h on h.county_code = w.county_code and h.person_id = w.person_id
            for update of h`,
          [people.map((p) => p.countyCode), people.map((p) => p.personId)],
        ),
    ]);
    const was = new Map(before.map((r) => [r.person_id, r.colour as string]));
    const upsert: Array<{ p: PersonRef; code: HealthCode }> = [];
    const remove: PersonRef[] = [];
    for (const p of people) {
      const code = computeCode(facts.get(p.personId) ?? emptyFacts(), zoneOver(zones, p.jpath), now);
      out.set(p.personId, { ...code, person: p });
      if (code.colour === 'green') {
        if (was.has(p.personId)) remove.push(p);
      } else upsert.push({ p, code });
    }
    if (upsert.length > 0) {
      await q(
        `insert into health_codes (county_code, person_id, jpath, colour, reasons, changes_on, computed_at)
         select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::date[],
                              $7::timestamptz[])
         on conflict (county_code, person_id) do update
           set jpath = excluded.jpath, colour = excluded.colour, reasons = excluded.reasons,
               changes_on = excluded.changes_on, computed_at = excluded.computed_at`,
        [
          upsert.map((u) => u.p.countyCode),
          upsert.map((u) => u.p.personId),
          upsert.map((u) => u.p.jpath),
          upsert.map((u) => u.code.colour),
          upsert.map((u) => JSON.stringify(u.code.reasons)),
          upsert.map((u) => u.code.changesOn),
          upsert.map(() => now),
        ],
      );
    }
    if (remove.length > 0) {
      await q(
        `delete from health_codes h using unnest($1::text[], $2::uuid[]) as w(county_code, person_id)
          where h.county_code = w.county_code and h.person_id = w.person_id`,
        [remove.map((p) => p.countyCode), remove.map((p) => p.personId)],
      );
    }
    for (const [id, code] of out) {
      if ((was.get(id) ?? 'green') !== code.colour) {
        await emitEvent(
          tx,
          CODE_CHANGED,
          { personId: id, countyCode: code.person.countyCode, colour: code.colour },
          code.person.jpath,
        );
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// An area

export interface StagedRow {
  countyCode: string;
  personId: string;
  jpath: string;
  colour: 'red' | 'yellow';
  reasons: string;
  changesOn: string | null;
}

export const STAGE_COLUMNS = [
  'county_code',
  'person_id',
  'jpath',
  'colour',
  'reasons',
  'changes_on',
] as const;

/** A session the area recompute runs in: one transaction, raw queries, a way to stage rows. */
export interface CodeSession {
  query: Query;
  stage(rows: StagedRow[]): Promise<void>;
}

/** COPY text: jsonb text may hold backslashes (JSON escapes); nothing else needs escaping. */
export function copyText(rows: StagedRow[]): Buffer {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  return Buffer.from(
    rows
      .map((r) =>
        [r.countyCode, r.personId, esc(r.jpath), r.colour, esc(r.reasons), r.changesOn ?? '\\N'].join('\t'),
      )
      .join('\n') + '\n',
  );
}

/** A session over a Kysely transaction: rows staged with one INSERT of arrays per batch. */
export function transactionSession(tx: Transaction<Database>): CodeSession {
  const query = kyselyQuery(tx);
  return {
    query,
    stage: async (rows) => {
      await query(
        `insert into hc_stage (${STAGE_COLUMNS.join(', ')})
         select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::date[])`,
        [
          rows.map((r) => r.countyCode),
          rows.map((r) => r.personId),
          rows.map((r) => r.jpath),
          rows.map((r) => r.colour),
          rows.map((r) => r.reasons),
          rows.map((r) => r.changesOn),
        ],
      );
    },
  };
}

export interface AreaSummary {
  /** People living in the area. */
  people: number;
  /** People computed one by one (with a fact, or under an active zone); the others are green. */
  evaluated: number;
  red: number;
  yellow: number;
  /** Colour changes written (including rows deleted because the person became green). */
  changed: number;
}

const PAGE = 20_000;
const STAGE_BATCH = 20_000;

function escapeLike(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The paths inside `prefix` whose residents are under a zone with a non-green colour, none nested. */
function zoneRanges(zones: Map<string, ZoneFact>, prefix: string): string[] {
  const ranges: string[] = [];
  for (const z of zones.values()) {
    const probe = computeCode(emptyFacts(), z, new Date());
    if (probe.colour === 'green') continue;
    if (z.jpath.startsWith(prefix)) ranges.push(z.jpath);
    else if (prefix.startsWith(z.jpath)) ranges.push(prefix);
  }
  ranges.sort((a, b) => a.length - b.length);
  return ranges.filter((r, i) => !ranges.slice(0, i).some((s) => r.startsWith(s)));
}

/**
 * Recomputes everyone of `countyCode` whose path starts with `prefix` (the county's own path for
 * the whole county) in the session's transaction. See the file's comment for the events.
 */
export async function recomputeArea(
  s: CodeSession,
  countyCode: string,
  prefix: string,
  now = new Date(),
): Promise<AreaSummary> {
  const q = s.query;
  await q(
    `create temp table if not exists hc_stage (
       county_code text not null, person_id uuid not null, jpath text collate "C" not null,
       colour text not null, reasons jsonb not null, changes_on date) on commit drop`,
  );
  await q(`truncate hc_stage`);
  const like = escapeLike(prefix);
  const [{ facts, paths }, zones, count] = await inOrder([
    () => factsOfArea(q, countyCode, prefix),
    () => zonesOfCounty(q, countyCode),
    () =>
      q<{ n: number }>(`select count(*)::int as n from people where county_code = $1 and jpath like $2`, [
        countyCode,
        like,
      ]),
  ]);
  let buffer: StagedRow[] = [];
  let evaluated = 0;
  const flush = async (force = false) => {
    if (buffer.length === 0 || (!force && buffer.length < STAGE_BATCH)) return;
    const rows = buffer;
    buffer = [];
    await s.stage(rows);
  };
  const evaluate = async (personId: string, jpath: string, raw: RawFacts) => {
    evaluated++;
    const code = computeCode(raw, zoneOver(zones, jpath), now);
    if (code.colour === 'green') return;
    buffer.push({
      countyCode,
      personId,
      jpath,
      colour: code.colour,
      reasons: JSON.stringify(code.reasons),
      changesOn: code.changesOn,
    });
    await flush();
  };
  const done = new Set<string>();
  const none = emptyFacts();
  for (const range of zoneRanges(zones, prefix)) {
    let after: [string, string] = ['', '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const page = await q<{ id: string; jpath: string }>(
        `select id, jpath from people
          where county_code = $1 and jpath like $2 and (jpath, id) > ($3::text, $4::uuid)
          order by jpath, id limit ${PAGE}`,
        [countyCode, escapeLike(range), after[0], after[1]],
      );
      for (const p of page) {
        const raw = facts.get(p.id);
        if (raw) done.add(p.id);
        await evaluate(p.id, p.jpath, raw ?? none);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = [last.jpath, last.id];
    }
  }
  for (const [id, raw] of facts) {
    if (!done.has(id) && hasFacts(raw)) await evaluate(id, paths.get(id)!, raw);
  }
  await flush(true);
  return merge(s, countyCode, prefix, count[0]!.n, evaluated, now);
}

async function merge(
  s: CodeSession,
  countyCode: string,
  prefix: string,
  people: number,
  evaluated: number,
  now: Date,
): Promise<AreaSummary> {
  const q = s.query;
  const like = escapeLike(prefix);
  await q(`analyze hc_stage`);
  // Hash joins only: health_codes' statistics may be stale right after a big change (the first
  // recompute of a city), and a nested loop over hundreds of thousands of rows never ends.
  await q(`set local enable_nestloop = off`);
  await q(`drop table if exists hc_changed`);
  await q(
    `create temp table hc_changed on commit drop as
     select coalesce(s.person_id, h.person_id) as person_id, coalesce(s.jpath, h.jpath) as jpath,
            coalesce(s.colour, 'green') as colour
       from hc_stage s
       full join (select person_id, jpath, colour from health_codes where county_code = $1 and jpath like $2) h
         on h.person_id = s.person_id
      where s.colour is distinct from h.colour`,
    [countyCode, like],
  );
  await q(`reset enable_nestloop`);
  await q(`analyze hc_changed`);
  // A row left under this path by someone who has since moved out is theirs to keep: the
  // recompute of their new place (or any event about them) decides it, not this one.
  await q(
    `delete from hc_changed c
      where c.colour = 'green'
        and exists (select 1 from people p where p.county_code = $1 and p.id = c.person_id and p.jpath not like $2)`,
    [countyCode, like],
  );
  const [counts] = await q<{ changed: number; red: number; yellow: number }>(
    `select (select count(*)::int from hc_changed) as changed,
            (select count(*)::int from hc_stage where colour = 'red') as red,
            (select count(*)::int from hc_stage where colour = 'yellow') as yellow`,
  );
  await q(
    `delete from health_codes h using hc_changed c
      where c.colour = 'green' and h.county_code = $1 and h.person_id = c.person_id`,
    [countyCode],
  );
  await q(
    `insert into health_codes as h (county_code, person_id, jpath, colour, reasons, changes_on, computed_at)
     select county_code, person_id, jpath, colour, reasons, changes_on, $1::timestamptz from hc_stage
     on conflict (county_code, person_id) do update
       set jpath = excluded.jpath, colour = excluded.colour, reasons = excluded.reasons,
           changes_on = excluded.changes_on, computed_at = excluded.computed_at
     where (h.jpath, h.colour, h.reasons, h.changes_on)
           is distinct from (excluded.jpath, excluded.colour, excluded.reasons, excluded.changes_on)`,
    [now],
  );
  const summary = { people, evaluated, red: counts!.red, yellow: counts!.yellow, changed: counts!.changed };
  if (summary.changed > CODE_EVENT_LIMIT) {
    await q(`insert into outbox (topic, payload, jpath) values ($1, $2::jsonb, $3)`, [
      CODES_RECOMPUTED,
      JSON.stringify({ countyCode, ...summary }),
      prefix,
    ]);
  } else if (summary.changed > 0) {
    await q(
      `insert into outbox (topic, payload, jpath)
       select $1, jsonb_build_object('personId', person_id, 'countyCode', $2::text, 'colour', colour), jpath
         from hc_changed order by jpath, person_id`,
      [CODE_CHANGED, countyCode],
    );
  }
  return summary;
}

/** The area recompute inside an existing transaction (an outbox handler, a zone change). */
export async function recomputeAreaIn(
  tx: Transaction<Database>,
  countyCode: string,
  prefix: string,
  now = new Date(),
): Promise<AreaSummary> {
  return recomputeArea(transactionSession(tx), countyCode, prefix, now);
}

// ---------------------------------------------------------------------------------------------
// The full recompute

export interface RecomputeSummary extends AreaSummary {
  counties: number;
  ms: number;
}

export interface RecomputeProgress {
  countyCode: string;
  done: number;
  of: number;
  summary: AreaSummary;
}

/** One county (or a path inside it) in a transaction of its own: COPY when there is a handle. */
async function areaInOwnTransaction(
  target: DatabaseHandle | Kysely<Database>,
  countyCode: string,
  prefix: string,
  now: Date,
): Promise<AreaSummary> {
  if ('kind' in target && (target.pool || target.pglite)) {
    return inBulkTransaction(target, (b) =>
      recomputeArea(
        {
          query: (text, params) => b.query(text, params),
          stage: (rows) => b.copyIn('hc_stage', STAGE_COLUMNS, copyText(rows)),
        },
        countyCode,
        prefix,
        now,
      ),
    );
  }
  const db = 'kind' in target ? target.db : target;
  return db.transaction().execute((tx) => recomputeArea(transactionSession(tx), countyCode, prefix, now));
}

/**
 * Recomputes the given areas (a county's path, or a path inside one), two at a time (the machine
 * has two cores and the database shares them). Progress after each area.
 */
export async function recomputeCodes(
  target: DatabaseHandle | Kysely<Database>,
  areas: readonly string[],
  onProgress?: (p: RecomputeProgress) => void,
  now = new Date(),
): Promise<RecomputeSummary> {
  const started = performance.now();
  const total: AreaSummary = { people: 0, evaluated: 0, red: 0, yellow: 0, changed: 0 };
  const queue = [...areas];
  let done = 0;
  const worker = async () => {
    for (let area = queue.shift(); area !== undefined; area = queue.shift()) {
      const countyCode = area.slice(0, 6);
      const summary = await areaInOwnTransaction(target, countyCode, area, now);
      for (const k of Object.keys(total) as Array<keyof AreaSummary>) total[k] += summary[k];
      done++;
      onProgress?.({ countyCode, done, of: areas.length, summary });
    }
  };
  await Promise.all([worker(), worker()]);
  // Fresh statistics for the next run's merge and for the statistics page's counts.
  if (total.changed > 0)
    await ('kind' in target ? target.db : target).executeQuery(CompiledQuery.raw('analyze health_codes'));
  return { ...total, counties: areas.length, ms: Math.round(performance.now() - started) };
}

/** The county paths of a city or of one county, from the jurisdictions table. */
export async function countyPaths(db: Kysely<Database>, within: string): Promise<string[]> {
  if (within.length >= 6) return [within.slice(0, 6)];
  const rows = await db
    .selectFrom('jurisdictions')
    .select('jpath')
    .where('level', '=', 'county')
    .where('jpath', 'like', `${within}%`)
    .orderBy('jpath')
    .execute();
  return rows.map((r) => r.jpath);
}

// ---------------------------------------------------------------------------------------------
// The sweep

/**
 * Recomputes the stored rows that may have changed by themselves: the colour's day has come
 * (changes_on ≤ today), one of the reasons ended (its until ≤ today), or a companion mark that a
 * negative test may have cleared. In batches of 1,000, each in its own transaction.
 */
export async function sweepDue(
  db: Kysely<Database>,
  now = new Date(),
): Promise<{ swept: number; changed: number }> {
  const today = cstDate(now);
  const q = kyselyQuery(db);
  const due = await q<{ person_id: string; colour: string }>(
    `select person_id, colour from health_codes
      where changes_on <= $1::date
         or exists (select 1 from jsonb_array_elements(reasons) r
                     where (r->>'until')::date <= $1::date or r->>'code' = 'companion')`,
    [today],
  );
  let changed = 0;
  for (let i = 0; i < due.length; i += 1000) {
    const batch = due.slice(i, i + 1000);
    const codes = await recomputePeople(
      db,
      batch.map((r) => r.person_id),
      now,
    );
    for (const r of batch) if (codes.get(r.person_id)?.colour !== r.colour) changed++;
  }
  return { swept: due.length, changed };
}
