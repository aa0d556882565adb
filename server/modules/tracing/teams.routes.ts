/**
 * /api/tracing/teams and /api/tracing/board — joint teams by area (分片包干) and the load of every
 * investigator.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import { IdParams, LoadList, Team, TeamInput, TeamList, TeamPatch } from './cases.schema.js';
import * as teams from './teams.service.js';

const tags = ['tracing'];

export const teamsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/teams',
    {
      schema: {
        tags,
        summary: 'Teams whose area lies in my subtree, and the teams I belong to',
        response: { 200: TeamList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => teams.listTeams(contextOf(request)),
  );

  app.post(
    '/api/tracing/teams',
    {
      schema: {
        tags,
        summary: 'Form a team for an area of my subtree; members may come from other counties',
        body: TeamInput,
        response: { 201: Team, ...errorResponses },
      },
      config: { access: Permission.TracingAssign },
    },
    async (request, reply) => reply.code(201).send(await teams.createTeam(contextOf(request), request.body)),
  );

  app.patch(
    '/api/tracing/teams/:id',
    {
      schema: {
        tags,
        summary: 'Rename a team, move its area, change its leader or members',
        params: IdParams,
        body: TeamPatch,
        response: { 200: Team, ...errorResponses },
      },
      config: { access: Permission.TracingAssign },
    },
    async (request) => teams.updateTeam(contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/tracing/teams/:id',
    {
      schema: {
        tags,
        summary: 'Dissolve a team that has no open cases',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: Permission.TracingAssign },
    },
    async (request) => {
      await teams.deleteTeam(contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/tracing/board',
    {
      schema: {
        tags,
        summary: "Each investigator's load: open, overdue and due-soon cases, calls today",
        response: { 200: LoadList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => teams.board(contextOf(request)),
  );
};
