/**
 * /api/tracing/clusters and /api/tracing/chains — clusters (聚集性疫情) with their size and growth,
 * the transmission-chain graph for the network view and the timeline, and a cluster's export.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  ChainExport,
  ChainGraph,
  ChainQuery,
  Cluster,
  ClusterIdParams,
  ClusterList,
  ClusterPatch,
  ExportQuery,
} from './chains.schema.js';
import { exportChains } from './chains.export.js';
import * as chains from './chains.service.js';

const tags = ['tracing'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const chainsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/clusters',
    {
      schema: {
        tags,
        summary: 'Clusters with at least one case I may open, largest first',
        response: { 200: ClusterList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => chains.listClusters(contextOf(request)),
  );

  app.patch(
    '/api/tracing/clusters/:id',
    {
      schema: {
        tags,
        summary: 'Rename a cluster (the name then stays as given)',
        params: ClusterIdParams,
        body: ClusterPatch,
        response: { 200: Cluster, ...errorResponses },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) => chains.renameCluster(contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/tracing/chains',
    {
      schema: {
        tags,
        summary:
          'The chain graph — cases, close and secondary contacts, shared places — of a cluster, of a case, or of everything I may see (audited)',
        querystring: ChainQuery,
        response: { 200: ChainGraph, ...errorResponses },
      },
      // The city's whole graph is ~15 MB of JSON: gzip level 1 gets it to about a third, several
      // times faster than the default level 6 (bench/tracing-chains.ts measures both sides).
      compress: { encodings: ['gzip', 'deflate'], threshold: 2048, zlibOptions: { level: 1 } },
      config: { access: Permission.TracingRead },
    },
    async (request, reply) => {
      const graph = await chains.chainGraph(contextOf(request), request.query);
      // JSON text written by the database (chains.service.ts graphJson), streamed as it came: for
      // the city's whole graph, ~15 MB, re-serializing would cost more than building it.
      return reply.type('application/json; charset=utf-8').send(Readable.from(graph.parts));
    },
  );

  app.get(
    '/api/tracing/chains/export',
    {
      schema: {
        tags,
        summary:
          "A cluster's cases, contacts and relations as Excel (病例, 密接, 关系) or JSON; masked, audited",
        querystring: ExportQuery,
        produces: [XLSX, 'application/json'],
        response: { 200: ChainExport, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request, reply) => {
      const out = await exportChains(contextOf(request), request.query);
      reply.header('cache-control', 'no-store');
      if (out.format === 'json') return out.data;
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.fileName)}`)
        .send(out.body);
    },
  );
};
