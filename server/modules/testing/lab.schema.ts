/**
 * Route schemas of the lab side: boxes shipped to a lab, tubes received, results recorded or
 * uploaded as a file, and the issues of an upload.
 */
import { Type } from 'typebox';
import { NullableTimestamp, Paging, Timestamp } from '../../platform/schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Barcode = Type.String({ minLength: 1, maxLength: 64 });

export const LabParams = Type.Object({ id: Uuid });
export const BoxParams = Type.Object({ id: Uuid });
export const UploadParams = Type.Object({ id: Uuid, uploadId: Uuid });

export const BoxBody = Type.Object({
  roundId: Uuid,
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  labId: Uuid,
  barcodes: Type.Array(Barcode, { minItems: 1, maxItems: 2000 }),
});

export const BoxStatus = Type.Union([Type.Literal('shipped'), Type.Literal('received')]);

export const Box = Type.Object({
  id: Uuid,
  code: Type.String(),
  roundId: Uuid,
  lab: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  tubes: Type.Integer(),
  status: BoxStatus,
  shippedAt: Timestamp,
  receivedAt: NullableTimestamp,
});
export const BoxList = Type.Object({ items: Type.Array(Box) });
export const BoxListQuery = Type.Object({
  labId: Type.Optional(Uuid),
  status: Type.Optional(BoxStatus),
  ...Paging,
});

export const ReceiveBody = Type.Object({ barcodes: Type.Array(Barcode, { minItems: 1, maxItems: 5000 }) });
export const ReceiveResponse = Type.Object({
  received: Type.Integer({ description: 'tubes marked received now' }),
  alreadyReceived: Type.Integer({ description: 'tubes that were received (or resulted) before' }),
});

const CtInput = Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Number(), Type.Null()]));

export const ResultsBody = Type.Object({
  fileName: Type.Optional(Type.String({ maxLength: 200 })),
  rows: Type.Array(
    Type.Object({
      barcode: Type.String({ maxLength: 64 }),
      result: Type.String({
        maxLength: 20,
        description: 'negative / positive / invalid, or 阴性 / 阳性 / 无效',
      }),
      orf1abCt: CtInput,
      nCt: CtInput,
      testedAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    }),
    { minItems: 1, maxItems: 5000 },
  ),
});

export const IssueCode = Type.Union([
  Type.Literal('unchanged'),
  Type.Literal('conflict'),
  Type.Literal('unknown_tube'),
  Type.Literal('not_received'),
  Type.Literal('other_lab'),
  Type.Literal('bad_result'),
  Type.Literal('bad_ct'),
  Type.Literal('duplicate_in_file'),
]);

export const UploadResult = Type.Object({
  uploadId: Uuid,
  rows: Type.Integer(),
  recorded: Type.Integer(),
  unchanged: Type.Integer(),
  conflicts: Type.Integer(),
  rejected: Type.Integer(),
  issues: Type.Array(
    Type.Object({
      row: Type.Integer(),
      barcode: Type.Union([Type.String(), Type.Null()]),
      code: IssueCode,
      message: Type.String(),
    }),
  ),
  issuesTruncated: Type.Boolean({
    description: 'more issues than listed here: the full list is the upload’s issues.xlsx',
  }),
});

export const UploadQuery = Type.Object({
  fileName: Type.Optional(Type.String({ maxLength: 200 })),
});
