/**
 * /api/population — the population ledger: people, households, unit counts, special-population
 * registers, grid staff and Excel export. Identifiers leave masked except through /reveal.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { tagModule } from '../../platform/module.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import { normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { exportPeople } from './export.service.js';
import {
  ExportQuery,
  HouseholdResponse,
  IdParams,
  PersonBody,
  PersonDetail,
  RevealBody,
  RevealResponse,
  SearchQuery,
  SearchResponse,
  SpecialCountsQuery,
  SpecialCountsResponse,
  SpecialRegisterQuery,
  SpecialRegisterResponse,
  StaffBody,
  StaffEntry,
  StaffQuery,
  UnitSummary,
  UnitSummaryQuery,
} from './people.schema.js';
import * as people from './people.service.js';
import * as units from './units.service.js';

const tags = ['population'];

/** Short division codes (4/6/9 digits) become 12; grid and building codes pass through. */
function code<T extends string | undefined>(value: T, field: string): T {
  return (value === undefined ? value : normaliseCode(value, field)) as T;
}

export const populationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  tagModule(app, 'population');

  app.get(
    '/api/population/people',
    {
      schema: {
        tags,
        summary: 'Find people in my subtree by name, ID number, phone or address (masked; audited)',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) =>
      people.searchPeople(contextOf(request), {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction, 'jurisdiction'),
      }),
  );

  app.get(
    '/api/population/people/:id',
    {
      schema: {
        tags,
        summary: 'One person, masked (audited)',
        params: IdParams,
        response: { 200: PersonDetail, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => people.getPerson(contextOf(request), request.params.id),
  );

  app.post(
    '/api/population/people/:id/reveal',
    {
      schema: {
        tags,
        summary: "A person's full ID number and phones, for a stated reason (audited)",
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationReveal },
    },
    async (request) =>
      people.revealPerson(contextOf(request), request.params.id, request.body.reason, request.body.fields),
  );

  app.post(
    '/api/population/people',
    {
      schema: {
        tags,
        summary: 'Register a person',
        body: PersonBody,
        response: { 201: PersonDetail, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request, reply) => {
      const body = { ...request.body, place: code(request.body.place, 'place') };
      return reply.code(201).send(await people.createPerson(contextOf(request), body));
    },
  );

  app.patch(
    '/api/population/people/:id',
    {
      schema: {
        tags,
        summary: "Change a person's details (each changed field goes into the history)",
        params: IdParams,
        body: Type.Partial(PersonBody),
        response: { 200: PersonDetail, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request) =>
      people.updatePerson(contextOf(request), request.params.id, {
        ...request.body,
        place: code(request.body.place, 'place'),
      }),
  );

  app.get(
    '/api/population/households/:id',
    {
      schema: {
        tags,
        summary: 'A household and its members (audited)',
        params: IdParams,
        response: { 200: HouseholdResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => units.getHousehold(contextOf(request), request.params.id),
  );

  app.get(
    '/api/population/summary',
    {
      schema: {
        tags,
        summary: 'Counts of people, households, residence types, ages and special populations in a unit',
        querystring: UnitSummaryQuery,
        response: { 200: UnitSummary, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => units.unitSummary(contextOf(request), code(request.query.code, 'code')),
  );

  app.get(
    '/api/population/specials',
    {
      schema: {
        tags,
        summary: 'Special-population register (audited)',
        querystring: SpecialRegisterQuery,
        response: { 200: SpecialRegisterResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) =>
      units.specialRegister(contextOf(request), {
        ...request.query,
        jurisdiction: code(request.query.jurisdiction, 'jurisdiction'),
      }),
  );

  app.get(
    '/api/population/specials/counts',
    {
      schema: {
        tags,
        summary: 'Special populations counted by kind for each child unit (each village of a town …)',
        querystring: SpecialCountsQuery,
        response: { 200: SpecialCountsResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) =>
      units.specialCounts(contextOf(request), code(request.query.jurisdiction, 'jurisdiction')),
  );

  app.get(
    '/api/population/staff',
    {
      schema: {
        tags,
        summary: 'Grid workers and building heads serving a unit and the units below it',
        querystring: StaffQuery,
        response: { 200: Type.Object({ items: Type.Array(StaffEntry) }), ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => ({
      items: await units.listStaff(contextOf(request), code(request.query.jurisdiction, 'jurisdiction')),
    }),
  );

  app.post(
    '/api/population/staff',
    {
      schema: {
        tags,
        summary: 'Add a grid worker (to a grid) or building head (to a building)',
        body: StaffBody,
        response: { 201: StaffEntry, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request, reply) =>
      reply.code(201).send(
        await units.addStaff(contextOf(request), {
          ...request.body,
          unitCode: code(request.body.unitCode, 'unitCode'),
        }),
      ),
  );

  app.delete(
    '/api/population/staff/:id',
    {
      schema: {
        tags,
        summary: 'Remove a staff entry',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request) => {
      await units.removeStaff(contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/population/export.xlsx',
    {
      schema: {
        tags,
        summary: 'A list of people or a special-population register as Excel (masked; audited)',
        querystring: ExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      config: { access: Permission.PopulationExport },
    },
    async (request, reply) => {
      const { list = 'people', ...query } = request.query;
      const { stream, fileName } = await exportPeople(contextOf(request), {
        ...query,
        list,
        jurisdiction: code(query.jurisdiction, 'jurisdiction'),
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
};
