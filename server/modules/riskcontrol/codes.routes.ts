/**
 * Health codes (健康码): a person's code with every reason (by id or ID number, audited), marks,
 * the city's test-recency policy, statistics by area, and the recompute on request.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  EndMarkBody,
  LookupBody,
  MarkInput,
  MarkList,
  MarkParams,
  MarkResult,
  MarksQuery,
  PersonCode,
  PersonParams,
  Policy,
  PolicyBody,
  RecomputeBody,
  RecomputeResult,
  Stats,
  StatsQuery,
} from './codes.schema.js';
import * as codes from './codes.service.js';

const tags = ['risk control: health codes'];

export const codesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/risk/codes/people/:personId',
    {
      schema: {
        tags,
        summary:
          'A person’s health code: colour, every reason, the day it can change, the last negative test (audited)',
        params: PersonParams,
        response: { 200: PersonCode, ...errorResponses },
      },
      config: { access: Permission.HealthCodeRead },
    },
    async (request) => codes.personCode(contextOf(request), request.params.personId),
  );

  app.post(
    '/api/risk/codes/lookup',
    {
      schema: {
        tags,
        summary: 'Look a person’s health code up by ID number (audited; identifiers masked)',
        body: LookupBody,
        response: { 200: PersonCode, ...errorResponses },
      },
      config: { access: Permission.HealthCodeRead },
    },
    async (request) => codes.lookupCode(contextOf(request), request.body.idNumber),
  );

  app.get(
    '/api/risk/codes/marks',
    {
      schema: {
        tags,
        summary: 'Marks (companion, arrival from a risk area, another province’s colour) of people in scope',
        querystring: MarksQuery,
        response: { 200: MarkList, ...errorResponses },
      },
      config: { access: Permission.HealthCodeRead },
    },
    async (request) => codes.listMarks(contextOf(request), request.query),
  );

  app.post(
    '/api/risk/codes/marks',
    {
      schema: {
        tags,
        summary: 'Record a mark and recompute the person’s code',
        body: MarkInput,
        response: { 201: MarkResult, ...errorResponses },
      },
      config: { access: Permission.HealthCodeManage },
    },
    async (request, reply) => {
      reply.code(201);
      return codes.createMark(contextOf(request), request.body);
    },
  );

  app.post(
    '/api/risk/codes/marks/:id/end',
    {
      schema: {
        tags,
        summary: 'End a mark (with a reason) and recompute the person’s code',
        params: MarkParams,
        body: EndMarkBody,
        response: { 200: MarkResult, ...errorResponses },
      },
      config: { access: Permission.HealthCodeManage },
    },
    async (request) => codes.endMark(contextOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/risk/codes/policy',
    {
      schema: {
        tags,
        summary: 'The city’s test-recency policy (no negative within N hours → yellow; null = off)',
        response: { 200: Policy, ...errorResponses },
      },
      config: { access: Permission.HealthCodeRead },
    },
    async (request) => codes.getPolicy(contextOf(request)),
  );

  app.put(
    '/api/risk/codes/policy',
    {
      schema: {
        tags,
        summary: 'Set the test-recency policy (city-level users only; audited)',
        body: PolicyBody,
        response: { 200: Policy, ...errorResponses },
      },
      config: { access: Permission.HealthCodeManage },
    },
    async (request) => codes.setPolicy(contextOf(request), request.body.testWithinHours),
  );

  app.get(
    '/api/risk/codes/stats',
    {
      schema: {
        tags,
        summary: 'Red / yellow / green per child area and people per reason (counts only)',
        querystring: StatsQuery,
        response: { 200: Stats, ...errorResponses },
      },
      config: { access: Permission.HealthCodeRead },
    },
    async (request) => codes.codeStats(contextOf(request), request.query.at),
  );

  app.post(
    '/api/risk/codes/recompute',
    {
      schema: {
        tags,
        summary:
          'Recompute every code of a county or the city (the caller’s, by default); a big city is better served by the CLI',
        body: RecomputeBody,
        response: { 200: RecomputeResult, ...errorResponses },
      },
      config: { access: Permission.HealthCodeManage },
    },
    async (request) => codes.recomputeRequest(contextOf(request), request.server.dbHandle, request.body.at),
  );
};
