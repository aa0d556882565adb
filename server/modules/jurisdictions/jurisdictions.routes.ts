/**
 * /api/jurisdictions — the tree of divisions, grids and buildings within the user's scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { tagModule } from '../../platform/module.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import { presentJurisdiction } from './jurisdictions.presenter.js';
import {
  CodeParams,
  CreateBody,
  DetailResponse,
  Jurisdiction,
  ListQuery,
  ListResponse,
  MapQuery,
  UpdateBody,
} from './jurisdictions.schema.js';
import * as service from './jurisdictions.service.js';

const tags = ['jurisdictions'];

export const jurisdictionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  tagModule(app, 'jurisdictions');

  app.get(
    '/api/jurisdictions',
    {
      schema: {
        tags,
        summary: 'Children of a jurisdiction (?parent=), a search (?q=), or the home jurisdiction',
        querystring: ListQuery,
        response: { 200: ListResponse, ...errorResponses },
      },
      config: { access: Permission.JurisdictionRead },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { parent, q, limit = 100, offset = 0 } = request.query;
      if (parent) {
        const page = await service.listChildren(ctx, service.normaliseCode(parent, 'parent'), {
          limit,
          offset,
        });
        return { items: page.items.map(presentJurisdiction), total: page.total };
      }
      if (q) {
        const hits = await service.search(ctx, q, Math.min(limit, 50));
        return { items: hits.map(presentJurisdiction), total: hits.length };
      }
      const home = await service.listHome(ctx);
      return { items: home.map(presentJurisdiction), total: home.length };
    },
  );

  app.get(
    '/api/jurisdictions/:code',
    {
      schema: {
        tags,
        summary: 'One jurisdiction with its ancestors and descendant counts by level and kind',
        params: CodeParams,
        response: { 200: DetailResponse, ...errorResponses },
      },
      config: { access: Permission.JurisdictionRead },
    },
    async (request) => {
      const detail = await service.getDetail(
        contextOf(request),
        service.normaliseCode(request.params.code, 'code'),
      );
      return {
        jurisdiction: presentJurisdiction(detail.node),
        ancestors: detail.ancestors.map(presentJurisdiction),
        counts: detail.counts,
      };
    },
  );

  app.get(
    '/api/jurisdictions/:code/map',
    {
      schema: {
        tags,
        summary: 'County outlines (GeoJSON) under a jurisdiction with a metric per county',
        params: CodeParams,
        querystring: MapQuery,
        response: {
          200: Type.Object({
            metric: Type.String(),
            cityCode: Type.String(),
            geojson: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
            values: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                value: Type.Integer(),
                onMap: Type.Boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
      config: { access: Permission.JurisdictionRead },
    },
    async (request, reply) => {
      const code = service.normaliseCode(request.params.code, 'code');
      const metric = request.query.metric ?? 'villages';
      reply.header('cache-control', 'private, max-age=60');
      return service.countyMap(contextOf(request), code, metric);
    },
  );

  app.post(
    '/api/jurisdictions',
    {
      schema: {
        tags,
        summary: 'Create a grid under a village or a building under a grid',
        body: CreateBody,
        response: { 201: Jurisdiction, ...errorResponses },
      },
      config: { access: Permission.JurisdictionManage },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await service.createUnit(contextOf(request), {
        ...body,
        parentCode: service.normaliseCode(body.parentCode, 'parentCode'),
      });
      return reply.code(201).send(presentJurisdiction(row));
    },
  );

  app.patch(
    '/api/jurisdictions/:code',
    {
      schema: {
        tags,
        summary: 'Rename or re-kind a grid or building; move a building to another grid',
        params: CodeParams,
        body: UpdateBody,
        response: { 200: Jurisdiction, ...errorResponses },
      },
      config: { access: Permission.JurisdictionManage },
    },
    async (request) => {
      const body = request.body;
      const row = await service.updateUnit(
        contextOf(request),
        service.normaliseCode(request.params.code, 'code'),
        {
          ...body,
          parentCode: body.parentCode ? service.normaliseCode(body.parentCode, 'parentCode') : undefined,
        },
      );
      return presentJurisdiction(row);
    },
  );

  app.delete(
    '/api/jurisdictions/:code',
    {
      schema: {
        tags,
        summary: 'Delete an empty grid or building',
        params: CodeParams,
        response: { 200: Ok, ...errorResponses },
      },
      config: { access: Permission.JurisdictionManage },
    },
    async (request) => {
      await service.deleteUnit(contextOf(request), service.normaliseCode(request.params.code, 'code'));
      return { ok: true as const };
    },
  );
};
