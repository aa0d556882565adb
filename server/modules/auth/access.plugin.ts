/**
 * Authentication and authorisation for every route, in one place:
 * - every /api route must declare `config.access` — a Permission, 'session' (any logged-in user,
 *   even one who must still change a temporary password) or 'public'; a route without it stops the
 *   server from starting (fail closed). The declared list is `app.routeAccess` (access-matrix test);
 * - the session cookie is resolved to an actor (one indexed query), expired sessions are refused;
 * - state-changing requests must come from our own origin and, with a session, carry the session's
 *   CSRF token in the x-csrf-token header;
 * - the permission is checked here, and again in the service.
 * Scope (where) is checked in services with platform/scope.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Permission } from '../../../domain/access.js';
import { type Actor, hasPermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { actorFromUser } from '../users/users.service.js';
import { type SessionWithUser, deleteSession, findSession, touchSession } from './sessions.repo.js';

export type Access = Permission | 'session' | 'public';

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

export const SESSION_COOKIE = 'cordon_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_AFTER_MS = 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: { id: string; csrfToken: string } | null;
  }
  interface FastifyInstance {
    routeAccess: RouteAccess[];
  }
}

export interface AccessOptions {
  idleMinutes: number;
  demo: boolean;
  secureCookies: boolean;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function usable(found: SessionWithUser, options: AccessOptions, now: number): boolean {
  if (found.expiresAt.getTime() <= now) return false;
  if (found.lastSeenAt.getTime() + options.idleMinutes * 60_000 <= now) return false;
  if (found.user.disabled_at) return false;
  if (found.user.is_demo && !options.demo) return false;
  return true;
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AccessOptions,
): Promise<boolean> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return false;
  const db = request.server.db;
  const found = await findSession(db, token);
  const now = Date.now();
  if (!found || !usable(found, options, now)) {
    if (found) await deleteSession(db, found.id);
    clearSessionCookie(reply, options.secureCookies);
    return true;
  }
  request.actor = actorFromUser(found.user);
  request.session = { id: found.id, csrfToken: found.csrfToken };
  request.log = request.log.child({ user: found.user.username });
  if (now - found.lastSeenAt.getTime() > TOUCH_AFTER_MS) await touchSession(db, found);
  return true;
}

function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin) return;
  const own = `${request.protocol}://${request.host}`;
  if (origin !== own) throw Errors.crossOrigin(origin);
}

export const accessPlugin = fp<AccessOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('session', null);
    app.decorate('routeAccess', [] as RouteAccess[]);

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const access = route.config?.access;
      if (!access) throw new Error(`${String(route.method)} ${route.url} declares no config.access`);
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, access });
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      const access: Access = request.routeOptions.config.access ?? 'public';
      const hadCookie = await authenticate(request, reply, options);
      if (!SAFE_METHODS.has(request.method)) {
        checkOrigin(request);
        if (access !== 'public' && request.session) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !sameToken(sent, request.session.csrfToken)) throw Errors.csrf();
        }
      }
      if (access === 'public') return;
      const actor = request.actor;
      if (!actor) throw hadCookie ? Errors.sessionExpired() : Errors.authRequired();
      if (access === 'session') return;
      if (actor.mustChangePassword) throw Errors.passwordChangeRequired();
      if (!hasPermission(actor, access)) throw Errors.forbidden(access);
    });
  },
  { name: 'cordon-access' },
);
