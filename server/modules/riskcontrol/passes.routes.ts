/**
 * /api/risk/passes — applications, decisions, revocation, withdrawal, attachments; and the public
 * keys and revocation list (/api/public). Handlers stay thin; passes.service.ts holds the rules.
 * The list, page and downloads admit any session and the service asks for risk.read or pass.apply.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  MAX_ATTACHMENT_BYTES,
  addAttachment,
  attachablePass,
  attachmentMeta,
  getAttachment,
  readLimited,
} from './passes.attachments.js';
import { publicKeys, revocations } from './passes.public.js';
import {
  AttachmentHeaders,
  AttachmentParams,
  DecisionBody,
  IdParams,
  PassApplicationBody,
  PassAttachment,
  PassDetail,
  PassList,
  PassListQuery,
  PublicKeys,
  Revocations,
  RevocationsQuery,
  RevokeBody,
} from './passes.schema.js';
import * as passes from './passes.service.js';

const tags = ['riskcontrol'];
const errors = { ...errorResponses, 409: Type.Ref('ErrorResponse') };
const uploadErrors = { ...errors, 413: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse') };
const attachment = (name: string): string => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The upload in its own context: the raw-body parser applies to it alone. */
const uploadRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.post(
    '/api/risk/passes/:id/attachments',
    {
      schema: {
        tags,
        summary:
          'Attach a PDF, JPEG or PNG (raw body ≤ 5 MB; headers x-filename URI-encoded, x-attachment-kind)',
        params: IdParams,
        headers: AttachmentHeaders,
        response: { 201: PassAttachment, ...uploadErrors },
      },
      bodyLimit: MAX_ATTACHMENT_BYTES + 1024,
      config: { access: Permission.PassApply },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable))
        throw Errors.unsupportedMediaType(request.headers['content-type'] ?? '(none)');
      const ctx = contextOf(request);
      const meta = attachmentMeta(request.headers['x-filename'], request.headers['x-attachment-kind']);
      // Refuse before reading the file when the pass is not the actor's to attach to.
      await attachablePass(ctx, request.params.id);
      const content = await readLimited(request.body, MAX_ATTACHMENT_BYTES);
      return reply.code(201).send(await addAttachment(ctx, request.params.id, meta, content));
    },
  );
};

export const passesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(uploadRoute);

  app.post(
    '/api/risk/passes',
    {
      schema: {
        tags,
        summary:
          'Apply for a pass (通行证): holders by ID number, plate, route of checkpoint codes, validity',
        body: PassApplicationBody,
        response: { 201: PassDetail, ...errors },
      },
      config: { access: Permission.PassApply },
    },
    async (request, reply) => reply.code(201).send(await passes.applyPass(contextOf(request), request.body)),
  );

  app.get(
    '/api/risk/passes',
    {
      schema: {
        tags,
        summary: 'Passes applied from my subtree (risk.read or pass.apply; audited)',
        querystring: PassListQuery,
        response: { 200: PassList, ...errorResponses },
      },
      config: { access: 'session' },
    },
    async (request) => passes.listPasses(contextOf(request), request.query),
  );

  app.get(
    '/api/risk/passes/:id',
    {
      schema: {
        tags,
        summary: 'A pass: holders (masked) with their code, route, attachments, decision, usage (audited)',
        params: IdParams,
        response: { 200: PassDetail, ...errorResponses },
      },
      config: { access: 'session' },
    },
    async (request) => passes.getPass(contextOf(request), request.params.id),
  );

  app.get(
    '/api/risk/passes/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: "An attachment's file (audited)",
        params: AttachmentParams,
        response: { ...errorResponses },
      },
      config: { access: 'session' },
    },
    async (request, reply) => {
      const file = await getAttachment(contextOf(request), request.params.id, request.params.attachmentId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', attachment(file.filename))
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );

  app.post(
    '/api/risk/passes/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve (signs the QR token) or reject (with a note) a submitted pass',
        params: IdParams,
        body: DecisionBody,
        response: { 200: PassDetail, ...errors },
      },
      config: { access: Permission.PassApprove },
    },
    async (request) =>
      passes.decidePass(contextOf(request), request.server.signing, request.params.id, request.body),
  );

  app.post(
    '/api/risk/passes/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an approved pass with a reason (it joins the public revocation list)',
        params: IdParams,
        body: RevokeBody,
        response: { 200: PassDetail, ...errors },
      },
      config: { access: Permission.PassApprove },
    },
    async (request) => passes.revokePass(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/risk/passes/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my own application while it is submitted',
        params: IdParams,
        response: { 200: PassDetail, ...errors },
      },
      config: { access: Permission.PassApply },
    },
    async (request) => passes.withdrawPass(contextOf(request), request.params.id),
  );

  app.get(
    '/api/public/keys',
    {
      schema: {
        tags,
        summary: 'Every published signing key (Ed25519, raw, base64url): passes and health-code tokens',
        response: { 200: PublicKeys },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicKeys(request.server.db, request.server.signing);
    },
  );

  app.get(
    '/api/public/revocations',
    {
      schema: {
        tags,
        summary: 'Ids of revoked passes still within validity, or revoked since a time',
        querystring: RevocationsQuery,
        response: { 200: Revocations, 400: Type.Ref('ErrorResponse') },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=30');
      return revocations(request.server.db, request.query.since);
    },
  );
};
