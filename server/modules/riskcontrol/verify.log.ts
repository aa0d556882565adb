/**
 * The check log's writer. Every online check is one `checkpoint_checks` row and its audit entry
 * (`risk.checked`, as recordAudit writes it), committed before the answer goes back. Checks that
 * come in while a write is under way wait for it, then go out together as the next one: one
 * statement and one commit for all of them (group commit). At a steady rate that is a row or two a
 * time; after a stall — a GC pause, a slow fsync — the queue drains in a few statements instead of
 * one per check, which is where the latency's tail comes from (bench/verify.ts).
 *
 * A row the database refuses never takes the others with it: a failed batch is written again row by
 * row, and only the failing check's request gets the error. A retried request (same clientId) is
 * logged once (`on conflict do nothing`, and then no audit entry either).
 */
import { type Kysely, sql } from 'kysely';
import { preparedStatement } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';

export interface CheckEntry {
  id: string;
  county_code: string;
  jpath: string;
  checkpoint_id: string;
  at: string;
  day: string;
  shift: number;
  by_user: string;
  subject: string;
  crossing: string | null;
  vehicle: boolean;
  pass_id: string | null;
  person_id: string | null;
  plate: string | null;
  verdict: 'pass' | 'turn_back';
  problems: unknown[];
  reason_codes: string[];
  /** The audit entry's actor and request. */
  username: string;
  role: string;
  ip: string;
  user_agent: string | null;
  request_id: string;
  detail: Record<string, unknown>;
}

/** At most this many checks in one statement. */
const MAX_BATCH = 200;
const PREPARED = preparedStatement('verify_log_batch');

/** The checks and their audit entries, in one statement (constant text: prepared once per connection). */
async function insertChecks(db: Kysely<Database>, entries: readonly CheckEntry[]): Promise<void> {
  await sql`${PREPARED}
    with r as (
      -- A check retried while its first try waits in the same batch: once.
      select distinct on (county_code, id) * from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as r(id uuid, county_code text,
        jpath text, checkpoint_id uuid, at timestamptz, day date, shift smallint, by_user uuid, subject text,
        crossing text, vehicle boolean, pass_id uuid, person_id uuid, plate text, verdict text, problems jsonb,
        reason_codes text[], username text, role text, ip text, user_agent text, request_id text, detail jsonb)),
    c as (
      insert into checkpoint_checks (id, county_code, jpath, checkpoint_id, at, day, shift, by_user, subject,
        crossing, vehicle, pass_id, person_id, plate, verdict, problems, reason_codes)
      select id, county_code, jpath, checkpoint_id, at, day, shift, by_user, subject, crossing, vehicle,
        pass_id, person_id, plate, verdict, problems, reason_codes
      from r
      on conflict (county_code, id) do nothing
      returning county_code, id)
    insert into audit_log (county_code, actor_id, actor_username, actor_role, action, resource_type,
      resource_id, jpath, ip, user_agent, request_id, detail)
    select r.county_code, r.by_user, r.username, r.role, 'risk.checked', 'checkpoint_check', c.id::text,
      r.jpath, r.ip, r.user_agent, r.request_id, r.detail
    from c join r on r.county_code = c.county_code and r.id = c.id`.execute(db);
}

interface Waiting {
  entry: CheckEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class CheckLog {
  readonly #queue: Waiting[] = [];
  #draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  write(entry: CheckEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          await insertChecks(
            this.db,
            batch.map((w) => w.entry),
          );
          for (const w of batch) w.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          for (const w of batch) {
            try {
              await insertChecks(this.db, [w.entry]);
              w.resolve();
            } catch (one) {
              w.reject(one);
            }
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}

const logs = new WeakMap<Kysely<Database>, CheckLog>();

/** Logs one check (and its audit entry); resolves once committed. */
export function logCheck(db: Kysely<Database>, entry: CheckEntry): Promise<void> {
  // Inside a caller's transaction the row must be part of it: written there, alone.
  if (db.isTransaction) return insertChecks(db, [entry]);
  let log = logs.get(db);
  if (!log) {
    log = new CheckLog(db);
    logs.set(db, log);
  }
  return log.write(entry);
}
