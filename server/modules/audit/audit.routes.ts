/**
 * /api/audit — the audit log of the administrator's subtree, newest first.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { tagModule } from '../../platform/module.js';
import { Timestamp, errorResponses } from '../../platform/schemas.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { AUDIT_ACTIONS, recordAudit, searchAudit } from './audit.service.js';

const tags = ['audit'];

const Entry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.Union([
    Type.Object({
      id: Type.Union([Type.String(), Type.Null()]),
      username: Type.String(),
      role: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  action: Type.String(),
  outcome: Type.String(),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  countyCode: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  tagModule(app, 'audit');

  app.get(
    '/api/audit',
    {
      schema: {
        tags,
        summary: 'Search the audit log of my subtree (keyset paging: pass `next` as `before`)',
        querystring: Type.Object({
          actor: Type.Optional(Type.String({ maxLength: 64, description: 'Username' })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          outcome: Type.Optional(
            Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
          ),
          resourceType: Type.Optional(Type.String({ maxLength: 64 })),
          resourceId: Type.Optional(Type.String({ maxLength: 100 })),
          jurisdiction: Type.Optional(
            Type.String({ maxLength: 20, description: 'Only entries in this subtree' }),
          ),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Entry), next: Type.Union([Type.Integer(), Type.Null()]) }),
          ...errorResponses,
        },
      },
      config: { access: Permission.AuditRead },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { jurisdiction, limit = 50, ...filters } = request.query;
      const place = jurisdiction
        ? await jurisdictionInScope(ctx, normaliseCode(jurisdiction, 'jurisdiction'))
        : null;
      const page = await searchAudit(ctx, { ...filters, limit, jpath: place?.jpath });
      // Reading the log reveals who touched which personal records: that read is itself recorded.
      await recordAudit(ctx, {
        action: 'audit.searched',
        jpath: place?.jpath ?? ctx.actor.jpath,
        detail: { filters: { ...filters, jurisdiction }, results: page.items.length },
      });
      return {
        next: page.next,
        items: page.items.map((row) => ({
          id: row.id,
          at: row.at.toISOString(),
          actor:
            row.actor_username !== null
              ? { id: row.actor_id, username: row.actor_username, role: row.actor_role }
              : null,
          action: row.action,
          outcome: row.outcome,
          resourceType: row.resource_type,
          resourceId: row.resource_id,
          countyCode: row.county_code,
          ip: row.ip,
          userAgent: row.user_agent,
          requestId: row.request_id,
          detail: (row.detail as Record<string, unknown> | null) ?? null,
        })),
      };
    },
  );

  app.get(
    '/api/audit/actions',
    {
      schema: {
        tags,
        summary: 'The actions the audit log records (for filters)',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }), ...errorResponses },
      },
      config: { access: Permission.AuditRead },
    },
    async () => ({ items: [...AUDIT_ACTIONS] }),
  );
};
