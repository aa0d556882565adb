/**
 * Login throttling, kept in the database so every app server counts the same attempts:
 * - per account: after MAX_FAILURES failed logins within LOCK_MINUTES (since its last success), the
 *   account is locked for LOCK_MINUTES from the last failure — also for usernames that do not exist,
 *   so a lockout reveals nothing about which accounts exist;
 * - per address: more than MAX_IP_FAILURES failures within IP_WINDOW_MINUTES → refused until the
 *   window has moved on.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const MAX_IP_FAILURES = 30;
export const IP_WINDOW_MINUTES = 10;

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** When the account is locked, the time it unlocks; otherwise null. */
export async function lockedUntil(
  db: Kysely<Database>,
  username: string,
  now = new Date(),
): Promise<Date | null> {
  const since = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const row = await db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('failures'), sql<Date | null>`max(at)`.as('last')])
    .where('username', '=', normaliseUsername(username))
    .where('success', '=', false)
    .where('at', '>', since)
    .where((eb) =>
      eb(
        'at',
        '>',
        eb
          .selectFrom('login_attempts as s')
          .select(sql<Date>`coalesce(max(s.at), '-infinity'::timestamptz)`.as('at'))
          .where('s.username', '=', normaliseUsername(username))
          .where('s.success', '=', true),
      ),
    )
    .executeTakeFirstOrThrow();
  if (row.failures < MAX_FAILURES || !row.last) return null;
  const until = new Date(new Date(row.last).getTime() + LOCK_MINUTES * 60_000);
  return until > now ? until : null;
}

/** Seconds until this address may try again, or 0. */
export async function addressRetryAfter(db: Kysely<Database>, ip: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
  const row = await db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('failures'), sql<Date | null>`min(at)`.as('first')])
    .where('ip', '=', ip)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (row.failures < MAX_IP_FAILURES || !row.first) return 0;
  const frees = new Date(row.first).getTime() + IP_WINDOW_MINUTES * 60_000;
  return Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
}

export async function recordAttempt(
  db: Kysely<Database>,
  username: string,
  ip: string,
  success: boolean,
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ username: normaliseUsername(username).slice(0, 100), ip, success })
    .execute();
}

export async function pruneAttempts(db: Kysely<Database>): Promise<void> {
  const cutoff = new Date(Date.now() - 24 * 3600_000);
  await db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
}
