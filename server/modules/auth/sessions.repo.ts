/**
 * Sessions live in the database, so any app server can serve any request (stateless servers).
 * The cookie holds a random token; the table holds only its SHA-256.
 *
 * Each server keeps what it read for a few seconds (SESSION_CACHE_MS): a session lookup is a
 * database round trip on every request, the largest share of a simple request's cost. Ending a
 * session (logout, password change or reset, disable, new role or place) evicts it here at once;
 * another app server stops honouring it within SESSION_CACHE_MS.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/schema.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  policy: SessionPolicy,
  client: { ip: string; userAgent: string | null },
): Promise<{ token: string; id: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = hashToken(token);
  const expiresAt = new Date(Date.now() + policy.maxHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, id, csrfToken, expiresAt };
}

export interface SessionWithUser {
  id: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: UserRow;
}

export const SESSION_CACHE_MS = 5_000;
const CACHE_LIMIT = 50_000;

class SessionCache {
  readonly #entries = new Map<string, { value: SessionWithUser; until: number }>();

  get(id: string, now: number): SessionWithUser | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.#entries.delete(id);
    return undefined;
  }

  set(value: SessionWithUser, now: number): void {
    if (this.#entries.size >= CACHE_LIMIT) this.#entries.clear();
    this.#entries.set(value.id, { value, until: now + SESSION_CACHE_MS });
  }

  forget(id: string): void {
    this.#entries.delete(id);
  }

  forgetUser(userId: string): void {
    for (const [id, entry] of this.#entries) if (entry.value.user.id === userId) this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }
}

const cache = new SessionCache();

/** Drops every cached session of a user on this server; call after the change has committed. */
export function forgetUserSessions(userId: string): void {
  cache.forgetUser(userId);
}

/** For tests that change sessions behind the server's back (as if the cache time had passed). */
export function clearSessionCache(): void {
  cache.clear();
}

/** The session and its user: from this server's cache, else one indexed lookup. */
export async function findSession(db: Kysely<Database>, token: string): Promise<SessionWithUser | undefined> {
  const id = hashToken(token);
  const now = Date.now();
  const cached = cache.get(id, now);
  if (cached) return cached;
  const found = await readSession(db, id);
  if (found) cache.set(found, now);
  return found;
}

async function readSession(db: Kysely<Database>, id: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 's.last_seen_at', 's.expires_at'])
    .selectAll('u')
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, csrf_token, last_seen_at, expires_at, ...user } = row;
  return { id: session_id, csrfToken: csrf_token, lastSeenAt: last_seen_at, expiresAt: expires_at, user };
}

/** Records activity (for the idle timeout), in the database and in the cached copy. */
export async function touchSession(db: Kysely<Database>, session: SessionWithUser): Promise<void> {
  const now = new Date();
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
  session.lastSeenAt = now;
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  cache.forget(id);
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user (password change, reset, disable), optionally keeping one. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
  cache.forgetUser(userId);
}

export async function deleteExpiredSessions(db: Kysely<Database>, policy: SessionPolicy): Promise<number> {
  const idleCutoff = new Date(Date.now() - policy.idleMinutes * 60_000);
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', new Date()), eb('last_seen_at', '<', idleCutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
