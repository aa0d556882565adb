/**
 * Logging in and out, and changing one's own password. Throttling and lockout: login-throttle.ts.
 */
import type { Kysely } from 'kysely';
import { passwordProblems } from '../../../domain/access.js';
import type { Database } from '../../db/schema.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorFromUser, findUserByUsername, recordLogin, storePassword } from '../users/users.service.js';
import { addressRetryAfter, lockedUntil, recordAttempt } from './login-throttle.js';
import { decoyHash, verifyPassword } from './password.js';
import { type SessionPolicy, createSession, deleteSession, deleteUserSessions } from './sessions.repo.js';

export interface LoginRequest {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export interface LoginSettings extends SessionPolicy {
  demo: boolean;
  /** Path of the deployment's city: where entries that belong to no user are filed. */
  cityPath: string;
}

export async function login(
  db: Kysely<Database>,
  request: LoginRequest,
  settings: LoginSettings,
): Promise<LoginResult> {
  const source = { db, requestId: request.requestId, ip: request.ip, userAgent: request.userAgent };
  const retryAfter = await addressRetryAfter(db, request.ip);
  if (retryAfter > 0) throw Errors.tooManyAttempts(retryAfter);
  const locked = await lockedUntil(db, request.username);
  if (locked) throw Errors.accountLocked(locked);

  const user = await findUserByUsername(db, request.username);
  // Unknown usernames cost the same hash as known ones: timing tells nothing.
  const valid = await verifyPassword(request.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !valid) {
    await recordAttempt(db, request.username, request.ip, false);
    await recordAudit(source, {
      action: 'auth.login_failed',
      outcome: 'failed',
      resourceType: 'user',
      ...(user ? { resourceId: user.id } : {}),
      jpath: user?.jpath ?? settings.cityPath,
      username: request.username.slice(0, 64),
      detail: { reason: user ? 'wrong_password' : 'unknown_user' },
    });
    const nowLocked = await lockedUntil(db, request.username);
    if (nowLocked) throw Errors.accountLocked(nowLocked);
    throw Errors.invalidCredentials();
  }
  const actor = actorFromUser(user);
  const refuse = user.disabled_at
    ? Errors.accountDisabled()
    : user.is_demo && !settings.demo
      ? Errors.demoAccountOutsideDemo()
      : null;
  if (refuse) {
    await recordAudit(
      { ...source, actor },
      {
        action: 'auth.login_failed',
        outcome: 'denied',
        resourceType: 'user',
        resourceId: user.id,
        jpath: user.jpath,
        detail: { reason: refuse.code },
      },
    );
    throw refuse;
  }
  await recordAttempt(db, request.username, request.ip, true);
  const session = await createSession(db, user.id, settings, {
    ip: request.ip,
    userAgent: request.userAgent,
  });
  await recordLogin(db, user.id);
  await recordAudit(
    { ...source, actor },
    { action: 'auth.login', resourceType: 'user', resourceId: user.id, jpath: user.jpath },
  );
  return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt, actor };
}

export async function logout(ctx: RequestContext, sessionId: string): Promise<void> {
  await deleteSession(ctx.db, sessionId);
  await recordAudit(ctx, {
    action: 'auth.logout',
    resourceType: 'user',
    resourceId: ctx.actor.userId,
    jpath: ctx.actor.jpath,
  });
}

/** Changes one's own password; every other session of the user ends. */
export async function changePassword(
  ctx: RequestContext,
  sessionId: string,
  current: string,
  next: string,
): Promise<void> {
  const user = await findUserByUsername(ctx.db, ctx.actor.username);
  if (!user || !(await verifyPassword(current, user.password_hash))) throw Errors.wrongPassword();
  const problems = passwordProblems(next, user.username);
  if (current === next) problems.push('same_as_current');
  if (problems.length > 0) throw Errors.weakPassword(problems);
  await storePassword(ctx.db, user.id, next, false);
  await deleteUserSessions(ctx.db, user.id, sessionId);
  await recordAudit(ctx, {
    action: 'auth.password_changed',
    resourceType: 'user',
    resourceId: user.id,
    jpath: user.jpath,
  });
}
