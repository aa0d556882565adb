/**
 * build(): the whole application as a Fastify instance, without listening — tests drive it with
 * app.inject(), serve.ts puts it on a port. Order: platform (errors, security, cookies, access,
 * OpenAPI), then one plugin per module, then the web app.
 */
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './db/connect.js';
import type { LoggerOptions } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Database } from './db/schema.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { accessPlugin } from './modules/auth/access.plugin.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { jurisdictionsRoutes } from './modules/jurisdictions/jurisdictions.routes.js';
import { LiveFeed } from './modules/live/live.feed.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { populationImportPlugin } from './modules/population/import/import.routes.js';
import { populationRoutes } from './modules/population/people.routes.js';
import { tracingHandlers } from './modules/tracing/tracing.events.js';
import { tracingPlugin } from './modules/tracing/tracing.plugin.js';
import { riskcontrolHandlers } from './modules/riskcontrol/riskcontrol.events.js';
import { riskcontrolPlugin } from './modules/riskcontrol/riskcontrol.plugin.js';
import { testingPlugin } from './modules/testing/testing.plugin.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { installErrorHandler } from './platform/error-handler.js';
import type { AppSettings } from './platform/instance.js';
import { registerOpenApi } from './platform/openapi.js';
import { Dispatcher, type EventHandler } from './platform/outbox.js';
import type { PiiCipher } from './platform/pii.js';
import { TableSettler } from './platform/settle.js';
import { SigningKeys } from './platform/signing.js';
import { registerSecurityHeaders } from './platform/security.js';
import { registerWebApp } from './platform/static.js';

export interface BuildOptions {
  db: Kysely<Database>;
  /** The handle `db` comes from, when the caller has one: bulk uploads then stage through COPY. */
  handle?: DatabaseHandle;
  settings: AppSettings;
  /** The personal-data cipher (platform/pii.ts): the deployment's key. */
  pii: PiiCipher;
  /** pino options, or false for silence (tests). */
  logger?: LoggerOptions | false;
  /** Directory of the built web app; null to serve the API only. */
  webDir?: string | null;
  trustProxy?: boolean;
  /** Start the outbox dispatcher and the live feed when the app is ready (off in most tests). */
  background?: boolean;
  /** Extra outbox handlers (modules register theirs here as they arrive). */
  handlers?: EventHandler[];
}

export type App = FastifyInstance;

export async function build(options: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    return503OnClosing: true,
    // One line per request (onResponse below) instead of Fastify's two: it carries user and module.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  let closing = false;
  const dispatcher = new Dispatcher(options.db, app.log);
  for (const handler of [...tracingHandlers, ...riskcontrolHandlers, ...(options.handlers ?? [])])
    dispatcher.register(handler);
  const feed = new LiveFeed(options.db);

  app.decorate('db', options.db);
  app.decorate('settings', options.settings);
  app.decorate('pii', options.pii);
  app.decorate('signing', new SigningKeys(options.db, options.pii));
  app.decorate('dbHandle', options.handle ?? null);
  app.decorate('dispatcher', dispatcher);
  const settler = new TableSettler(options.db, options.handle?.kind ?? null, app.log);
  app.decorate('settler', settler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  app.addHook('onReady', async () => {
    if (options.background === false) return;
    dispatcher.start();
    await feed.start();
  });
  app.addHook('preClose', async () => {
    closing = true;
    feed.stop(); // ends open event streams, which would otherwise hold the server open
  });
  app.addHook('onClose', async () => {
    await dispatcher.stop();
    await settler.stop();
  });

  installErrorHandler(app);
  await registerSecurityHeaders(app, { https: options.settings.secureCookies });
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip', 'deflate'] });
  await app.register(cookie);
  await app.register(accessPlugin, {
    idleMinutes: options.settings.sessionIdleMinutes,
    demo: options.settings.demo,
    secureCookies: options.settings.secureCookies,
  });
  await registerOpenApi(app);

  await app.register(systemRoutes, { isClosing: () => closing });
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(jurisdictionsRoutes);
  await app.register(auditRoutes);
  await app.register(populationRoutes);
  await app.register(populationImportPlugin);
  await app.register(testingPlugin);
  await app.register(tracingPlugin);
  await app.register(riskcontrolPlugin);
  await app.register(liveRoutes, { feed });

  await registerWebApp(app, options.webDir ?? null);
  return app;
}
