/**
 * GET /api/live — server-sent events of the user's subtree. Each event is `event: <topic>`,
 * `id: <outbox id>`, `data: <json payload>`; a reconnecting browser resumes after Last-Event-ID.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { tagModule } from '../../platform/module.js';
import { scopeOf } from '../../platform/scope.js';
import type { LiveEvent, LiveFeed } from './live.feed.js';

const HEARTBEAT_MS = 25_000;

function format(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

export const liveRoutes: FastifyPluginAsyncTypebox<{ feed: LiveFeed }> = async (app, { feed }) => {
  tagModule(app, 'live');

  app.get(
    '/api/live',
    {
      schema: {
        tags: ['live'],
        summary: 'Server-sent events (text/event-stream) of my subtree',
        produces: ['text/event-stream'],
      },
      config: { access: Permission.LiveSubscribe },
    },
    async (request, reply) => {
      const scope = scopeOf(request.actor!);
      const lastId = Number(request.headers['last-event-id']);
      const backlog = Number.isInteger(lastId) && lastId > 0 ? await feed.since(lastId, scope) : [];
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      raw.write(
        `retry: 3000\nevent: hello\ndata: ${JSON.stringify({ scope: request.actor!.jurisdictionCode })}\n\n`,
      );
      for (const event of backlog) raw.write(format(event));
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      const unsubscribe = feed.subscribe({
        scope,
        send: (event) => raw.write(format(event)),
        close: () => raw.end(),
      });
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
};
