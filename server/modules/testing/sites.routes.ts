/**
 * /api/testing/sites, teams, labs, staffing and a round's exemptions.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import * as exemptions from './exemptions.service.js';
import {
  ExemptionBody,
  ExemptionList,
  ExemptionListQuery,
  IdParams,
  Lab,
  LabBody,
  LabList,
  RoundPersonParams,
  Site,
  SiteBody,
  SiteList,
  SiteListQuery,
  Staffing,
  StaffingQuery,
  Team,
  TeamBody,
} from './rounds.schema.js';
import * as sites from './sites.service.js';

const tags = ['testing'];

export const sitesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/testing/sites',
    {
      schema: {
        tags,
        summary: 'Sampling sites of my subtree with their teams',
        querystring: SiteListQuery,
        response: { 200: SiteList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => ({ items: await sites.listSites(contextOf(request), request.query) }),
  );
  app.post(
    '/api/testing/sites',
    {
      schema: {
        tags,
        summary: 'Add a sampling site in a village (or a grid/building of it)',
        body: SiteBody,
        response: { 201: Site, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request, reply) => reply.code(201).send(await sites.createSite(contextOf(request), request.body)),
  );
  app.patch(
    '/api/testing/sites/:id',
    {
      schema: {
        tags,
        summary: 'Change a site: name, address, hours, tables, active',
        params: IdParams,
        body: Type.Partial(Type.Omit(SiteBody, ['jurisdiction'])),
        response: { 200: Site, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request) => sites.updateSite(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/testing/sites/:id/teams',
    {
      schema: {
        tags,
        summary: 'Add a sampling team to a site',
        params: IdParams,
        body: TeamBody,
        response: { 201: Team, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request, reply) =>
      reply.code(201).send(await sites.addTeam(contextOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/testing/teams/:id',
    {
      schema: {
        tags,
        summary: 'Change a team',
        params: IdParams,
        body: Type.Partial(TeamBody),
        response: { 200: Team, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request) => sites.updateTeam(contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/testing/teams/:id',
    {
      schema: { tags, summary: 'Remove a team', params: IdParams, response: { 200: Ok, ...errorResponses } },
      config: { access: Permission.TestingPlan },
    },
    async (request) => {
      await sites.deleteTeam(contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/testing/labs',
    {
      schema: {
        tags,
        summary: 'Labs of my subtree and above it',
        response: { 200: LabList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => ({ items: await sites.listLabs(contextOf(request)) }),
  );
  app.post(
    '/api/testing/labs',
    {
      schema: {
        tags,
        summary: 'Add a lab (fixed or mobile)',
        body: LabBody,
        response: { 201: Lab, ...errorResponses },
      },
      config: { access: Permission.TestingPlan },
    },
    async (request, reply) => reply.code(201).send(await sites.createLab(contextOf(request), request.body)),
  );
  app.get(
    '/api/testing/staffing',
    {
      schema: {
        tags,
        summary: 'Sites, samplers and tables the norms suggest for an area, and what it has',
        querystring: StaffingQuery,
        response: { 200: Staffing, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => sites.staffing(contextOf(request), request.query),
  );
  app.get(
    '/api/testing/rounds/:id/exemptions',
    {
      schema: {
        tags,
        summary: 'People exempted from a round in my subtree (masked; audited)',
        params: IdParams,
        querystring: ExemptionListQuery,
        response: { 200: ExemptionList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => exemptions.listExemptions(contextOf(request), request.params.id, request.query),
  );
  app.post(
    '/api/testing/rounds/:id/exemptions',
    {
      schema: {
        tags,
        summary: 'Exempt a person from a round (in hospital, in isolation, away)',
        params: IdParams,
        body: ExemptionBody,
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: Permission.TestingExempt },
    },
    async (request) => {
      await exemptions.exempt(contextOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/testing/rounds/:id/exemptions/:personId',
    {
      schema: {
        tags,
        summary: 'Withdraw an exemption',
        params: RoundPersonParams,
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: Permission.TestingExempt },
    },
    async (request) => {
      await exemptions.unexempt(contextOf(request), request.params.id, request.params.personId);
      return { ok: true as const };
    },
  );
};
