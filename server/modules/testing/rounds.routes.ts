/**
 * /api/testing/rounds, /api/testing/editions — planning a round: areas and zones, pooling rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  EditionList,
  IdParams,
  Round,
  RoundBody,
  RoundList,
  RoundListQuery,
  RoundPatch,
} from './rounds.schema.js';
import * as rounds from './rounds.service.js';

const tags = ['testing'];

export const roundsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/testing/editions',
    {
      schema: {
        tags,
        summary: 'Protocol editions and their testing rules',
        response: { 200: EditionList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async () => rounds.listEditions(),
  );

  app.get(
    '/api/testing/rounds',
    {
      schema: {
        tags,
        summary: 'Rounds covering part of my subtree, newest first',
        querystring: RoundListQuery,
        response: { 200: RoundList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await rounds.presentRounds(ctx.db, await rounds.listRounds(ctx, request.query)) };
    },
  );

  app.post(
    '/api/testing/rounds',
    {
      schema: {
        tags,
        summary: 'Plan a round: areas with their zones, time window, protocol edition, pooling override',
        body: RoundBody,
        response: { 201: Round, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const [round] = await rounds.presentRounds(ctx.db, [await rounds.createRound(ctx, request.body)]);
      return reply.code(201).send(round!);
    },
  );

  app.get(
    '/api/testing/rounds/:id',
    {
      schema: { tags, summary: 'One round', params: IdParams, response: { 200: Round, ...errorResponses } },
      config: { access: Permission.TestingRead },
    },
    async (request) => {
      const ctx = contextOf(request);
      const [round] = await rounds.presentRounds(ctx.db, [await rounds.visibleRound(ctx, request.params.id)]);
      return round!;
    },
  );

  app.patch(
    '/api/testing/rounds/:id',
    {
      schema: {
        tags,
        summary: 'Change a round: name, end, status (close), areas and zones, pooling rules',
        params: IdParams,
        body: RoundPatch,
        response: { 200: Round, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request) => {
      const ctx = contextOf(request);
      const [round] = await rounds.presentRounds(ctx.db, [
        await rounds.updateRound(ctx, request.params.id, request.body),
      ]);
      return round!;
    },
  );
};
