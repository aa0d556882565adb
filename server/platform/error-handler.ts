/**
 * Turns every failure into the catalogue's shape: { error: { code, message, details, requestId } }.
 * Validation errors name each field; denials by role or scope are written to the audit log.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../modules/audit/audit.service.js';
import { AppError, Errors, type FieldProblem } from './errors.js';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue): string {
  const base = (issue.instancePath ?? '').split('/').filter(Boolean);
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof extra === 'string') base.push(extra);
  return base.join('.') || '(body)';
}

function messageOf(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    default:
      return issue.message ?? 'is invalid';
  }
}

export function validationProblems(issues: AjvIssue[], where: string | undefined): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    // A union that failed reports once per branch; one line per field is enough.
    if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') continue;
    const problem = { field: fieldOf(issue), message: messageOf(issue), ...(where ? { in: where } : {}) };
    const key = `${problem.field}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) return Errors.validation(validationProblems(e.validation, e.validationContext));
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Errors.unsupportedMediaType(String((e as { contentType?: string }).contentType ?? 'this'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.payloadTooLarge();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.badJson('the body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return Errors.badJson(e.message);
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return Errors.badJson(e.message);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(e.code ?? 'BAD_REQUEST', e.statusCode, e.message);
  }
  return Errors.internal();
}

async function auditDenial(request: FastifyRequest, error: AppError): Promise<void> {
  const actor = request.actor;
  if (!actor || (error.code !== 'FORBIDDEN' && error.code !== 'OUT_OF_SCOPE')) return;
  await recordAudit(
    {
      db: request.server.db,
      actor,
      requestId: request.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    },
    {
      action: 'access.denied',
      outcome: 'denied',
      jpath: actor.jpath,
      detail: { method: request.method, url: request.url.slice(0, 300), code: error.code, ...error.details },
    },
  );
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    try {
      await auditDenial(request, appError);
    } catch (auditError) {
      request.log.error({ err: auditError }, 'could not audit a denied request');
    }
    return reply
      .code(appError.status)
      .headers(appError.headers ?? {})
      .send({
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details ? { details: appError.details } : {}),
          requestId: request.id,
        },
      });
  });
}
