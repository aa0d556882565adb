/**
 * /api/testing/boxes, /api/testing/labs/:id/… — shipping tubes to a lab, receiving them, and
 * recording their results (a JSON list, or a .csv/.xlsx file as the raw body).
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  Box,
  BoxBody,
  BoxList,
  BoxListQuery,
  BoxParams,
  LabParams,
  ReceiveBody,
  ReceiveResponse,
  ResultsBody,
  UploadParams,
  UploadQuery,
  UploadResult,
} from './lab.schema.js';
import { recordResults } from './lab.results.js';
import * as lab from './lab.service.js';
import { openResultFile } from './lab.upload.js';

const tags = ['testing'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What browsers and tools send for a raw .xlsx or .csv body (curl --data-binary: form-urlencoded). */
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

/** The file upload in its own context: the raw-body parsers apply to it alone. */
const uploadRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
  app.post(
    '/api/testing/labs/:id/results/upload',
    {
      schema: {
        tags,
        summary:
          'Upload a result file (.csv UTF-8/GBK or .xlsx, raw body; headers 试管条码, 检测结果, ORF1ab Ct, N Ct, 检测时间)',
        params: LabParams,
        querystring: UploadQuery,
        response: { 201: UploadResult, ...errorResponses },
      },
      config: { access: Permission.TestingLab },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable))
        throw Errors.unsupportedMediaType(request.headers['content-type'] ?? '(none)');
      const ctx = contextOf(request);
      // Refuse before reading the file when the lab is not the actor's.
      await lab.labInScope(ctx, request.params.id);
      const file = await openResultFile(request.body);
      try {
        const summary = await recordResults(ctx, request.params.id, file.rows, {
          fileName: request.query.fileName ?? 'upload',
          sha256: file.sha256,
        });
        return reply.code(201).send(summary);
      } finally {
        file.cleanup();
      }
    },
  );
};

export const labRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(uploadRoute);

  app.post(
    '/api/testing/boxes',
    {
      schema: {
        tags,
        summary: 'Ship closed tubes of a round to a lab in a box (all or none)',
        body: BoxBody,
        response: { 201: Box, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request, reply) => reply.code(201).send(await lab.shipBox(contextOf(request), request.body)),
  );

  app.get(
    '/api/testing/boxes',
    {
      schema: {
        tags,
        summary: "A lab's incoming boxes (labId of my lab), or the boxes shipped from my subtree",
        querystring: BoxListQuery,
        response: { 200: BoxList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => ({ items: await lab.listBoxes(contextOf(request), request.query) }),
  );

  app.post(
    '/api/testing/boxes/:id/receive',
    {
      schema: {
        tags,
        summary: 'The lab received a box: the box and its tubes are received',
        params: BoxParams,
        response: { 200: Box, ...errorResponses },
      },
      config: { access: Permission.TestingLab },
    },
    async (request) => lab.receiveBox(contextOf(request), request.params.id),
  );

  app.post(
    '/api/testing/labs/:id/receive',
    {
      schema: {
        tags,
        summary: 'Receive tubes without their box (mobile lab): each must have been shipped to this lab',
        params: LabParams,
        body: ReceiveBody,
        response: { 200: ReceiveResponse, ...errorResponses },
      },
      config: { access: Permission.TestingLab },
    },
    async (request) => lab.receiveTubes(contextOf(request), request.params.id, request.body.barcodes),
  );

  app.post(
    '/api/testing/labs/:id/results',
    {
      schema: {
        tags,
        summary: 'Record results of tubes (each row judged on its own; a stored result is never overwritten)',
        params: LabParams,
        body: ResultsBody,
        response: { 201: UploadResult, ...errorResponses },
      },
      config: { access: Permission.TestingLab },
    },
    async (request, reply) => {
      const rows = request.body.rows.map((r, i) => ({ ...r, row: i + 1 }));
      const summary = await recordResults(contextOf(request), request.params.id, rows, {
        fileName: request.body.fileName ?? 'api',
      });
      return reply.code(201).send(summary);
    },
  );

  app.get(
    '/api/testing/labs/:id/uploads/:uploadId/issues.xlsx',
    {
      schema: {
        tags,
        summary: 'The issues of an upload (every row not recorded) as an Excel file',
        params: UploadParams,
        produces: [XLSX],
      },
      config: { access: Permission.TestingLab },
    },
    async (request, reply) => {
      const report = await lab.uploadIssuesReport(
        contextOf(request),
        request.params.id,
        request.params.uploadId,
      );
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`${report.fileName}-问题行.xlsx`))
        .header('cache-control', 'no-store')
        .send(report.stream);
    },
  );
};
