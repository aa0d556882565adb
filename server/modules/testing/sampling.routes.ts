/**
 * /api/testing/tubes, /api/testing/lookup — the sampler's path, one scan at a time.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { IdParams } from './rounds.schema.js';
import {
  LookupQuery,
  LookupResponse,
  OpenTubeBody,
  ScanBody,
  ScanResponse,
  Tube,
  TubeList,
  TubeQuery,
} from './sampling.schema.js';
import * as sampling from './sampling.service.js';

const tags = ['testing'];

export const samplingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/testing/tubes',
    {
      schema: {
        tags,
        summary: 'Open a tube at a site: its pool size comes from the zone and the round’s rules',
        body: OpenTubeBody,
        response: { 201: Tube, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request, reply) => reply.code(201).send(await sampling.openTube(contextOf(request), request.body)),
  );
  app.get(
    '/api/testing/tubes',
    {
      schema: {
        tags,
        summary: 'Tubes of my subtree by barcode',
        querystring: TubeQuery,
        response: { 200: TubeList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => ({ items: await sampling.findTubes(contextOf(request), request.query.barcode) }),
  );
  app.get(
    '/api/testing/tubes/:id',
    {
      schema: {
        tags,
        summary: 'A tube and the people in it (masked; audited)',
        params: IdParams,
        response: { 200: Tube, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => sampling.getTube(contextOf(request), request.params.id),
  );
  app.post(
    '/api/testing/tubes/:id/samples',
    {
      schema: {
        tags,
        summary: 'Put a person into an open tube (sampling code or ID number)',
        params: IdParams,
        body: ScanBody,
        response: { 200: ScanResponse, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request) => sampling.addSample(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/testing/tubes/:id/close',
    {
      schema: {
        tags,
        summary: 'Close (seal) a tube before it is full',
        params: IdParams,
        response: { 200: Tube, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request) => sampling.closeTube(contextOf(request), request.params.id),
  );
  app.get(
    '/api/testing/lookup',
    {
      schema: {
        tags,
        summary: 'Who a scan names, and whether they are sampled in the round (audited)',
        querystring: LookupQuery,
        response: { 200: LookupResponse, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request) => sampling.lookup(contextOf(request), request.query.roundId, request.query),
  );
};
