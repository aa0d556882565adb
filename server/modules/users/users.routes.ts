/**
 * /api/users — accounts of the administrator's subtree.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { tagModule } from '../../platform/module.js';
import { errorResponses } from '../../platform/schemas.js';
import { normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { presentUser } from './users.presenter.js';
import { CreateBody, IdParams, ListQuery, UpdateBody, User } from './users.schema.js';
import * as service from './users.service.js';

const tags = ['users'];
const WithPassword = Type.Object({
  user: User,
  temporaryPassword: Type.Union([Type.String(), Type.Null()], {
    description: 'Shown once; the user must change it at first login',
  }),
});

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  tagModule(app, 'users');

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Accounts in my subtree',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(User), total: Type.Integer() }), ...errorResponses },
      },
      config: { access: Permission.UserRead },
    },
    async (request) => {
      const { jurisdiction, limit = 50, offset = 0, ...rest } = request.query;
      const page = await service.listUsers(contextOf(request), {
        ...rest,
        limit,
        offset,
        ...(jurisdiction ? { jurisdiction: normaliseCode(jurisdiction, 'jurisdiction') } : {}),
      });
      return { items: page.items.map(presentUser), total: page.total };
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: { tags, summary: 'One account', params: IdParams, response: { 200: User, ...errorResponses } },
      config: { access: Permission.UserRead },
    },
    async (request) => presentUser(await service.getUser(contextOf(request), request.params.id)),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create an account (temporary password unless one is given)',
        body: CreateBody,
        response: { 201: WithPassword, ...errorResponses },
      },
      config: { access: Permission.UserManage },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await service.createUser(contextOf(request), {
        ...body,
        jurisdictionCode: normaliseCode(body.jurisdictionCode, 'jurisdictionCode'),
      });
      return reply
        .code(201)
        .send({ user: presentUser(result.user), temporaryPassword: result.temporaryPassword });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change name, role or jurisdiction; disable or enable',
        params: IdParams,
        body: UpdateBody,
        response: { 200: User, ...errorResponses },
      },
      config: { access: Permission.UserManage },
    },
    async (request) => {
      const { jurisdictionCode, ...rest } = request.body;
      const user = await service.updateUser(contextOf(request), request.params.id, {
        ...rest,
        ...(jurisdictionCode
          ? { jurisdictionCode: normaliseCode(jurisdictionCode, 'jurisdictionCode') }
          : {}),
      });
      return presentUser(user);
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Give the user a new temporary password (shown once) and end their sessions',
        params: IdParams,
        response: { 200: Type.Object({ temporaryPassword: Type.String() }), ...errorResponses },
      },
      config: { access: Permission.UserManage },
    },
    async (request) => ({
      temporaryPassword: await service.resetPassword(contextOf(request), request.params.id),
    }),
  );
};
