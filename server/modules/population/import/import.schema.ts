/**
 * Route schemas of ledger imports: the request types of the handlers and the OpenAPI description.
 */
import { Type } from 'typebox';
import { Paging } from '../../../platform/schemas.js';
import { IMPORT_FIELDS } from './import.fields.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const ImportStatus = Type.Enum([
  'uploaded',
  'running',
  'done',
  'failed',
  'interrupted',
  'cancelled',
] as const);

export const ImportView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  fileSize: Type.Integer(),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
  encoding: Nullable(Type.String({ description: 'utf-8, gb18030, utf-16le, utf-16be (CSV only)' })),
  status: ImportStatus,
  mapping: Nullable(Type.Record(Type.String(), Type.String(), { description: 'field → header in the file' })),
  rowsTotal: Nullable(
    Type.Integer({ description: 'Data rows in the file: an estimate until the job is done' }),
  ),
  rowsDone: Count,
  ok: Count,
  failed: Count,
  inserted: Count,
  updated: Count,
  unchanged: Count,
  error: Nullable(Type.String({ description: 'Why the job failed or stopped (Chinese)' })),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  heartbeatAt: Nullable(Type.String({ format: 'date-time' })),
});

export const FieldInfo = Type.Object({
  key: Type.Enum(IMPORT_FIELDS),
  header: Type.String({ description: 'The template header (Chinese)' }),
  required: Type.Boolean(),
  hint: Type.String(),
});

export const UploadQuery = Type.Object({
  fileName: Type.String({
    minLength: 1,
    maxLength: 255,
    description: 'The original file name (shown in lists)',
  }),
});

export const UploadResponse = Type.Object({
  import: ImportView,
  headers: Type.Array(Type.String(), { description: 'Headers of the file, unique, in column order' }),
  suggestedMapping: Type.Record(Type.String(), Type.String(), { description: 'field → header' }),
  preview: Type.Array(Type.Record(Type.String(), Type.String()), {
    description: 'First 5 data rows, header → text',
  }),
  missingRequired: Type.Array(Type.Enum(IMPORT_FIELDS), {
    description: 'Required fields the suggestion could not map',
  }),
  fields: Type.Array(FieldInfo, { description: 'Every field a column can be mapped to' }),
});

export const StartBody = Type.Object({
  mapping: Type.Record(Type.String(), Type.String({ minLength: 1 }), {
    description: 'field → header in the file',
  }),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ListQuery = Type.Object({ ...Paging });
export const ListResponse = Type.Object({ items: Type.Array(ImportView), total: Type.Integer() });
