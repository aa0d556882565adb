/**
 * /api/testing/rounds/:id/scans — sampling devices uploading many scans at once: JSON batches of up
 * to 5,000 rows, or a CSV file streamed in chunks (bulk.service.ts). Bad rows come back as
 * problems with their row numbers; the good rows of the same upload are recorded.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { errorResponses } from '../../platform/schemas.js';
import { CsvError } from '../population/import/import.csv.js';
import { MAX_PROBLEMS, ScanCsvError, type ScanRow, ingestScans, scanRowsFromCsv } from './bulk.service.js';
import { IdParams } from './rounds.schema.js';

const tags = ['testing'];
export const MAX_JSON_ROWS = 5000;
/** A day of one town's devices is a few MB; past this the upload is cut and the answer says where. */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', 'text/plain'];

const ScanRowSchema = Type.Object(
  {
    barcode: Type.String({ maxLength: 64, description: 'Tube barcode (试管条码)' }),
    person: Type.String({ maxLength: 200, description: 'Sampling code (采样码, CD…) or ID number' }),
    sampledAt: Type.String({
      maxLength: 40,
      description: 'ISO 8601; without an offset, China time (+08:00)',
    }),
    siteId: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'null: door to door' }),
    ),
    group: Type.Optional(
      Type.Union([Type.String({ maxLength: 32 }), Type.Null()], {
        description: 'Pool group: isolation, close_contact, sealed, controlled, prevention',
      }),
    ),
  },
  { additionalProperties: false },
);

const ScansBody = Type.Object({ rows: Type.Array(ScanRowSchema, { minItems: 1, maxItems: MAX_JSON_ROWS }) });

const Summary = Type.Object({
  rows: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer({ description: 'Already sampled in the round: flagged, not counted' }),
  rejected: Type.Integer(),
  tubesOpened: Type.Integer(),
  tubesClosed: Type.Integer(),
  problems: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String(), message: Type.String() }), {
    description: `The first ${MAX_PROBLEMS} problems, in row order`,
  }),
  stopped: Type.Optional(
    Type.String({ description: 'Why reading the file stopped early (the rows before it are recorded)' }),
  ),
});

const errors = { ...errorResponses, 409: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse') };

function charsetOf(contentType: string | undefined): string {
  return /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
}

/** Counts the body's bytes, ending the rows (not the request) past the limit. */
async function* limited(body: Readable, max: number, onCut: () => void): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      onCut();
      return;
    }
    yield chunk as Buffer;
  }
}

export const bulkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The CSV body stays a stream, read row by row (never whole in memory); this context only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/testing/rounds/:id/scans',
    {
      schema: {
        tags,
        summary: `Record up to ${MAX_JSON_ROWS} scans from a sampling device (tube, person, time, site)`,
        params: IdParams,
        body: ScansBody,
        response: { 200: Summary, ...errors },
      },
      bodyLimit: 4 * 1024 * 1024,
      config: { access: Permission.TestingSample },
    },
    async (request) => ingestScans(contextOf(request), request.params.id, request.body.rows),
  );

  app.post(
    '/api/testing/rounds/:id/scans/upload',
    {
      schema: {
        tags,
        summary:
          'Record a CSV of scans (raw body; header barcode,person,sampledAt,siteId,group or ' +
          '试管条码,采样码/身份证号,采样时间,采样点,人群)',
        params: IdParams,
        response: { 200: Summary, ...errors },
      },
      config: { access: Permission.TestingSample },
    },
    async (request) => {
      const stream = request.body;
      if (!(stream instanceof Readable))
        throw Errors.unsupportedMediaType(request.headers['content-type'] ?? '(none)');
      let stopped: string | undefined;
      const bytes = limited(stream, MAX_CSV_BYTES, () => {
        stopped = `the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB; rows after that were not read`;
      });
      const rows = async function* (): AsyncGenerator<ScanRow> {
        try {
          yield* scanRowsFromCsv(bytes, charsetOf(request.headers['content-type']));
        } catch (error) {
          if (error instanceof ScanCsvError)
            throw Errors.validation([{ field: 'body', message: error.message }]);
          if (!(error instanceof CsvError)) throw error;
          stopped = `${error.message} (line ${error.line}); the rows before it are recorded`;
        }
      };
      try {
        const summary = await ingestScans(contextOf(request), request.params.id, rows());
        return stopped ? { ...summary, stopped } : summary;
      } finally {
        // Whatever was not read is discarded, so the client gets the answer, not a reset connection.
        if (!stream.readableEnded) stream.resume();
      }
    },
  );
};
