/**
 * /api/tracing — big data (大数据): venues (场所码), exposure files (venue scans, location pings)
 * streamed as CSV, and a case's candidates with the investigator's decisions.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { errorResponses } from '../../platform/schemas.js';
import { decideCandidate, listCandidates } from './candidates.service.js';
import { ingestExposures, listImports } from './exposure.ingest.js';
import {
  Candidate,
  CandidateDecisionInput,
  CandidateList,
  CandidateListQuery,
  CandidateParams,
  CaseIdParams,
  ExposureImport,
  ExposureList,
  ExposureListQuery,
  ExposureUploadQuery,
  Venue,
  VenueInput,
  VenueList,
  VenueListQuery,
} from './exposure.schema.js';
import { createVenue, listVenues } from './venues.service.js';

const tags = ['tracing'];
/** A city's day of pings is ~1.5 GB of CSV; past this the upload is refused, not cut. */
export const MAX_EXPOSURE_BYTES = 4 * 1024 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', 'text/plain'];
const errors = { ...errorResponses, 409: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse') };

function charsetOf(contentType: string | undefined): string | undefined {
  return /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/** Counts the body's bytes; past the limit the upload fails (a cut file would load half a day). */
async function* limited(body: Readable, max: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) throw Errors.payloadTooLarge();
    yield chunk as Buffer;
  }
}

export const exposureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The CSV body stays a stream, read line by line (never whole in memory); this context only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));

  app.get(
    '/api/tracing/venues',
    {
      schema: {
        tags,
        summary: 'Venues (场所码) in my subtree',
        querystring: VenueListQuery,
        response: { 200: VenueList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => listVenues(contextOf(request), request.query),
  );

  app.post(
    '/api/tracing/venues',
    {
      schema: {
        tags,
        summary: 'Register a venue code (场所码) in a village or town of my subtree',
        body: VenueInput,
        response: { 201: Venue, ...errors },
      },
      config: { access: Permission.TracingIngest },
    },
    async (request, reply) => reply.code(201).send(await createVenue(contextOf(request), request.body)),
  );

  app.post(
    '/api/tracing/exposures',
    {
      schema: {
        tags,
        summary:
          'Load an exposure file (raw CSV body, UTF-8 or GBK). kind=venue: 身份证号/id_number (or ' +
          '手机号/phone), 场所码/venue_code, 时间/time; kind=ping: the person, 网格/cell (H3) or ' +
          '纬度/lat + 经度/lng, 时间/time. Bad rows are reported by line and skipped; a re-sent file loads nothing.',
        querystring: ExposureUploadQuery,
        response: { 200: ExposureImport, ...errors, 413: Type.Ref('ErrorResponse') },
      },
      config: { access: Permission.TracingIngest },
    },
    async (request) => {
      const stream = request.body;
      if (!(stream instanceof Readable))
        throw Errors.unsupportedMediaType(request.headers['content-type'] ?? '(none)');
      try {
        return await ingestExposures(
          contextOf(request),
          request.query.kind,
          limited(stream, MAX_EXPOSURE_BYTES),
          {
            fileName: request.query.fileName ?? 'upload.csv',
            charset: charsetOf(request.headers['content-type']),
            ...(request.server.dbHandle ? { handle: request.server.dbHandle } : {}),
          },
        );
      } finally {
        // Whatever was not read is discarded, so the client gets the answer, not a reset connection.
        if (!stream.readableEnded) stream.resume();
      }
    },
  );

  app.get(
    '/api/tracing/exposures',
    {
      schema: {
        tags,
        summary: 'Exposure files loaded in my subtree, newest first',
        querystring: ExposureListQuery,
        response: { 200: ExposureList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => listImports(contextOf(request), request.query),
  );

  app.get(
    '/api/tracing/cases/:id/candidates',
    {
      schema: {
        tags,
        summary: 'People present with the case in its look-back window (same venue, same cell), best first',
        params: CaseIdParams,
        querystring: CandidateListQuery,
        response: { 200: CandidateList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => listCandidates(contextOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/tracing/cases/:id/candidates/:personId',
    {
      schema: {
        tags,
        summary:
          'Decide about a candidate: close or secondary contact (creates the contact), companion, dismissed',
        params: CandidateParams,
        body: CandidateDecisionInput,
        response: { 200: Candidate, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) =>
      decideCandidate(contextOf(request), request.params.id, request.params.personId, request.body),
  );
};
