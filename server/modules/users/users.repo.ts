import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '../../db/schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface UserWithPlace extends UserRow {
  jurisdiction_name: string;
  jurisdiction_level: string;
}

function withPlace(db: Executor) {
  return db
    .selectFrom('users as u')
    .innerJoin('jurisdictions as j', 'j.code', 'u.jurisdiction_code')
    .selectAll('u')
    .select(['j.short_name as jurisdiction_name', 'j.level as jurisdiction_level']);
}

export function findById(db: Executor, id: string): Promise<UserWithPlace | undefined> {
  return withPlace(db).where('u.id', '=', id).executeTakeFirst();
}

export function findByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(username)`, '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  /** Path prefix of a jurisdiction inside the scope. */
  jpath?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
  limit: number;
  offset: number;
}

export async function list(
  db: Executor,
  scope: Scope,
  filter: UserFilter,
): Promise<{ items: UserWithPlace[]; total: number }> {
  let q = withPlace(db).where(inScope(scope, 'u'));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]));
  }
  if (filter.role) q = q.where('u.role', '=', filter.role);
  if (filter.jpath) q = q.where('u.jpath', 'like', `${filter.jpath}%`);
  if (filter.status === 'active') q = q.where('u.disabled_at', 'is', null);
  if (filter.status === 'disabled') q = q.where('u.disabled_at', 'is not', null);
  const [items, total] = await Promise.all([
    q.orderBy('u.jpath').orderBy('u.username').limit(filter.limit).offset(filter.offset).execute(),
    q
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export function insert(db: Executor, user: NewUser): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function update(db: Executor, id: string, patch: UserUpdate): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
