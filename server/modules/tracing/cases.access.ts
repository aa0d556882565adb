/**
 * Who may open a case: the one rule every tracing service uses.
 *
 * A case is visible to users whose jurisdiction contains the case's place (the scope rule of
 * platform/scope.ts) — and also to the investigator it is assigned to and the members of the team it
 * is assigned to, wherever they are homed: a joint team from another county (跨区支援) works the cases
 * it was given, and only those. Contacts, calls, itineraries and candidates of a case follow the case.
 */
import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { CasesTable, Database } from '../../db/schema.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export type CaseRow = Selectable<CasesTable>;

/**
 * A WHERE condition for lists: cases in the actor's scope, or assigned to the actor or to a team the
 * actor belongs to. `table` is the alias of `cases` in the query.
 */
export function caseVisible(actor: Actor, table = 'cases') {
  return (eb: ExpressionBuilder<Database, keyof Database>) =>
    eb.or([
      inScope(scopeOf(actor), table) as never,
      sql<boolean>`${sql.ref(`${table}.assignee_id`)} = ${actor.userId}`,
      sql<boolean>`${sql.ref(`${table}.team_id`)} in (select team_id from tracing_team_members where user_id = ${actor.userId})`,
    ]);
}

/** Whether the actor may see this case (in scope, or assigned to them or their team). */
export async function mayOpenCase(
  db: Executor,
  actor: Actor,
  row: Pick<CaseRow, 'jpath' | 'assignee_id' | 'team_id'>,
): Promise<boolean> {
  if (isInScope(scopeOf(actor), row.jpath)) return true;
  if (row.assignee_id === actor.userId) return true;
  if (!row.team_id) return false;
  const member = await db
    .selectFrom('tracing_team_members')
    .select('user_id')
    .where('team_id', '=', row.team_id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  return member !== undefined;
}

/**
 * The case, if the actor may open it: NOT_FOUND when there is none, OUT_OF_SCOPE when it is another
 * jurisdiction's and not assigned to the actor. Pass a transaction to read it `for update`.
 */
export async function loadCase(
  ctx: Pick<RequestContext, 'db' | 'actor'>,
  id: string,
  options: { tx?: Transaction<Database>; forUpdate?: boolean } = {},
): Promise<CaseRow> {
  const db = options.tx ?? ctx.db;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw Errors.notFound('Case', id);
  let qb = db.selectFrom('cases').selectAll().where('id', '=', id);
  if (options.forUpdate) qb = qb.forUpdate();
  const row = await qb.executeTakeFirst();
  if (!row) throw Errors.notFound('Case', id);
  if (!(await mayOpenCase(db, ctx.actor, row))) throw Errors.outOfScope(`Case ${row.number}`);
  return row;
}
