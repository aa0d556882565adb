/**
 * /api/population/imports — ledger import: template, upload (raw body streamed to disk), column
 * mapping and start, progress, error report, resume and cancel. Everything needs
 * population.manage; jobs are visible within the uploader's jurisdiction and above.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { Permission } from '../../../../domain/access.js';
import { contextOf } from '../../../platform/context.js';
import { Errors } from '../../../platform/errors.js';
import { tagModule } from '../../../platform/module.js';
import { errorResponses } from '../../../platform/schemas.js';
import { ImportJobs } from './import.jobs.js';
import { presentImport } from './import.presenter.js';
import { errorReport } from './import.report.js';
import {
  IdParams,
  ImportView,
  ListQuery,
  ListResponse,
  StartBody,
  UploadQuery,
  UploadResponse,
} from './import.schema.js';
import * as service from './import.service.js';
import { templateWorkbook } from './import.template.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Import jobs running in this process (population/import). */
    importJobs: ImportJobs;
  }
}

const tags = ['population'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * What browsers and tools send for a raw .xlsx or .csv body (curl --data-binary says form-urlencoded).
 * Multipart is not among them: the body must be the file itself.
 */
const UPLOAD_TYPES = [
  'application/octet-stream',
  XLSX,
  'application/vnd.ms-excel',
  'text/csv',
  'application/csv',
  'text/plain',
  'application/x-www-form-urlencoded',
];
const attachment = (name: string): string => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const routes: FastifyPluginAsyncTypebox<{ jobs: ImportJobs; maxBytes: number }> = async (
  app,
  { jobs, maxBytes },
) => {
  tagModule(app, 'population');
  // The body stays a stream: the service writes it to disk as it arrives (never whole in memory).
  // Fastify applies bodyLimit only to the parsers that buffer, so the 1 MiB app limit does not
  // apply here; the service enforces its own limit (maxBytes) while streaming.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));

  app.get(
    '/api/population/import-template.xlsx',
    {
      schema: { tags, summary: 'The people ledger template (Excel) with Chinese headers', produces: [XLSX] },
      config: { access: Permission.PopulationManage },
    },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('人口底数导入模板.xlsx'))
        .send(await templateWorkbook()),
  );

  app.post(
    '/api/population/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a ledger (.xlsx or CSV as the raw body): returns its headers, a suggested mapping and a preview',
        querystring: UploadQuery,
        response: { 201: UploadResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable))
        throw Errors.unsupportedMediaType(request.headers['content-type'] ?? '(none)');
      const length = Number(request.headers['content-length']);
      const result = await service.uploadImport(
        contextOf(request),
        jobs,
        maxBytes,
        request.query.fileName,
        request.body,
        Number.isFinite(length) ? length : undefined,
      );
      return reply.code(201).send({ ...result, import: presentImport(result.job) });
    },
  );

  app.get(
    '/api/population/imports',
    {
      schema: {
        tags,
        summary: 'Import jobs in my jurisdiction, newest first',
        querystring: ListQuery,
        response: { 200: ListResponse, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request) => {
      const { limit = 20, offset = 0 } = request.query;
      const page = await service.listImports(contextOf(request), { limit, offset });
      return { items: page.items.map(presentImport), total: page.total };
    },
  );

  app.get(
    '/api/population/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import job with its progress',
        params: IdParams,
        response: { 200: ImportView, ...errorResponses },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request) => presentImport(await service.getImport(contextOf(request), request.params.id)),
  );

  app.post(
    '/api/population/imports/:id/start',
    {
      schema: {
        tags,
        summary: 'Start an uploaded import with a column mapping (field → header); runs in the background',
        params: IdParams,
        body: StartBody,
        response: { 200: ImportView, ...errorResponses, 409: Type.Ref('ErrorResponse') },
      },
      config: { access: Permission.PopulationManage },
    },
    async (request) =>
      presentImport(
        await service.startImport(contextOf(request), jobs, request.params.id, request.body.mapping),
      ),
  );

  for (const action of ['resume', 'cancel'] as const) {
    app.post(
      `/api/population/imports/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'resume'
              ? 'Continue an interrupted or failed import from its last batch'
              : 'Cancel an import (rows already imported stay)',
          params: IdParams,
          response: { 200: ImportView, ...errorResponses, 409: Type.Ref('ErrorResponse') },
        },
        config: { access: Permission.PopulationManage },
      },
      async (request) => {
        const ctx = contextOf(request);
        const job =
          action === 'resume'
            ? await service.resumeImport(ctx, jobs, request.params.id)
            : await service.cancelImport(ctx, jobs, request.params.id);
        return presentImport(job);
      },
    );
  }

  app.get(
    '/api/population/imports/:id/errors.xlsx',
    {
      schema: {
        tags,
        summary:
          'The rejected rows with 行号 and 错误原因 columns (Excel); identifiers masked except for the uploader',
        params: IdParams,
        produces: [XLSX],
      },
      config: { access: Permission.PopulationManage },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const job = await service.getImport(ctx, request.params.id);
      const base = job.file_name.replace(/\.[^.]*$/, '');
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`${base}-错误行.xlsx`))
        .header('cache-control', 'no-store')
        .send(errorReport(ctx.db, ctx.pii, job, job.created_by === ctx.actor.userId));
    },
  );
};

/**
 * The import plugin: the job registry on the instance (serve.ts resumes interrupted jobs through
 * it; shutdown stops its jobs after their current batch), and the routes in their own context so
 * the raw-body parsers apply to them only.
 */
export const populationImportPlugin = fp(
  async (app) => {
    const { dataDir, importMaxBytes } = app.settings;
    // Without a data directory (tests) the files go to a temp directory removed at close.
    const temp = dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-imports-'));
    const dir = temp ?? path.join(dataDir!, 'imports');
    const jobs = new ImportJobs({ db: app.db, pii: app.pii, dir, log: app.log });
    app.decorate('importJobs', jobs);
    app.addHook('onClose', async () => {
      await jobs.stopAll();
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    });
    await app.register(routes, { jobs, maxBytes: importMaxBytes ?? service.DEFAULT_MAX_BYTES });
  },
  { name: 'cordon-population-import' },
);
