/**
 * The error catalogue: every error a client can see has a stable code, an HTTP status and a message.
 * Modules build errors through these named factories, never `new Error` for client-facing failures.
 * The web app translates by code (web/src/i18n) and falls back to the English message.
 *
 * Body of every error response: { error: { code, message, details?, requestId } }
 */

export interface FieldProblem {
  /** JSON pointer-ish path of the field: "username", "rows/3/idNumber". */
  field: string;
  message: string;
  /** Which part of the request: body, querystring, params, headers. */
  in?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const Errors = {
  validation: (fields: FieldProblem[]) =>
    new AppError(
      'VALIDATION_FAILED',
      400,
      fields.length === 1 && fields[0]
        ? `Invalid ${fields[0].field}: ${fields[0].message}`
        : `Invalid input: ${fields.map((f) => `${f.field} (${f.message})`).join('; ')}`,
      { fields },
    ),
  badJson: (reason: string) =>
    new AppError('MALFORMED_JSON', 400, `The request body is not valid JSON: ${reason}`),
  unsupportedMediaType: (type: string) =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 415, `Content type ${type} is not accepted here`),
  payloadTooLarge: () => new AppError('PAYLOAD_TOO_LARGE', 413, 'The request body is too large'),

  authRequired: () => new AppError('AUTH_REQUIRED', 401, 'Log in first'),
  sessionExpired: () => new AppError('SESSION_EXPIRED', 401, 'Your session has expired; log in again'),
  invalidCredentials: () => new AppError('INVALID_CREDENTIALS', 401, 'Wrong username or password'),
  accountDisabled: () =>
    new AppError('ACCOUNT_DISABLED', 403, 'This account is disabled; ask your administrator'),
  demoAccountOutsideDemo: () =>
    new AppError(
      'DEMO_ACCOUNT_DISABLED',
      403,
      'Demo accounts can only log in while Cordon runs in demo mode',
    ),
  accountLocked: (until: Date) => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    return new AppError(
      'ACCOUNT_LOCKED',
      429,
      `Too many failed logins; this account is locked until ${until.toISOString()} (retry in ${Math.ceil(seconds / 60)} min)`,
      { retryAt: until.toISOString(), retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  },
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(
      'RATE_LIMITED',
      429,
      `Too many login attempts from this address; retry in ${Math.ceil(retryAfterSeconds / 60)} min`,
      { retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  csrf: () => new AppError('CSRF_REJECTED', 403, 'Missing or wrong CSRF token (x-csrf-token header)'),
  crossOrigin: (origin: string) =>
    new AppError('CROSS_ORIGIN', 403, `Requests from ${origin} are not accepted`),
  passwordChangeRequired: () =>
    new AppError(
      'PASSWORD_CHANGE_REQUIRED',
      403,
      'Change your temporary password before doing anything else',
    ),
  forbidden: (permission: string) =>
    new AppError('FORBIDDEN', 403, `Your role does not allow this (needs ${permission})`, { permission }),
  outOfScope: (what: string) =>
    new AppError('OUT_OF_SCOPE', 403, `${what} is outside your jurisdiction`, { target: what }),
  wrongPassword: () => new AppError('WRONG_PASSWORD', 400, 'The current password is wrong'),
  weakPassword: (problems: string[]) =>
    new AppError('WEAK_PASSWORD', 400, `The new password is not acceptable: ${problems.join(', ')}`, {
      problems,
    }),

  notFound: (what: string, id: string) =>
    new AppError('NOT_FOUND', 404, `${what} ${id} does not exist`, { resource: what, id }),
  routeNotFound: (method: string, url: string) =>
    new AppError('ROUTE_NOT_FOUND', 404, `No endpoint ${method} ${url}`),
  usernameTaken: (username: string) =>
    new AppError('USERNAME_TAKEN', 409, `The username ${username} is already taken`, { username }),
  roleNotAtLevel: (role: string, level: string) =>
    new AppError('ROLE_NOT_ALLOWED_AT_LEVEL', 400, `The role ${role} cannot be given at ${level} level`, {
      role,
      level,
    }),
  roleNotAssignable: (role: string) =>
    new AppError('ROLE_NOT_ASSIGNABLE', 403, `You cannot give the role ${role}`, { role }),
  cannotChangeSelf: (what: string) =>
    new AppError('CANNOT_CHANGE_SELF', 400, `You cannot ${what} your own account`),
  jurisdictionNotEmpty: (code: string, children: number) =>
    new AppError(
      'JURISDICTION_NOT_EMPTY',
      409,
      `${code} still has ${children} sub-unit(s); remove them first`,
      {
        code,
        children,
      },
    ),
  jurisdictionReadOnly: (code: string) =>
    new AppError(
      'JURISDICTION_READ_ONLY',
      409,
      `${code} is a national statistical division; only grids and buildings can be changed`,
      { code },
    ),
  wrongParentLevel: (expected: string, actual: string) =>
    new AppError('WRONG_PARENT_LEVEL', 400, `This must be created under a ${expected}, not a ${actual}`, {
      expected,
      actual,
    }),
  personExists: (idMasked: string, personId: string) =>
    new AppError(
      'PERSON_EXISTS',
      409,
      `A person with ID number ${idMasked} is already registered; edit that record instead`,
      {
        idMasked,
        personId,
      },
    ),
  exportTooLarge: (max: number) =>
    new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `An export holds at most ${max} rows; narrow it to a smaller area or add filters`,
      {
        max,
      },
    ),
  // Ledger import (population/import). Hints are given in both languages: they describe the file.
  importFileTooLarge: (limitBytes: number, limit: string) =>
    new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than the import limit of ${limit}`, {
      limitBytes,
      limit,
    }),
  importEmptyFile: (reason: 'no_bytes' | 'no_rows') =>
    new AppError(
      'IMPORT_EMPTY_FILE',
      400,
      reason === 'no_bytes' ? 'The file is empty' : 'The file has a header row but no data rows',
      { reason },
    ),
  importUnreadable: (reason: string, hint: string, hintEn: string) =>
    new AppError('IMPORT_UNREADABLE_FILE', 400, `Cannot read the file: ${hintEn}`, { reason, hint, hintEn }),
  importBadEncoding: () =>
    new AppError(
      'IMPORT_BAD_ENCODING',
      400,
      'The file is not text in UTF-8, GBK/GB18030 or UTF-16; save it as CSV UTF-8 or as .xlsx',
    ),
  importWrongShape: (missing: string[], headers: string[]) =>
    new AppError(
      'IMPORT_WRONG_SHAPE',
      400,
      `This is not a people ledger: no column for ${missing.join(', ')}; the headers found are: ${headers.join(', ') || '(none)'}`,
      { missing, headers, missingList: missing.join('、'), headerList: headers.join('、') || '（无）' },
    ),
  importWrongState: (status: string, action: string) =>
    new AppError('IMPORT_WRONG_STATE', 409, `This import is ${status}; it cannot be ${action}`, {
      status,
      action,
    }),
  unknownCity: (code: string) =>
    new AppError(
      'UNKNOWN_CITY',
      400,
      `No city with code ${code} in the division data. List the valid codes with: cordon import-divisions --list`,
      { code },
    ),
  // ——— mass testing ———
  roundNotActive: (roundId: string, status: string) =>
    new AppError('ROUND_NOT_ACTIVE', 409, `Round ${roundId} is ${status}; sampling needs an active round`, {
      roundId,
      status,
    }),
  outsideRound: (what: string) =>
    new AppError('OUTSIDE_ROUND', 409, `${what} is outside the areas this round covers`, { what }),
  tubeExists: (barcode: string) =>
    new AppError('TUBE_EXISTS', 409, `Tube ${barcode} is already in use`, { barcode }),
  tubeNotOpen: (barcode: string, status: string) =>
    new AppError('TUBE_NOT_OPEN', 409, `Tube ${barcode} is ${status}; only an open tube takes samples`, {
      barcode,
      status,
    }),
  tubeFull: (barcode: string, capacity: number) =>
    new AppError('TUBE_FULL', 409, `Tube ${barcode} already holds its ${capacity} sample(s)`, {
      barcode,
      capacity,
    }),
  tubeOtherHousehold: (barcode: string) =>
    new AppError(
      'TUBE_OTHER_HOUSEHOLD',
      409,
      `Tube ${barcode} is one household's tube; this person lives elsewhere`,
      {
        barcode,
      },
    ),
  alreadySampled: (barcode: string, sameTube: boolean) =>
    new AppError(
      'ALREADY_SAMPLED',
      409,
      sameTube
        ? `This person is already in tube ${barcode}`
        : `This person was already sampled in this round (tube ${barcode}); the scan is flagged, not counted`,
      { barcode, sameTube },
    ),
  tubeWrongState: (barcode: string, status: string, action: string) =>
    new AppError('TUBE_WRONG_STATE', 409, `Tube ${barcode} is ${status}: cannot ${action}`, {
      barcode,
      status,
      action,
    }),
  boxWrongState: (code: string, status: string, action: string) =>
    new AppError('BOX_WRONG_STATE', 409, `Box ${code} is ${status}: cannot ${action}`, {
      code,
      status,
      action,
    }),
  codeTaken: (what: string, code: string) =>
    new AppError('CODE_TAKEN', 409, `${what} code ${code} is already in use`, { what, code }),
  tubesNotReady: (action: string, problems: Array<{ barcode: string; problem: string }>) =>
    new AppError(
      'TUBES_NOT_READY',
      409,
      `Cannot ${action}: ${problems.map((p) => `${p.barcode} (${p.problem})`).join(', ')}`,
      { action, problems, barcodes: problems.map((p) => p.barcode).join(', ') },
    ),
  labFileWrongShape: (missing: string[], headers: string[]) =>
    new AppError(
      'LAB_FILE_WRONG_SHAPE',
      400,
      `This is not a result file: no column for ${missing.join(', ')}; the headers found are: ${headers.join(', ') || '(none)'}`,
      { missing, headers, missingList: missing.join('、'), headerList: headers.join('、') || '（无）' },
    ),
  taskWrongState: (id: string, status: string, action: string) =>
    new AppError('TASK_WRONG_STATE', 409, `Task ${id} is ${status}: cannot ${action}`, {
      id,
      status,
      action,
    }),
  // ——— tracing ———
  versionConflict: (what: string, current: number) =>
    new AppError('VERSION_CONFLICT', 409, `${what} was changed by someone else meanwhile; reload it`, {
      current,
    }),
  caseExists: (number: string, id: string) =>
    new AppError('CASE_EXISTS', 409, `This person already has an open case ${number}`, { number, id }),
  contactWrongState: (id: string, from: string, to: string) =>
    new AppError('CONTACT_WRONG_STATE', 409, `Contact ${id} is ${from}: cannot move to ${to}`, {
      id,
      from,
      to,
    }),
  releaseBlocked: (id: string, blockers: ReadonlyArray<{ code: string }>) =>
    new AppError(
      'RELEASE_BLOCKED',
      409,
      `Contact ${id} cannot be released yet: ${blockers.map((b) => b.code).join(', ')} (give a reason to release anyway)`,
      { id, blockers },
    ),
  assistWrongState: (number: string, from: string, to: string) =>
    new AppError('ASSIST_WRONG_STATE', 409, `Assist notice ${number} is ${from}: cannot move to ${to}`, {
      number,
      from,
      to,
    }),
  invalidPeerToken: () =>
    new AppError(
      'INVALID_PEER_TOKEN',
      401,
      'Missing, unknown or disabled assist peer token (Authorization: Bearer …)',
    ),
  // ——— risk control: zones ———
  zoneExists: (id: string, kind: string) =>
    new AppError(
      'ZONE_EXISTS',
      409,
      `This place already has an active ${kind} zone (${id}); declare another kind to replace it, or lift it`,
      { id, kind },
    ),
  zoneNotActive: (id: string, status: string) =>
    new AppError('ZONE_NOT_ACTIVE', 409, `Zone ${id} is ${status}; only an active zone changes`, {
      id,
      status,
    }),
  zoneLiftBlocked: (id: string, canLiftOn: string | null, unmet: ReadonlyArray<{ code: string }>) =>
    new AppError(
      'ZONE_LIFT_BLOCKED',
      409,
      `Zone ${id} cannot be lifted yet: ${unmet.map((c) => c.code).join(', ')}${canLiftOn ? ` (can be lifted on ${canLiftOn})` : ''} (give a reason to lift anyway)`,
      { id, canLiftOn, unmet },
    ),
  // ——— risk control: passes and checkpoint verification ———
  passWrongState: (number: string, status: string, action: string) =>
    new AppError('PASS_WRONG_STATE', 409, `Pass ${number} is ${status}: cannot ${action}`, {
      number,
      status,
      action,
    }),
  passDuplicate: (number: string, plate: string) =>
    new AppError(
      'PASS_DUPLICATE',
      409,
      `Plate ${plate} already has pass ${number} of this type for an overlapping period; withdraw or revoke it first`,
      { number, plate },
    ),
  passOwnApplication: () =>
    new AppError('PASS_OWN_APPLICATION', 403, 'Nobody decides on their own application', {}),
  passApprovalLevel: (type: string, level: string) =>
    new AppError('PASS_APPROVAL_LEVEL', 403, `A ${type} pass is approved at ${level} level or above`, {
      type,
      level,
    }),
  passNotApplicant: (number: string) =>
    new AppError('PASS_NOT_APPLICANT', 409, `Only the applicant can withdraw pass ${number}`, { number }),
  attachmentType: () =>
    new AppError(
      'ATTACHMENT_TYPE',
      415,
      'An attachment must be a PDF, JPEG or PNG file (checked by its content, not its name)',
    ),
  attachmentTooLarge: (limitBytes: number, limit: string) =>
    new AppError('PAYLOAD_TOO_LARGE', 413, `An attachment holds at most ${limit}`, { limitBytes, limit }),
  attachmentLimit: (max: number) =>
    new AppError('ATTACHMENT_LIMIT', 409, `A pass holds at most ${max} attachments`, { max }),
  checkpointInactive: (code: string) =>
    new AppError('CHECKPOINT_INACTIVE', 409, `Checkpoint ${code} is closed`, { code }),
  // ——— risk control: health codes ———
  markEnded: (id: string) =>
    new AppError('MARK_ENDED', 409, `Health-code mark ${id} has already ended`, { id }),
  recomputeArea: (code: string) =>
    new AppError('RECOMPUTE_AREA', 400, `Recompute a whole county or the city, not ${code}`, { code }),
  shuttingDown: () => new AppError('SHUTTING_DOWN', 503, 'The server is shutting down; retry shortly'),
  internal: () =>
    new AppError('INTERNAL', 500, 'Something went wrong on our side; the request id identifies it'),
} as const;
