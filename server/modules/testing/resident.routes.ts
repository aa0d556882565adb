/**
 * The resident page: sampling codes and personal links (for staff), and the public page a link
 * opens — one person's recent results, no account needed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { ResidentHealthCode } from '../riskcontrol/codes.schema.js';
import { residentHealthCode } from '../riskcontrol/codes.service.js';
import {
  HouseholdCodes,
  HouseholdParams,
  PersonParams,
  ResidentCode,
  ResidentPage,
  TokenParams,
} from './coverage.schema.js';
import * as resident from './resident.service.js';

const tags = ['testing'];

/** The resident page with the person's health code (risk control) beside their results. */
const ResidentPageWithCode = Type.Object({
  ...ResidentPage.properties,
  healthCode: Type.Optional(ResidentHealthCode),
});

export const residentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/testing/people/:personId/code',
    {
      schema: {
        tags,
        summary: 'A person’s sampling code and personal results link',
        params: PersonParams,
        response: { 200: ResidentCode, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => resident.personCode(contextOf(request), request.params.personId),
  );

  app.get(
    '/api/testing/households/:householdId/codes',
    {
      schema: {
        tags,
        summary: 'Sampling codes and links of a household’s members, for printing (masked names; audited)',
        params: HouseholdParams,
        response: { 200: HouseholdCodes, ...errorResponses },
      },
      config: { access: Permission.PopulationRead },
    },
    async (request) => resident.householdCodes(contextOf(request), request.params.householdId),
  );

  app.get(
    '/api/testing/resident/:token',
    {
      schema: {
        tags,
        summary:
          'Public: the holder of a personal link sees their own recent results and health code (audited)',
        params: TokenParams,
        response: { 200: ResidentPageWithCode, ...errorResponses },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const source = {
        db: request.server.db,
        pii: request.server.pii,
        requestId: request.id,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      };
      const page = await resident.residentPage(
        {
          ...source,
          healthCode: (person) => residentHealthCode(source, request.server.signing, person),
        },
        request.params.token,
      );
      // Results of one person: no shared or browser cache keeps them.
      reply.header('cache-control', 'no-store');
      return page;
    },
  );
};
