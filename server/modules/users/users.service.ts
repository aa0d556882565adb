/**
 * Accounts: each user has one role and one home jurisdiction. Administrators manage the accounts of
 * their own subtree and may hand out non-admin roles, or admin roles strictly below their own level.
 */
import type { Kysely } from 'kysely';
import {
  type Role,
  Permission,
  canAssignRole,
  isRole,
  passwordProblems,
  roleAllowedAt,
} from '../../../domain/access.js';
import { type Level, countyCodeOf } from '../../../domain/jurisdiction.js';
import type { Database, JurisdictionRow, UserRow } from '../../db/schema.js';
import { type Actor, type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import { deleteUserSessions, forgetUserSessions } from '../auth/sessions.repo.js';
import { findJurisdiction, jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import * as repo from './users.repo.js';

export type { UserWithPlace } from './users.repo.js';

export function actorFromUser(user: UserRow): Actor {
  if (!isRole(user.role)) throw new Error(`user ${user.username} has an unknown role ${user.role}`);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    jurisdictionCode: user.jurisdiction_code,
    jpath: user.jpath,
    countyCode: user.county_code,
    isDemo: user.is_demo,
    mustChangePassword: user.must_change_password,
  };
}

export const findUserByUsername = repo.findByUsername;
export const findUserById = repo.findById;

export async function recordLogin(db: Kysely<Database>, userId: string): Promise<void> {
  await repo.update(db, userId, { last_login_at: new Date() });
}

export async function storePassword(
  db: Kysely<Database>,
  userId: string,
  password: string,
  mustChange: boolean,
): Promise<void> {
  await repo.update(db, userId, {
    password_hash: await hashPassword(password),
    must_change_password: mustChange,
    password_changed_at: new Date(),
  });
}

function checkUsername(username: string): void {
  if (!/^[A-Za-z0-9_.-]{2,64}$/.test(username)) {
    throw Errors.validation([
      { field: 'username', message: '2–64 characters: letters, digits, dot, dash or underscore' },
    ]);
  }
}

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw Errors.weakPassword(problems);
}

function checkRoleAt(role: Role, place: JurisdictionRow): void {
  if (!roleAllowedAt(role, place.level as Level)) throw Errors.roleNotAtLevel(role, place.level);
}

export interface NewUserInput {
  username: string;
  displayName: string;
  role: string;
  jurisdictionCode: string;
  password?: string | undefined;
  isDemo?: boolean;
  mustChangePassword?: boolean;
}

/**
 * Creates an account without an actor: the first admin, demo accounts and `cordon create-user`.
 * Still enforces username, role-at-level and password rules.
 */
export async function createUserUnchecked(
  db: Kysely<Database>,
  input: NewUserInput,
  createdBy: string | null = null,
): Promise<UserRow> {
  checkUsername(input.username);
  if (!isRole(input.role))
    throw Errors.validation([{ field: 'role', message: `unknown role ${input.role}` }]);
  const place = await findJurisdiction(db, input.jurisdictionCode);
  if (!place) throw Errors.notFound('Jurisdiction', input.jurisdictionCode);
  checkRoleAt(input.role, place);
  const password = input.password ?? generatePassword();
  checkPassword(password, input.username);
  if (await repo.findByUsername(db, input.username)) throw Errors.usernameTaken(input.username);
  return repo.insert(db, {
    username: input.username,
    display_name: input.displayName.trim() || input.username,
    password_hash: await hashPassword(password),
    role: input.role,
    jurisdiction_code: place.code,
    jpath: place.jpath,
    county_code: countyCodeOf(place.code),
    is_demo: input.isDemo ?? false,
    must_change_password: input.mustChangePassword ?? false,
    created_by: createdBy,
  });
}

export async function listUsers(
  ctx: RequestContext,
  filter: Omit<repo.UserFilter, 'jpath'> & { jurisdiction?: string },
) {
  requirePermission(ctx.actor, Permission.UserRead);
  const place = filter.jurisdiction ? await jurisdictionInScope(ctx, filter.jurisdiction) : undefined;
  return repo.list(ctx.db, scopeOf(ctx.actor), { ...filter, jpath: place?.jpath });
}

async function userInScope(ctx: RequestContext, id: string): Promise<repo.UserWithPlace> {
  const user = await repo.findById(ctx.db, id);
  if (!user) throw Errors.notFound('User', id);
  assertInScope(scopeOf(ctx.actor), user.jpath, `User ${user.username}`);
  return user;
}

export async function getUser(ctx: RequestContext, id: string): Promise<repo.UserWithPlace> {
  requirePermission(ctx.actor, Permission.UserRead);
  return userInScope(ctx, id);
}

/** An administrator may manage a user in scope unless that user holds an admin role they cannot give. */
function assertCanManage(actor: Actor, target: UserRow): void {
  if (!isRole(target.role) || !canAssignRole(actor.role, target.role))
    throw Errors.roleNotAssignable(target.role);
}

