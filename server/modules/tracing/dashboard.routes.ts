/**
 * /api/tracing/dashboard — cases per day by how found, 2+4+24 compliance, contacts under control,
 * investigators' load, for my subtree.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { DashboardQuery, TracingDashboard } from './cases.schema.js';
import { dashboard } from './dashboard.service.js';

export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/dashboard',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Tracing dashboard: cases per CST day (community / under control), clocks, contacts, load',
        querystring: DashboardQuery,
        response: { 200: TracingDashboard, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => dashboard(contextOf(request), request.query),
  );
};
