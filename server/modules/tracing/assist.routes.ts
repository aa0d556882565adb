/**
 * /api/tracing/assist — assist notices (协查函): lists, one notice as JSON or as a printable document,
 * outgoing drafts, status; /api/tracing/assist-peers — who may deliver to us; and /api/assist/inbox,
 * the public endpoint through which another Cordon instance delivers a notice with its bearer token
 * (no session, so no CSRF; the token is checked before the body is even read).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  AssistInboxInput,
  AssistInboxResult,
  AssistInput,
  AssistList,
  AssistListQuery,
  AssistNotice,
  AssistPeer,
  AssistPeerCreated,
  AssistPeerInput,
  AssistPeerList,
  AssistPeerPatch,
  AssistStatusInput,
  AssistStatusResult,
  IdParams,
} from './assist.schema.js';
import * as inbox from './assist.inbox.js';
import * as assist from './assist.service.js';

const tags = ['tracing'];
const withConflict = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

/** The peer a request to the inbox authenticated as (set by the route's onRequest hook). */
const peers = new WeakMap<FastifyRequest, Awaited<ReturnType<typeof inbox.peerOfRequest>>>();

export const assistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/assist',
    {
      schema: {
        tags,
        summary:
          'Assist notices kept in my subtree or about cases I may open, newest first (masked; audited)',
        querystring: AssistListQuery,
        response: { 200: AssistList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => assist.listNotices(contextOf(request), request.query),
  );

  app.post(
    '/api/tracing/assist',
    {
      schema: {
        tags,
        summary: 'Draft an outgoing assist notice about a contact or a case, with what we know',
        body: AssistInput,
        response: { 201: AssistNotice, ...errorResponses },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request, reply) =>
      reply.code(201).send(await assist.createOutgoing(contextOf(request), request.body)),
  );

  app.get(
    '/api/tracing/assist/:id',
    {
      schema: {
        tags,
        summary: 'One assist notice (masked; audited)',
        params: IdParams,
        response: { 200: AssistNotice, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => assist.getNotice(contextOf(request), request.params.id),
  );

  app.get(
    '/api/tracing/assist/:id/print',
    {
      schema: {
        tags,
        summary: 'One assist notice as a printable zh-CN document (HTML; identifiers masked; audited)',
        params: IdParams,
        produces: ['text/html'],
      },
      config: { access: Permission.TracingRead },
    },
    async (request, reply) => {
      const html = await assist.printNotice(contextOf(request), request.params.id);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
    },
  );

  app.post(
    '/api/tracing/assist/:id/status',
    {
      schema: {
        tags,
        summary: 'Move a notice on: sent, replied, closed; accept an incoming one (makes the contact)',
        params: IdParams,
        body: AssistStatusInput,
        response: { 200: AssistStatusResult, ...withConflict },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) => assist.changeNoticeStatus(contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/tracing/assist-peers',
    {
      schema: {
        tags,
        summary: 'Instances allowed to deliver assist notices into my subtree',
        response: { 200: AssistPeerList, ...errorResponses },
      },
      config: { access: Permission.TracingIngest },
    },
    async (request) => inbox.listPeers(contextOf(request)),
  );

  app.post(
    '/api/tracing/assist-peers',
    {
      schema: {
        tags,
        summary: 'Allow an instance to deliver assist notices; returns its bearer token this once',
        body: AssistPeerInput,
        response: { 201: AssistPeerCreated, ...withConflict },
      },
      config: { access: Permission.TracingIngest },
    },
    async (request, reply) => reply.code(201).send(await inbox.createPeer(contextOf(request), request.body)),
  );

  app.patch(
    '/api/tracing/assist-peers/:id',
    {
      schema: {
        tags,
        summary: 'Switch a peer off (its token stops working) or on',
        params: IdParams,
        body: AssistPeerPatch,
        response: { 200: AssistPeer, ...errorResponses },
      },
      config: { access: Permission.TracingIngest },
    },
    async (request) => inbox.setPeerActive(contextOf(request), request.params.id, request.body.active),
  );

  app.post(
    '/api/assist/inbox',
    {
      schema: {
        tags,
        summary:
          'Public, for peers: deliver an assist notice (Authorization: Bearer <peer token>); idempotent on externalRef',
        body: AssistInboxInput,
        response: { 200: AssistInboxResult, 201: AssistInboxResult, ...errorResponses },
      },
      config: { access: 'public' },
      onRequest: async (request) => {
        peers.set(request, await inbox.peerOfRequest(request.server.db, request.headers.authorization));
      },
    },
    async (request, reply) => {
      const peer = peers.get(request)!;
      const { result, created } = await inbox.receive(
        {
          db: request.server.db,
          pii: request.server.pii,
          requestId: request.id,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
        peer,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(result);
    },
  );
};