function assertCanAssign(actor: Actor, role: string): asserts role is Role {
  if (!isRole(role)) throw Errors.validation([{ field: 'role', message: `unknown role ${role}` }]);
  if (!canAssignRole(actor.role, role)) throw Errors.roleNotAssignable(role);
}

export async function createUser(
  ctx: RequestContext,
  input: Omit<NewUserInput, 'isDemo' | 'mustChangePassword'>,
): Promise<{ user: repo.UserWithPlace; temporaryPassword: string | null }> {
  requirePermission(ctx.actor, Permission.UserManage);
  assertCanAssign(ctx.actor, input.role);
  const place = await jurisdictionInScope(ctx, input.jurisdictionCode);
  checkRoleAt(input.role, place);
  const temporaryPassword = input.password ? null : generatePassword();
  // Whoever set it, the first password is known to the administrator: the user must replace it.
  const created = await createUserUnchecked(
    ctx.db,
    { ...input, password: input.password ?? temporaryPassword!, mustChangePassword: true },
    ctx.actor.userId,
  );
  await recordAudit(ctx, {
    action: 'user.created',
    resourceType: 'user',
    resourceId: created.id,
    jpath: created.jpath,
    detail: { username: created.username, role: created.role, jurisdiction: created.jurisdiction_code },
  });
  return { user: (await repo.findById(ctx.db, created.id))!, temporaryPassword };
}

export interface UserPatch {
  displayName?: string | undefined;
  role?: string | undefined;
  jurisdictionCode?: string | undefined;
  disabled?: boolean | undefined;
}

export async function updateUser(
  ctx: RequestContext,
  id: string,
  patch: UserPatch,
): Promise<repo.UserWithPlace> {
  requirePermission(ctx.actor, Permission.UserManage);
  const target = await userInScope(ctx, id);
  const self = target.id === ctx.actor.userId;
  if (self && (patch.role !== undefined || patch.jurisdictionCode !== undefined)) {
    throw Errors.cannotChangeSelf('change the role or jurisdiction of');
  }
  if (self && patch.disabled !== undefined) throw Errors.cannotChangeSelf('disable or enable');
  // One's own display name is the only change to oneself; everyone else needs the right to manage.
  if (!self) assertCanManage(ctx.actor, target);

  const role = patch.role ?? target.role;
  if (!isRole(role)) throw Errors.validation([{ field: 'role', message: `unknown role ${role}` }]);
  if (!self) assertCanAssign(ctx.actor, role);
  const place = patch.jurisdictionCode
    ? await jurisdictionInScope(ctx, patch.jurisdictionCode)
    : ((await findJurisdiction(ctx.db, target.jurisdiction_code)) as JurisdictionRow);
  checkRoleAt(role, place);

  const changes: Parameters<typeof repo.update>[2] = {};
  if (patch.displayName !== undefined) changes.display_name = patch.displayName.trim() || target.username;
  if (patch.role !== undefined) changes.role = role;
  if (patch.jurisdictionCode !== undefined) {
    changes.jurisdiction_code = place.code;
    changes.jpath = place.jpath;
    changes.county_code = countyCodeOf(place.code);
  }
  if (patch.disabled !== undefined)
    changes.disabled_at = patch.disabled ? (target.disabled_at ?? new Date()) : null;

  await ctx.db.transaction().execute(async (tx) => {
    const updated = await repo.update(tx, id, changes);
    // A new role, place or a disable takes effect now, not at the next login.
    if (patch.role !== undefined || patch.jurisdictionCode !== undefined || patch.disabled) {
      await deleteUserSessions(tx, id);
    }
    const action =
      patch.disabled === true && !target.disabled_at
        ? 'user.disabled'
        : patch.disabled === false && target.disabled_at
          ? 'user.enabled'
          : 'user.updated';
    await recordAudit(
      ctx,
      {
        action,
        resourceType: 'user',
        resourceId: id,
        jpath: updated.jpath,
        detail: {
          username: target.username,
          fields: Object.keys(patch),
          ...(patch.role ? { role: { from: target.role, to: role } } : {}),
          ...(patch.jurisdictionCode
            ? { jurisdiction: { from: target.jurisdiction_code, to: place.code } }
            : {}),
        },
      },
      tx,
    );
  });
  // Evict again after commit: a request between the in-transaction delete and the commit may have
  // re-read (and cached) the old session.
  forgetUserSessions(id);
  return (await repo.findById(ctx.db, id))!;
}

/** Sets a new temporary password, ends the user's sessions, and returns the password once. */
export async function resetPassword(ctx: RequestContext, id: string): Promise<string> {
  requirePermission(ctx.actor, Permission.UserManage);
  const target = await userInScope(ctx, id);
  assertCanManage(ctx.actor, target);
  if (target.id === ctx.actor.userId)
    throw Errors.cannotChangeSelf('reset the password of (use change password)');
  const password = generatePassword();
  await storePassword(ctx.db, id, password, true);
  await deleteUserSessions(ctx.db, id);
  await recordAudit(ctx, {
    action: 'user.password_reset',
    resourceType: 'user',
    resourceId: id,
    jpath: target.jpath,
    detail: { username: target.username },
  });
  return password;
}
