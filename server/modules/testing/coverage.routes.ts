/**
 * /api/testing/rounds/:id/{coverage,missing,door-to-door,daily,turnaround} and
 * /api/testing/pool-advice — how far a round has got, who is missing, and what the next one needs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import {
  CoverageMapResponse,
  CoverageResponse,
  DailyQuery,
  DailyResponse,
  DoorToDoorBody,
  DoorToDoorResponse,
  JurisdictionQuery,
  MissingQuery,
  MissingResponse,
  PoolAdviceQuery,
  PoolAdviceResponse,
  RoundParams,
  TurnaroundResponse,
} from './coverage.schema.js';
import * as coverage from './coverage.service.js';
import * as missing from './missing.service.js';
import * as reports from './reports.service.js';

const tags = ['testing'];

/** Short division codes (4/6/9 digits) become 12; grid and building codes pass through. */
function code<T extends string | undefined>(value: T, field = 'jurisdiction'): T {
  return (value === undefined ? value : normaliseCode(value, field)) as T;
}

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/testing/rounds/:id/coverage',
    {
      schema: {
        tags,
        summary: 'Expected, exempt, sampled and missing of a unit and each of its child units',
        params: RoundParams,
        querystring: JurisdictionQuery,
        response: { 200: CoverageResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      coverage.coverage(contextOf(request), request.params.id, code(request.query.jurisdiction)),
  );

  app.get(
    '/api/testing/rounds/:id/coverage/map',
    {
      schema: {
        tags,
        summary: 'Coverage per county of my part of the round, for the county map',
        params: RoundParams,
        response: { 200: CoverageMapResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => coverage.coverageMap(contextOf(request), request.params.id),
  );

  app.get(
    '/api/testing/rounds/:id/missing',
    {
      schema: {
        tags,
        summary: 'People expected and not yet sampled, by household (masked; audited)',
        params: RoundParams,
        querystring: MissingQuery,
        response: { 200: MissingResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      missing.missingList(contextOf(request), request.params.id, {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction),
      }),
  );

  app.post(
    '/api/testing/rounds/:id/door-to-door',
    {
      schema: {
        tags,
        summary:
          'Door-to-door sampling tasks for immobile and missing people (testing.sample or testing.plan)',
        params: RoundParams,
        body: DoorToDoorBody,
        response: { 200: DoorToDoorResponse, ...errorResponses },
      },
      // Either of two permissions: the route lets every tester through, the service decides.
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      missing.createDoorToDoor(contextOf(request), request.params.id, {
        ...request.body,
        jurisdiction: code(request.body.jurisdiction),
      }),
  );

  app.get(
    '/api/testing/rounds/:id/daily',
    {
      schema: {
        tags,
        summary: 'Daily close per village: sampled, tubes, results, positives, missing with reasons',
        params: RoundParams,
        querystring: DailyQuery,
        response: { 200: DailyResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      reports.dailyClose(contextOf(request), request.params.id, {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction),
      }),
  );

  app.get(
    '/api/testing/rounds/:id/daily.xlsx',
    {
      schema: {
        tags,
        summary: 'The daily close as Excel',
        params: RoundParams,
        querystring: DailyQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      config: { access: Permission.TestingRead },
    },
    async (request, reply) => {
      const report = await reports.dailyClose(contextOf(request), request.params.id, {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction),
      });
      const { buffer, fileName } = await reports.dailyCloseWorkbook(report);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );

  app.get(
    '/api/testing/rounds/:id/turnaround',
    {
      schema: {
        tags,
        summary: 'Tubes per stage, share resulted within the round’s hours, hourly series, lab backlog',
        params: RoundParams,
        querystring: JurisdictionQuery,
        response: { 200: TurnaroundResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      reports.turnaround(contextOf(request), request.params.id, code(request.query.jurisdiction)),
  );

  app.get(
    '/api/testing/pool-advice',
    {
      schema: {
        tags,
        summary: 'Tests, tubes and reagent per pool size at the area’s recent positivity (Dorfman)',
        querystring: PoolAdviceQuery,
        response: { 200: PoolAdviceResponse, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) =>
      reports.poolAdviceFor(contextOf(request), {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction),
      }),
  );
};
