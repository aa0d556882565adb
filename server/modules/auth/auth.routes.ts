/**
 * /api/auth — log in (session cookie), log out, who am I, change my password.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLE_DEFINITIONS } from '../../../domain/access.js';
import { type Actor, contextOf } from '../../platform/context.js';
import { tagModule } from '../../platform/module.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import { findJurisdiction } from '../jurisdictions/jurisdictions.service.js';
import { SESSION_COOKIE, clearSessionCookie } from './access.plugin.js';
import * as service from './auth.service.js';

const tags = ['auth'];

const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  permissions: Type.Array(Type.String()),
  jurisdiction: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  isDemo: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
});

const Session = Type.Object({
  user: Me,
  csrfToken: Type.String({
    description: 'Send as the x-csrf-token header on every POST, PATCH, PUT, DELETE',
  }),
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  tagModule(app, 'auth');

  async function present(actor: Actor) {
    const place = await findJurisdiction(app.db, actor.jurisdictionCode);
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      permissions: [...ROLE_DEFINITIONS[actor.role].permissions],
      jurisdiction: {
        code: actor.jurisdictionCode,
        name: place?.short_name ?? '',
        level: place?.level ?? '',
      },
      isDemo: actor.isDemo,
      mustChangePassword: actor.mustChangePassword,
    };
  }

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in; sets the httpOnly session cookie',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Session, ...errorResponses },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { settings } = app;
      const result = await service.login(
        app.db,
        {
          username: request.body.username,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        },
        {
          demo: settings.demo,
          cityPath: settings.city,
          idleMinutes: settings.sessionIdleMinutes,
          maxHours: settings.sessionMaxHours,
        },
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: settings.secureCookies,
        expires: result.expiresAt,
      });
      return { user: await present(result.actor), csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags, summary: 'Log out: ends this session', response: { 200: Ok, ...errorResponses } },
      config: { access: 'session' },
    },
    async (request, reply) => {
      await service.logout(contextOf(request), request.session!.id);
      clearSessionCookie(reply, app.settings.secureCookies);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        summary: 'The logged-in user and the CSRF token',
        response: { 200: Session, ...errorResponses },
      },
      config: { access: 'session' },
    },
    async (request) => ({ user: await present(request.actor!), csrfToken: request.session!.csrfToken }),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: Type.Object({
          currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
          newPassword: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: 'session' },
    },
    async (request) => {
      await service.changePassword(
        contextOf(request),
        request.session!.id,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return { ok: true as const };
    },
  );
};
